/**
 * `npm run bench`: Quire's performance against its physical limits, on SQLite and PostgreSQL.
 *
 *  1. Sign-in throughput through HTTP POST /user/login on a real server process, against the raw
 *     argon2id verifications per second this machine can do (the sign-in's unavoidable cost).
 *  2. Admin Console Users quick find latency (GET /admin/users?q=PREFIX) at two table sizes,
 *     against the bare indexed prefix query timed directly on the database.
 *  3. XML-RPC api.getUserProperty and REST GET /api/v1/users/{name} calls per second with 50
 *     concurrent connections (autocannon), against a bare Fastify route in a process of its own
 *     on the same machine, measured with the same settings in the same run.
 *  4. The server process's resident memory after all of it.
 *  5. PostgreSQL only: sign-ins per second and quick find p95 through nginx (Debian nginx-light)
 *     with 1, 2 and 3 servers on one database, against one server measured directly in the same
 *     run; the ratio is the scaling.
 *  6. Accounting (accounting-bench.ts), on a database of its own: charges per second through
 *     XML-RPC api.processJob against the raw conditional UPDATE of a balance, and the history
 *     pages' latency with 10 million ledger rows and 1 million jobs.
 *  7. Printing (print-bench.ts), on a database of its own: IPP Print-Job jobs accepted per second
 *     for a 10-page PDF against the raw page-count rate of the same PDF; spool MB/s of one 200 MB
 *     Print-Job against a streamed file copy on the same disk; the server's RSS growth meanwhile.
 *  8. Users search (search-bench.ts), on a database of its own: the query behind the Users page
 *     for quick finds that match anywhere, at QUIRE_BENCH_SEARCH_USERS users (default 1,000,000).
 *  9. The CLI (cli-bench.ts), on a database of its own: the wall time of `quire --help` and
 *     `quire user show NAME` against Node's own start (`node -e 0`) in the same run.
 *
 * QUIRE_BENCH_QUICK=1 shrinks sizes and durations for a smoke test; QUIRE_BENCH_DATABASES=sqlite
 * (or postgres) runs one database only, =cluster the several-servers part (5) only;
 * QUIRE_BENCH_PARTS=users (1–5), =accounting (6), =print (7), =search (8) or =cli (9) runs those
 * parts only (comma-separated; default all five);
 * QUIRE_BENCH_LEDGER_ROWS sets the accounting part's ledger size (jobs are a tenth of it);
 * QUIRE_BENCH_SERVER_ARGS gives the server processes Node options (e.g. --cpu-prof, server.process.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { createApp } from '../app.js';
import { benchAccounting } from './accounting-bench.js';
import { benchCli } from './cli-bench.js';
import { openArgon2Limit } from './argon2-limit.js';
import { benchPrint } from './print-bench.js';
import { benchSearch } from './search-bench.js';
import { loadConfig } from '../config.js';
import { createPostgresDatabase, startPostgres } from '../test-support/postgres.js';
import { nginxSkip, startCluster } from '../test-support/cluster.js';
import { BenchClient, RawFormConnection, type BenchResponse } from './http.client.js';
import { load as loadRun, xmlRpcCall, type LoadOptions, type LoadResult } from './load.js';
import { openSeeder, syntheticUser } from './seed.js';
import {
  processCpuSeconds,
  startBareServer,
  startServerProcess,
  type BareServer,
  type ServerProcess,
} from './server.process.js';
import {
  fixed,
  formatTable,
  machineBusySeconds,
  now,
  runFor,
  summarize,
  type LatencySummary,
  type TableRow,
} from './stats.js';

const QUICK = process.env.QUIRE_BENCH_QUICK === '1';
const DATABASES = (process.env.QUIRE_BENCH_DATABASES || 'sqlite,postgres').split(',');
const PARTS = (process.env.QUIRE_BENCH_PARTS || 'users,accounting,print,search,cli').split(',');
const SIZES = QUICK ? [10_000, 100_000] : [100_000, 1_000_000];
/** p95 aims for quick find, by table size. */
const QUICK_FIND_AIM_MS: Record<number, number> = { 10_000: 10, 100_000: 10, 1_000_000: 50 };
const SIGNIN_USERS = 200;
/** Total time of each side of the sign-in comparison, split into alternating rounds. */
const SIGNIN_MS = QUICK ? 3_000 : 8_000;
const SIGNIN_ROUNDS = 8;
const CONCURRENCY = 6;
const WARMUP_REQUESTS = QUICK ? 20 : 50;
const MEASURED_REQUESTS = QUICK ? 100 : 400;
/** A broken plan must not turn the benchmark into an hour: stop measuring a size after this. */
const QUICK_FIND_BUDGET_MS = 90_000;
const PAGE_SIZE = 50;
const SIGNIN_PASSWORD = 'violet harbour compass 1987';
const ADMIN = { username: 'bench-admin', password: 'admin bench passphrase 42' };
const MEMORY_AIM_MB = 150;
const START_MEMORY_AIM_MB = 100;
/** The API throughput runs: autocannon connections, measured seconds and warm-up seconds of each. */
const API_CONNECTIONS = 50;
const API_SECONDS = QUICK ? 3 : 10;
const API_WARMUP_SECONDS = QUICK ? 1 : 2;
/** Issue 18's aims per database: API calls against the bare route, sign-ins against argon2id. */
const API_AIM: Record<Kind, number> = { sqlite: 0.5, postgres: 0.3 };
const SIGN_IN_AIM: Record<Kind, number> = { sqlite: 0.9, postgres: 0.85 };

