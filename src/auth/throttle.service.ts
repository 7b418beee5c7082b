/**
 * Sign-in throttling per address and per attempted account name, with escalating delays
 * (after Keycloak's brute-force detection: a few free failures, then a wait that doubles with each
 * further failure up to a maximum, forgotten after a quiet period). The account key is the name
 * that was typed, whether or not such an account exists, so throttling reveals nothing. The
 * account policy is the administrator's (Admin Console → Options); the address policy is fixed.
 *
 *   const started = await throttle.begin(ip, username);
 *   if ('retryAfter' in started) throw new TooManyAttemptsError(started.retryAfter);
 *   if (await hasher.verify(hash, password)) await started.attempt.succeeded();
 */
import type { Clock } from '../ports.js';
import type { Options, SettingsService } from '../settings/settings.service.js';
import type { CountSchedule, Counted, ThrottleRepository } from './throttle.repository.js';

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
export const ADDRESS_POLICY: ThrottlePolicy = {
  freeFailures: 30,
  firstDelaySeconds: 2,
  maxDelaySeconds: 900,
  resetAfterSeconds: 3600,
};

export function delayAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeFailures) return 0;
  const exponent = Math.min(failures - policy.freeFailures, 30);
  return Math.min(policy.firstDelaySeconds * 2 ** exponent, policy.maxDelaySeconds);
}

/**
 * The blocks a counted attempt sets, from the policy: one step for each count whose delay is
 * longer than the last, up to the maximum (at most 31 steps, as `delayAfter` caps the exponent).
 */
export function countSchedule(policy: ThrottlePolicy, now: Date): CountSchedule {
  const steps: CountSchedule['steps'] = [];
  let previous = 0;
  for (let count = policy.freeFailures; count <= policy.freeFailures + 30; count++) {
    const delay = delayAfter(count, policy);
    if (delay <= previous) break;
    steps.push({ from: count, until: new Date(now.getTime() + delay * 1000).toISOString() });
    previous = delay;
  }
  return {
    now: now.toISOString(),
    staleBefore: new Date(now.getTime() - policy.resetAfterSeconds * 1000).toISOString(),
    steps,
  };
}

/**
 * One password check that `begin` let go ahead. It is counted as a failure from the start, so
 * that parallel checks see each other; the caller says afterwards if it was not one.
 */
export interface Attempt {
  /** The password was right: the account's counter is cleared and the address's attempt taken back. */
  succeeded(): Promise<void>;
  /** It was no failure (the directory could not be asked; a right current password): taken back on both keys. */
  notCounted(): Promise<void>;
}

export function createThrottleService(
  repository: ThrottleRepository,
  clock: Clock,
  settings: Pick<SettingsService, 'get'>,
) {
  const keys = async (ip: string, username: string) =>
    [
      [`user:${username}`, accountPolicy(await settings.get())],
      [`ip:${ip}`, ADDRESS_POLICY],
    ] as const;

  const secondsUntil = (iso: string, now: Date) =>
    Math.ceil((new Date(iso).getTime() - now.getTime()) / 1000);

  return {
    /**
     * Counts a password check for the address and the typed account name before the password is
     * looked at, and lets it go ahead only if neither key was blocked at that moment: the decision
     * is on the count the database returns, so parallel attempts cannot all slip under the limit.
     * Either seconds to wait (the attempt is not counted) or the attempt.
     */
    async begin(ip: string, username: string): Promise<{ retryAfter: number } | { attempt: Attempt }> {
      const now = clock.now();
      const counted: [string, Counted][] = [];
      const takeBack = () => Promise.all(counted.map(([key, mine]) => repository.uncount(key, mine)));
      for (const [key, policy] of await keys(ip, username)) {
        const mine = await repository.count(key, countSchedule(policy, now), { unlessBlocked: true });
        if (!mine) {
          await takeBack();
          const state = await repository.get(key);
          // At least a second: the block may have ended between the count and this read.
          return { retryAfter: Math.max(state ? secondsUntil(state.blockedUntil, now) : 0, 1) };
        }
        counted.push([key, mine]);
      }
      const [, address] = counted[1]!;
      return {
        attempt: {
          async succeeded() {
            await repository.clear(`user:${username}`);
            await repository.uncount(`ip:${ip}`, address);
          },
          notCounted: async () => void (await takeBack()),
        },
      };
    },

    /**
     * Callers that present no account name (API tokens) are counted per address only, under their
     * own key (`api:<ip>`), so a script with a stale token does not slow down browser sign-ins
     * from the same office. Seconds to wait (0 = go ahead), one query.
     */
    async checkApiAddress(ip: string): Promise<number> {
      const state = await repository.get(`api:${ip}`);
      if (!state) return 0;
      return Math.max(secondsUntil(state.blockedUntil, clock.now()), 0);
    },
    /** Counts a refused token in one statement, so parallel refusals are all counted. */
    async recordApiFailure(ip: string): Promise<void> {
      await repository.count(`api:${ip}`, countSchedule(ADDRESS_POLICY, clock.now()), {
        unlessBlocked: false,
      });
    },

    /** The account's counter, or null when it has no recent failures. */
    async accountLock(username: string): Promise<AccountLock | null> {
      const state = await repository.get(`user:${username}`);
      // A row at 0 is attempts that were all taken back (right current passwords).
      if (!state || state.failures === 0) return null;
      const now = clock.now().getTime();
      const { resetAfterSeconds } = accountPolicy(await settings.get());
      if (now - new Date(state.lastFailureAt).getTime() > resetAfterSeconds * 1000) return null;
      return {
        failures: state.failures,
        lockedUntil: new Date(state.blockedUntil).getTime() > now ? state.blockedUntil : null,
      };
    },

    /** Administrators can clear a lock from the user page. */
    clearAccount: (username: string) => repository.clear(`user:${username}`),
  };
}

export type ThrottleService = ReturnType<typeof createThrottleService>;
