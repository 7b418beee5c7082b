import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import { translatorFor } from '../i18n/translator.js';
import { DIRECTORY_REFUSALS, GENERIC_SIGNIN_FAILURE, SignInError, THROTTLED_SIGNIN } from './auth.service.js';
import type { PasswordHasher } from '../passwords/password-hasher.js';

describe('sign-in', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
    await t.createUser({ username: 'Alice', password: 'lantern-orchid-93' });
  });
  after(() => t.close());

  const signIn = (username: string, password: string, ip = '192.0.2.1') =>
    t.app.services.auth.signIn({ username, password, ip });

  it('signs an internal user in with the right password, whatever the case of the name', async () => {
    assert.equal((await signIn('ALICE', 'lantern-orchid-93')).username, 'alice');
  });

  it('gives one message for a wrong password, an unknown user and a disabled user', async () => {
    await t.createUser({ username: 'disabled1', password: 'lantern-orchid-93' });
    await t.app.services.users.setDisabled('disabled1', true, { username: 'test', ip: '' });
    for (const [name, password] of [
      ['alice', 'wrong-password-1'],
      ['nobody-here', 'whatever-123'],
      ['disabled1', 'lantern-orchid-93'],
    ] as const) {
      await assert.rejects(
        signIn(name, password, `192.0.2.${name.length}`),
        (e: Error) => e.message === GENERIC_SIGNIN_FAILURE,
      );
    }
  });

  it('does an argon2id verification even when the user does not exist', async () => {
    const hasher = { verifications: 0 };
    const counting: PasswordHasher = {
      hash: async () => 'unused',
      verify: async () => {
        hasher.verifications++;
        return false;
      },
    };
    const { createAuthService } = await import('./auth.service.js');
    const { createUsersRepository } = await import('../users/users.repository.js');
    const services = t.app.services;
    const auth = createAuthService({
      users: createUsersRepository(t.app.database.db),
      sources: services.sources,
      throttle: services.throttle,
      audit: services.audit,
      hasher: counting,
    });
    await assert.rejects(auth.signIn({ username: 'ghost', password: 'x', ip: '198.51.100.1' }));
    await assert.rejects(auth.signIn({ username: 'alice', password: 'x', ip: '198.51.100.1' }));
    assert.equal(hasher.verifications, 2);
  });

  it('throttles an account after repeated failures, for existing and unknown names alike', async () => {
    await t.createUser({ username: 'target', password: 'lantern-orchid-93' });
    for (const name of ['target', 'no-such-account']) {
      for (let i = 0; i < 5; i++)
        await assert.rejects(
          signIn(name, 'wrong-password', `203.0.113.${i}`),
          (e: Error) => e.message === GENERIC_SIGNIN_FAILURE,
        );
      await assert.rejects(
        signIn(name, 'lantern-orchid-93', '203.0.113.99'),
        (e: Error) => e.message === THROTTLED_SIGNIN,
      );
    }
    await t.app.services.throttle.clearAccount('target');
    assert.equal((await signIn('target', 'lantern-orchid-93', '203.0.113.100')).username, 'target');
  });

  it('throttles an address that fails across many accounts', async () => {
    for (let i = 0; i < 30; i++) await assert.rejects(signIn(`spray${i}`, 'wrong-password', '198.51.100.77'));
    await assert.rejects(
      signIn('alice', 'lantern-orchid-93', '198.51.100.77'),
      (e: Error) => e.message === THROTTLED_SIGNIN,
    );
    assert.equal((await signIn('alice', 'lantern-orchid-93', '198.51.100.78')).username, 'alice');
  });

  it('records successes and failures in the audit log', async () => {
    const entries = await t.app.services.audit.list({ user: 'alice' });
    assert.ok(entries.some((e) => e.action === 'signin.success'));
    assert.ok(entries.some((e) => e.action === 'signin.failure'));
  });

  it("says a directory's refusal in the reader's language, keeping English as its message", () => {
    const error = new SignInError(DIRECTORY_REFUSALS.locked);
    assert.match(error.message, /^Your directory account is locked after too many failed logins\./);
    assert.match(error.text.in(translatorFor('de')), /^Ihr Verzeichniskonto ist nach .* gesperrt\./);
    assert.match(error.text.in(translatorFor('es')), /^Su cuenta del directorio está bloqueada/);
    assert.match(
      new SignInError(DIRECTORY_REFUSALS['password-expired']).text.in(translatorFor('de')),
      /abgelaufen/,
    );
  });
});