const log = (message: string) =>
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

/** Cleanups run newest first, on success, failure or Ctrl-C. */
const cleanups: (() => Promise<void> | void)[] = [];
async function cleanUp(keep = 0): Promise<void> {
  while (cleanups.length > keep) {
    try {
      await cleanups.pop()!();
    } catch (error) {
      log(`cleanup failed: ${(error as Error).message}`);
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'quire-bench-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

type Kind = 'sqlite' | 'postgres';

/** Creates the sign-in users and the administrator through the app's own service. */
async function prepareAccounts(
  dataDir: string,
  databaseUrl: string,
): Promise<{ usernames: string[]; hash: string; token: string }> {
  const app = await createApp(
    loadConfig({ QUIRE_DATA_DIR: dataDir, QUIRE_DATABASE_URL: databaseUrl, QUIRE_LOG_LEVEL: 'silent' }),
  );
  try {
    const actor = { username: 'bench', ip: '127.0.0.1' };
    await app.services.users.createInternal(
      { ...ADMIN, fullName: 'Bench Administrator', isAdmin: true },
      actor,
    );
    const usernames = Array.from(
      { length: SIGNIN_USERS },
      (_, k) => `signin.user${String(k).padStart(3, '0')}`,
    );
    // Two at a time: one argon2id hash per core.
    for (let k = 0; k < usernames.length; k += 2) {
      await Promise.all(
        usernames.slice(k, k + 2).map((username) =>
          app.services.users.createInternal(
            {
              username,
              password: SIGNIN_PASSWORD,
              fullName: `Sign-in User ${username.slice(-3)}`,
              email: `${username}@example.org`,
            },
            actor,
          ),
        ),
      );
    }
    const hash = (await app.services.users.findByUsername(usernames[0]!))?.password_hash;
    if (!hash) throw new Error('the sign-in user has no password hash');
    const { token } = await app.services.apiTokens.create(
      { name: 'bench', scopes: ['xmlrpc', 'users:read'] },
      actor,
    );
    return { usernames, hash, token };
  } finally {
    await app.close();
  }
}

/**
 * CONCURRENCY keep-alive connections that each POST a fresh sign-in (the users in turn), warmed
 * up. Each POST carries only the anonymous CSRF cookie, never a session cookie: every one is a
 * fresh sign-in, as from a new browser. `failures` counts answers other than 303 by status.
 */
async function openSignInLoad(origin: string, usernames: string[]) {
  const client = new BenchClient(origin, 1);
  const connections: RawFormConnection[] = [];
  const close = () => {
    for (const connection of connections) connection.close();
    client.close();
  };
  try {
    // One anonymous CSRF cookie/token pair stays valid for every POST (double submit).
    await client.get('/user/login');
    if (!client.csrf) throw new Error(`GET ${origin}/user/login gave no _csrf token`);
    connections.push(
      ...(await Promise.all(Array.from({ length: CONCURRENCY }, () => RawFormConnection.open(client)))),
    );
  } catch (error) {
    close();
    throw error;
  }
  const failures = new Map<number, number>();
  let next = 0;
  const signIn = async (worker: number) => {
    const username = usernames[next++ % usernames.length]!;
    const status = await connections[worker]!.post('/user/login', { username, password: SIGNIN_PASSWORD });
    if (status !== 303) failures.set(status, (failures.get(status) ?? 0) + 1);
  };
  for (let k = 0; k < CONCURRENCY * 2; k++) await signIn(k % CONCURRENCY); // warm up connections and JIT
  failures.clear();
  return { signIn, failures, close };
}

/**
 * Sign-in throughput against its physical limit. The two are measured in alternating rounds (raw
 * argon2id verifications in this process while the server is idle, see argon2-limit.ts, then HTTP
 * sign-ins), so that anything else running on the machine weighs on both alike and the ratio stays
 * meaningful.
 */
async function signInVersusArgon2(server: ServerProcess, usernames: string[], hash: string) {
  const floor = await openArgon2Limit(hash, SIGNIN_PASSWORD);
  const { signIn, failures, close } = await openSignInLoad(server.origin, usernames).catch(
    async (error: unknown) => {
      await floor.close();
      throw error;
    },
  );
  try {
    // Rates count what finished inside each window; CPU shares use the wall time up to the
    // last straggler, since the CPU readings include it.
    const totals = {
      limit: { n: 0, s: 0, wall: 0, cpu: 0, machine: 0 },
      http: { n: 0, s: 0, wall: 0, server: 0, client: 0, machine: 0 },
    };
    const ownCpu = () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1e6;
    };
    for (let round = 0; round < SIGNIN_ROUNDS; round++) {
      let [cpu, machine, t0] = [ownCpu(), machineBusySeconds(), now()];
      const raw = await floor.run(SIGNIN_MS / SIGNIN_ROUNDS);
      totals.limit.n += raw.completed;
      totals.limit.s += raw.seconds;
      totals.limit.wall += (now() - t0) / 1000;
      totals.limit.cpu += ownCpu() - cpu;
      totals.limit.machine += machineBusySeconds() - machine;

      const serverCpu = server.cpuSeconds();
      [cpu, machine, t0] = [ownCpu(), machineBusySeconds(), now()];
      const http = await runFor(SIGNIN_MS / SIGNIN_ROUNDS, CONCURRENCY, signIn);
      totals.http.n += http.completed;
      totals.http.s += http.seconds;
      totals.http.wall += (now() - t0) / 1000;
      totals.http.server += server.cpuSeconds() - serverCpu;
      totals.http.client += ownCpu() - cpu;
      totals.http.machine += machineBusySeconds() - machine;
    }
    const failed = [...failures.values()].reduce((a, b) => a + b, 0);
    return {
      limit: totals.limit.n / totals.limit.s,
      perSecond: (totals.http.n - failed) / totals.http.s,
      completed: totals.http.n,
      failures,
      // Cores busy: how much of the machine each side actually got.
      limitCores: totals.limit.cpu / totals.limit.wall,
      limitMachineCores: totals.limit.machine / totals.limit.wall,
      serverCores: totals.http.server / totals.http.wall,
      clientCores: totals.http.client / totals.http.wall,
      httpMachineCores: totals.http.machine / totals.http.wall,
    };
  } finally {
    close();
    await floor.close();
  }
}

/** One quick-find request: what the Admin Console's search box sends. */
interface FindRequest {
  q: string;
  page: number;
  /** The indexed column the prefix came from (what the floor query scans). */
  column: 'username' | 'full_name_key' | 'email_key' | 'card_number' | null;
}

const FIELDS = [
  { column: 'username', value: (i: number) => syntheticUser(i).username },
  { column: 'full_name_key', value: (i: number) => syntheticUser(i).full_name },
  { column: 'email_key', value: (i: number) => syntheticUser(i).email },
  { column: 'card_number', value: (i: number) => syntheticUser(i).card_number },
] as const;

/** Prefixes of 2–5 leading characters of random existing rows' fields; some empty and page 2. */
function findRequests(count: number, size: number, seed: number): FindRequest[] {
  let state = seed;
  const rand = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: count }, (): FindRequest => {
    const r = rand();
    if (r < 0.05) return { q: '', page: 1, column: null };
    if (r < 0.1) return { q: '', page: 2, column: null };
    const field = FIELDS[Math.floor(rand() * FIELDS.length)]!;
    const q = [...field.value(Math.floor(rand() * size))].slice(0, 2 + Math.floor(rand() * 4)).join('');
    return { q, page: r < 0.15 ? 2 : 1, column: field.column };
  });
}

