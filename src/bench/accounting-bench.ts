/**
 * `npm run bench`, accounting part (bench.ts runs it on each database, on a database of its own):
 *
 *  1. Set-up: bulk users (seed.ts) with personal accounts, 5 heavy users, a dormant user, 10
 *     printers, and QUIRE_BENCH_LEDGER_ROWS ledger rows (default 10,000,000; 1,000,000 with
 *     QUIRE_BENCH_QUICK=1) of which one in ten is a print charge with its job, generated in SQL
 *     (accounting-seed.ts).
 *  2. Transaction History and Recent Print Jobs of heavy users (first and last page) and of the
 *     dormant user, and the admin Job Log (first and last page), against each page's own query
 *     timed on the database (accounting-pages.ts).
 *  3. Charges per second through XML-RPC api.processJob (autocannon, one user per request in turn,
 *     restricted accounts with credit) on a real server process, against the raw rate of the
 *     ledger repository's conditional UPDATE issued directly on the same database in a loop,
 *     measured before and after (the limit is the mean).
 *
 *   const rows = await benchAccounting('sqlite', 'sqlite:/tmp/x/quire.db', dataDir, { log, defer });
 */
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { MAX_AMOUNT, parseAmount } from '../accounts/money.js';
import { createApp, type App } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { seedAccounting } from './accounting-seed.js';
import { openQueryProbe, pageRows, type HeavyUser, type QueryProbe } from './accounting-pages.js';
import { BenchClient } from './http.client.js';
import { load, xmlRpcCall } from './load.js';
import { openSeeder } from './seed.js';
import { startServerProcess, type ServerProcess } from './server.process.js';
import { fixed, runFor, type TableRow } from './stats.js';

type Kind = 'sqlite' | 'postgres';

const QUICK = process.env.QUIRE_BENCH_QUICK === '1';
const LEDGER_ROWS = rowsSetting('QUIRE_BENCH_LEDGER_ROWS', QUICK ? 1_000_000 : 10_000_000);
/** About a hundred ledger rows per bulk user (10 a year of them print charges). */
const BULK_USERS = Math.max(1_000, Math.round(LEDGER_ROWS / 100));
/** One ledger row in ten goes to these users: 200,000 rows and 20,000 jobs each at 10 million. */
const HEAVY_USERS = 5;
const PRINTERS = 10;
const PASSWORD = 'ledger bench passphrase 73';
const ADMIN = { username: 'bench-admin', password: 'admin bench passphrase 42' };
const ACTOR = { username: 'bench', ip: '127.0.0.1' };
const PAGES = { warmup: QUICK ? 10 : 20, measured: QUICK ? 100 : 300, aimMs: 50 };
/** Users charged in turn; each in-flight charge hits another account. */
const CHARGE_USERS = 200;
/** Concurrent charges: the server's PostgreSQL pool size (db/database.ts). */
const CHARGE_CONNECTIONS = 10;
const CHARGE_LOAD = {
  connections: CHARGE_CONNECTIONS,
  warmupSeconds: QUICK ? 1 : 2,
  seconds: QUICK ? 3 : 10,
};
const CHARGE_AIM = 0.5;
const PRINT_COST = '0.01';

function rowsSetting(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 100_000 || Number(text) > 100_000_000)
    throw new Error(`${name} must be a whole number from 100000 to 100000000, not "${text}"`);
  return Number(text);
}

export interface AccountingBenchContext {
  log(message: string): void;
  /** Runs at the end of the part, newest first, whatever happens. */
  defer(cleanup: () => Promise<void> | void): void;
}

const heavyName = (h: number) => `heavy.user${h + 1}`;
const DORMANT = 'dormant.user';
const printerName = (p: number) => `mono-${p + 1}`;

/** The administrator, the heavy users (with their accounts), the printers and an XML-RPC token. */
async function prepare(app: App): Promise<{ token: string; printers: { id: number; name: string }[] }> {
  const { users, accounts, printers, apiTokens } = app.services;
  await users.createInternal({ ...ADMIN, fullName: 'Bench Administrator', isAdmin: true }, ACTOR);
  for (const username of [...Array.from({ length: HEAVY_USERS }, (_, h) => heavyName(h)), DORMANT]) {
    const user = await users.createInternal({ username, password: PASSWORD, fullName: username }, ACTOR);
    await accounts.personal(user);
  }
  const added = [];
  for (let p = 0; p < PRINTERS; p++) {
    const printer = await printers.add(
      { server: 'bench', name: printerName(p), cost_gray: parseAmount(PRINT_COST) },
      ACTOR,
    );
    added.push({ id: printer.id, name: `bench\\${printer.name}` });
  }
  const { token } = await apiTokens.create({ name: 'bench', scopes: ['xmlrpc'] }, ACTOR);
  return { token, printers: added };
}

