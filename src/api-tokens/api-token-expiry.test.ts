/**
 * Token expiry end to end, on both databases: a token past its last day is refused by a real
 * XML-RPC client (Python's xmlrpc.client) and a real REST call over HTTP with the very answer a
 * revoked token gets, shows as expired, and is audited as such.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ValidationError } from '../errors.js';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import { call, python } from '../test-support/python-xmlrpc.js';

const ACTOR = { username: 'admin', ip: '127.0.0.1' };

for (const kind of DATABASE_KINDS) {
  describe(`API token expiry [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
    let t: TestApp;
    let base: string;
    let now = new Date('2027-03-10T12:00:00.000Z');
    const later = (hours: number) => (now = new Date(now.getTime() + hours * 3600_000));

    before(async () => {
      t = await startTestApp({ kind, ports: { clock: { now: () => now } } });
      await t.app.services.settings.update({ timeZone: 'Europe/Berlin' });
      await t.server.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.server.server.address() as { port: number }).port}`;
    });
    after(async () => t?.close());

    const rest = async (token: string) => {
      const response = await fetch(`${base}/api/v1/users`, { headers: { authorization: `Bearer ${token}` } });
      return { status: response.status, body: await response.text() };
    };
    const rpc = async (token: string) =>
      (await python(`${base}/rpc/api/xmlrpc`, [call('api.getTotalUsers', token)]))[0];

    it('stores the end of the last day in the organisation’s time zone, and lists it', async () => {
      const { row } = await t.app.services.apiTokens.create(
        { name: 'term', scopes: ['users:read'], expires: '2027-03-11' },
        ACTOR,
      );
      // Midnight at the end of 11 March in Berlin (UTC+1 in March).
      assert.equal(row.expiresAt, '2027-03-11T23:00:00.000Z');
      assert.equal(row.status, 'active');
      const [entry] = await t.app.services.audit.list({ action: 'api_token.create' });
      assert.match(entry?.details ?? '', /2027-03-11T23:00:00\.000Z/);
    });

    it('refuses a date that is not one, or one that has passed, naming the field', async () => {
      for (const expires of ['tomorrow', '2027-02-30', '2027-03-09']) {
        await assert.rejects(
          t.app.services.apiTokens.create({ name: `bad ${expires}`, scopes: ['users:read'], expires }, ACTOR),
          (error) => error instanceof ValidationError && typeof error.fields.expires === 'string',
          expires,
        );
      }
      assert.equal((await t.app.services.apiTokens.list()).length, 1, 'nothing was created');
    });

    it('is accepted until it expires, then refused by XML-RPC and REST exactly as a revoked token is', async () => {
      const rpcToken = await t.app.services.apiTokens.create(
        { name: 'rpc term', scopes: ['xmlrpc'], expires: '2027-03-11' },
        ACTOR,
      );
      const restToken = await t.app.services.apiTokens.create(
        { name: 'rest term', scopes: ['users:read'], expires: '2027-03-11' },
        ACTOR,
      );
      const revoked = await t.app.services.apiTokens.create(
        { name: 'gone', scopes: ['xmlrpc', 'users:read'] },
        ACTOR,
      );
      await t.app.services.apiTokens.revoke('gone', ACTOR);

      assert.deepEqual(await rpc(rpcToken.token), { ok: 0 });
      assert.equal((await rest(restToken.token)).status, 200);

      later(34); // 2027-03-11T22:00Z: still 11 March in Berlin
      assert.deepEqual(await rpc(rpcToken.token), { ok: 0 });
      later(1); // 23:00Z: midnight in Berlin, the token's last day is over
      const expiredRpc = await rpc(rpcToken.token);
      assert.equal(expiredRpc?.fault?.[0], 2, JSON.stringify(expiredRpc));
      assert.deepEqual(expiredRpc, await rpc(revoked.token));
      const expiredRest = await rest(restToken.token);
      assert.equal(expiredRest.status, 401);
      assert.equal(JSON.parse(expiredRest.body).code, 'invalid_token');
      assert.deepEqual(JSON.parse(expiredRest.body), JSON.parse((await rest(revoked.token)).body));

      const listed = new Map(
        (await t.app.services.apiTokens.list()).map((token) => [token.name, token.status]),
      );
      assert.equal(listed.get('rpc term'), 'expired');
      assert.equal(listed.get('rest term'), 'expired');
      assert.equal(listed.get('gone'), 'revoked');
      const reasons = (await t.app.services.audit.list({ action: 'api.auth_failed' })).map((e) => [
        e.target,
        JSON.parse(e.details ?? '{}').reason,
      ]);
      assert.ok(
        reasons.some(([target, reason]) => target === 'rpc term' && reason === 'expired'),
        JSON.stringify(reasons),
      );
    });
  });
}
