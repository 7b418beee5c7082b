/**
 * Sign-in throttling per address and per attempted account name, with escalating delays
 * (after Keycloak's brute-force detection: a few free failures, then a wait that doubles with each
 * further failure up to a maximum, forgotten after a quiet period). The account key is the name
 * that was typed, whether or not such an account exists, so throttling reveals nothing.
 */
import type { Clock } from '../ports.js';
import type { ThrottleRepository } from './throttle.repository.js';

export interface ThrottlePolicy {
  freeFailures: number;
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  resetAfterSeconds: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = { freeFailures: 5, firstDelaySeconds: 2, maxDelaySeconds: 900, resetAfterSeconds: 12 * 3600 };
// An office behind one NAT address shares it, so the address allows more before it slows down.
export const ADDRESS_POLICY: ThrottlePolicy = { freeFailures: 30, firstDelaySeconds: 2, maxDelaySeconds: 900, resetAfterSeconds: 3600 };

export function delayAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeFailures) return 0;
  const exponent = Math.min(failures - policy.freeFailures, 30);
  return Math.min(policy.firstDelaySeconds * 2 ** exponent, policy.maxDelaySeconds);
}

export function createThrottleService(repository: ThrottleRepository, clock: Clock) {
  const keys = (ip: string, username: string) =>
    [
      [`ip:${ip}`, ADDRESS_POLICY],
      [`user:${username}`, ACCOUNT_POLICY],
    ] as const;

  return {
    /**
     * Seconds to wait before another attempt is allowed (0 = go ahead), and whether the account
     * has a failure counter that a success must clear. One query for both keys.
     */
    async check(ip: string, username: string): Promise<{ retryAfter: number; accountHasFailures: boolean }> {
      const now = clock.now().getTime();
      const states = await repository.getMany(keys(ip, username).map(([key]) => key));
      let wait = 0;
      for (const state of states.values()) wait = Math.max(wait, Math.ceil((new Date(state.blockedUntil).getTime() - now) / 1000));
      return { retryAfter: Math.max(wait, 0), accountHasFailures: states.has(`user:${username}`) };
    },

    async recordFailure(ip: string, username: string): Promise<void> {
      const now = clock.now();
      for (const [key, policy] of keys(ip, username)) {
        const state = await repository.get(key);
        const stale = !state || now.getTime() - new Date(state.lastFailureAt).getTime() > policy.resetAfterSeconds * 1000;
        const failures = stale ? 1 : state.failures + 1;
        const blockedUntil = new Date(now.getTime() + delayAfter(failures, policy) * 1000).toISOString();
        await repository.put(key, { failures, lastFailureAt: now.toISOString(), blockedUntil });
      }
    },

    /** A successful sign-in clears the account's counter (not the address's). */
    async recordSuccess(username: string): Promise<void> {
      await repository.clear(`user:${username}`);
    },

    /** Administrators can clear a lock from the user page or the CLI. */
    clearAccount: (username: string) => repository.clear(`user:${username}`),
  };
}

export type ThrottleService = ReturnType<typeof createThrottleService>;
