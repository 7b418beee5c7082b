/**
 * Benchmark data for accounting: personal accounts for the bulk users, millions of ledger rows and
 * a job for every print charge among them, generated inside the database by a few INSERT … SELECT
 * statements over a number series (a recursive CTE on SQLite, generate_series on PostgreSQL)
 * instead of being sent row by row.
 *
 * Each row is arithmetic in its position k, so nothing is looked up or sorted: one row in ten goes
 * to the heavy users in turn, the other nine go round the bulk users, and rows are spread evenly
 * over the past year; before them, a hundredth of the rows belong to a dormant user (the year
 * before). An account's n-th row is a quota (+0.20) for n mod 10 < 8, a print charge
 * (−1.50, with its job: ten A4 pages) at 8 and an adjustment (−0.10) at 9, so its balance after
 * each row is known in closed form; the balances are then set to the ledger sums, so `quire
 * accounts verify` holds.
 *
 *   const seeded = await seedAccounting('sqlite', url, { ledgerRows: 10_000_000, sourceId, heavyUsers, dormantUser, printers, log });
 *   seeded.jobs // 1,000,000
 */
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { OPEN_ACCOUNTS, postgresPlainIndexes, sqlitePlainIndexes, type PlainIndex } from './seed.js';

export interface AccountingSeed {
  ledgerRows: number;
  /** The directory source of the bulk users (seed.ts), who get a personal account each. */
  sourceId: number;
  /** Heavy users, in order; they and their personal accounts exist already. */
  heavyUsers: readonly string[];
  /**
   * A heavy user who printed a lot and then stopped (like a project's shared account): a hundredth
   * of the rows, all older than everyone else's. Their account exists already.
   */
  dormantUser: string;
  /** The printers the jobs are spread over (they exist already); name is "server\queue". */
  printers: readonly { id: number; name: string }[];
  log(message: string): void;
}

export interface SeededAccounting {
  bulkUsers: number;
  ledgerRows: number;
  jobs: number;
  /** Bulk users in slot order: the first ones are charged by the benchmark's processJob calls. */
  bulkUsernames(count: number): Promise<string[]>;
  close(): Promise<void>;
}

/** What differs between the two databases; everything else is the same SQL text. */
interface Runner {
  run(sql: string): Promise<void>;
  /** The first column of the first row, as a number. */
  number(sql: string): Promise<number>;
  strings(sql: string): Promise<string[]>;
  plainIndexes(table: string): Promise<PlainIndex[]>;
  /** A WITH-clause entry `seq(k)` holding from…to. */
  series(from: number, to: number): string;
  /** An ISO 8601 UTC text ('2026-12-02T10:00:00.000Z') of a Unix time in seconds. */
  isoTime(seconds: string): string;
  /** After rows with explicit ids: the next generated id follows them. */
  continueIds(table: 'ledger' | 'jobs'): Promise<void>;
  settle(tables: string[]): Promise<void>;
  close(): Promise<void>;
}