function findPath(request: FindRequest): string {
  const params = new URLSearchParams({ q: request.q });
  if (request.page > 1) params.set('page', String(request.page));
  return `/admin/users?${params}`;
}

async function quickFindLatency(
  client: BenchClient,
  requests: FindRequest[],
  onResponse?: (res: BenchResponse) => void,
): Promise<{ summary: LatencySummary; errors: Map<number, number>; slowest: string }> {
  const latencies: number[] = [];
  const timed: { ms: number; request: FindRequest }[] = [];
  const errors = new Map<number, number>();
  const started = now();
  for (const [k, request] of requests.entries()) {
    const t0 = now();
    const res = await client.get(findPath(request), { keepCookies: false });
    const ms = now() - t0;
    onResponse?.(res);
    if (res.status !== 200) errors.set(res.status, (errors.get(res.status) ?? 0) + 1);
    if (k >= WARMUP_REQUESTS) {
      latencies.push(ms);
      timed.push({ ms, request });
    }
    if (now() - started > QUICK_FIND_BUDGET_MS) {
      log(`quick find: stopped after ${k + 1} requests (over the ${QUICK_FIND_BUDGET_MS / 1000} s budget)`);
      break;
    }
  }
  const slowest = timed
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 8)
    .map(({ ms, request }) => `"${request.q}"${request.page > 1 ? ' p2' : ''} ${fixed(ms)}`)
    .join(', ');
  return { summary: summarize(latencies), errors, slowest };
}

/** The bare indexed prefix query — one range scan of one index, LIMIT 51 — timed on the database. */
interface FloorProbe {
  run(request: FindRequest): Promise<number>;
  close(): Promise<void>;
}

const prefixEnd = (q: string) => q + '\u{10FFFF}';
const floorSql = (column: FindRequest['column'], placeholder: (n: number) => string) =>
  column === null
    ? `SELECT * FROM users ORDER BY username LIMIT ${PAGE_SIZE + 1} OFFSET ${placeholder(1)}`
    : `SELECT * FROM users WHERE ${column} >= ${placeholder(1)} AND ${column} < ${placeholder(2)} ORDER BY ${column} LIMIT ${PAGE_SIZE + 1} OFFSET ${placeholder(3)}`;
const floorParams = (request: FindRequest) => {
  const offset = (request.page - 1) * PAGE_SIZE;
  if (request.column === null) return [offset];
  const q = request.q.toLowerCase();
  return [q, prefixEnd(q), offset];
};

