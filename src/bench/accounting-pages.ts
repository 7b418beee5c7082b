/**
 * Latency of the accounting history pages on a large ledger: Transaction History
 * (/user/transactions) and Recent Print Jobs (/user/jobs) of heavy users (first and last page) and
 * of a dormant user, whose rows are all older than anyone else's (first page), and the Admin
 * Console Job Log (/admin/jobs, first and last page). The floor is the page's own query (the
 * repository's keyset query, page + 1 ids) timed directly on the database, as bench.ts measures
 * quick find; the ratio is HTTP p95 ÷ query p95.
 *
 *   const probe = await openQueryProbe('postgres', url);
 *   const rows = await pageRows('postgres', probe, { heavy, dormant, admin }, { warmup: 20, measured: 300, aimMs: 50 }, server, log);
 */
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { BenchClient } from './http.client.js';
import { fixed, now, summarize, type LatencySummary, type TableRow } from './stats.js';

/** Rows the pages show (both the user pages' PAGE_SIZE and the Job Log's JOBS_PER_PAGE). */
const PAGE_SIZE = 50;

/** Statements on the database itself, timed; `?` placeholders on both databases. */
export interface QueryProbe {
  query(
    sql: string,
    params: readonly (number | string)[],
  ): Promise<{ ms: number; rows: Record<string, unknown>[] }>;
  /** The database's plan for the statement, on one line. */
  plan(sql: string, params: readonly number[]): Promise<string>;
  close(): Promise<void>;
}

