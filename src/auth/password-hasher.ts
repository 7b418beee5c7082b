/**
 * argon2id hashing behind a small port so services can be tested without the cost.
 * Parameters from OWASP's password storage cheat sheet: m=19456 KiB, t=2, p=1.
 */
import { hash, verify, Algorithm } from '@node-rs/argon2';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hashed: string, password: string): Promise<boolean>;
}

export const ARGON2_PARAMS = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const argon2Hasher: PasswordHasher = {
  hash: (password) => hash(password, ARGON2_PARAMS),
  verify: async (hashed, password) => {
    try {
      return await verify(hashed, password);
    } catch {
      // A malformed stored hash is a refusal, never an exception that reveals anything.
      return false;
    }
  },
};
