/**
 * Security keys on the server side: the relying party the pages offer keys for, an answer the
 * key did not give, refused with nothing stored, and removing a key (a recent log-in, or the
 * password again). The ceremonies themselves run in Chromium's
 * virtual authenticator (web/security-keys.browser.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTwoFactorRepository } from '../../auth/two-factor/two-factor.repository.js';
import { ConfigError, loadConfig } from '../../config.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { customProgramKind } from '../../directory/custom-program/custom-program.kind.js';
import { startTestApp, TEST_ORIGIN, type TestApp, type TestClient } from '../../test-support/harness.js';

const PASSWORD = 'harbour-violet-27';
const EXAMPLES = new URL('../../../examples/custom-directory/', import.meta.url).pathname;
const ACTOR = { username: 'test', ip: '' };
/** The session cookie under the https public URL these tests set (the __Host- prefix). */
const SESSION_COOKIE = '__Host-quire_session';

/** The WebAuthn options a page hands to webauthn.js (the data-options attribute, HTML-escaped). */
function optionsIn(body: string): { rp?: { id: string }; rpId?: string; allowCredentials?: unknown[] } {
  const match = /data-options="([^"]*)"/.exec(body);
  assert.ok(match, 'the page offers a security key ceremony');
  return JSON.parse(match[1]!.replaceAll('&quot;', '"').replaceAll('&amp;', '&')) as never;
}

describe('the relying party of security keys (QUIRE_WEBAUTHN_RP_ID)', () => {
  it('is the public host name by default, or a parent domain of it', () => {
    assert.equal(
      loadConfig({ QUIRE_PUBLIC_URL: 'https://print.example.org' }).webauthnRpId,
      'print.example.org',
    );
    assert.equal(loadConfig({}).webauthnRpId, 'localhost');
    const parent = { QUIRE_PUBLIC_URL: 'https://print.example.org', QUIRE_WEBAUTHN_RP_ID: 'Example.ORG' };
    assert.equal(loadConfig(parent).webauthnRpId, 'example.org');
  });

  it('stops start-up on a name browsers would refuse for this host', () => {
    const publicUrl = 'https://print.example.org';
    for (const rpId of [
      'other.org',
      'ample.org',
      'print.example.org.evil',
      '10.0.0.1',
      'https://example.org',
    ])
      assert.throws(
        () => loadConfig({ QUIRE_PUBLIC_URL: publicUrl, QUIRE_WEBAUTHN_RP_ID: rpId }),
        (e: Error) => e instanceof ConfigError && /QUIRE_WEBAUTHN_RP_ID/.test(e.message),
        rpId,
      );
    assert.throws(
      () => loadConfig({ QUIRE_PUBLIC_URL: 'http://10.0.0.1:9191', QUIRE_WEBAUTHN_RP_ID: '0.0.1' }),
      /QUIRE_WEBAUTHN_RP_ID/,
    );
  });
});

