/**
 * Every name a caller chooses (an XML-RPC method, a user property, a config key, a REST field or
 * filter, an Admin Console link's parameter) is looked up in a table of known names. The names
 * that an object literal would find on Object.prototype are walked through each look-up: each must
 * get the same "unknown" answer as any other unknown name, reveal nothing and change nothing.
 * (`getUserProperty(token, 'alice', 'constructor')` once answered with the whole user row.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACTOR, secretsIn, startApiTestApp, type ApiTestApp } from '../api/api.test-support.js';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { serializeMethodCall, type XmlRpcValue } from './xmlrpc.codec.js';
import { parseMethodResponse } from './xmlrpc-parser.js';

export const PROTOTYPE_NAMES = [
  ...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype', 'constructor']),
];
const PASSWORD = 'lantern-orchid-93';

for (const kind of DATABASE_KINDS) {
  describe(
    `names from outside that Object.prototype holds [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let api: ApiTestApp;
      const answers: string[] = [];

      before(async () => {
        api = await startApiTestApp(kind);
        await api.t.createUser({
          username: 'alice',
          password: PASSWORD,
          email: 'alice@example.org',
          cardNumber: '4711',
        });
        await api.t.app.services.users.setCardPin('alice', '1234', ACTOR);
        await api.t.createUser({ username: 'root', password: PASSWORD, isAdmin: true });
        await api.t.app.services.sharedAccounts.add('Science', ACTOR);
        await api.t.app.services.printers.add({ server: 'ps1', name: 'library' }, ACTOR);
      });
      after(() => api.close());

      /** One XML-RPC call with the xmlrpc token first; its raw answer is kept to scan for secrets. */
      async function rpc(method: string, ...params: XmlRpcValue[]) {
        const response = await api.t.server.inject({
          method: 'POST',
          url: '/rpc/api/xmlrpc',
          headers: { 'content-type': 'text/xml' },
          payload: serializeMethodCall(method, [api.tokens.xmlrpc, ...params]),
          remoteAddress: '127.0.0.1',
        });
        assert.equal(response.statusCode, 200);
        answers.push(response.body);
        return parseMethodResponse(response.body);
      }

      function assertFault(
        result: ReturnType<typeof parseMethodResponse>,
        code: number,
        message: RegExp,
        what: string,
      ) {
        assert.ok('fault' in result, `${what}: expected a fault, got ${JSON.stringify(result)}`);
        assert.equal(result.fault.faultCode, code, `${what}: ${result.fault.faultString}`);
        assert.match(result.fault.faultString, message, what);
      }

      it('answers shared-account and printer properties, overdraft modes and quota periods as unknown', async () => {
        for (const name of PROTOTYPE_NAMES) {
          const quoted = `"${name.replace(/[$_]/g, '\\$&')}"`;
          const shared = new RegExp(`Unknown shared account property ${quoted}`);
          const printer = new RegExp(`Unknown printer property ${quoted}`);
          assertFault(await rpc('api.getSharedAccountProperty', 'Science', name), 4, shared, name);
          assertFault(await rpc('api.setSharedAccountProperty', 'Science', name, 'x'), 4, shared, name);
          assertFault(await rpc('api.getPrinterProperty', 'ps1', 'library', name), 4, printer, name);
          assertFault(await rpc('api.setPrinterProperty', 'ps1', 'library', name, 'x'), 4, printer, name);
          assertFault(await rpc('api.setUserOverdraftMode', 'alice', name), 4, /overdraft mode/, name);
          assertFault(await rpc('api.setGroupQuota', 'Staff', 1, name, 0), 4, /quota period/, name);
        }
        assert.equal((await api.t.app.services.sharedAccounts.require('Science')).notes, '');
      });

      it('answers get/set user property with "unknown property" for each, revealing and changing nothing', async () => {
        const before = await api.t.app.services.users.requireUser('alice');
        for (const name of PROTOTYPE_NAMES) {
          const unknown = new RegExp(`Unknown user property "${name.replace(/[$_]/g, '\\$&')}"`);
          assertFault(await rpc('api.getUserProperty', 'alice', name), 4, unknown, `getUserProperty ${name}`);
          assertFault(
            await rpc('api.getUserProperties', 'alice', ['email', name]),
            4,
            unknown,
            `getUserProperties ${name}`,
          );
          assertFault(
            await rpc('api.setUserProperty', 'alice', name, 'x'),
            4,
            unknown,
            `setUserProperty ${name}`,
          );
          assertFault(
            await rpc('api.setUserProperties', 'alice', [
              ['email', 'changed@example.org'],
              [name, 'x'],
            ]),
            4,
            unknown,
            `setUserProperties ${name}`,
          );
        }
        assert.deepEqual(await api.t.app.services.users.requireUser('alice'), before, 'alice is as she was');
        assert.deepEqual(secretsIn(answers), []);
      });

      it('answers a method named after each with "unknown method"', async () => {
        for (const name of PROTOTYPE_NAMES) {
          for (const method of [name, `api.${name}`])
            assertFault(await rpc(method), 3, /^Unknown method "/, `method ${method}`);
        }
        assert.deepEqual(secretsIn(answers), []);
      });

      it('answers get/set config value with "unknown config key" for each, changing no setting', async () => {
        const options = await api.t.app.services.settings.get();
        for (const name of PROTOTYPE_NAMES) {
          assertFault(
            await rpc('api.getConfigValue', name),
            4,
            /^Unknown config key "/,
            `getConfigValue ${name}`,
          );
          assertFault(
            await rpc('api.setConfigValue', name, '12'),
            4,
            /^Unknown config key "/,
            `setConfigValue ${name}`,
          );
        }
        assert.deepEqual(await api.t.app.services.settings.get(), options);
        assert.equal(
          (
            (await rpc('api.getConfigValue', 'user-source.update-user-details-card-id')) as {
              value: XmlRpcValue;
            }
          ).value,
          'Y',
          'the flag was not set by any of them',
        );
      });

      it('refuses each as a REST query parameter, body field and filter, naming it', async () => {
        for (const name of PROTOTYPE_NAMES) {
          const query = await api.call('GET', `/api/v1/users?${encodeURIComponent(name)}=1`, {
            token: 'all',
          });
          // A parser may drop __proto__ before validation; then the list is answered as without it.
          if (name === '__proto__' && query.status === 200) assert.ok(Array.isArray(query.json.items));
          else {
            assert.equal(query.status, 400, `?${name}: ${query.body}`);
            assert.ok(Object.hasOwn(query.json.errors, name), `?${name} is named: ${query.body}`);
          }
          const patch = await api.call('PATCH', '/api/v1/users/alice', {
            token: 'all',
            payload: `{"department":"Physics",${JSON.stringify(name)}:"x"}`,
          });
          assert.equal(patch.status, 400, `PATCH ${name}: ${patch.body}`);
          if (name !== '__proto__')
            assert.ok(Object.hasOwn(patch.json.errors, name), `PATCH ${name} is named: ${patch.body}`);
          const filter = await api.call('GET', `/api/v1/users?source=${encodeURIComponent(name)}`, {
            token: 'all',
          });
          assert.equal(filter.status, 400, `source=${name}`);
          assert.match(filter.json.errors.source, /There is no directory source named/);
        }
        assert.equal(
          (await api.t.app.services.users.requireUser('alice')).department,
          '',
          'no PATCH changed anything',
        );
        assert.deepEqual(secretsIn(api.bodies), []);
      });

      it('shows Admin Console pages with each as a sort key or notice name as if it were absent', async () => {
        const browser = api.t.client();
        await browser.signIn('root', PASSWORD, 'admin');
        for (const name of PROTOTYPE_NAMES) {
          const users = await browser.get(`/admin/users?sort=${encodeURIComponent(name)}`);
          assert.equal(users.status, 200, `sort=${name}`);
          assert.match(users.body, /alice/);
          for (const page of ['/admin/options/web-services', '/admin/options/single-sign-on']) {
            const response = await browser.get(`${page}?done=${encodeURIComponent(name)}`);
            assert.equal(response.status, 200, `${page}?done=${name}`);
            assert.doesNotMatch(
              response.body,
              /notice-success|native code/,
              `${page}?done=${name} shows no notice`,
            );
          }
        }
        const saved = await browser.get('/admin/options/web-services?done=saved');
        assert.match(saved.body, /notice-success/, 'a known notice still shows');
      });
    },
  );
}