export async function openQueryProbe(kind: 'sqlite' | 'postgres', url: string): Promise<QueryProbe> {
  if (kind === 'sqlite') {
    const sqlite = new SQLite(url.slice('sqlite:'.length), { readonly: true });
    const statements = new Map<string, SQLite.Statement>();
    return {
      async query(sql, params) {
        let statement = statements.get(sql);
        if (!statement) statements.set(sql, (statement = sqlite.prepare(sql)));
        const t0 = now();
        const rows = statement.all(...params) as Record<string, unknown>[];
        return { ms: now() - t0, rows };
      },
      async plan(sql, params) {
        const steps = sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
        return steps.map((step) => step.detail).join('; ');
      },
      async close() {
        sqlite.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Named (prepared) statements, as the pg driver gives the server: one per distinct text.
  const names = new Map<string, string>();
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  return {
    async query(sql, params) {
      let name = names.get(sql);
      if (!name) names.set(sql, (name = `probe_${names.size}`));
      const text = numbered(sql);
      const t0 = now();
      const result = await client.query({ name, text, values: [...params] });
      return { ms: now() - t0, rows: result.rows as Record<string, unknown>[] };
    },
    async plan(sql, params) {
      const result = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${numbered(sql)}`, [...params]);
      return result.rows.map((row) => row['QUERY PLAN'].trim()).join(' | ');
    },
    close: () => client.end(),
  };
}

/** A heavy user signed in to the User Web Interface. */
export interface HeavyUser {
  username: string;
  userId: number;
  accountId: number;
  client: BenchClient;
}

/** One page measured: the request for the i-th sample, and the query behind it. */
interface PageCase {
  metric: string;
  client(i: number): BenchClient;
  path(i: number): string;
  sql: string;
  params(i: number): number[];
  /** A column whose newest value the page must show (checked once, so a broken page is not timed). */
  shown: string;
}

/**
 * The repositories' page query (ledger.repository.ts `page`): the page's ids from the filter's
 * index alone, then their rows.
 */
const pageQuery = (table: string, where: string) =>
  `SELECT * FROM ${table} WHERE id IN (SELECT id FROM ${table} ${where} ORDER BY id DESC LIMIT ${PAGE_SIZE + 1}) ORDER BY id DESC`;

/** The id that makes `?before=` show the oldest page (the PAGE_SIZE oldest rows). */
async function lastPageBefore(probe: QueryProbe, sql: string, params: number[]): Promise<number> {
  const { rows } = await probe.query(`${sql} ORDER BY id LIMIT 1 OFFSET ${PAGE_SIZE - 1}`, params);
  if (!rows[0]) throw new Error(`fewer than ${PAGE_SIZE} rows for ${sql}`);
  return Number(rows[0].id) + 1;
}

/** The User Web Interface's two history pages and the query each runs for a user. */
const USER_PAGES = [
  {
    name: 'Transaction History',
    path: '/user/transactions',
    table: 'ledger',
    column: 'account_id',
    key: (u: HeavyUser) => u.accountId,
    shown: 'comment',
  },
  {
    name: 'Recent Print Jobs',
    path: '/user/jobs',
    table: 'jobs',
    column: 'user_id',
    key: (u: HeavyUser) => u.userId,
    shown: 'document_name',
  },
];

/** Each user page for `users` in turn: the first page, and with `last` also the last page. */
async function userCases(probe: QueryProbe, who: string, users: HeavyUser[], last: boolean) {
  const cases: PageCase[] = [];
  const user = (i: number) => users[i % users.length]!;
  for (const page of USER_PAGES) {
    const where = `WHERE ${page.column} = ?`;
    cases.push({
      metric: `${page.name}, ${who}, first page`,
      client: (i) => user(i).client,
      path: () => page.path,
      sql: pageQuery(page.table, where),
      params: (i) => [page.key(user(i))],
      shown: page.shown,
    });
    if (!last) continue;
    const before: number[] = [];
    const ids = `SELECT id FROM ${page.table} ${where}`;
    for (const u of users) before.push(await lastPageBefore(probe, ids, [page.key(u)]));
    cases.push({
      metric: `${page.name}, ${who}, last page`,
      client: (i) => user(i).client,
      path: (i) => `${page.path}?before=${before[i % users.length]}`,
      sql: pageQuery(page.table, `${where} AND id < ?`),
      params: (i) => [page.key(user(i)), before[i % users.length]!],
      shown: page.shown,
    });
  }
  return cases;
}

async function pageCases(
  probe: QueryProbe,
  clients: { heavy: HeavyUser[]; dormant: HeavyUser; admin: BenchClient },
): Promise<PageCase[]> {
  const { admin } = clients;
  const adminLast = await lastPageBefore(probe, 'SELECT id FROM jobs WHERE id > ?', [0]);
  return [
    ...(await userCases(probe, 'heavy user', clients.heavy, true)),
    ...(await userCases(probe, 'dormant user', [clients.dormant], false)),
    {
      metric: 'admin Job Log, first page',
      client: () => admin,
      path: () => '/admin/jobs',
      sql: pageQuery('jobs', ''),
      params: () => [],
      shown: 'document_name',
    },
    {
      metric: 'admin Job Log, last page',
      client: () => admin,
      path: () => `/admin/jobs?before=${adminLast}`,
      sql: pageQuery('jobs', 'WHERE id < ?'),
      params: () => [adminLast],
      shown: 'document_name',
    },
  ];
}

async function measureCase(
  probe: QueryProbe,
  page: PageCase,
  settings: { warmup: number; measured: number },
  serverCpu: () => number,
): Promise<{ http: LatencySummary; floor: LatencySummary; cpuMs: number }> {
  const first = await page.client(0).get(page.path(0), { keepCookies: false });
  const expected = String((await probe.query(page.sql, page.params(0))).rows[0]?.[page.shown] ?? '');
  if (first.status !== 200 || !expected || !first.body.includes(expected)) {
    throw new Error(
      `GET ${page.path(0)} answered ${first.status} without "${expected}": ${first.body.slice(0, 300)}`,
    );
  }
  const http: number[] = [];
  const floor: number[] = [];
  let cpu = 0;
  for (let i = 0; i < settings.warmup + settings.measured; i++) {
    if (i === settings.warmup) cpu = serverCpu();
    const t0 = now();
    const res = await page.client(i).get(page.path(i), { keepCookies: false });
    const ms = now() - t0;
    if (res.status !== 200) throw new Error(`GET ${page.path(i)} answered ${res.status}`);
    if (i >= settings.warmup) http.push(ms);
  }
  const cpuMs = ((serverCpu() - cpu) * 1000) / settings.measured;
  for (let i = 0; i < settings.warmup + settings.measured; i++) {
    const { ms } = await probe.query(page.sql, page.params(i));
    if (i >= settings.warmup) floor.push(ms);
  }
  return { http: summarize(http), floor: summarize(floor), cpuMs };
}

export async function pageRows(
  kind: string,
  probe: QueryProbe,
  clients: { heavy: HeavyUser[]; dormant: HeavyUser; admin: BenchClient },
  settings: { warmup: number; measured: number; aimMs: number },
  server: { cpuSeconds(): number },
  log: (message: string) => void,
): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  for (const page of await pageCases(probe, clients)) {
    log(`${kind}: ${page.metric}: plan: ${await probe.plan(page.sql, page.params(0))}`);
    const { http, floor, cpuMs } = await measureCase(probe, page, settings, () => server.cpuSeconds());
    log(
      `${kind}: ${page.metric}: HTTP p50 ${fixed(http.p50, 2)} p95 ${fixed(http.p95, 2)} max ${fixed(http.max, 2)} ms, server CPU ${fixed(cpuMs, 2)} ms a page; query p50 ${fixed(floor.p50, 3)} p95 ${fixed(floor.p95, 3)} ms`,
    );
    rows.push({
      database: kind,
      metric: `${page.metric} p50/p95`,
      value: `${fixed(http.p50)}/${fixed(http.p95)} ms`,
      floor: `${fixed(floor.p50, 2)}/${fixed(floor.p95, 2)} ms query`,
      ratio: `${fixed(http.p95 / floor.p95)}×`,
      aim: `p95<${settings.aimMs} ms`,
      ok: http.p95 < settings.aimMs,
    });
  }
  return rows;
}
