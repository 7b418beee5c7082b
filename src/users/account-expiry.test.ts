import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SignInError } from '../auth/auth.service.js';
import { methodCaller } from '../rpc/methods/method-call.test-support.js';
import { ok, runCli } from '../test-support/cli.js';
import { DATABASE_KINDS, freshDatabaseUrl, postgresSkip } from '../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../test-support/harness.js';
import { dayIn, isExpired, parseExpiryDate } from './account-expiry.js';

const PASSWORD = 'lantern-orchid-93';
const ACTOR = { username: 'test', ip: '127.0.0.1' };

describe('account expiry days', () => {
  it('reads YYYY-MM-DD, empty and never, and refuses anything else', () => {
    assert.equal(parseExpiryDate(' 2026-12-05 '), '2026-12-05');
    assert.equal(parseExpiryDate(''), null);
    assert.equal(parseExpiryDate('Never'), null);
    for (const bad of ['2026-02-30', '5.12.2026', '2026-12-5', 'tomorrow', '1999-12-31'])
      assert.equal(parseExpiryDate(bad), undefined, bad);
  });

  it('ends an account at midnight after its day in the organisation’s time zone', () => {
    // 23:30 UTC on 5 December is already 6 December in Berlin, still 5 December in New York.
    const now = new Date('2026-12-05T23:30:00Z');
    assert.equal(dayIn(now, 'Europe/Berlin'), '2026-12-06');
    // Each zone keeps a formatter of its own.
    assert.equal(dayIn(now, 'America/New_York'), '2026-12-05');
    assert.equal(dayIn(now, 'Europe/Berlin'), '2026-12-06');
    assert.equal(isExpired('2026-12-05', now, 'Europe/Berlin'), true);
    assert.equal(isExpired('2026-12-05', now, 'America/New_York'), false);
    assert.equal(isExpired(null, now, 'UTC'), false);
  });
});

