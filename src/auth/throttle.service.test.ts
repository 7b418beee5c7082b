import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createServices } from '../app.js';
import { loadConfig } from '../config.js';
import type { UserRow } from '../db/schema.js';
import { forEachDatabase } from '../test-support/databases.js';
import { createThrottleRepository } from './throttle.repository.js';
import { accountPolicy, ADDRESS_POLICY, countSchedule, delayAfter } from './throttle.service.js';
import { DEFAULT_OPTIONS } from '../settings/settings.service.js';
import { argon2Hasher, type PasswordHasher } from '../passwords/password-hasher.js';

const PASSWORD = 'lantern-orchid-93';
const PARALLEL = 40;
const ADMIN = { username: 'admin', ip: '127.0.0.1' };

forEachDatabase('sign-in throttle under parallel attempts', (getDatabase) => {
  // The real argon2id hasher behind the port, counting the password checks it is asked for.
  let verifications = 0;
  const hasher: PasswordHasher = {
    hash: (password) => argon2Hasher.hash(password),
    verify: (hashed, password) => {
      verifications++;
      return argon2Hasher.verify(hashed, password);
    },
  };
  let services: Awaited<ReturnType<typeof createServices>>;
  let lockoutFailures: number;
  const user = async (username: string): Promise<UserRow> =>
    await services.users.createInternal(
      { username, password: PASSWORD, email: `${username}@example.org` },
      ADMIN,
    );
  const inParallel = async (attempt: (i: number) => Promise<unknown>, count = PARALLEL) => {
    verifications = 0;
    return Promise.allSettled(Array.from({ length: count }, (_, i) => attempt(i)));
  };
  const statuses = (results: PromiseSettledResult<unknown>[]) =>
    results.map((r) => (r.status === 'rejected' ? (r.reason as { status?: number }).status : 200)).sort();

  before(async () => {
    services = await createServices(
      getDatabase(),
      loadConfig({ QUIRE_LOG_LEVEL: 'silent', QUIRE_DATABASE_URL: 'sqlite::memory:' }),
      { hasher },
    );
    lockoutFailures = (await services.settings.get()).lockoutFailures;
  });

  it('keeps a lockout longer than the reset period for as long as it was set', async () => {
    const repository = createThrottleRepository(getDatabase().db);
    // One free failure, then a day's block; counters older than an hour are stale.
    const policy = {
      freeFailures: 1,
      firstDelaySeconds: 86_400,
      maxDelaySeconds: 86_400,
      resetAfterSeconds: 3_600,
    };
    const start = Date.parse('2026-12-02T08:00:00Z');
    const at = (hours: number) => countSchedule(policy, new Date(start + hours * 3_600_000));
    await repository.count('user:long-lock', at(0), { unlessBlocked: true });
    await repository.count('user:long-lock', at(0), { unlessBlocked: true });
    assert.equal(
      await repository.count('user:long-lock', at(2), { unlessBlocked: true }),
      null,
      'still blocked two hours later',
    );
    const again = await repository.count('user:long-lock', at(25), { unlessBlocked: true });
    assert.equal(again?.failures, 1, 'free again once the day is over, counting from 1');
    // A stale counter that never blocked starts again at 1 too, with no block below the first step.
    const ordinary = { ...policy, freeFailures: 3 };
    const later = (hours: number) => countSchedule(ordinary, new Date(start + hours * 3_600_000));
    await repository.count('user:quiet', later(0), { unlessBlocked: true });
    assert.equal((await repository.count('user:quiet', later(0.5), { unlessBlocked: true }))?.failures, 2);
    assert.deepEqual(await repository.count('user:quiet', later(2), { unlessBlocked: true }), {
      failures: 1,
      blockedUntil: new Date(0).toISOString(),
    });
  });

  it('checks only as many of 40 parallel wrong passwords for one account as the lockout allows, then locks it', async () => {
    await user('victim');
    const results = await inParallel((i) =>
      services.auth.signIn({ username: 'victim', password: `wrong-${i}`, ip: `203.0.113.${i}` }),
    );
    assert.equal(verifications, lockoutFailures, 'password checks');
    assert.deepEqual(statuses(results), [
      ...Array<number>(lockoutFailures).fill(401),
      ...Array<number>(PARALLEL - lockoutFailures).fill(429),
    ]);
    const lock = await services.throttle.accountLock('victim');
    assert.equal(lock?.failures, lockoutFailures);
    assert.ok(lock?.lockedUntil, 'the account is locked');
    await assert.rejects(
      services.auth.signIn({ username: 'victim', password: PASSWORD, ip: '203.0.113.200' }),
      { status: 429 },
    );
  });

  it('checks only as many of 40 parallel wrong passwords from one address as the address allows, then blocks it', async () => {
    const results = await inParallel((i) =>
      services.auth.signIn({ username: `spray${i}`, password: 'wrong', ip: '198.51.100.7' }),
    );
    assert.equal(verifications, ADDRESS_POLICY.freeFailures, 'password checks');
    assert.equal(
      results.filter((r) => r.status === 'rejected' && (r.reason as { status?: number }).status === 429)
        .length,
      PARALLEL - ADDRESS_POLICY.freeFailures,
    );
    // The block set by the last counted attempt (the first delay, 2 s, may be over by now).
    const address = await createThrottleRepository(getDatabase().db).get('ip:198.51.100.7');
    assert.equal(address?.failures, ADDRESS_POLICY.freeFailures);
    assert.equal(
      Date.parse(address.blockedUntil) - Date.parse(address.lastFailureAt),
      ADDRESS_POLICY.firstDelaySeconds * 1000,
      'the address is blocked',
    );
  });

  // Every attempt counts until it is known to be right, so the address allows this many at once.
  it('takes back every one of many parallel right passwords from one address', async () => {
    const count = ADDRESS_POLICY.freeFailures - 1;
    const names = await Promise.all(Array.from({ length: count }, (_, i) => user(`office${i}`)));
    const results = await inParallel(
      (i) => services.auth.signIn({ username: names[i]!.username, password: PASSWORD, ip: '198.51.100.8' }),
      count,
    );
    assert.deepEqual(statuses(results), Array<number>(count).fill(200));
    assert.equal(
      (await createThrottleRepository(getDatabase().db).get('ip:198.51.100.8'))?.failures ?? 0,
      0,
      'successes are not counted',
    );
    assert.ok(
      Object.hasOwn(await services.throttle.begin('198.51.100.8', 'office0'), 'attempt'),
      'the address is not blocked',
    );
  });

  it('checks only as many of 40 parallel wrong current passwords under Change Password as the lockout allows', async () => {
    const changer = await user('changer');
    const results = await inParallel((i) =>
      services.users.changeOwnPassword(
        changer,
        {
          currentPassword: `wrong-${i}`,
          newPassword: 'a-new-long-passphrase',
          confirmPassword: 'a-new-long-passphrase',
        },
        { username: 'changer', ip: `192.0.2.${i}` },
      ),
    );
    assert.equal(verifications, lockoutFailures, 'password checks');
    assert.equal(
      results.filter((r) => r.status === 'rejected' && (r.reason as { status?: number }).status === 429)
        .length,
      PARALLEL - lockoutFailures,
    );
    assert.ok((await services.throttle.accountLock('changer'))?.lockedUntil, 'the account is locked');
  });

  it('checks only as many of 40 parallel wrong current passwords on the email form as the lockout allows', async () => {
    const mover = await user('mover');
    const results = await inParallel((i) =>
      services.emailChange.request(
        mover,
        { newEmail: 'new@example.org', currentPassword: `wrong-${i}` },
        { username: 'mover', ip: `192.0.2.${i}` },
      ),
    );
    assert.equal(verifications, lockoutFailures, 'password checks');
    assert.equal(
      results.filter((r) => r.status === 'rejected' && (r.reason as { status?: number }).status === 429)
        .length,
      PARALLEL - lockoutFailures,
    );
    assert.ok((await services.throttle.accountLock('mover'))?.lockedUntil, 'the account is locked');
  });

  it('counts every one of 40 parallel refused API tokens from one address', async () => {
    await inParallel(() =>
      services.apiTokens.authenticate('quire_AAAAAAAAAAAAAAAA.not-a-real-secret-at-all-0000000000000000000', {
        scope: 'users:read',
        ip: '198.51.100.9',
      }),
    );
    assert.equal(
      (await createThrottleRepository(getDatabase().db).get('api:198.51.100.9'))?.failures,
      PARALLEL,
    );
    assert.ok((await services.throttle.checkApiAddress('198.51.100.9')) > 0, 'the address is throttled');
  });
});