async function openFloorProbe(kind: Kind, url: string): Promise<FloorProbe> {
  if (kind === 'sqlite') {
    const sqlite = new SQLite(url.slice('sqlite:'.length), { readonly: true });
    const statements = new Map<FindRequest['column'], SQLite.Statement>();
    return {
      async run(request) {
        let statement = statements.get(request.column);
        if (!statement)
          statements.set(request.column, (statement = sqlite.prepare(floorSql(request.column, () => '?'))));
        const t0 = now();
        statement.all(...floorParams(request));
        return now() - t0;
      },
      async close() {
        sqlite.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async run(request) {
      const t0 = now();
      await client.query({
        name: `floor_${request.column}`,
        text: floorSql(request.column, (n) => `$${n}`),
        values: floorParams(request),
      });
      return now() - t0;
    },
    async close() {
      await client.end();
    },
  };
}

async function floorLatency(probe: FloorProbe, requests: FindRequest[]): Promise<LatencySummary> {
  const latencies: number[] = [];
  for (const [k, request] of requests.entries()) {
    const ms = await probe.run(request);
    if (k >= WARMUP_REQUESTS) latencies.push(ms);
  }
  return summarize(latencies);
}

const statusList = (counts: Map<number, number>) =>
  [...counts].map(([status, n]) => `${n}×${status}`).join(', ');
const sizeLabel = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);

/** Seeds the table up to each size in turn and measures quick find at each. */
async function quickFindRows(
  kind: Kind,
  databaseUrl: string,
  server: ServerProcess,
  logMemory: (when: string) => void,
): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  const admin = new BenchClient(server.origin, 1);
  cleanups.push(() => admin.close());
  await admin.get('/admin/login');
  const login = await admin.postForm('/admin/login', ADMIN);
  if (login.status !== 303)
    throw new Error(`admin sign-in through POST /admin/login answered ${login.status}, not 303`);

  const seeder = await openSeeder(kind, databaseUrl);
  cleanups.push(() => seeder.close());
  const sourceId = await seeder.ensureSource();
  const probe = await openFloorProbe(kind, databaseUrl);
  cleanups.push(() => probe.close());
  let seeded = 0;
  for (const size of SIZES) {
    const seconds = await seeder.insertUsers(seeded, size, sourceId);
    log(`${kind}: seeded users ${seeded}…${size - 1} in ${fixed(seconds)} s`);
    seeded = size;
    const t0 = now();
    await seeder.settle();
    if (kind === 'postgres') log(`${kind}: VACUUM ANALYZE in ${fixed((now() - t0) / 1000)} s`);

    const requests = findRequests(WARMUP_REQUESTS + MEASURED_REQUESTS, size, size);
    log(
      `${kind}: quick find @${sizeLabel(size)}: ${requests.length} sequential requests (${WARMUP_REQUESTS} warm-up)`,
    );
    const http = await quickFindLatency(admin, requests);
    if (http.errors.size > 0) log(`${kind}: quick find answered ${statusList(http.errors)}`);
    log(`${kind}: slowest (ms): ${http.slowest}`);
    const floor = await floorLatency(probe, requests);
    log(
      `${kind}: quick find @${sizeLabel(size)}: HTTP p50 ${fixed(http.summary.p50, 2)} p95 ${fixed(http.summary.p95, 2)} max ${fixed(http.summary.max, 2)} ms; floor p50 ${fixed(floor.p50, 3)} p95 ${fixed(floor.p95, 3)} ms`,
    );
    const aim = QUICK_FIND_AIM_MS[size] ?? 50;
    const errorCount = [...http.errors.values()].reduce((a, b) => a + b, 0);
    rows.push({
      database: kind,
      metric: `quick find p50/p95 @${sizeLabel(size)}`,
      value:
        `${fixed(http.summary.p50)}/${fixed(http.summary.p95)} ms` +
        (errorCount ? ` (${errorCount} not 200)` : ''),
      floor: `${fixed(floor.p50, 2)}/${fixed(floor.p95, 2)} ms query`,
      ratio: `${fixed(http.summary.p95 / floor.p95)}×`,
      aim: `p95<${aim} ms`,
      ok: http.summary.p95 < aim && errorCount === 0,
    });
    logMemory(`after quick find @${sizeLabel(size)}`);
  }
  return rows;
}

const API_LOAD = { connections: API_CONNECTIONS, warmupSeconds: API_WARMUP_SECONDS, seconds: API_SECONDS };
const load = (url: string, target: { cpuSeconds(): number }, options: LoadOptions) =>
  loadRun(url, target, options, API_LOAD);

const getUserPropertyCall = (token: string, username: string) =>
  xmlRpcCall('api.getUserProperty', [token, username, 'email']);

/**
 * XML-RPC and REST calls per second against the bare Fastify route. Each connection cycles through
 * the sign-in users (autocannon `requests`), so the calls read different rows. The bare route is
 * measured before and after the two, and its mean is the limit, so drift shows in the log.
 */
