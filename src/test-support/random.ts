/**
 * A seeded pseudo-random generator (mulberry32) for tests that must be repeatable: a fuzz test
 * prints its seed, and the same seed gives the same cases.
 *
 *   const random = seededRandom(1234);
 *   random.next();        // [0, 1)
 *   random.int(10);       // 0…9
 *   random.pick(['a', 'b']);
 */
export interface Random {
  next(): number;
  /** An integer from 0 to `below` − 1. */
  int(below: number): number;
  pick<T>(list: readonly T[]): T;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (below: number) => Math.floor(next() * below);
  return { next, int, pick: (list) => list[int(list.length)]! };
}
