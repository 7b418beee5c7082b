/**
 * argon2id hashing behind a small port so services can be tested without the cost. The work runs
 * on threads of its own, one per core (argon2-threads.ts); the parameters are in argon2-params.ts.
 */
import { availableParallelism } from 'node:os';
import { createArgon2Threads } from './argon2-threads.js';

export { ARGON2_PARAMS } from './argon2-params.js';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hashed: string, password: string): Promise<boolean>;
}

/** Runs at most `limit` tasks at once; the others wait their turn (batch import bounds its rows). */
export function createLimiter(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/**
 * One thread per core, at most 8: past that the main thread, at about 1.3 ms of its own per
 * sign-in, is the limit (some 700 sign-ins a second), and each thread holds about 10 MB.
 */
const threads = createArgon2Threads(Math.min(availableParallelism(), 8));

/** Each argon2id call holds 19 MiB: at most one per core runs at once, the others wait their turn. */
export const argon2Hasher: PasswordHasher = {
  hash: (password) => threads.hash(password),
  verify: (hashed, password) => threads.verify(hashed, password),
};
