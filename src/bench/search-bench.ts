/**
 * `npm run bench`, search part (bench.ts runs it on each database, on a database of its own): the
 * query behind the Admin Console's Users page — `users.search`, its bounded count and its first
 * page of 50 — for quick finds that match anywhere ("smith", "mith", an email part, a miss), a
 * two-letter prefix, and a broad one ("example", in every email), on QUIRE_BENCH_SEARCH_USERS
 * users (seed.ts; default 1,000,000, 100,000 with QUIRE_BENCH_QUICK=1).
 *
 *   const rows = await benchSearch('sqlite', 'sqlite:/tmp/x/quire.db', dataDir, { log, defer });
 */
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { createUsersRepository } from '../users/users.repository.js';
import { openSeeder } from './seed.js';
import { fixed, now, summarize, type TableRow } from './stats.js';

type Kind = 'sqlite' | 'postgres';

const QUICK = process.env.QUIRE_BENCH_QUICK === '1';
const USERS = usersSetting(process.env.QUIRE_BENCH_SEARCH_USERS, QUICK ? 100_000 : 1_000_000);
const AIM_MS = 50;
const WARMUP_ROUNDS = 5;
const ROUNDS = QUICK ? 30 : 60;

/** The searches an administrator types, with the aim each is held to (the broad one has none). */
const SEARCHES = [
  { q: 'smith', aimed: true },
  { q: 'mith', aimed: true },
  { q: 'ma', aimed: true },
  { q: 'maria.garcia', aimed: true },
  { q: 'zzqxj', aimed: true },
  { q: 'example', aimed: false },
] as const;

function usersSetting(text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1000 || Number(text) > 10_000_000)
    throw new Error(`QUIRE_BENCH_SEARCH_USERS must be a whole number from 1000 to 10000000, not "${text}"`);
  return Number(text);
}

const sizeLabel = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);

export async function benchSearch(
  kind: Kind,
  databaseUrl: string,
  _dataDir: string,
  { log }: { log: (message: string) => void; defer: (cleanup: () => Promise<void> | void) => void },
): Promise<TableRow[]> {
  const database = await openDatabase(databaseUrl);
  try {
    await migrateToLatest(database);
    const seeder = await openSeeder(kind, databaseUrl);
    try {
      const seconds = await seeder.insertUsers(0, USERS, await seeder.ensureSource());
      log(`${kind}: search: seeded ${USERS} users in ${fixed(seconds)} s`);
      await seeder.settle();
    } finally {
      await seeder.close();
    }
    const users = createUsersRepository(database.db);
    const samples = new Map<string, number[]>(SEARCHES.map((s) => [s.q, []]));
    const found = new Map<string, string>();
    for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
      for (const { q } of SEARCHES) {
        const t0 = now();
        const page = await users.search({ query: q, limit: 50 });
        const ms = now() - t0;
        if (round >= WARMUP_ROUNDS) samples.get(q)!.push(ms);
        found.set(q, `${page.total.exact ? '' : '>'}${page.total.count}`);
      }
    }
    const aimed = SEARCHES.filter((s) => s.aimed).flatMap((s) => samples.get(s.q)!);
    const all = summarize(aimed);
    const each = SEARCHES.map(({ q }) => {
      const summary = summarize(samples.get(q)!);
      return `"${q}" (${found.get(q)} found) p50 ${fixed(summary.p50, 2)} p95 ${fixed(summary.p95, 2)}`;
    });
    log(`${kind}: search @${sizeLabel(USERS)} (ms): ${each.join('; ')}`);
    const broad = summarize(samples.get('example')!);
    return [
      {
        database: kind,
        metric: `Users search p50/p95 @${sizeLabel(USERS)}`,
        value: `${fixed(all.p50)}/${fixed(all.p95)} ms`,
        floor: SEARCHES.filter((s) => s.aimed)
          .map((s) => s.q)
          .join(', '),
        ratio: '',
        aim: `p95<${AIM_MS} ms`,
        ok: all.p95 < AIM_MS,
      },
      {
        database: kind,
        metric: `Users search "example" (every user) p50/p95 @${sizeLabel(USERS)}`,
        value: `${fixed(broad.p50)}/${fixed(broad.p95)} ms`,
        floor: '',
        ratio: '',
        aim: '',
      },
    ];
  } finally {
    await database.close();
  }
}