function sqliteRunner(file: string): Runner {
  const sqlite = new SQLite(file);
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('synchronous = NORMAL');
  // A large page cache and in-memory temporary tables for this connection only.
  sqlite.pragma('cache_size = -1000000');
  sqlite.pragma('temp_store = MEMORY');
  return {
    run: async (sql) => void sqlite.exec(sql),
    number: async (sql) => Number(sqlite.prepare(sql).pluck().get()),
    strings: async (sql) => sqlite.prepare(sql).pluck().all() as string[],
    plainIndexes: async (table) => sqlitePlainIndexes(sqlite, table),
    series: (from, to) =>
      `RECURSIVE seq(k) AS (SELECT ${int(from)} UNION ALL SELECT k + 1 FROM seq WHERE k < ${int(to)})`,
    isoTime: (seconds) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${seconds}, 'unixepoch')`,
    // AUTOINCREMENT remembers the largest id ever inserted, explicit ones included.
    continueIds: async () => {},
    // Quire never runs ANALYZE on SQLite, so neither does the benchmark (as seed.ts).
    settle: async () => {},
    close: async () => void sqlite.close(),
  };
}

async function postgresRunner(url: string): Promise<Runner> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("SET maintenance_work_mem = '512MB'");
  await client.query("SET work_mem = '256MB'");
  return {
    run: async (sql) => void (await client.query(sql)),
    number: async (sql) => Number(Object.values((await client.query(sql)).rows[0] ?? {})[0] ?? 0),
    strings: async (sql) =>
      (await client.query<Record<string, string>>(sql)).rows.map((r) => Object.values(r)[0]!),
    plainIndexes: (table) => postgresPlainIndexes(client, table),
    series: (from, to) => `seq(k) AS (SELECT generate_series(${int(from)}::bigint, ${int(to)}::bigint))`,
    isoTime: (seconds) =>
      `to_char(to_timestamp(${seconds}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    continueIds: async (table) =>
      void (await client.query(
        `SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`,
      )),
    // As autovacuum would within a minute or so of a bulk load.
    settle: async (tables) => {
      for (const table of tables) await client.query(`VACUUM (ANALYZE) ${table}`);
    },
    close: () => client.end(),
  };
}

/** A whole number written into SQL text; anything else is a bug in the benchmark. */
function int(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not a whole number: ${value}`);
  return String(value);
}

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Statements per generated chunk of ledger rows (progress shows between them). */
const CHUNK = 1_000_000;
/** The rows are spread over the year before now. */
const SPAN_SECONDS = 365 * 86_400;

/** Where the rows k = from…to go: their slot, their ordinal n in the slot, their id and Unix time. */
interface RowPlan {
  slot: string;
  n: string;
  id: string;
  time: string;
}

/** One row in ten (k mod 10 = 0) to a heavy slot in turn; the other nine round the bulk slots. */
function spreadPlan(shape: {
  base: number;
  rows: number;
  bulk: number;
  heavy: number;
  start: number;
}): RowPlan {
  const { base, rows, bulk, heavy, start } = shape;
  const bulkIndex = `((k / 10) * 9 + k % 10 - 1)`;
  return {
    slot: `CASE WHEN k % 10 = 0 THEN ${int(bulk)} + (k / 10) % ${int(heavy)} ELSE ${bulkIndex} % ${int(bulk)} END`,
    n: `CASE WHEN k % 10 = 0 THEN (k / 10) / ${int(heavy)} ELSE ${bulkIndex} / ${int(bulk)} END`,
    id: `${int(base)} + k + 1`,
    time: `${int(start)} + (k * ${int(SPAN_SECONDS)}) / ${int(rows)}`,
  };
}

function ledgerInsert(runner: Runner, plan: RowPlan, from: number, to: number): string {
  return `WITH ${runner.series(from, to)},
    s AS (SELECT k, ${plan.slot} AS slot, ${plan.n} AS n, ${plan.id} AS id, ${plan.time} AS t FROM seq),
    r AS (SELECT slot, n, n % 10 AS r, id, t FROM s)
  INSERT INTO ledger (id, account_id, amount, balance_after, type, comment, actor, job_id, created_at)
  SELECT r.id, b.account_id,
    CASE WHEN r.r < 8 THEN 2000 WHEN r.r = 8 THEN -15000 ELSE -1000 END,
    CASE WHEN r.r < 8 THEN 2000 * (r.r + 1) WHEN r.r = 8 THEN 1000 ELSE 0 END,
    CASE WHEN r.r < 8 THEN 'quota' WHEN r.r = 8 THEN 'print-charge' ELSE 'adjustment' END,
    CASE WHEN r.r < 8 THEN 'Quota for period ' || (r.n / 10 * 8 + r.r + 1)
         WHEN r.r = 8 THEN 'Report ' || (r.n / 10 + 1) || '.pdf' ELSE 'Correction' END,
    CASE WHEN r.r < 8 THEN 'system' WHEN r.r = 8 THEN b.username ELSE 'bench-admin' END,
    CASE WHEN r.r = 8 THEN r.id END,
    ${runner.isoTime('r.t')}
  FROM r JOIN bench_slots b ON b.slot = r.slot`;
}

/** The job of every print-charge row seeded (ids above `base`), with the ledger row's id. */
function jobsInsert(base: number, printers: number): string {
  return `INSERT INTO jobs (id, user_id, username, printer_id, printer_name, account_id, account_name,
      document_name, pages, copies, total_pages, color_pages, duplex, paper_size, cost, refunded,
      status, reason, client_machine, origin, created_at)
    SELECT l.id, b.user_id, b.username, p.printer_id, p.name, l.account_id, b.username,
      l.comment, 10, 1, 10, 0, 0, 'A4', 15000, 0, 'printed', '', 'PC-' || (l.id % 997), 'ipp', l.created_at
    FROM ledger l
    JOIN bench_slots b ON b.account_id = l.account_id
    JOIN bench_printers p ON p.k = l.id % ${int(printers)}
    WHERE l.id > ${int(base)} AND l.type = 'print-charge'`;
}

/** The slots: bulk users' personal accounts 0…bulk−1 (opened here if settle() has not), then the heavy users', then the dormant user's. */
async function fillSlots(runner: Runner, seed: AccountingSeed): Promise<number> {
  await runner.run(OPEN_ACCOUNTS);
  await runner.run(`CREATE TEMP TABLE bench_slots (slot integer PRIMARY KEY,
    account_id integer NOT NULL UNIQUE, user_id integer NOT NULL, username text NOT NULL)`);
  await runner.run(`INSERT INTO bench_slots (slot, account_id, user_id, username)
    SELECT row_number() OVER (ORDER BY a.id) - 1, a.id, u.id, u.username
    FROM accounts a JOIN users u ON u.id = a.user_id WHERE u.source_id = ${int(seed.sourceId)}`);
  const bulk = await runner.number('SELECT count(*) FROM bench_slots');
  const named = [...seed.heavyUsers, seed.dormantUser];
  for (const [h, username] of named.entries()) {
    await runner.run(`INSERT INTO bench_slots (slot, account_id, user_id, username)
      SELECT ${int(bulk + h)}, a.id, u.id, u.username FROM users u JOIN accounts a ON a.user_id = u.id
      WHERE u.username = ${literal(username)}`);
  }
  if ((await runner.number('SELECT count(*) FROM bench_slots')) !== bulk + named.length)
    throw new Error('a heavy or dormant user has no personal account');
  await runner.run(
    'CREATE TEMP TABLE bench_printers (k integer PRIMARY KEY, printer_id integer NOT NULL, name text NOT NULL)',
  );
  for (const [k, printer] of seed.printers.entries()) {
    await runner.run(
      `INSERT INTO bench_printers (k, printer_id, name) VALUES (${int(k)}, ${int(printer.id)}, ${literal(printer.name)})`,
    );
  }
  return bulk;
}

/** The dormant user's rows first (the oldest ids and times), then the others spread over the past year. */
async function insertLedger(
  runner: Runner,
  seed: AccountingSeed,
  bulk: number,
  base: number,
  progress: (rows: number) => void,
): Promise<void> {
  const dormant = Math.floor(seed.ledgerRows / 100);
  const spread = seed.ledgerRows - dormant;
  const start = Math.floor(Date.now() / 1000) - SPAN_SECONDS;
  await runner.run(
    ledgerInsert(
      runner,
      {
        slot: String(bulk + seed.heavyUsers.length),
        n: 'k',
        id: `${int(base)} + k + 1`,
        time: `${int(start - SPAN_SECONDS)} + (k * ${int(SPAN_SECONDS)}) / ${int(dormant)}`,
      },
      0,
      dormant - 1,
    ),
  );
  progress(dormant);
  const plan = spreadPlan({ base: base + dormant, rows: spread, bulk, heavy: seed.heavyUsers.length, start });
  for (let from = 0; from < spread; from += CHUNK) {
    const to = Math.min(from + CHUNK, spread) - 1;
    await runner.run(ledgerInsert(runner, plan, from, to));
    progress(dormant + to + 1);
  }
}

export async function seedAccounting(
  kind: 'sqlite' | 'postgres',
  url: string,
  seed: AccountingSeed,
): Promise<SeededAccounting> {
  const runner = kind === 'sqlite' ? sqliteRunner(url.slice('sqlite:'.length)) : await postgresRunner(url);
  try {
    const t0 = performance.now();
    const seconds = () => ((performance.now() - t0) / 1000).toFixed(1);
    const bulk = await fillSlots(runner, seed);
    seed.log(`${kind}: ${bulk} bulk accounts opened (${seconds()} s)`);
    const base = await runner.number('SELECT coalesce(max(id), 0) FROM ledger');
    const jobsBefore = await runner.number('SELECT count(*) FROM jobs');
    // Building an index once from all rows is several times faster than updating it per row.
    const indexes = [...(await runner.plainIndexes('ledger')), ...(await runner.plainIndexes('jobs'))];
    for (const index of indexes) await runner.run(`DROP INDEX "${index.name}"`);
    await insertLedger(runner, seed, bulk, base, (done) =>
      seed.log(`${kind}: ledger rows …${done} (${seconds()} s)`),
    );
    await runner.run(jobsInsert(base, seed.printers.length));
    seed.log(`${kind}: jobs (${seconds()} s)`);
    await runner.run(`UPDATE accounts SET balance = t.total
      FROM (SELECT account_id, sum(amount) AS total FROM ledger GROUP BY account_id) AS t
      WHERE t.account_id = accounts.id`);
    seed.log(`${kind}: balances set to the ledger sums (${seconds()} s)`);
    for (const index of indexes) await runner.run(index.sql);
    await runner.continueIds('ledger');
    await runner.continueIds('jobs');
    seed.log(`${kind}: indexes re-created (${seconds()} s)`);
    await runner.settle(['ledger', 'jobs', 'accounts']);
    const jobs = (await runner.number('SELECT count(*) FROM jobs')) - jobsBefore;
    return {
      bulkUsers: bulk,
      ledgerRows: seed.ledgerRows,
      jobs,
      bulkUsernames: (count) =>
        runner.strings(
          `SELECT username FROM bench_slots WHERE slot < ${int(Math.min(count, bulk))} ORDER BY slot`,
        ),
      close: () => runner.close(),
    };
  } catch (error) {
    await runner.close();
    throw error;
  }
}
