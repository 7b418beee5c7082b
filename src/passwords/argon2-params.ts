/**
 * argon2id's parameters, from OWASP's password storage cheat sheet (m=19456 KiB, t=2, p=1), and
 * the messages between the main thread and the argon2id threads (argon2-threads.ts).
 */
import { Algorithm } from '@node-rs/argon2';

export const ARGON2_PARAMS = {
  algorithm: Algorithm.Argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

export type Argon2Job =
  | { id: number; op: 'hash'; password: string }
  | { id: number; op: 'verify'; hashed: string; password: string };

export type Argon2Answer = { id: number; value: string | boolean } | { id: number; error: string };
