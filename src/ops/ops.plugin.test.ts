import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { serializeMethodCall } from '../rpc/xmlrpc.codec.js';
import { parseMethodResponse } from '../rpc/xmlrpc-parser.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';

const ACTOR = { username: 'test', ip: '127.0.0.1' };

/** The value of one exposition line `name{labels} value`, or undefined when absent. */
function sample(text: string, line: string): number | undefined {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

for (const kind of DATABASE_KINDS) {
  describe(
    `health, readiness and metrics [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      before(async () => {
        t = await startTestApp({ kind });
        await t.createUser({ username: 'alice', password: 'a long passphrase', isAdmin: true });
        await t.createUser({ username: 'bob', password: 'another passphrase' });
        await t.app.services.users.setDisabled('bob', true, ACTOR);
      });
      after(async () => t.close());

      it('answers /healthz without a session, a cookie or a token', async () => {
        const response = await t.server.inject({
          method: 'GET',
          url: '/healthz',
          remoteAddress: '203.0.113.9',
        });
        assert.equal(response.statusCode, 200);
        assert.deepEqual(response.json(), { status: 'ok' });
        assert.equal(response.headers['set-cookie'], undefined);
        assert.equal(response.headers['cache-control'], 'no-store');
      });

      it('is ready while the database answers and its schema is current, and not ready on a newer schema', async () => {
        const ready = await t.server.inject({ method: 'GET', url: '/readyz', remoteAddress: '203.0.113.9' });
        assert.equal(ready.statusCode, 200);
        assert.deepEqual(ready.json(), { status: 'ready' });
        // A newer release's migration in the table: this server must not say it is ready for it.
        await sql`insert into kysely_migration (name, timestamp) values (${'29991231T000000-from-the-future'}, ${new Date().toISOString()})`.execute(
          t.app.database.db,
        );
        try {
          const newer = await t.server.inject({ method: 'GET', url: '/readyz' });
          assert.equal(newer.statusCode, 503);
          assert.deepEqual(newer.json().problems, ['the database schema is newer than this server']);
        } finally {
          await sql`delete from kysely_migration where name = ${'29991231T000000-from-the-future'}`.execute(
            t.app.database.db,
          );
        }
      });

      it('counts requests by route pattern and sign-in outcomes, and reports users by source from the database', async () => {
        const browser = t.client();
        await browser.signIn('alice', 'wrong password');
        await browser.signIn('alice', 'a long passphrase');
        await browser.get('/admin/users/bob');
        const response = await t.server.inject({ method: 'GET', url: '/metrics' });
        assert.equal(response.statusCode, 200);
        assert.match(String(response.headers['content-type']), /^text\/plain; version=0\.0\.4/);
        const text = response.body;
        assert.ok((sample(text, 'quire_signins_total{method="password",outcome="failure"}') ?? 0) >= 1, text);
        assert.ok((sample(text, 'quire_signins_total{method="password",outcome="success"}') ?? 0) >= 1, text);
        // The route pattern, not the URL: one series for every user's page.
        assert.equal(
          sample(text, 'quire_http_requests_total{method="GET",route="/admin/users/:username",status="200"}'),
          1,
          text,
        );
        assert.ok(!text.includes('/admin/users/bob'));
        assert.equal(sample(text, 'quire_users{source="internal",state="enabled"}'), 1);
        assert.equal(sample(text, 'quire_users{source="internal",state="disabled"}'), 1);
        assert.match(text, /# TYPE quire_http_requests_total counter/);
        assert.equal(sample(text, 'quire_up'), 1);
      });

      it('refuses /metrics from other addresses without a metrics token, and accepts one', async () => {
        const outsider = { method: 'GET' as const, url: '/metrics', remoteAddress: '198.51.100.7' };
        const none = await t.server.inject(outsider);
        assert.equal(none.statusCode, 401);
        assert.ok(!none.body.includes('quire_'));
        const readOnly = await t.app.services.apiTokens.create(
          { name: 'reader', scopes: ['users:read'] },
          ACTOR,
        );
        const wrongScope = await t.server.inject({
          ...outsider,
          headers: { authorization: `Bearer ${readOnly.token}` },
        });
        assert.equal(wrongScope.statusCode, 403);
        const scraper = await t.app.services.apiTokens.create(
          { name: 'prometheus', scopes: ['metrics'] },
          ACTOR,
        );
        const ok = await t.server.inject({
          ...outsider,
          headers: { authorization: `Bearer ${scraper.token}` },
        });
        assert.equal(ok.statusCode, 200);
        assert.match(ok.body, /quire_users\{/);
        // A proxy on this host that nobody declared makes every client look local: not enough.
        for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
          const proxied = await t.server.inject({
            method: 'GET',
            url: '/metrics',
            headers: { [header]: header === 'forwarded' ? 'for=203.0.113.50' : '203.0.113.50' },
          });
          assert.equal(proxied.statusCode, 401, header);
        }
      });

      it('does not count /metrics requests without a token against the address, so its REST and XML-RPC tokens keep working', async () => {
        const from = '198.51.100.61';
        await t.app.services.settings.update({ webServicesAllowedAddresses: `127.0.0.1, ::1, ${from}` });
        const rest = await t.app.services.apiTokens.create(
          { name: 'rest-61', scopes: ['users:read'] },
          ACTOR,
        );
        const rpc = await t.app.services.apiTokens.create({ name: 'rpc-61', scopes: ['xmlrpc'] }, ACTOR);
        for (let i = 0; i < 40; i++) {
          const none = await t.server.inject({ method: 'GET', url: '/metrics', remoteAddress: from });
          assert.equal(none.statusCode, 401);
          assert.equal(none.headers['www-authenticate'], 'Bearer');
        }
        const users = await t.server.inject({
          method: 'GET',
          url: '/api/v1/users',
          remoteAddress: from,
          headers: { authorization: `Bearer ${rest.token}` },
        });
        assert.equal(users.statusCode, 200, users.body);
        const call = await t.server.inject({
          method: 'POST',
          url: '/rpc/api/xmlrpc',
          remoteAddress: from,
          headers: { 'content-type': 'text/xml' },
          payload: serializeMethodCall('api.getTotalUsers', [rpc.token]),
        });
        assert.deepEqual(parseMethodResponse(call.body), { value: 2 });
      });

      it('counts a wrong /metrics token as an authentication failure of the address, as any wrong token', async () => {
        const from = '198.51.100.62';
        const wrong = `Bearer quire_${'A'.repeat(16)}.${'b'.repeat(43)}`;
        let status = 0;
        for (let i = 0; i < 40 && status !== 429; i++)
          status = (
            await t.server.inject({
              method: 'GET',
              url: '/metrics',
              remoteAddress: from,
              headers: { authorization: wrong },
            })
          ).statusCode;
        assert.equal(status, 429, 'the address is throttled after repeated wrong tokens');
      });
    },
  );
}

describe('X-Forwarded-For', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { QUIRE_TRUSTED_PROXIES: '10.0.0.0/8' } });
  });
  after(async () => t.close());

  /** The address the audit log records for a failed sign-in sent from `remoteAddress`. */
  async function recordedAddress(remoteAddress: string, forwardedFor: string): Promise<string> {
    const page = await t.server.inject({ method: 'GET', url: '/user/login', remoteAddress });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const cookie = String(page.headers['set-cookie']).split(';')[0]!;
    await t.server.inject({
      method: 'POST',
      url: '/user/login',
      remoteAddress,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://localhost:9191',
        cookie,
        'x-forwarded-for': forwardedFor,
      },
      payload: new URLSearchParams({ _csrf: csrf, username: 'nobody', password: 'wrong' }).toString(),
    });
    const [entry] = await t.app.services.audit.list({ action: 'signin.failure', limit: 1 });
    return entry!.ip;
  }

  it('is believed from a configured proxy', async () => {
    assert.equal(await recordedAddress('10.1.2.3', '192.0.2.44'), '192.0.2.44');
  });

  it('is ignored from anyone else, who cannot choose the address throttling and the audit log see', async () => {
    assert.equal(await recordedAddress('198.51.100.20', '192.0.2.45'), '198.51.100.20');
  });
});