const ACCOUNT_POLICY = accountPolicy(DEFAULT_OPTIONS);

describe('sign-in throttle delays', () => {
  it('allows a few free failures per account, then doubles the wait up to the maximum', () => {
    assert.equal(delayAfter(ACCOUNT_POLICY.freeFailures - 1, ACCOUNT_POLICY), 0);
    const first = delayAfter(ACCOUNT_POLICY.freeFailures, ACCOUNT_POLICY);
    assert.ok(first > 0);
    assert.equal(delayAfter(ACCOUNT_POLICY.freeFailures + 1, ACCOUNT_POLICY), first * 2);
    assert.equal(delayAfter(1000, ACCOUNT_POLICY), ACCOUNT_POLICY.maxDelaySeconds);
  });

  it('defaults to Keycloak-like lockout: 5 free failures, then 60 s doubling up to 15 min, forgotten after 12 h', () => {
    assert.deepEqual(ACCOUNT_POLICY, {
      freeFailures: 5,
      firstDelaySeconds: 60,
      maxDelaySeconds: 900,
      resetAfterSeconds: 12 * 3600,
    });
    assert.deepEqual(
      [5, 6, 7, 8, 9].map((n) => delayAfter(n, ACCOUNT_POLICY)),
      [60, 120, 240, 480, 900],
    );
  });

  it('lets a shared address fail more often than one account before slowing down', () => {
    assert.ok(ADDRESS_POLICY.freeFailures > ACCOUNT_POLICY.freeFailures);
  });
});
