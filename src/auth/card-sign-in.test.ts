import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import type { PasswordHasher } from '../passwords/password-hasher.js';
import { GENERIC_SIGNIN_FAILURE, THROTTLED_SIGNIN } from './auth.service.js';

const ACTOR = { username: 'admin', ip: '127.0.0.1' };

describe('sign-in by card/ID number and PIN (release stations)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
    const { users } = t.app.services;
    for (const username of ['alice', 'bob', 'nopin', 'gone']) {
      await t.createUser({ username, password: 'lantern-orchid-93' });
    }
    await users.updateDetails('alice', { cardNumber: '0042', cardNumber2: 'A-77' }, ACTOR);
    await users.setCardPin('alice', '1234', ACTOR);
    await users.updateDetails('bob', { cardNumber: '5000' }, ACTOR);
    await users.setCardPin('bob', '9999', ACTOR);
    await users.updateDetails('nopin', { cardNumber: '6000' }, ACTOR);
    await users.updateDetails('gone', { cardNumber: '7000' }, ACTOR);
    await users.setCardPin('gone', '1111', ACTOR);
    await users.setDisabled('gone', true, ACTOR);
  });
  after(() => t.close());

  const byCard = (card: string, pin: string, ip = '192.0.2.10') =>
    t.app.services.auth.signInByCard({ card, pin, ip });

  it('signs a user in with either card number and the PIN', async () => {
    assert.equal((await byCard('0042', '1234')).username, 'alice');
    assert.equal((await byCard(' A-77 ', '1234')).username, 'alice');
  });

  it('gives one message for an unknown card, a wrong or missing PIN, no PIN set and a disabled user', async () => {
    for (const [card, pin] of [
      ['9999999', '1234'],
      ['0042', '4321'],
      ['0042', ''],
      ['6000', ''],
      ['6000', '1234'],
      ['7000', '1111'],
      ['', ''],
    ] as const) {
      await assert.rejects(
        byCard(card, pin, '192.0.2.20'),
        (e: Error) => e.message === GENERIC_SIGNIN_FAILURE,
      );
    }
  });

  it('does an argon2id verification whether or not the card exists or has a PIN', async () => {
    let verifications = 0;
    const counting: PasswordHasher = {
      hash: async () => 'unused',
      verify: async () => {
        verifications++;
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
    for (const card of ['no-such-card', '0042', '6000'])
      await assert.rejects(auth.signInByCard({ card, pin: '1', ip: '198.51.100.30' }));
    assert.equal(verifications, 3);
  });

  it('throttles a card number after repeated failures, known or not', async () => {
    for (const card of ['5000', 'not-a-card']) {
      for (let i = 0; i < 5; i++)
        await assert.rejects(
          byCard(card, '0000', `203.0.113.${i + 20}`),
          (e: Error) => e.message === GENERIC_SIGNIN_FAILURE,
        );
      await assert.rejects(
        byCard(card, '9999', '203.0.113.99'),
        (e: Error) => e.message === THROTTLED_SIGNIN,
      );
    }
    // The card's counter is its own: bob's password sign-in is not slowed down.
    assert.equal(
      (
        await t.app.services.auth.signIn({
          username: 'bob',
          password: 'lantern-orchid-93',
          ip: '203.0.113.98',
        })
      ).username,
      'bob',
    );
  });

  it('records successes and failures in the audit log, without the card number', async () => {
    await byCard('0042', '1234', '192.0.2.40');
    await assert.rejects(byCard('0042', '0000', '192.0.2.41'));
    const rows = await t.app.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('ip', 'in', ['192.0.2.40', '192.0.2.41'])
      .orderBy('id')
      .execute();
    assert.deepEqual(
      rows.map((row) => [row.action, row.target]),
      [
        ['signin.success', 'alice'],
        ['signin.failure', 'alice'],
      ],
    );
    assert.ok(rows.every((row) => !JSON.stringify(row).includes('0042')));
  });
});