for (const kind of DATABASE_KINDS) {
  describe(
    `Security keys on the server [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let now = new Date('2026-12-08T12:00:00.000Z');
      const minutesLater = (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000));
      let keyCount = 0;
      /** Stores a key for `userId` as if added through the page; returns its id. */
      async function giveKey(userId: number, name: string): Promise<string> {
        const id = `key-${++keyCount}`;
        await createTwoFactorRepository(t.app.database.db).addKey({
          id,
          user_id: userId,
          name,
          credential_id: `credential-${keyCount}`,
          public_key: 'cHVibGljLWtleQ',
          counter: 0,
          transports: 'usb',
          created_at: now.toISOString(),
          last_used_at: null,
        });
        return id;
      }
      const keyNames = async (userId: number) =>
        (await createTwoFactorRepository(t.app.database.db).keysOf(userId)).map((key) => key.name);

      /**
       * A browser logged in as the user now. A user with a key has a second step, whose ceremony
       * is the browser test's: the full session is started here as that step would.
       */
      async function sessionOf(userId: number): Promise<TestClient> {
        const { token } = await t.app.services.sessions.create(userId, {
          ip: '127.0.0.1',
          userAgent: 'test',
        });
        const browser = t.client();
        browser.cookies.set(SESSION_COOKIE, token);
        assert.equal((await browser.get('/user/two-factor')).status, 200);
        return browser;
      }

      before(async () => {
        t = await startTestApp({
          kind,
          ports: { clock: { now: () => now } },
          env: {
            QUIRE_PUBLIC_URL: 'https://print.example.org',
            QUIRE_WEBAUTHN_RP_ID: 'example.org',
            QUIRE_TRUSTED_ORIGINS: TEST_ORIGIN,
          },
        });
        await t.createUser({ username: 'alice', password: PASSWORD });
        const bob = await t.createUser({ username: 'bob', password: PASSWORD });
        await createTwoFactorRepository(t.app.database.db).addKey({
          id: 'bob-key',
          user_id: bob.id,
          name: 'Blue YubiKey',
          credential_id: 'Ym9iLWNyZWRlbnRpYWw',
          public_key: 'cHVibGljLWtleQ',
          counter: 0,
          transports: 'usb',
          created_at: '2026-12-01T09:00:00.000Z',
          last_used_at: null,
        });
      });
      after(async () => {
        await t.close();
      });

      it('offers keys for the configured relying party, and refuses an answer no key gave', async () => {
        const browser = t.client();
        assert.equal((await browser.signIn('alice', PASSWORD)).status, 303);
        const page = await browser.get('/user/two-factor');
        assert.equal(page.status, 200);
        assert.equal(optionsIn(page.body).rp?.id, 'example.org');

        const forged = JSON.stringify({ id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: {} });
        for (const response of ['', 'not json', forged]) {
          const refused = await browser.post('/user/two-factor/keys', { name: 'Blue YubiKey', response });
          assert.equal(refused.status, 400, response);
          assert.match(refused.body, /The security key was not added\. Try again\./);
        }
        const alice = await t.app.services.users.findByUsername('alice');
        assert.deepEqual(await createTwoFactorRepository(t.app.database.db).keysOf(alice!.id), []);
      });

      it('asks a user with keys only for a key at the second step, not for a code', async () => {
        const browser = t.client();
        const signedIn = await browser.signIn('bob', PASSWORD);
        assert.equal(signedIn.headers.location, '/user/login/second-factor');
        const page = await browser.get('/user/login/second-factor');
        assert.equal(page.status, 200);
        assert.match(page.body, /Use one of your security keys or passkeys\./);
        assert.doesNotMatch(page.body, /name="code"/);
        assert.deepEqual(optionsIn(page.body).allowCredentials, [
          { id: 'Ym9iLWNyZWRlbnRpYWw', type: 'public-key', transports: ['usb'] },
        ]);
        assert.equal(optionsIn(page.body).rpId, 'example.org');
        assert.match(page.body, /Lost your security keys\?/);
        assert.doesNotMatch(page.body, /recovery codes/);
      });

      it('tells a user with keys only that the key was refused, without mentioning a code', async () => {
        const browser = t.client();
        await browser.signIn('bob', PASSWORD);
        await browser.get('/user/login/second-factor');
        const forged = JSON.stringify({ id: 'Ym9iLWNyZWRlbnRpYWw', type: 'public-key', response: {} });
        const refused = await browser.post('/user/login/second-factor/key', { response: forged });
        assert.equal(refused.status, 401);
        assert.match(
          refused.body,
          /The security key was not accepted\. Try again with one of your security keys or passkeys\./,
        );
        const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(refused.body)?.[0] ?? '';
        assert.match(summary, /The security key was not accepted/, 'the refusal is in the error summary');
        assert.doesNotMatch(summary, /code/i);
        assert.doesNotMatch(refused.body, /name="code"/);
      });

      it('offers the code after a refused key to a user who also has the app', async () => {
        const dora = await t.createUser({ username: 'dora', password: PASSWORD });
        const repository = createTwoFactorRepository(t.app.database.db);
        await repository.startTotp(dora.id, 'JBSWY3DPEHPK3PXP', now.toISOString());
        assert.ok(await repository.takeStep(dora.id, 1, now.toISOString()));
        await giveKey(dora.id, 'Spare key');
        const browser = t.client();
        await browser.signIn('dora', PASSWORD);
        await browser.get('/user/login/second-factor');
        const refused = await browser.post('/user/login/second-factor/key', { response: '{}' });
        assert.equal(refused.status, 401);
        assert.match(refused.body, /The security key was not accepted\. Try again, or enter a code\./);
        assert.match(refused.body, /name="code"/);
      });

      it('removes a key at once after a fresh log-in, and asks for the password again later', async () => {
        const carl = await t.createUser({ username: 'carl', password: PASSWORD });
        const first = await giveKey(carl.id, 'Green key');
        const browser = await sessionOf(carl.id);
        const removed = await browser.post(`/user/two-factor/keys/${first}/remove`, {});
        assert.equal(removed.headers.location, '/user/two-factor?done=key-removed');

        const second = await giveKey(carl.id, 'Red key');
        minutesLater(6);
        const asked = await browser.post(`/user/two-factor/keys/${second}/remove`, {});
        assert.equal(asked.status, 200);
        assert.match(asked.body, /Confirm it is you/);
        assert.match(asked.body, /Remove Red key/);
        const wrong = await browser.post(`/user/two-factor/keys/${second}/remove`, {
          confirm: '1',
          currentPassword: 'wrong-password',
        });
        assert.equal(wrong.status, 400);
        assert.match(wrong.body, /The current password is not correct/);
        assert.deepEqual(await keyNames(carl.id), ['Red key']);
        const right = await browser.post(`/user/two-factor/keys/${second}/remove`, {
          confirm: '1',
          currentPassword: PASSWORD,
        });
        assert.equal(right.headers.location, '/user/two-factor?done=key-removed');
        assert.deepEqual(await keyNames(carl.id), []);
      });

      it("checks a directory user's password against the directory, as log-in does", async () => {
        const source = await t.app.services.sources.add(
          customProgramKind,
          { name: 'Corporate Directory', program: `${EXAMPLES}users.sh`, authProgram: `${EXAMPLES}auth.sh` },
          ACTOR,
        );
        await t.app.services.sync.run(source, { dryRun: false, actor: ACTOR });
        const dave = await t.app.services.users.requireUser('dave');
        const key = await giveKey(dave.id, 'Travel key');
        const browser = await sessionOf(dave.id);
        minutesLater(6);
        const wrong = await browser.post(`/user/two-factor/keys/${key}/remove`, {
          confirm: '1',
          currentPassword: PASSWORD,
        });
        assert.equal(wrong.status, 400);
        assert.match(wrong.body, /The current password is not correct/);
        assert.deepEqual(await keyNames(dave.id), ['Travel key']);
        const right = await browser.post(`/user/two-factor/keys/${key}/remove`, {
          confirm: '1',
          currentPassword: 'example-dave-Marmot-9402',
        });
        assert.equal(right.headers.location, '/user/two-factor?done=key-removed');
        assert.deepEqual(await keyNames(dave.id), []);
      });

      it('tells a single sign-on user to log out and in again, since there is no password to ask', async () => {
        const sso = await t.createUser({ username: 'sso-user', password: PASSWORD });
        await t.app.database.db
          .updateTable('users')
          .set({ password_hash: null })
          .where('id', '=', sso.id)
          .execute();
        const key = await giveKey(sso.id, 'Office key');
        const browser = await sessionOf(sso.id);
        minutesLater(6);
        const forms: Record<string, string>[] = [{}, { confirm: '1', currentPassword: PASSWORD }];
        for (const form of forms) {
          const refused = await browser.post(`/user/two-factor/keys/${key}/remove`, form);
          assert.equal(refused.status, 403);
          assert.match(refused.body, /single sign-on/);
          assert.match(refused.body, /Log out, log in again/);
          assert.doesNotMatch(refused.body, /name="currentPassword"/);
        }
        assert.deepEqual(await keyNames(sso.id), ['Office key']);
      });
    },
  );
}
