/**
 * Security keys on the server side: the relying party the pages offer keys for, and an answer the
 * key did not give, refused with nothing stored. The ceremonies themselves run in Chromium's
 * virtual authenticator (web/security-keys.browser.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTwoFactorRepository } from '../../auth/two-factor/two-factor.repository.js';
import { ConfigError, loadConfig } from '../../config.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, TEST_ORIGIN, type TestApp } from '../../test-support/harness.js';

const PASSWORD = 'harbour-violet-27';

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

      before(async () => {
        t = await startTestApp({
          kind,
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
      });
    },
  );
}