for (const kind of DATABASE_KINDS) {
  describe(`Account expiry [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
    let t: TestApp;
    let admin: TestClient;

    before(async () => {
      t = await startTestApp({ kind });
      await t.createUser({ username: 'root', password: PASSWORD, isAdmin: true });
      await t.createUser({ username: 'guest', password: PASSWORD, cardNumber: '4242' });
      await t.app.services.users.setCardPin('guest', '1234', ACTOR);
      admin = t.client();
      await admin.signIn('root', PASSWORD, 'admin');
    });
    after(() => t.close());

    const setExpiry = async (expiryDate: string) => {
      await admin.get('/admin/users/guest');
      return admin.post('/admin/users/guest/expiry', { expiryDate });
    };
    const stored = async () => (await t.app.services.users.requireUser('guest')).expiry_date;

    it('refuses a date it cannot read with 400, the field error and nothing saved', async () => {
      const response = await setExpiry('31.12.2026');
      assert.equal(response.status, 400);
      assert.match(response.body, /Enter a date such as 2026-12-31/);
      assert.match(response.body, /value="31\.12\.2026"/);
      assert.equal(await stored(), null);
    });

    it('keeps a future day: the guest signs in and is not marked expired', async () => {
      assert.equal((await setExpiry('2999-12-31')).status, 303);
      assert.equal(await stored(), '2999-12-31');
      const page = await admin.get('/admin/users/guest');
      assert.match(page.body, /At the end of 31 Dec 2999/);
      assert.equal((await t.client().signIn('guest', PASSWORD)).status, 303);
    });

    it('refuses every sign-in once the day has passed, ends sessions and shows "Expired"', async () => {
      const guest = t.client();
      assert.equal((await guest.signIn('guest', PASSWORD)).status, 303);
      assert.equal((await guest.get('/user/summary')).status, 200);

      assert.equal((await setExpiry('2020-01-01')).status, 303);
      // The session that was signed in stops working at its next request.
      assert.notEqual((await guest.get('/user/summary')).status, 200);

      const web = await t.client().signIn('guest', PASSWORD);
      assert.equal(web.status, 403);
      assert.match(web.body, /This account expired on 1 Jan 2020\./);
      const german = t.client();
      await german.get('/user/login', { 'accept-language': 'de' });
      const refused = await german.post(
        '/user/login',
        { username: 'guest', password: PASSWORD },
        { 'accept-language': 'de' },
      );
      assert.match(refused.body, /Dieses Konto ist am 1\. Jan\. 2020 abgelaufen\./);
      assert.equal((await t.client().signIn('guest', PASSWORD, 'admin')).status, 403);
      // Card and PIN at a release station, and IPP Basic authentication, use the same service.
      await assert.rejects(
        t.app.services.auth.signInByCard({ card: '4242', pin: '1234', ip: '192.0.2.9' }),
        (error: unknown) => error instanceof SignInError && error.status === 403,
      );
      await assert.rejects(
        t.app.services.auth.signIn({ username: 'guest', password: PASSWORD, ip: '192.0.2.9' }),
        (error: unknown) => error instanceof SignInError && /expired/.test(error.message),
      );
      // A wrong password still gets the one generic message: expiry is said only to the owner.
      const wrong = await t.client().signIn('guest', 'not-the-password');
      assert.equal(wrong.status, 401);
      assert.doesNotMatch(wrong.body, /expired/);

      assert.match((await admin.get('/admin/users?q=guest')).body, /<span class="badge">Expired<\/span>/);
      assert.match((await admin.get('/admin/users/guest')).body, /Expired on 1 Jan 2020/);
      const audit = await t.app.services.audit.list({ action: 'signin.refused', limit: 10 });
      assert.ok(audit.some((entry) => String(entry.details).includes('account-expired')));
    });

    it('refuses to expire your own account', async () => {
      await admin.get('/admin/users/root');
      const response = await admin.post('/admin/users/root/expiry', { expiryDate: '2020-01-01' });
      assert.equal(response.status, 409);
      assert.equal((await t.app.services.users.requireUser('root')).expiry_date, null);
    });

    it('reads and sets expiry-date through XML-RPC, refusing a bad date', async () => {
      const call = methodCaller(() => t.app.services);
      await call('api.setUserProperty', 'guest', 'expiry-date', '2030-06-30');
      assert.equal(await call('api.getUserProperty', 'guest', 'expiry-date'), '2030-06-30');
      await assert.rejects(call('api.setUserProperty', 'guest', 'expiry-date', 'soon'), /Enter a date/);
      await call('api.setUserProperty', 'guest', 'expiry-date', 'never');
      assert.equal(await call('api.getUserProperty', 'guest', 'expiry-date'), '');
      assert.equal((await t.client().signIn('guest', PASSWORD)).status, 303, 'works again');
    });
  });

  describe(`quire user set-expiry [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
    const env: Record<string, string> = {};
    let dispose: (() => Promise<void>) | undefined;
    before(async () => {
      env.QUIRE_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-expiry-'));
      if (kind === 'postgres') {
        const fresh = await freshDatabaseUrl('postgres');
        env.QUIRE_DATABASE_URL = fresh.url;
        dispose = fresh.dispose;
      }
    });
    after(async () => {
      await dispose?.();
      fs.rmSync(env.QUIRE_DATA_DIR!, { recursive: true, force: true });
    });

    it('sets, shows and removes an expiry day, and refuses a bad one', () => {
      ok(runCli(['user', 'add', 'visitor', '--password-stdin'], env, `${PASSWORD}\n`));
      assert.match(
        ok(runCli(['user', 'set-expiry', 'visitor', '2020-01-31'], env)).stdout,
        /visitor expires at the end of 2020-01-31\./,
      );
      assert.match(ok(runCli(['user', 'show', 'visitor'], env)).stdout, /end of 2020-01-31 \(expired\)/);
      const bad = runCli(['user', 'set-expiry', 'visitor', '31/01/2020'], env);
      assert.notEqual(bad.status, 0);
      assert.match(bad.stderr, /Enter a date such as 2026-12-31/);
      assert.match(ok(runCli(['user', 'set-expiry', 'visitor', 'never'], env)).stdout, /never expires/);
      assert.match(ok(runCli(['user', 'show', 'visitor'], env)).stdout, /Expires:\s+never/);
    });
  });
}
