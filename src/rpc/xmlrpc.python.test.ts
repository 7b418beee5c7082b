/**
 * The XML-RPC web services driven by a real third-party client: Python 3's standard
 * xmlrpc.client, against a Quire server listening on a loopback port, as a PaperCut script would
 * call it (only the host and the token changed).
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { customProgramKind } from '../directory/custom-program/custom-program.kind.js';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import { call, python, type Outcome } from '../test-support/python-xmlrpc.js';

const EXAMPLES = new URL('../../examples/custom-directory/', import.meta.url).pathname;
const ACTOR = { username: 'test', ip: '127.0.0.1' };
const PASSWORD = 'lantern-orchid-93';

/** Posts a raw body, for what no well-behaved client sends. */
function post(port: number, body: string | Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/rpc/api/xmlrpc',
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

for (const kind of DATABASE_KINDS) {
  describe(
    `XML-RPC web services through Python's xmlrpc.client [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let url: string;
      let port: number;
      let token: string;

      before(async () => {
        t = await startTestApp({ kind });
        await t.server.listen({ port: 0, host: '127.0.0.1' });
        port = (t.server.server.address() as { port: number }).port;
        url = `http://127.0.0.1:${port}/rpc/api/xmlrpc`;
        token = (await t.app.services.apiTokens.create({ name: 'scripts', scopes: ['xmlrpc'] }, ACTOR)).token;
        const source = await t.app.services.sources.add(
          customProgramKind,
          { name: 'Corporate Directory', program: `${EXAMPLES}users.sh`, authProgram: `${EXAMPLES}auth.sh` },
          ACTOR,
        );
        await t.app.services.sync.run(source, { dryRun: false, actor: ACTOR });
        await t.createUser({ username: 'root', password: PASSWORD, isAdmin: true });
      });
      after(async () => t?.close());

      it("answers every user method with PaperCut's types", async () => {
        const [
          exists,
          missing,
          total,
          list,
          added,
          email,
          props,
          setOne,
          setMany,
          afterSet,
          internal,
          created,
          pin,
          renamed,
          oldGone,
          newThere,
          deleted,
        ] = await python(url, [
          call('api.isUserExists', token, 'alice'),
          call('api.isUserExists', token, 'nobody'),
          call('api.getTotalUsers', token),
          call('api.listUserAccounts', token, 0, 2),
          call(
            'api.addNewInternalUser',
            token,
            'zoë',
            'Ångström-Pass-42',
            'Zoë Ångström 日本',
            'zoe@example.org',
            '4711',
            '1234',
          ),
          call('api.getUserProperty', token, 'zoë', 'full-name'),
          call('api.getUserProperties', token, 'zoë', [
            'email',
            'primary-card-number',
            'internal',
            'disabled',
          ]),
          call('api.setUserProperty', token, 'zoë', 'department', 'Physics'),
          call('api.setUserProperties', token, 'zoë', [
            ['office', 'B12'],
            ['notes', 'Prefers duplex'],
            ['username-alias', 'zoe'],
            ['home', '\\\\files\\zoe'],
          ]),
          call('api.getUserProperties', token, 'zoë', [
            'department',
            'office',
            'notes',
            'username-alias',
            'home',
          ]),
          call('api.getUserProperty', token, 'alice', 'internal'),
          call('api.addNewInternalUser', token, 'temp-user', 'temporary-Pass-77', '', '', '', ''),
          call('api.setUserProperty', token, 'temp-user', 'card-pin', '9876'),
          call('api.renameUserAccount', token, 'temp-user', 'renamed-user'),
          call('api.isUserExists', token, 'temp-user'),
          call('api.isUserExists', token, 'renamed-user'),
          call('api.deleteExistingUser', token, 'renamed-user', true),
        ]);
        assert.deepEqual(exists, { ok: true });
        assert.deepEqual(missing, { ok: false });
        assert.equal(
          total?.ok,
          (await t.app.services.users.count()) - 1,
          'counted before zoë was added (temp-user came and went)',
        );
        assert.deepEqual(list, { ok: ['alice', 'bob'] });
        assert.deepEqual(added, { ok: true });
        assert.deepEqual(email, { ok: 'Zoë Ångström 日本' }, 'non-ASCII text survives both ways');
        assert.deepEqual(props, { ok: ['zoe@example.org', '4711', 'true', 'false'] });
        assert.deepEqual(setOne, { ok: true });
        assert.deepEqual(setMany, { ok: true });
        assert.deepEqual(afterSet, { ok: ['Physics', 'B12', 'Prefers duplex', 'zoe', '\\\\files\\zoe'] });
        assert.deepEqual(internal, { ok: 'false' }, 'alice comes from the directory');
        assert.deepEqual(created, { ok: true });
        assert.deepEqual(pin, { ok: true });
        assert.deepEqual(
          [renamed, oldGone, newThere, deleted],
          [{ ok: true }, { ok: false }, { ok: true }, { ok: true }],
        );
        const zoe = await t.app.services.users.requireUser('zoë');
        assert.ok(zoe.card_pin_hash?.startsWith('$argon2id$'), 'the PIN is stored as argon2id');
        assert.equal(await t.app.services.users.findByUsername('renamed-user'), undefined);
        const audit = await t.app.services.audit.list({ action: 'user.rename' });
        assert.equal(audit[0]?.actor, 'api-token:scripts', "changes are audited under the token's name");
      });

      it('looks users up by card, ID number, email and full name', async () => {
        await t.app.services.users.createInternal(
          {
            username: 'carded',
            password: PASSWORD,
            email: 'Carded@Example.org',
            fullName: 'Card Holder',
            cardNumber: '900001',
            cardNumber2: '900002',
          },
          ACTOR,
        );
        const results = await python(url, [
          call('api.lookUpUserNameByIDNo', token, '900001'),
          call('api.lookUpUserNameByIDNo', token, '900002'),
          call('api.lookUpUserNameByCardNo', token, '900002'),
          call('api.lookUpUserNameByEmail', token, 'carded@example.org'),
          call('api.lookUpUsersByFullName', token, 'card holder'),
          call('api.lookUpUserNameByCardNo', token, 'no-such-card'),
        ]);
        assert.deepEqual(results, [
          { ok: 'carded' },
          { ok: '' },
          { ok: 'carded' },
          { ok: 'carded' },
          { ok: ['carded'] },
          { ok: '' },
        ]);
      });

      it('lists and changes groups, with the internal-users pseudo-group and admin access', async () => {
        const results = await python(url, [
          call('api.listUserGroups', token, 0, 100),
          call('api.getUserGroups', token, 'alice'),
          call('api.addUserToGroup', token, 'root', 'Print Champions'),
          call('api.getGroupMembers', token, 'Print Champions', 0, 10),
          call('api.getGroupMembers', token, '!!Internal Users!!', 0, 1000),
          call('api.addAdminAccessGroup', token, 'Print Champions'),
          call('api.addUserToGroup', token, 'alice', 'Print Champions'),
          call('api.removeUserFromGroup', token, 'alice', 'Print Champions'),
          call('api.addAdminAccessUser', token, 'bob'),
          call('api.removeAdminAccessUser', token, 'bob'),
          call('api.removeAdminAccessGroup', token, 'Print Champions'),
        ]);
        const groups = results[0]?.ok as string[];
        assert.ok(groups.length > 0 && groups.every((g) => typeof g === 'string'));
        assert.ok(
          Array.isArray(results[1]?.ok) && (results[1]?.ok as string[]).length > 0,
          'alice is in her directory groups',
        );
        assert.deepEqual(results[2], { ok: true });
        assert.deepEqual(results[3], { ok: ['root'] });
        assert.ok(
          (results[4]?.ok as string[]).includes('root') && !(results[4]?.ok as string[]).includes('alice'),
          'internal users only',
        );
        assert.deepEqual(results.slice(5), Array(6).fill({ ok: true }));
        assert.equal((await t.app.services.users.requireUser('bob')).is_admin, 0);
        // A directory group's members belong to the directory.
        const [directoryGroup] = await python(url, [call('api.addUserToGroup', token, 'root', groups[0]!)]);
        assert.equal(directoryGroup?.fault?.[0], 6);
        assert.match(
          directoryGroup?.fault?.[1] ?? '',
          /is synchronized from Corporate Directory; change its members there/,
        );
      });

      it('refuses what a directory owns, unknown names and wrong arguments with faults that name them', async () => {
        const results = await python(url, [
          call('api.setUserProperty', token, 'alice', 'password', 'new-Password-123'),
          call('api.setUserProperty', token, 'alice', 'email', 'alice@elsewhere.example'),
          call('api.getUserProperty', token, 'alice', 'net-stats.data-mb'),
          call('api.getUserProperty', token, 'alice', 'card-pin'),
          call('api.setUserProperty', token, 'alice', 'internal', 'true'),
          call('api.getUserProperty', token, 'nobody', 'email'),
          call('api.noSuchMethod', token),
          call('api.getUserProperty', token, 'alice'),
          call('api.listUserAccounts', token, 'zero', 10),
          call('api.addNewInternalUser', token, 'weak', 'password', '', '', '', ''),
        ]);
        const faults = results.map((r) => r.fault);
        assert.match(faults[0]![1], /password of alice is managed by Corporate Directory/);
        assert.match(faults[1]![1], /Email is managed by the directory source/);
        assert.match(faults[2]![1], /Unknown user property "net-stats.data-mb"/);
        assert.match(faults[3]![1], /can be set but never read/);
        assert.match(faults[4]![1], /"internal" is read-only/);
        assert.deepEqual(faults[5], [5, 'No user named "nobody".']);
        assert.deepEqual(faults[6], [3, 'Unknown method "api.noSuchMethod".']);
        assert.match(faults[7]![1], /takes the auth token then username, propertyName; it was given 1/);
        assert.match(faults[8]![1], /the argument offset must be an int/);
        assert.match(faults[9]![1], /most commonly used passwords/);
        assert.ok(faults.every((f) => f !== undefined));
      });

      it('refuses a wrong, revoked or missing token and an address not allowed, auditing each but the missing token', async () => {
        const revoked = await t.app.services.apiTokens.create({ name: 'old', scopes: ['xmlrpc'] }, ACTOR);
        await t.app.services.apiTokens.revoke('old', ACTOR);
        const rest = await t.app.services.apiTokens.create(
          { name: 'rest-only', scopes: ['users:read'] },
          ACTOR,
        );
        const results = await python(url, [
          call('api.getTotalUsers', 'quire_wrong.token'),
          call('api.getTotalUsers', revoked.token),
          ['api.getTotalUsers', []],
          call('api.getTotalUsers', rest.token),
        ]);
        for (const result of results) assert.equal(result.fault?.[0], 2, JSON.stringify(result));
        // The wrong and the revoked token; a call without a token is no guess and not audited.
        assert.ok((await t.app.services.audit.list({ action: 'api.auth_failed' })).length >= 2);

        await t.app.services.settings.update({ webServicesAllowedAddresses: '192.0.2.0/24' });
        try {
          const [refused, tokenless] = await python(url, [
            call('api.getTotalUsers', token),
            ['api.getTaskStatus', []],
          ]);
          assert.equal(refused?.fault?.[0], 2);
          assert.match(refused?.fault?.[1] ?? '', /address/i);
          assert.equal(
            tokenless?.fault?.[0],
            2,
            'a call without a token must come from an allowed address too',
          );
        } finally {
          await t.app.services.settings.update({ webServicesAllowedAddresses: '127.0.0.1, ::1' });
        }
      });

      it('answers malformed, oversized and entity-expansion documents with a fault, never a 500', async () => {
        const malformed = await post(port, '<methodCall><methodName>api.getTotalUsers</methodName><params>');
        assert.equal(malformed.status, 200);
        assert.match(malformed.body, /<name>faultCode<\/name><value><int>1<\/int>/);
        const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><methodCall><methodName>api.getUserProperty</methodName><params><param><value>&lol2;</value></param></params></methodCall>`;
        const expansion = await post(port, laughs);
        assert.equal(expansion.status, 200);
        assert.match(expansion.body, /<int>1<\/int>/);
        assert.match(expansion.body, /DOCTYPE/);
        const huge = await post(
          port,
          `<methodCall><methodName>api.isUserExists</methodName><params><param><value>${'x'.repeat(5 * 1024 * 1024)}</value></param></params></methodCall>`,
        );
        assert.equal(huge.status, 413);
        assert.match(huge.body, /larger than/);
      });

      it('starts a user and group sync and reports its status', async () => {
        const [started] = await python(url, [call('api.performUserAndGroupSync', token)]);
        assert.deepEqual(started, { ok: true });
        let status: Outcome | undefined;
        for (let i = 0; i < 100; i++) {
          [status] = await python(url, [call('api.getTaskStatus', token)]);
          if ((status?.ok as { completed: boolean }).completed) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const task = status?.ok as { completed: boolean; message: string };
        assert.equal(task.completed, true);
        assert.match(task.message, /Synchronization succeeded/);
        // PaperCut's own ServerCommandProxy asks without a token.
        // It learns whether the task is done and how it ended, not the run's message (which can
        // name directory servers).
        const [tokenless] = await python(url, [['api.getTaskStatus', []]]);
        assert.deepEqual(tokenless, { ok: { completed: true, message: 'Synchronization succeeded.' } });
        assert.notEqual(task.message, 'Synchronization succeeded.', 'with a token, the run message follows');
      });

      it("answers getConfigValue as PaperCut's example custom user program asks it, and audits setConfigValue", async () => {
        const [flag, length, addresses, setFlag, flagAfter, badFlag, setLength, badLength, widen, unknown] =
          await python(url, [
            call('api.getConfigValue', token, 'user-source.update-user-details-card-id'),
            call('api.getConfigValue', token, 'internal-users.password-length-min'),
            call('api.getConfigValue', token, 'auth.webservices.allowed-addresses'),
            call('api.setConfigValue', token, 'user-source.update-user-details-card-id', 'N'),
            call('api.getConfigValue', token, 'user-source.update-user-details-card-id'),
            call('api.setConfigValue', token, 'user-source.update-user-details-card-id', 'sometimes'),
            call('api.setConfigValue', token, 'internal-users.password-length-min', '12'),
            call('api.setConfigValue', token, 'internal-users.password-length-min', 'twelve'),
            call('api.setConfigValue', token, 'auth.webservices.allowed-addresses', '*'),
            call('api.getConfigValue', token, 'auth.webservices.auth-token'),
          ]);
        assert.deepEqual([flag, length, addresses], [{ ok: 'Y' }, { ok: '8' }, { ok: '127.0.0.1, ::1' }]);
        assert.deepEqual([setFlag, flagAfter], [{ ok: true }, { ok: 'N' }]);
        assert.deepEqual(badFlag?.fault, [
          4,
          'user-source.update-user-details-card-id takes Y or N, not "sometimes".',
        ]);
        assert.deepEqual(setLength, { ok: true });
        assert.equal((await t.app.services.settings.get()).minPasswordLength, 12);
        assert.equal(badLength?.fault?.[0], 4);
        assert.match(
          badLength?.fault?.[1] ?? '',
          /^internal-users\.password-length-min: Enter a whole number from 1 to/,
        );
        assert.match(
          widen?.fault?.[1] ?? '',
          /auth\.webservices\.allowed-addresses can be changed only in the Admin Console/,
        );
        assert.equal(
          (await t.app.services.settings.get()).webServicesAllowedAddresses,
          '127.0.0.1, ::1',
          'a token cannot widen its own allow-list',
        );
        assert.deepEqual(unknown?.fault?.[0], 4);
        assert.match(
          unknown?.fault?.[1] ?? '',
          /^Unknown config key "auth\.webservices\.auth-token"\. Known keys: user-source\.update-user-details-card-id, /,
        );
        const audited = await t.app.services.audit.list({ action: 'options.update' });
        assert.deepEqual(audited.map((entry) => [entry.actor, entry.target]).slice(0, 2), [
          ['api-token:scripts', 'internal-users.password-length-min'],
          ['api-token:scripts', 'user-source.update-user-details-card-id'],
        ]);
        await python(url, [
          call('api.setConfigValue', token, 'internal-users.password-length-min', '8'),
          call('api.setConfigValue', token, 'user-source.update-user-details-card-id', 'Y'),
        ]);
      });

      it('takes card-number as the primary card number, as older PaperCut scripts call it', async () => {
        await t.app.services.users.createInternal(
          { username: 'old-script', password: PASSWORD, cardNumber2: '8002' },
          ACTOR,
        );
        const results = await python(url, [
          call('api.setUserProperty', token, 'old-script', 'card-number', '8001'),
          call('api.getUserProperty', token, 'old-script', 'card-number'),
          call('api.getUserProperties', token, 'old-script', [
            'primary-card-number',
            'secondary-card-number',
            'card-number',
          ]),
          call('api.setUserProperties', token, 'old-script', [['card-number', '8003']]),
        ]);
        assert.deepEqual(results, [
          { ok: true },
          { ok: '8001' },
          { ok: ['8001', '8002', '8001'] },
          { ok: true },
        ]);
        const row = await t.app.services.users.requireUser('old-script');
        assert.deepEqual([row.card_number, row.card_number2], ['8003', '8002']);
      });

      it('adds a directory user before the next sync, runs an advanced sync and imports a user-update file', async (test) => {
        const file = `${process.env.TMPDIR ?? '/tmp'}/quire-rpc-update-${kind}-${process.pid}.tsv`;
        test.after(() => rmSync(file, { force: true }));
        await t.app.services.users.createInternal({ username: 'updatable', password: PASSWORD }, ACTOR);
        // username, credit balance, restricted, full name, email, department
        writeFileSync(file, 'updatable\t\t\tUp Datable\tup@example.org\tChemistry\n');
        const results = await python(url, [
          call('api.deleteExistingUser', token, 'dave'),
          call('api.isUserExists', token, 'dave'),
          call('api.addNewUser', token, 'dave'),
          call('api.getUserProperty', token, 'dave', 'internal'),
          call('api.addNewUser', token, 'not-in-any-directory'),
          call('api.batchImportUsers', token, file, false),
          call('api.getUserProperties', token, 'updatable', ['full-name', 'department']),
          call('api.performUserAndGroupSyncAdvanced', token, false, true),
        ]);
        assert.deepEqual(results.slice(0, 4), [{ ok: true }, { ok: false }, { ok: true }, { ok: 'false' }]);
        const dave = await t.app.services.users.requireUser('dave');
        assert.ok(
          dave.source_id !== null && dave.external_id,
          "dave is the directory's user again, by its immutable id",
        );
        assert.equal(results[4]?.fault?.[0], 5);
        assert.match(
          results[4]?.fault?.[1] ?? '',
          /No directory source lists a user named "not-in-any-directory"/,
        );
        assert.deepEqual(results[5], { ok: true });
        assert.deepEqual(results[6], { ok: ['Up Datable', 'Chemistry'] });
        assert.deepEqual(results[7], { ok: true });
      });

      it('imports an internal-users file by path', async (test) => {
        const file = `${process.env.TMPDIR ?? '/tmp'}/quire-rpc-import-${kind}-${process.pid}.tsv`;
        test.after(() => rmSync(file, { force: true }));
        writeFileSync(file, 'imported1\tfirst-Import-Pass-1\t\t\tImported One\timported1@example.org\n');
        const [ok] = await python(url, [call('api.batchImportInternalUsers', token, file, false)]);
        assert.deepEqual(ok, { ok: true });
        assert.equal((await t.app.services.users.requireUser('imported1')).full_name, 'Imported One');
        writeFileSync(file, 'bad/name\tfirst-Import-Pass-1\n');
        const [refused] = await python(url, [call('api.batchImportInternalUsers', token, file, false)]);
        assert.match(refused?.fault?.[1] ?? '', /Nothing was imported: 1 line\(s\) rejected \(line 1\)\./);
        assert.doesNotMatch(refused?.fault?.[1] ?? '', /bad\/name/, 'the fault never quotes the file');
        const [environ] = await python(url, [
          call('api.batchImportUsers', token, '/proc/self/environ', false),
        ]);
        assert.equal(environ?.fault?.[0], 4);
        assert.match(environ?.fault?.[1] ?? '', /must be a \.tsv, \.txt or \.csv file/);
      });
    },
  );
}