/** Bulk users and the ledger, then credit and a restriction for the users the charges take from. */
async function seed(
  kind: Kind,
  databaseUrl: string,
  app: App,
  printers: { id: number; name: string }[],
  log: (m: string) => void,
) {
  const seeder = await openSeeder(kind, databaseUrl);
  let sourceId: number;
  try {
    sourceId = await seeder.ensureSource();
    const seconds = await seeder.insertUsers(0, BULK_USERS, sourceId);
    await seeder.settle();
    log(`${kind}: ${BULK_USERS} bulk users in ${fixed(seconds)} s`);
  } finally {
    await seeder.close();
  }
  const heavyUsers = Array.from({ length: HEAVY_USERS }, (_, h) => heavyName(h));
  const seeded = await seedAccounting(kind, databaseUrl, {
    ledgerRows: LEDGER_ROWS,
    sourceId,
    heavyUsers,
    dormantUser: DORMANT,
    printers,
    log,
  });
  let chargeUsers: string[];
  try {
    chargeUsers = await seeded.bulkUsernames(CHARGE_USERS);
  } finally {
    await seeded.close();
  }
  for (const username of chargeUsers) {
    await app.services.accounts.update(username, { restricted: 1 }, ACTOR);
    await app.services.accounts.adjust(username, parseAmount('1000'), 'Bench credit', ACTOR);
  }
  return { seeded, chargeUsers };
}

/** A signed-in browser; `area` picks the User Web Interface or the Admin Console. */
async function signedIn(origin: string, area: 'user' | 'admin', username: string, password: string) {
  const client = new BenchClient(origin, 1);
  await client.get(`/${area}/login`);
  const login = await client.postForm(`/${area}/login`, { username, password });
  if (login.status !== 303)
    throw new Error(`${username}: POST /${area}/login answered ${login.status}, not 303`);
  return client;
}

/** The ledger repository's conditional UPDATE of a charge (ledger.repository.ts `move` with limit and enabled). */
const CONDITIONAL_UPDATE = `UPDATE accounts SET balance = balance + ?, updated_at = ?
  WHERE id = ? AND balance + ? BETWEEN ? AND ? AND (restricted = 0 OR balance + ? >= -overdraft)
    AND enabled = 1 AND (disabled_until IS NULL OR disabled_until <= ?) RETURNING balance`;

/**
 * The raw conditional-update rate: `concurrency` workers, each on an account of its own, each its
 * own connection on PostgreSQL (SQLite: one connection, one at a time, as the server's). A worker
 * alternates −0.01 and +0.01 and ends on a whole pair, so the balances still equal their ledgers.
 */
async function conditionalUpdates(kind: Kind, url: string, accountIds: number[], durationMs: number) {
  const at = new Date().toISOString();
  const params = (id: number, amount: number) => [
    amount,
    at,
    id,
    amount,
    -MAX_AMOUNT,
    MAX_AMOUNT,
    amount,
    at,
  ];
  const counts = accountIds.map(() => 0);
  let update: (worker: number, amount: number) => Promise<void>;
  let close: () => Promise<void>;
  if (kind === 'sqlite') {
    const sqlite = new SQLite(url.slice('sqlite:'.length));
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    const statement = sqlite.prepare(CONDITIONAL_UPDATE);
    update = async (worker, amount) => void statement.get(...params(accountIds[worker]!, amount));
    close = async () => void sqlite.close();
  } else {
    const clients = accountIds.map(() => new pg.Client({ connectionString: url }));
    await Promise.all(clients.map((c) => c.connect()));
    let n = 0;
    const text = CONDITIONAL_UPDATE.replace(/\?/g, () => `$${++n}`);
    update = async (worker, amount) =>
      void (await clients[worker]!.query({
        name: 'floor',
        text,
        values: params(accountIds[worker]!, amount),
      }));
    close = async () => void (await Promise.all(clients.map((c) => c.end())));
  }
  const amount = -Number(parseAmount(PRINT_COST));
  try {
    const result = await runFor(durationMs, accountIds.length, async (worker) => {
      await update(worker, counts[worker]! % 2 === 0 ? amount : -amount);
      counts[worker]! += 1;
    });
    for (const [worker, count] of counts.entries()) if (count % 2 === 1) await update(worker, -amount);
    return result.perSecond;
  } finally {
    await close();
  }
}

/** Each user's personal account id. */
export async function accountIds(probe: QueryProbe, usernames: string[]): Promise<number[]> {
  const ids = [];
  for (const username of usernames) {
    const { rows } = await probe.query(
      `SELECT a.id FROM accounts a JOIN users u ON u.id = a.user_id WHERE u.username = '${username.replace(/'/g, "''")}'`,
      [],
    );
    ids.push(Number(rows[0]?.id));
  }
  return ids;
}