async function apiThroughputRows(
  kind: Kind,
  server: ServerProcess,
  bare: BareServer,
  token: string,
  usernames: string[],
): Promise<TableRow[]> {
  // The first answers must be the real thing, not a fault or an error page measured at speed.
  const user = usernames[0]!;
  const rpcUrl = `${server.origin}/rpc/api/xmlrpc`;
  const rpc = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: getUserPropertyCall(token, user),
  });
  const rpcBody = await rpc.text();
  if (
    rpc.status !== 200 ||
    !rpcBody.includes('<methodResponse><params>') ||
    rpcBody.includes('<fault>') ||
    !rpcBody.includes(`${user}@example.org`)
  ) {
    throw new Error(`XML-RPC api.getUserProperty answered ${rpc.status}: ${rpcBody.slice(0, 500)}`);
  }
  const rest = await fetch(`${server.origin}/api/v1/users/${encodeURIComponent(user)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const restBody = await rest.text();
  if (
    rest.status !== 200 ||
    !/^application\/json/.test(rest.headers.get('content-type') ?? '') ||
    (JSON.parse(restBody) as { username?: string }).username !== user
  ) {
    throw new Error(
      `GET /api/v1/users/${user} answered ${rest.status} ${rest.headers.get('content-type')}: ${restBody.slice(0, 500)}`,
    );
  }
  const bareAnswer = await (await fetch(bare.url)).text();

  // The same answer check on all three runs, so that they cost the client alike.
  const isRpcValue = (body: string) => body.includes('<methodResponse><params>') && !body.includes('<fault>');
  const isJson = (body: string) => body.startsWith('{"');
  const rpcRequests = usernames.map((username) => ({
    method: 'POST',
    path: '/rpc/api/xmlrpc',
    headers: { 'content-type': 'text/xml' },
    body: getUserPropertyCall(token, username),
  }));
  const restRequests = usernames.map((username) => ({
    method: 'GET',
    path: `/api/v1/users/${encodeURIComponent(username)}`,
    headers: { authorization: `Bearer ${token}` },
  }));
  const bareOptions: LoadOptions = { verifyBody: (body) => isJson(body) && body === bareAnswer };

  const describe = (what: string, r: LoadResult) =>
    `${kind}: ${what}: ${fixed(r.perSecond)}/s, p50 ${fixed(r.p50)} p99 ${fixed(r.p99)} ms, ${r.completed} answers, ${r.bad} bad; server ${fixed(r.serverCores, 2)} + client ${fixed(r.clientCores, 2)} cores (machine busy ${fixed(r.machineCores, 2)})`;
  log(
    `${kind}: API throughput, ${API_CONNECTIONS} connections, ${API_WARMUP_SECONDS} s warm-up + ${API_SECONDS} s per run, ${usernames.length} users in rotation`,
  );
  const bareBefore = await load(bare.url, bare, bareOptions);
  log(describe('bare Fastify GET (before)', bareBefore));
  const xmlrpc = await load(rpcUrl, server, { requests: rpcRequests, verifyBody: isRpcValue });
  log(describe('XML-RPC api.getUserProperty', xmlrpc));
  const restResult = await load(server.origin, server, { requests: restRequests, verifyBody: isJson });
  log(describe('REST GET /api/v1/users/{name}', restResult));
  const bareAfter = await load(bare.url, bare, bareOptions);
  log(describe('bare Fastify GET (after)', bareAfter));
  const limit = (bareBefore.perSecond + bareAfter.perSecond) / 2;

  const latency = (r: LoadResult) => `p50/p99 ${fixed(r.p50)}/${fixed(r.p99)} ms`;
  const row = (metric: string, r: LoadResult): TableRow => ({
    database: kind,
    metric,
    value: `${fixed(r.perSecond, 0)}, ${latency(r)}` + (r.bad ? ` (${r.bad} bad)` : ''),
    floor: `${fixed(limit, 0)} bare Fastify`,
    ratio: fixed(r.perSecond / limit, 2),
    aim: `≥${API_AIM[kind]}`,
    ok: r.perSecond / limit >= API_AIM[kind] && r.bad === 0,
  });
  return [
    row(`XML-RPC getUserProperty/s (${API_CONNECTIONS} conn.)`, xmlrpc),
    row(`REST GET /api/v1/users/{name}/s (${API_CONNECTIONS} conn.)`, restResult),
    {
      database: kind,
      metric: `bare Fastify GET/s (${API_CONNECTIONS} conn.)`,
      value: `${fixed(limit, 0)}, ${latency(bareBefore.p99 >= bareAfter.p99 ? bareBefore : bareAfter)}`,
      floor: `${fixed(bareBefore.perSecond, 0)} before, ${fixed(bareAfter.perSecond, 0)} after`,
      ratio: '',
      aim: '',
    },
  ];
}

async function benchDatabase(
  kind: Kind,
  urlFor: (dataDir: string) => string,
  bare: BareServer,
): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  const dataDir = tempDir();
  const databaseUrl = urlFor(dataDir);
  log(`${kind}: creating ${SIGNIN_USERS} sign-in users and the administrator (argon2id)`);
  const { usernames, hash, token } = await prepareAccounts(dataDir, databaseUrl);

  const server = await startServerProcess({ dataDir, databaseUrl });
  cleanups.push(() => server.stop());
  const logMemory = (when: string) => {
    const { rssMb, hwmMb } = server.memory();
    log(`${kind}: server memory ${when}: RSS ${fixed(rssMb)} MB, peak ${fixed(hwmMb)} MB`);
  };
  log(`${kind}: server pid ${server.pid} at ${server.origin}`);
  const startMemory = server.memory();
  logMemory('at start');

  log(
    `${kind}: sign-in through HTTP vs raw argon2id verify (server idle), ${CONCURRENCY} concurrent, ${SIGNIN_ROUNDS} alternating rounds, ${SIGNIN_MS / 1000} s each`,
  );
  const signIn = await signInVersusArgon2(server, usernames, hash);
  const limit = signIn.limit;
  const signInFailures = [...signIn.failures.values()].reduce((a, b) => a + b, 0);
  log(
    `${kind}: argon2id ${fixed(limit)}/s using ${fixed(signIn.limitCores, 2)} cores (machine busy ${fixed(signIn.limitMachineCores, 2)})`,
  );
  log(
    `${kind}: HTTP ${fixed(signIn.perSecond)}/s using server ${fixed(signIn.serverCores, 2)} + client ${fixed(signIn.clientCores, 2)} cores (machine busy ${fixed(signIn.httpMachineCores, 2)})`,
  );
  log(
    `${kind}: ${signIn.completed} sign-ins, ${signInFailures} not 303${signInFailures ? ` (${statusList(signIn.failures)})` : ''}`,
  );
  logMemory('after sign-ins');
  const signInRatio = signIn.perSecond / limit;
  rows.push({
    database: kind,
    metric: `sign-ins/s (HTTP, ${CONCURRENCY} conc.)`,
    value: fixed(signIn.perSecond) + (signInFailures ? ` (${signInFailures} failed)` : ''),
    floor: `${fixed(limit)} argon2`,
    ratio: fixed(signInRatio, 2),
    aim: `≥${SIGN_IN_AIM[kind]}`,
    ok: signInRatio >= SIGN_IN_AIM[kind] && signInFailures === 0,
  });

  try {
    rows.push(...(await quickFindRows(kind, databaseUrl, server, logMemory)));
  } catch (error) {
    // Report what was measured so far rather than nothing (e.g. the Admin Console is broken).
    log(`${kind}: quick find failed: ${(error as Error).stack ?? String(error)}`);
    rows.push({
      database: kind,
      metric: 'quick find',
      value: `FAILED: ${(error as Error).message}`,
      floor: '',
      ratio: '',
      aim: '',
      ok: false,
    });
  }

  // After quick find, so that the API reads users out of the full-size table.
  try {
    rows.push(...(await apiThroughputRows(kind, server, bare, token, usernames)));
  } catch (error) {
    log(`${kind}: API throughput failed: ${(error as Error).stack ?? String(error)}`);
    rows.push({
      database: kind,
      metric: 'API throughput',
      value: `FAILED: ${(error as Error).message}`,
      floor: '',
      ratio: '',
      aim: '',
      ok: false,
    });
  }
  logMemory('after the API runs');

  const memory = server.memory();
  // Each against the bare Fastify process's RSS, once listening: Node and Fastify alone.
  const memoryRow = (metric: string, mb: number, aimMb: number): TableRow => ({
    database: kind,
    metric,
    value: `${fixed(mb)} MB`,
    floor: `${fixed(bare.startRssMb)} MB bare Fastify`,
    ratio: `${fixed(mb / bare.startRssMb)}×`,
    aim: `<${aimMb} MB`,
    ok: mb < aimMb,
  });
  rows.push(
    memoryRow('server RSS at start', startMemory.rssMb, START_MEMORY_AIM_MB),
    memoryRow('server RSS after the runs', memory.rssMb, MEMORY_AIM_MB),
    memoryRow('server peak RSS (VmHWM)', memory.hwmMb, MEMORY_AIM_MB),
  );
  return rows;
}

/** What one set-up (one server direct, or N behind nginx) achieved. */
interface ClusterResult {
  signIns: number;
  failed: number;
  serverCores: number;
  machineCores: number;
  find: LatencySummary;
  findErrors: number;
  /** How many distinct servers answered the quick-find requests. */
  instances: number;
}

/** Sign-ins per second (HTTP only), then Users quick find p50/p95 (sequential, as one administrator). */
async function measureFront(
  label: string,
  origin: string,
  usernames: string[],
  requests: FindRequest[],
  serverCpu: () => number,
): Promise<ClusterResult> {
  const load = await openSignInLoad(origin, usernames);
  let signIns: { completed: number; seconds: number };
  const [cpu, machine, t0] = [serverCpu(), machineBusySeconds(), now()];
  try {
    signIns = await runFor(SIGNIN_MS, CONCURRENCY, load.signIn);
  } finally {
    load.close();
  }
  const wall = (now() - t0) / 1000;
  const [serverCores, machineCores] = [(serverCpu() - cpu) / wall, (machineBusySeconds() - machine) / wall];
  const failed = [...load.failures.values()].reduce((a, b) => a + b, 0);

  const admin = new BenchClient(origin, 1);
  try {
    await admin.get('/admin/login');
    const login = await admin.postForm('/admin/login', ADMIN);
    if (login.status !== 303) throw new Error(`${label}: admin sign-in answered ${login.status}, not 303`);
    const instances = new Set<string>();
    const find = await quickFindLatency(admin, requests, (res) =>
      instances.add(String(res.headers['x-quire-instance'])),
    );
    const findErrors = [...find.errors.values()].reduce((a, b) => a + b, 0);
    const result = {
      signIns: (signIns.completed - failed) / signIns.seconds,
      failed,
      serverCores,
      machineCores,
      find: find.summary,
      findErrors,
      instances: instances.size,
    };
    log(
      `cluster: ${label}: ${fixed(result.signIns)} sign-ins/s (${failed} not 303), servers ${fixed(serverCores, 2)} cores, machine busy ${fixed(machineCores, 2)}; ` +
        `quick find p50 ${fixed(find.summary.p50, 2)} p95 ${fixed(find.summary.p95, 2)} ms from ${instances.size} server(s)${findErrors ? `, ${statusList(find.errors)}` : ''}`,
    );
    return result;
  } finally {
    admin.close();
  }
}

/**
 * Several servers on one PostgreSQL database behind nginx (round-robin, as deploy/nginx.conf):
 * sign-ins per second and quick find p95 with 1, 2 and 3 servers, against one server measured
 * directly (no nginx) in the same run. The ratio is the scaling: N servers ÷ one direct.
 */
async function benchCluster(postgresUrl: string): Promise<TableRow[]> {
  if (nginxSkip()) {
    log(`cluster: skipped: ${nginxSkip()}`);
    return [
      {
        database: 'postgres',
        metric: 'several servers behind nginx',
        value: `skipped: ${nginxSkip()}`,
        floor: '',
        ratio: '',
        aim: '',
      },
    ];
  }
  const database = await createPostgresDatabase(postgresUrl, 'quire_cluster');
  cleanups.push(() => database.drop());
  const dataDir = tempDir();
  const size = SIZES[0]!;
  log(
    `cluster: creating ${SIGNIN_USERS} sign-in users and the administrator, seeding ${sizeLabel(size)} users`,
  );
  const { usernames } = await prepareAccounts(dataDir, database.url);
  const seeder = await openSeeder('postgres', database.url);
  try {
    await seeder.insertUsers(0, size, await seeder.ensureSource());
    await seeder.settle();
  } finally {
    await seeder.close();
  }
  const requests = findRequests(WARMUP_REQUESTS + MEASURED_REQUESTS, size, size + 7);

  const direct = await startServerProcess({ dataDir, databaseUrl: database.url });
  let single: ClusterResult;
  try {
    single = await measureFront('1 server, direct', direct.origin, usernames, requests, () =>
      direct.cpuSeconds(),
    );
  } finally {
    await direct.stop();
  }
  const rows: TableRow[] = [
    {
      database: 'postgres',
      metric: 'sign-ins/s, 1 server direct',
      value: fixed(single.signIns) + (single.failed ? ` (${single.failed} failed)` : ''),
      floor: '',
      ratio: '',
      aim: '',
      ok: single.failed === 0 ? undefined : false,
    },
    {
      database: 'postgres',
      metric: `quick find p50/p95 @${sizeLabel(size)}, 1 server direct`,
      value: `${fixed(single.find.p50)}/${fixed(single.find.p95)} ms`,
      floor: '',
      ratio: '',
      aim: '',
    },
  ];
  for (const servers of [1, 2, 3]) {
    const cluster = await startCluster({ servers, databaseUrl: database.url });
    let result: ClusterResult;
    try {
      const cpu = () => cluster.servers.reduce((sum, s) => sum + processCpuSeconds(s.pid), 0);
      result = await measureFront(`${servers} server(s) via nginx`, cluster.url, usernames, requests, cpu);
    } finally {
      await cluster.stop();
    }
    const ratio = result.signIns / single.signIns;
    rows.push({
      database: 'postgres',
      metric: `sign-ins/s, ${servers} server${servers > 1 ? 's' : ''} via nginx`,
      value: fixed(result.signIns) + (result.failed ? ` (${result.failed} failed)` : ''),
      floor: `${fixed(single.signIns)} direct`,
      ratio: `${fixed(ratio, 2)}×`,
      // One server already keeps every core busy with argon2id: more servers can only add what
      // idle cores allow (see docs/benchmarks.md), so the aim is "no loss", not N×.
      aim: '≥0.85',
      ok: ratio >= 0.85 && result.failed === 0,
    });
    rows.push({
      database: 'postgres',
      metric: `quick find p50/p95 @${sizeLabel(size)}, ${servers} server${servers > 1 ? 's' : ''} via nginx`,
      value:
        `${fixed(result.find.p50)}/${fixed(result.find.p95)} ms` +
        (result.findErrors ? ` (${result.findErrors} not 200)` : ''),
      floor: `${fixed(single.find.p95)} ms direct p95`,
      ratio: `${fixed(result.find.p95 / single.find.p95)}×`,
      aim: `p95<${QUICK_FIND_AIM_MS[size] ?? 50} ms`,
      ok:
        result.find.p95 < (QUICK_FIND_AIM_MS[size] ?? 50) &&
        result.findErrors === 0 &&
        result.instances === servers,
    });
  }
  return rows;
}

/** The parts on a database of their own, by QUIRE_BENCH_PARTS name. */
const OWN_DATABASE_PARTS = new Map([
  ['accounting', benchAccounting],
  ['print', benchPrint],
  ['search', benchSearch],
  ['cli', benchCli],
]);

/** A part of OWN_DATABASE_PARTS; a failure is reported as a row, not the end of the run. */
async function ownDatabasePart(
  part: string,
  kind: Kind,
  databaseUrl: string,
  dataDir: string,
): Promise<TableRow[]> {
  try {
    return await OWN_DATABASE_PARTS.get(part)!(kind, databaseUrl, dataDir, {
      log,
      defer: (cleanup) => cleanups.push(cleanup),
    });
  } catch (error) {
    log(`${kind}: ${part} failed: ${(error as Error).stack ?? String(error)}`);
    return [
      {
        database: kind,
        metric: part,
        value: `FAILED: ${(error as Error).message}`,
        floor: '',
        ratio: '',
        aim: '',
        ok: false,
      },
    ];
  }
}

async function main(): Promise<void> {
  const started = now();
  const rows: TableRow[] = [];
  // One bare Fastify process for the whole run (not in `cleanups`, which run between databases),
  // measured next to each database's API runs; killed on exit like the server processes.
  const bare = await startBareServer();
  try {
    log(`bare Fastify route pid ${bare.pid} at ${bare.url}, RSS ${fixed(bare.startRssMb)} MB`);
    log(
      `machine: ${os.cpus().length} CPUs, load average ${os
        .loadavg()
        .map((l) => fixed(l, 2))
        .join(' ')}; ${QUICK ? 'QUICK run' : 'full run'}; sizes ${SIZES.map(sizeLabel).join(', ')}`,
    );
    const sqliteUrl = (dataDir: string) => `sqlite:${path.join(dataDir, 'quire.db')}`;
    if (DATABASES.includes('sqlite')) {
      if (PARTS.includes('users')) {
        rows.push(...(await benchDatabase('sqlite', sqliteUrl, bare)));
        await cleanUp();
      }
      for (const part of OWN_DATABASE_PARTS.keys()) {
        if (!PARTS.includes(part)) continue;
        const dataDir = tempDir();
        rows.push(...(await ownDatabasePart(part, 'sqlite', sqliteUrl(dataDir), dataDir)));
        await cleanUp();
      }
    }
    const cluster =
      DATABASES.includes('cluster') || (DATABASES.includes('postgres') && PARTS.includes('users'));
    if (DATABASES.includes('postgres') || cluster) {
      log('postgres: starting a throw-away server');
      const postgres = await startPostgres();
      cleanups.push(() => postgres.stop());
      // Each part on a database of its own, dropped (and its server stopped) before the next part.
      const onDatabase = async (prefix: string, part: (url: string) => Promise<TableRow[]>) => {
        const keep = cleanups.length;
        const database = await createPostgresDatabase(postgres.url, prefix);
        cleanups.push(() => database.drop());
        rows.push(...(await part(database.url)));
        await cleanUp(keep);
      };
      if (DATABASES.includes('postgres') && PARTS.includes('users'))
        await onDatabase('quire_bench', (url) => benchDatabase('postgres', () => url, bare));
      for (const part of OWN_DATABASE_PARTS.keys())
        if (DATABASES.includes('postgres') && PARTS.includes(part))
          await onDatabase(`quire_${part}`, (url) => ownDatabasePart(part, 'postgres', url, tempDir()));
      if (cluster) rows.push(...(await benchCluster(postgres.url)));
    }
  } finally {
    await cleanUp();
    await bare.stop();
  }
  console.log(
    `\nQuire benchmark (${QUICK ? 'QUICK, ' : ''}${os.cpus().length} CPUs, Node ${process.version}, ${fixed((now() - started) / 1000, 0)} s, load average at the end ${fixed(os.loadavg()[0] ?? Number.NaN, 2)})\n`,
  );
  console.log(formatTable(rows));
  console.log(`
limit/floor: "argon2" is argon2id verifications per second of the same hash with one thread per
core verifying in a tight loop (verifySync), in the bench process while the server is idle; "query" is the bare single-index
prefix query (LIMIT ${PAGE_SIZE + 1}) for the same prefixes, timed directly on the database; "bare
Fastify" is a minimal Fastify process of its own answering a fixed small JSON object on GET, with the
same autocannon settings (${API_CONNECTIONS} connections, ${API_WARMUP_SECONDS} s warm-up, ${API_SECONDS} s measured), the mean of a run before and after the API runs.
"conditional UPDATE" is the ledger repository's conditional UPDATE of a balance, issued directly on
the database in a loop (one connection on SQLite, 10 on PostgreSQL), before and after the charges.
"page counts" is Quire's PDF page counter run on the same 10-page PDF in the bench process at the
same concurrency, before and after the Print-Jobs; "streamed copy" is the same large file copied
into the spool directory through a read and a write stream, before and after the Print-Job.
ratio: sign-ins = HTTP / argon2; quick find and accounting pages = HTTP p95 / query p95; API =
calls/s / bare route/s; charges = processJob/s / conditional UPDATE/s; Print-Job = jobs/s /
page counts/s; spool = MB/s / streamed copy MB/s; CLI = the command's wall time / node -e 0's;
memory = the server's RSS / the bare Fastify process's RSS once listening, before its first request;
via nginx = N servers behind nginx / 1 server direct (sign-ins/s; quick find p95). On this
${os.cpus().length}-CPU machine one server's argon2id already keeps every core busy, so more servers can add
only what idle cores allow: expect about 1× here, not N× (each server needs cores of its own).`);
}

await main();
