import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import { serializeMethodCall, type XmlRpcValue } from './xmlrpc.codec.js';
import { parseMethodResponse } from './xmlrpc-parser.js';
import { FAULT_CODES, XMLRPC_PATH } from './rpc.plugin.js';

describe('XML-RPC request types', () => {
  let t: TestApp;
  let log = '';
  let token = '';
  before(async () => {
    const stream = new Writable({
      write: (chunk: Buffer, _encoding, done) => ((log += chunk.toString()), done()),
    });
    t = await startTestApp({ logger: { level: 'info', stream } });
    token = (
      await t.app.services.apiTokens.create(
        { name: 'rpc', scopes: ['xmlrpc'] },
        { username: 'test', ip: '127.0.0.1' },
      )
    ).token;
  });
  after(async () => t.close());

  it('answers a call of another content type with fault 1 naming the type, logged at info without a stack', async () => {
    const call = serializeMethodCall('api.getTotalUsers', [token]);
    const bodies = new Map<string, { type?: string; payload: string }>([
      ['JSON', { type: 'application/json', payload: '{"methodName": "api.getTotalUsers"}' }],
      ['broken JSON', { type: 'application/json', payload: '{"methodName": ' }],
      ['empty JSON', { type: 'application/json', payload: '' }],
      ['a form', { type: 'application/x-www-form-urlencoded', payload: 'methodName=api.getTotalUsers' }],
      ['plain text', { type: 'text/plain', payload: call }],
      ['no type', { payload: call }],
    ]);
    for (const [what, body] of bodies) {
      log = '';
      const response = await t.server.inject({
        method: 'POST',
        url: XMLRPC_PATH,
        payload: body.payload,
        headers: body.type ? { 'content-type': body.type } : {},
      });
      assert.equal(response.statusCode, 200, what);
      const answer = parseMethodResponse(response.body);
      assert.ok('fault' in answer, `${what}: ${response.body}`);
      assert.equal(answer.fault.faultCode, FAULT_CODES.malformedRequest, what);
      assert.match(answer.fault.faultString, /Content-Type: text\/xml/, what);
      const entries = log
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as { level: number; err?: { stack?: string } });
      assert.ok(entries.length > 0, `${what}: something was logged`);
      for (const entry of entries) {
        assert.ok(entry.level <= 40, `${what}: logged at ${entry.level}`);
        assert.equal(entry.err?.stack, undefined, `${what}: no stack`);
      }
    }
  });

  it('still answers text/xml and application/xml calls', async () => {
    for (const type of ['text/xml', 'application/xml; charset=utf-8']) {
      const response = await t.server.inject({
        method: 'POST',
        url: XMLRPC_PATH,
        payload: serializeMethodCall('api.getTotalUsers', [token]),
        headers: { 'content-type': type },
      });
      assert.deepEqual(parseMethodResponse(response.body), { value: 0 }, type);
    }
  });
});

for (const kind of DATABASE_KINDS) {
  describe(
    `XML-RPC calls without a token [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      const actor = { username: 'test', ip: '127.0.0.1' };
      let t: TestApp;
      before(async () => {
        t = await startTestApp({ kind });
      });
      after(async () => t.close());
      const rpcCall = (from: string, params: XmlRpcValue[]) =>
        t.server.inject({
          method: 'POST',
          url: XMLRPC_PATH,
          remoteAddress: from,
          headers: { 'content-type': 'text/xml' },
          payload: serializeMethodCall('api.getTotalUsers', params),
        });

      it('does not count or audit a call with an empty token or none, so the address keeps its XML-RPC and REST tokens', async () => {
        const from = '198.51.100.71';
        await t.app.services.settings.update({ webServicesAllowedAddresses: `127.0.0.1, ::1, ${from}` });
        const rpc = await t.app.services.apiTokens.create({ name: 'rpc-71', scopes: ['xmlrpc'] }, actor);
        const rest = await t.app.services.apiTokens.create(
          { name: 'rest-71', scopes: ['users:read'] },
          actor,
        );
        for (let i = 0; i < 40; i++) {
          const answer = parseMethodResponse((await rpcCall(from, i % 2 === 0 ? [''] : [])).body);
          assert.ok(
            'fault' in answer && answer.fault.faultCode === FAULT_CODES.authentication,
            JSON.stringify(answer),
          );
        }
        assert.deepEqual(parseMethodResponse((await rpcCall(from, [rpc.token])).body), { value: 0 });
        const users = await t.server.inject({
          method: 'GET',
          url: '/api/v1/users',
          remoteAddress: from,
          headers: { authorization: `Bearer ${rest.token}` },
        });
        assert.equal(users.statusCode, 200, users.body);
        const failures = (await t.app.services.audit.list({ action: 'api.auth_failed', limit: 500 })).filter(
          (e) => e.ip === from,
        );
        assert.deepEqual(failures, []);
      });

      it('counts a wrong token as an authentication failure of the address', async () => {
        const from = '198.51.100.72';
        await t.app.services.settings.update({ webServicesAllowedAddresses: `127.0.0.1, ::1, ${from}` });
        let answer: ReturnType<typeof parseMethodResponse> = { value: 0 };
        for (let i = 0; i < 40 && !('fault' in answer && /too many/i.test(answer.fault.faultString)); i++)
          answer = parseMethodResponse(
            (await rpcCall(from, [`quire_${'A'.repeat(16)}.${'b'.repeat(43)}`])).body,
          );
        assert.ok('fault' in answer && /too many/i.test(answer.fault.faultString), JSON.stringify(answer));
      });
    },
  );
}