/** How many of the accounts have a balance other than the sum of their ledger rows. */
export async function unbalanced(probe: QueryProbe, ids: number[]): Promise<number> {
  const { rows } = await probe.query(
    `SELECT count(*) AS n FROM accounts a WHERE a.id IN (${ids.map(() => '?').join(', ')})
       AND a.balance <> (SELECT coalesce(sum(l.amount), 0) FROM ledger l WHERE l.account_id = a.id)`,
    ids,
  );
  return Number(rows[0]?.n);
}

/** Charges per second through XML-RPC against the raw conditional UPDATE, measured before and after. */
/**
 * The charging service called in this process, without HTTP or XML-RPC: where a charge's own cost
 * ends and the transport's begins. Returns charges per second and this process's CPU per charge.
 */
async function serviceCharges(config: Config, users: string[], durationMs: number) {
  const app = await createApp(config);
  try {
    let next = 0;
    const cpu = () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    };
    const cpu0 = cpu();
    const result = await runFor(durationMs, CHARGE_CONNECTIONS, async () => {
      const n = next++;
      const charged = await app.services.charging.charge({
        username: users[n % users.length]!,
        server: 'bench',
        printer: printerName(n % PRINTERS),
        pages: 1,
        colorPages: 0,
        copies: 1,
        duplex: false,
        paperSize: '',
        documentName: 'Bench.pdf',
        clientMachine: '',
        origin: 'api',
      });
      if (charged.status !== 'printed') throw new Error(`a charge was denied: ${charged.reason}`);
    });
    return { perSecond: result.perSecond, cpuMs: (cpu() - cpu0) / Math.max(next, 1) };
  } finally {
    await app.close();
  }
}

async function chargeRows(
  kind: Kind,
  config: Config,
  server: ServerProcess,
  probe: QueryProbe,
  token: string,
  chargeUsers: string[],
  log: (message: string) => void,
): Promise<TableRow[]> {
  let next = 0;
  const callFor = (username: string) =>
    xmlRpcCall('api.processJob', [
      token,
      `user=${username},server=bench,printer=${printerName(next % PRINTERS)},total-pages=1,document-name=Bench.pdf`,
    ]);
  const rpcUrl = `${server.origin}/rpc/api/xmlrpc`;
  const isTrue = (body: string) => body.includes('<boolean>1</boolean>') && !body.includes('<fault>');
  const first = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: callFor(chargeUsers[0]!),
  });
  const firstBody = await first.text();
  if (first.status !== 200 || !isTrue(firstBody))
    throw new Error(`api.processJob answered ${first.status}: ${firstBody.slice(0, 500)}`);

  const databaseUrl = config.databaseUrl;
  const charged = await accountIds(probe, chargeUsers);
  // SQLite has one writer at a time: one connection is its fastest.
  const workers = charged.slice(0, kind === 'sqlite' ? 1 : CHARGE_CONNECTIONS);
  const floorMs = CHARGE_LOAD.seconds * 1000;
  const before = await conditionalUpdates(kind, databaseUrl, workers, floorMs);
  log(`${kind}: raw conditional UPDATE (before): ${fixed(before)}/s, ${workers.length} connection(s)`);
  const charges = await load(
    rpcUrl,
    server,
    {
      requests: [
        {
          method: 'POST',
          path: '/rpc/api/xmlrpc',
          headers: { 'content-type': 'text/xml' },
          setupRequest: (request) => ({
            ...request,
            body: callFor(chargeUsers[next++ % chargeUsers.length]!),
          }),
        },
      ],
      verifyBody: isTrue,
    },
    CHARGE_LOAD,
  );
  log(
    `${kind}: XML-RPC api.processJob: ${fixed(charges.perSecond)}/s, p50 ${fixed(charges.p50)} p99 ${fixed(charges.p99)} ms, ${charges.completed} answers, ${charges.bad} bad; server ${fixed(charges.serverCores, 2)} + client ${fixed(charges.clientCores, 2)} cores (machine busy ${fixed(charges.machineCores, 2)})`,
  );
  const service = await serviceCharges(config, chargeUsers, floorMs);
  log(
    `${kind}: charging service in this process (no HTTP): ${fixed(service.perSecond)}/s, ${fixed(service.cpuMs, 2)} ms CPU a charge`,
  );
  const after = await conditionalUpdates(kind, databaseUrl, workers, floorMs);
  log(`${kind}: raw conditional UPDATE (after): ${fixed(after)}/s`);
  const wrong = await unbalanced(probe, charged);
  if (wrong > 0) throw new Error(`${wrong} charged accounts' balances are not their ledger sums`);
  const limit = (before + after) / 2;
  const ratio = charges.perSecond / limit;
  return [
    {
      database: kind,
      metric: `charges/s, XML-RPC processJob (${CHARGE_CONNECTIONS} conn.)`,
      value:
        `${fixed(charges.perSecond, 0)}, p50/p99 ${fixed(charges.p50)}/${fixed(charges.p99)} ms` +
        (charges.bad ? ` (${charges.bad} bad)` : ''),
      floor: `${fixed(limit, 0)} conditional UPDATE`,
      ratio: fixed(ratio, 2),
      aim: `≥${CHARGE_AIM}`,
      ok: ratio >= CHARGE_AIM && charges.bad === 0,
    },
    {
      database: kind,
      metric: `raw conditional UPDATE/s (${workers.length} conn.)`,
      value: fixed(limit, 0),
      floor: `${fixed(before, 0)} before, ${fixed(after, 0)} after`,
      ratio: '',
      aim: '',
    },
    {
      database: kind,
      metric: `charging service in-process/s (${CHARGE_CONNECTIONS} conc.)`,
      value: `${fixed(service.perSecond, 0)}, ${fixed(service.cpuMs, 2)} ms CPU each`,
      floor: `${fixed(limit, 0)} conditional UPDATE`,
      ratio: fixed(service.perSecond / limit, 2),
      aim: '',
    },
  ];
}

