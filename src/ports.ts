/**
 * Side effects that services take as arguments, so tests can pin time and randomness.
 *
 *   const token = systemRandom.token(32); // 43 url-safe characters, 256 bits
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface Random {
  /** `bytes` random bytes as base64url text. */
  token(bytes: number): string;
}

export const systemRandom: Random = { token: (bytes) => randomBytes(bytes).toString('base64url') };

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Constant-time comparison of two strings (false when the lengths differ). */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
