/**
 * Sign-in throttling per address and per attempted account name, with escalating delays
 * (after Keycloak's brute-force detection: a few free failures, then a wait that doubles with each
 * further failure up to a maximum, forgotten after a quiet period). The account key is the name
 * that was typed, whether or not such an account exists, so throttling reveals nothing. The
 * account policy is the administrator's (Admin Console → Options); the address policy is fixed.
 *
 *   const { retryAfter } = await throttle.check(ip, username);
 */
import type { Clock } from '../ports.js';
import type { Options, SettingsService } from '../settings/settings.service.js';
import type { ThrottleRepository } from './throttle.repository.js';

export interface ThrottlePolicy {
  freeFailures: number;
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  resetAfterSeconds: number;
}

/** The per-account policy from the lockout options. */
export function accountPolicy(options: Options): ThrottlePolicy {
  return {
    freeFailures: options.lockoutFailures,
    firstDelaySeconds: options.lockoutDelaySeconds,
    maxDelaySeconds: options.lockoutMaxDelayMinutes * 60,
    resetAfterSeconds: options.lockoutResetHours * 3600,
  };
}

/** An account's failure counter as the administrator sees it on the user page. */
export interface AccountLock {
  failures: number;
  /** When sign-in is delayed, until when (ISO time); null when the next attempt may go ahead. */
  lockedUntil: string | null;
}

// An office behind one NAT address shares it, so the address allows more before it slows down.
export const ADDRESS_POLICY: ThrottlePolicy = { freeFailures: 30, firstDelaySeconds: 2, maxDelaySeconds: 900, resetAfterSeconds: 3600 };

export function delayAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeFailures) return 0;
  const exponent = Math.min(failures - policy.freeFailures, 30);
  return Math.min(policy.firstDelaySeconds * 2 ** exponent, policy.maxDelaySeconds);
}

export function createThrottleService(repository: ThrottleRepository, clock: Clock, settings: Pick<SettingsService, 'get'>) {
  const keys = async (ip: string, username: string) =>
    [
      [`ip:${ip}`, ADDRESS_POLICY],
      [`user:${username}`, accountPolicy(await settings.get())],
    ] as const;

  async function bump(key: string, policy: ThrottlePolicy, now: Date): Promise<void> {
    const state = await repository.get(key);
    const stale = !state || now.getTime() - new Date(state.lastFailureAt).getTime() > policy.resetAfterSeconds * 1000;
    const failures = stale ? 1 : state.failures + 1;
    const blockedUntil = new Date(now.getTime() + delayAfter(failures, policy) * 1000).toISOString();
    await repository.put(key, { failures, lastFailureAt: now.toISOString(), blockedUntil });
  }

  return {
    /**
     * Seconds to wait before another attempt is allowed (0 = go ahead), and whether the account
     * has a failure counter that a success must clear. One query for both keys.
     */
    async check(ip: string, username: string): Promise<{ retryAfter: number; accountHasFailures: boolean }> {
      const now = clock.now().getTime();
      const states = await repository.getMany([`ip:${ip}`, `user:${username}`]);
      let wait = 0;
      for (const state of states.values()) wait = Math.max(wait, Math.ceil((new Date(state.blockedUntil).getTime() - now) / 1000));
      return { retryAfter: Math.max(wait, 0), accountHasFailures: states.has(`user:${username}`) };
    },

    async recordFailure(ip: string, username: string): Promise<void> {
      const now = clock.now();
      for (const [key, policy] of await keys(ip, username)) await bump(key, policy, now);
    },

    /**
     * Callers that present no account name (API tokens) are counted per address only, under their
     * own key (`api:<ip>`), so a script with a stale token does not slow down browser sign-ins
     * from the same office. Seconds to wait (0 = go ahead), one query.
     */
    async checkApiAddress(ip: string): Promise<number> {
      const state = await repository.get(`api:${ip}`);
      if (!state) return 0;
      return Math.max(Math.ceil((new Date(state.blockedUntil).getTime() - clock.now().getTime()) / 1000), 0);
    },
    recordApiFailure: (ip: string) => bump(`api:${ip}`, ADDRESS_POLICY, clock.now()),

    /** A successful sign-in clears the account's counter (not the address's). */
    async recordSuccess(username: string): Promise<void> {
      await repository.clear(`user:${username}`);
    },

    /** The account's counter, or null when it has no recent failures. */
    async accountLock(username: string): Promise<AccountLock | null> {
      const state = await repository.get(`user:${username}`);
      if (!state) return null;
      const now = clock.now().getTime();
      const { resetAfterSeconds } = accountPolicy(await settings.get());
      if (now - new Date(state.lastFailureAt).getTime() > resetAfterSeconds * 1000) return null;
      return { failures: state.failures, lockedUntil: new Date(state.blockedUntil).getTime() > now ? state.blockedUntil : null };
    },

    /** Administrators can clear a lock from the user page. */
    clearAccount: (username: string) => repository.clear(`user:${username}`),
  };
}

export type ThrottleService = ReturnType<typeof createThrottleService>;