export async function benchAccounting(
  kind: Kind,
  databaseUrl: string,
  dataDir: string,
  context: AccountingBenchContext,
): Promise<TableRow[]> {
  const { log, defer } = context;
  log(
    `${kind}: accounting: ${LEDGER_ROWS.toLocaleString('en-US')} ledger rows, ${BULK_USERS.toLocaleString('en-US')} bulk users, ${HEAVY_USERS} heavy users and a dormant one, ${PRINTERS} printers`,
  );
  const config = loadConfig({
    QUIRE_DATA_DIR: dataDir,
    QUIRE_DATABASE_URL: databaseUrl,
    QUIRE_LOG_LEVEL: 'silent',
  });
  const app = await createApp(config);
  let token: string;
  let chargeUsers: string[];
  let sizes: { bulkUsers: number; ledgerRows: number; jobs: number };
  try {
    const prepared = await prepare(app);
    token = prepared.token;
    const done = await seed(kind, databaseUrl, app, prepared.printers, log);
    chargeUsers = done.chargeUsers;
    sizes = done.seeded;
  } finally {
    await app.close();
  }
  const count = (n: number) => Math.round(n).toLocaleString('en-US');
  const spread = sizes.ledgerRows * 0.99;
  log(
    `${kind}: seeded ${count(sizes.ledgerRows)} ledger rows and ${count(sizes.jobs)} jobs: ${count(sizes.bulkUsers)} bulk users with about ${count((spread * 0.9) / sizes.bulkUsers)} rows each, ${HEAVY_USERS} heavy users with about ${count(spread / 10 / HEAVY_USERS)} rows and ${count(spread / 100 / HEAVY_USERS)} jobs each, the dormant user with ${count(sizes.ledgerRows / 100)} rows`,
  );

  const server = await startServerProcess({ dataDir, databaseUrl });
  defer(() => server.stop());
  const probe = await openQueryProbe(kind, databaseUrl);
  defer(() => probe.close());
  const user = async (username: string): Promise<HeavyUser> => {
    const client = await signedIn(server.origin, 'user', username, PASSWORD);
    defer(() => client.close());
    const [accountId] = await accountIds(probe, [username]);
    const { rows } = await probe.query('SELECT user_id FROM accounts WHERE id = ?', [accountId!]);
    return { username, userId: Number(rows[0]?.user_id), accountId: accountId!, client };
  };
  const heavy: HeavyUser[] = [];
  for (let h = 0; h < HEAVY_USERS; h++) heavy.push(await user(heavyName(h)));
  const dormant = await user(DORMANT);
  const admin = await signedIn(server.origin, 'admin', ADMIN.username, ADMIN.password);
  defer(() => admin.close());
  const sizeNote = `@${(sizes.ledgerRows / 1e6).toLocaleString('en-US')}M ledger, ${(sizes.jobs / 1e6).toLocaleString('en-US')}M jobs`;
  const rows = (await pageRows(kind, probe, { heavy, dormant, admin }, PAGES, server, log)).map((row) => ({
    ...row,
    metric: `${row.metric} ${sizeNote}`,
  }));
  rows.push(...(await chargeRows(kind, config, server, probe, token, chargeUsers, log)));
  return rows;
}
