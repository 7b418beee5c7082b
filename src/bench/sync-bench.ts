/**
 * `npm run bench:sync`: directory synchronization against its physical floor, on SQLite and
 * PostgreSQL (issue 3).
 *
 *  1. Set-up: a real slapd loaded (slapadd) with 100,000 users and 1,000 groups of 100 members,
 *     shaped like an OpenLDAP directory (entryUUID as the immutable id).
 *  2. The floor, measured in the same run: OpenLDAP's own C client (ldapsearch, paged, bound as
 *     the service account) reading the same entries with the same filter and attributes as the
 *     sync, output thrown away.
 *  3. Per database, in a child process (so that its peak memory is the sync's alone): a first
 *     full sync, a re-sync with nothing changed, and a re-sync after 1 % of the users changed in
 *     slapd. Each report is checked; each phase and each staging-repository call is timed.
 *
 *  4. Microsoft Graph (graph-sync-bench.ts): per database, a local Graph server with the same
 *     numbers of users and groups, a first sync (a full delta round) and a delta re-sync after a
 *     few hundred changes, against the raw read of the same pages from that server.
 *
 * QUIRE_BENCH_QUICK=1 shrinks the directory to 10,000 users and 100 groups for a smoke test;
 * QUIRE_BENCH_DATABASES=sqlite (or postgres) runs one database only;
 * QUIRE_BENCH_SOURCES=ldap (or graph) runs one kind of source only (default both);
 * QUIRE_BENCH_SYNC_TIMEOUT_S bounds one sync (default 900 s, 120 s quick).
 * QUIRE_BENCH_CPU_PROF=DIR has each child write a V8 CPU profile of itself into DIR.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { ldapConfigFromPreset, type LdapSourceConfig } from '../directory/ldap/ldap.config.js';
import { createLdapClient } from '../directory/ldap/ldap.client.js';
import { userAttributes } from '../directory/ldap/ldap.entries.js';
import {
  generateDirectory,
  type FixtureUser,
  type GeneratedDirectory,
} from '../test-support/ldap-fixtures.js';
import { createPostgresDatabase, startPostgres } from '../test-support/postgres.js';
import { startSlapd, type SlapdServer } from '../test-support/slapd.js';
import {
  benchGraphDatabase,
  GRAPH_PAGE_SIZE,
  graphRows,
  type GraphRun,
  type GraphSizes,
} from './graph-sync-bench.js';
import { fixed, formatTable, now, percentile, type TableRow } from './stats.js';
import type { SyncCounts, WorkerMemory } from './sync-worker.js';
import { SyncWorker, type SyncResult } from './sync-worker.client.js';

const QUICK = process.env.QUIRE_BENCH_QUICK === '1';
const DATABASES = (process.env.QUIRE_BENCH_DATABASES || 'sqlite,postgres').split(',');
const SOURCES = (process.env.QUIRE_BENCH_SOURCES || 'ldap,graph').split(',');
const USERS = QUICK ? 10_000 : 100_000;
const GROUPS = QUICK ? 100 : 1_000;
const MEMBERS_PER_GROUP = 100;
/** Every 100th user gets a new mail and department before the third sync: 1 %. */
const CHANGE_EVERY = 100;
const CHANGED = Math.floor(USERS / CHANGE_EVERY);
/** The LDAP page size of the source and of the floor's ldapsearch (the preset's default). */
const PAGE_SIZE = 500;
const FLOOR_RUNS = 3;
const SUFFIX = 'dc=example,dc=org';
const SYNC_TIMEOUT_MS = Number(process.env.QUIRE_BENCH_SYNC_TIMEOUT_S || (QUICK ? 120 : 900)) * 1000;
const LDAPSEARCH = '/usr/bin/ldapsearch';

/** Aims, as multiples of the floor, by database; the 1 % re-sync is held to the re-sync aim. */
const AIMS: Record<Kind, { first: number; resync: number }> = {
  sqlite: { first: 3, resync: 2 },
  postgres: { first: 4, resync: 3 },
};
const PEAK_RSS_AIM_MB = 300;
/** The Graph directory: as many users and groups as the LDAP one; a few hundred changes before the delta re-sync. */
const GRAPH_SIZES: GraphSizes = {
  users: USERS,
  groups: GROUPS,
  membersPerGroup: MEMBERS_PER_GROUP,
  changes: { updated: 200, disabled: 50, added: 50 },
};

type Kind = 'sqlite' | 'postgres';

const log = (message: string) =>
  console.error(`[bench:sync ${new Date().toISOString().slice(11, 19)}] ${message}`);

/**
 * Cleanups run newest first, on success, failure or Ctrl-C, one at a time even when Ctrl-C comes
 * while the run is failing or finishing (a server must not stop while its database is dropped).
 */
const cleanups: (() => Promise<void> | void)[] = [];
let cleaning = Promise.resolve();
let interrupted = false;
function cleanUp(): Promise<void> {
  cleaning = cleaning.then(async () => {
    while (cleanups.length > 0) {
      try {
        await cleanups.pop()!();
      } catch (error) {
        log(`cleanup failed: ${(error as Error).message}`);
      }
    }
  });
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    interrupted = true;
    void cleanUp().finally(() => process.exit(130));
  });
}

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'quire-sync-bench-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const seconds = (ms: number) => `${fixed(ms / 1000, 2)} s`;
const mb = (kib: number) => kib / 1024;
const count = (n: number) => n.toLocaleString('en-US');

// ---- the floor: ldapsearch ----

interface Floor {
  bestMs: number;
  medianMs: number;
  entries: number;
}

/** ldapsearch arguments for a paged read of `filter` with `attributes`, as the service account. */
function ldapsearchArgs(
  slapd: SlapdServer,
  passwordFile: string,
  filter: string,
  attributes: string[],
): string[] {
  return [
    '-x',
    '-LLL',
    '-o',
    'ldif-wrap=no',
    '-H',
    slapd.url,
    '-D',
    slapd.serviceDn,
    '-y',
    passwordFile,
    '-b',
    slapd.baseDn,
    '-s',
    'sub',
    '-E',
    `pr=${PAGE_SIZE}/noprompt`,
    filter,
    ...attributes,
  ];
}

/** Runs ldapsearch; with `countEntries` its output is read and its entries counted, else discarded. */
function ldapsearch(args: string[], countEntries: boolean): Promise<{ ms: number; entries: number }> {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn(LDAPSEARCH, args, { stdio: ['ignore', countEntries ? 'pipe' : 'ignore', 'pipe'] });
    let stderr = '';
    let entries = 0;
    child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-2000)));
    if (child.stdout)
      readline
        .createInterface({ input: child.stdout })
        .on('line', (line) => line.startsWith('dn:') && entries++);
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = now() - t0;
      if (code === 0) resolve({ ms, entries });
      else reject(new Error(`ldapsearch exited with ${code}: ${stderr.trim()}`));
    });
  });
}

/** One untimed run that counts the entries (and warms slapd's cache), then the timed runs. */
async function measureFloor(what: string, args: string[], expected: number): Promise<Floor> {
  const { entries } = await ldapsearch(args, true);
  if (entries !== expected)
    throw new Error(
      `ldapsearch read ${entries} ${what}, not ${expected}: the floor would not measure the same work`,
    );
  const times: number[] = [];
  for (let run = 0; run < FLOOR_RUNS; run++) times.push((await ldapsearch(args, false)).ms);
  log(`floor: ldapsearch ${count(entries)} ${what}: ${times.map((ms) => fixed(ms / 1000, 3)).join(', ')} s`);
  return { bestMs: Math.min(...times), medianMs: percentile(times, 0.5), entries };
}

/**
 * Quire's own directory client reading the users (paging, decoding, mapping to DirectoryUser),
 * pages counted and thrown away: not a floor, but it splits the sync's "reading users" phase
 * between the directory read and the database work (staging inserts) around it.
 */
async function measureClient(config: LdapSourceConfig, expected: number): Promise<Floor> {
  const client = createLdapClient(config);
  const times: number[] = [];
  let entries = 0;
  try {
    // One more run than timed: the first warms the JIT, as a sync's first pages do.
    for (let run = 0; run <= FLOOR_RUNS; run++) {
      const t0 = now();
      entries = 0;
      for await (const page of client.users()) entries += page.length;
      if (run > 0) times.push(now() - t0);
    }
  } finally {
    await client.close();
  }
  if (entries !== expected) throw new Error(`Quire's LDAP client read ${entries} users, not ${expected}`);
  log(
    `reference: Quire's LDAP client, ${count(entries)} users: ${times.map((ms) => fixed(ms / 1000, 3)).join(', ')} s`,
  );
  return { bestMs: Math.min(...times), medianMs: percentile(times, 0.5), entries };
}

/** An ldapmodify batch setting mail and department of every CHANGE_EVERY-th user (1 %). */
function changeLdif(
  directory: GeneratedDirectory,
  values: (user: FixtureUser) => { mail: string; department: string },
): string {
  let ldif = '';
  for (let i = CHANGE_EVERY; i <= USERS; i += CHANGE_EVERY) {
    const user = directory.user(i);
    const { mail, department } = values(user);
    ldif += `dn: ${user.dn}\nchangetype: modify\nreplace: mail\nmail: ${mail}\n-\nreplace: departmentNumber\ndepartmentNumber: ${department}\n\n`;
  }
  return ldif;
}

/** Fails loudly when a report does not say what the directory and the database imply. */
function check(result: SyncResult, expected: Partial<SyncCounts>): void {
  const wrong = Object.entries({
    status: 'succeeded',
    errors: 0,
    conflicts: 0,
    groups: GROUPS,
    ...expected,
  }).filter(([key, value]) => result.report[key as keyof SyncCounts] !== value);
  if (wrong.length > 0) {
    const got = wrong
      .map(
        ([key, value]) =>
          `${key} = ${String(result.report[key as keyof SyncCounts])} (expected ${String(value)})`,
      )
      .join(', ');
    throw new Error(`${result.label}: wrong report: ${got}. Message: ${result.report.message}`);
  }
}

interface DatabaseRun {
  kind: Kind;
  readyMemory: WorkerMemory;
  syncs: SyncResult[];
}

async function benchDatabase(
  kind: Kind,
  databaseUrl: string,
  dataDir: string,
  slapd: SlapdServer,
  directory: GeneratedDirectory,
): Promise<DatabaseRun> {
  const worker = new SyncWorker(kind, log);
  cleanups.push(() => worker.kill());
  const ready = await worker.request(
    {
      type: 'setup',
      dataDir,
      databaseUrl,
      source: {
        kind: 'ldap',
        url: slapd.url,
        bindDn: slapd.serviceDn,
        bindPassword: slapd.servicePassword,
        baseDn: slapd.baseDn,
        pageSize: PAGE_SIZE,
      },
    },
    'ready',
    60_000,
  );
  const syncs: SyncResult[] = [];
  const sync = async (label: string, expected: Partial<SyncCounts>) => {
    log(`${kind}: ${label} (load average ${fixed(os.loadavg()[0] ?? Number.NaN, 2)})`);
    const result = await worker.request({ type: 'sync', label }, 'synced', SYNC_TIMEOUT_MS);
    const { report } = result;
    log(
      `${kind}: ${label}: ${seconds(result.ms)}; ${report.message} maxRSS ${fixed(mb(result.memory.maxRssKib))} MB, RSS ${fixed(mb(result.memory.rssKib))} MB`,
    );
    log(`${kind}: ${label}: staging calls: ${SyncWorker.callsLine(result)}`);
    syncs.push(result);
    check(result, expected);
  };

  await sync('first sync', { added: USERS, updated: 0, unchanged: 0 });
  await sync('re-sync, no change', { added: 0, updated: 0, unchanged: USERS });
  const t0 = now();
  await slapd.ldapmodify(
    changeLdif(directory, (user) => ({
      mail: `${user.username}.moved@example.org`,
      department: 'Department moved',
    })),
  );
  log(
    `${kind}: changed mail and department of ${count(CHANGED)} users in slapd (ldapmodify, not timed: ${seconds(now() - t0)})`,
  );
  await sync('re-sync, 1 % changed', { added: 0, updated: CHANGED, unchanged: USERS - CHANGED });
  // Put the directory back, so that the next database starts from the same one.
  await slapd.ldapmodify(
    changeLdif(directory, (user) => ({ mail: user.email, department: user.department })),
  );

  await worker.request({ type: 'close' }, 'closed', 60_000);
  return { kind, readyMemory: ready.memory, syncs };
}

// ---- results ----

const SYNC_METRICS = [
  {
    label: 'first sync',
    metric: `first sync (${count(USERS)} added)`,
    aim: (kind: Kind) => AIMS[kind].first,
  },
  { label: 're-sync, no change', metric: 're-sync, no change', aim: (kind: Kind) => AIMS[kind].resync },
  {
    label: 're-sync, 1 % changed',
    metric: `re-sync, 1 % changed (${count(CHANGED)})`,
    aim: (kind: Kind) => AIMS[kind].resync,
  },
] as const;

function resultRows(run: DatabaseRun, floorMs: number): TableRow[] {
  const rows: TableRow[] = [];
  for (const { label, metric, aim } of SYNC_METRICS) {
    const result = run.syncs.find((s) => s.label === label);
    if (!result) continue;
    const ratio = result.ms / floorMs;
    rows.push({
      database: run.kind,
      metric,
      value: seconds(result.ms),
      floor: `${seconds(floorMs)} ldapsearch`,
      ratio: `${fixed(ratio)}×`,
      aim: `≤${aim(run.kind)}×`,
      ok: ratio <= aim(run.kind),
    });
  }
  const last = run.syncs.at(-1);
  if (last) {
    const peak = mb(last.memory.maxRssKib);
    rows.push({
      database: run.kind,
      metric: 'sync process peak RSS (maxRSS)',
      value: `${fixed(peak)} MB`,
      floor: `${fixed(mb(run.readyMemory.rssKib))} MB before syncs`,
      ratio: '',
      aim: `<${PEAK_RSS_AIM_MB} MB`,
      ok: peak < PEAK_RSS_AIM_MB,
    });
    rows.push({
      database: run.kind,
      metric: 'sync process RSS after',
      value: `${fixed(mb(last.memory.rssKib))} MB`,
      floor: `heap ${fixed(mb(last.memory.heapUsedKib))} MB`,
      ratio: '',
      aim: '',
    });
  }
  return rows;
}

/** Seconds from each phase's start to the next's; "apply" runs to the end (report, clean-up). */
function phaseTable(runs: DatabaseRun[]): string {
  const names = [
    ['reading users', 'read users'],
    ['reading groups', 'read groups'],
    ['comparing', 'compare'],
    ['applying', 'apply + finish'],
  ] as const;
  const header = [
    'database',
    'sync',
    'total',
    ...names.map(([, title]) => title),
    'maxRSS',
    'slowest staging calls',
  ];
  const lines: string[][] = [];
  for (const run of runs) {
    for (const s of run.syncs) {
      const start = (phase: string) => s.phases.find((p) => p.phase === phase)?.atMs;
      const inserts: Record<string, string[]> = {
        'reading users': ['insertUsers'],
        'reading groups': ['insertGroups', 'insertMembers'],
      };
      const cells = names.map(([phase], i) => {
        const from = start(phase);
        const next =
          names
            .slice(i + 1)
            .map(([p]) => start(p))
            .find((t) => t !== undefined) ?? s.ms;
        if (from === undefined) return '-';
        const insertMs = (inserts[phase] ?? []).reduce(
          (sum, name) => sum + (s.calls.find((c) => c.name === name)?.ms ?? 0),
          0,
        );
        return (
          fixed((next - from) / 1000, 2) + (inserts[phase] ? ` (${fixed(insertMs / 1000, 2)} ins.)` : '')
        );
      });
      const calls = s.calls
        .slice(0, 3)
        .map((c) => `${c.name} ${fixed(c.ms / 1000, 2)}`)
        .join(', ');
      lines.push([
        run.kind,
        s.label,
        fixed(s.ms / 1000, 2),
        ...cells,
        `${fixed(mb(s.memory.maxRssKib), 0)} MB`,
        calls,
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  return [header, ...lines]
    .map((cells) =>
      cells
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

async function main(): Promise<void> {
  const started = now();
  const rows: TableRow[] = [];
  const runs: DatabaseRun[] = [];
  let preamble = '';
  const graphRuns: GraphRun[] = [];
  try {
    log(
      `machine: ${os.cpus().length} CPUs, ${fixed(os.totalmem() / 2 ** 30)} GiB, load average ${os
        .loadavg()
        .map((l) => fixed(l, 2))
        .join(
          ' ',
        )}; ${QUICK ? 'QUICK run' : 'full run'}; ${count(USERS)} users, ${count(GROUPS)} groups of ${MEMBERS_PER_GROUP}`,
    );
    if (SOURCES.includes('ldap')) preamble = await benchLdap(rows, runs);
    if (SOURCES.includes('graph')) {
      for (const kind of ['sqlite', 'postgres'] as const) {
        if (!DATABASES.includes(kind) || interrupted) continue;
        const { databaseUrl, dataDir } = await freshDatabase(kind, 'quire_graph_bench');
        try {
          const run = await benchGraphDatabase(kind, {
            databaseUrl,
            dataDir,
            sizes: GRAPH_SIZES,
            timeoutMs: SYNC_TIMEOUT_MS,
            log,
            cleanups,
          });
          graphRuns.push(run);
          rows.push(...graphRows(run, GRAPH_SIZES, AIMS[kind]));
        } catch (error) {
          log(`${kind}: Graph: FAILED: ${(error as Error).message}`);
          rows.push({
            database: kind,
            metric: 'Graph sync',
            value: `FAILED: ${(error as Error).message.split('\n')[0]!.slice(0, 300)}`,
            floor: '',
            ratio: '',
            aim: '',
            ok: false,
          });
          process.exitCode = 1;
        }
      }
      const floor = graphRuns[0]?.floor;
      if (floor) {
        preamble +=
          `${preamble ? '\n' : ''}Graph (set-up, not a result): a local Graph server (test-support/graph-server.ts) per database, ${count(USERS)} generated users and ${count(GROUPS)} groups of ${MEMBERS_PER_GROUP} (members split over entries of 20), page size ${GRAPH_PAGE_SIZE}, client secret.` +
          `\nGraph floor: the raw read of the same delta pages from that server (token, every users and groups page, bodies JSON-parsed, nothing mapped or stored), best (median) of 3: ${seconds(floor.bestMs)} (${seconds(floor.medianMs)}); ratio = sync time / floor.` +
          `\nGraph delta re-sync: ${GRAPH_SIZES.changes.updated} department changes, ${GRAPH_SIZES.changes.disabled} users disabled, ${GRAPH_SIZES.changes.added} added; the run reads only those through the deltaLink, then hands the engine the whole mirrored directory.`;
      }
    }
  } finally {
    await cleanUp();
  }
  console.log(
    `\nQuire directory-sync benchmark (${QUICK ? 'QUICK, ' : ''}${os.cpus().length} CPUs, Node ${process.version}, wall time ${fixed((now() - started) / 1000, 0)} s, load average at the end ${fixed(os.loadavg()[0] ?? Number.NaN, 2)})\n`,
  );
  console.log(preamble);
  console.log(`\n${formatTable(rows)}`);
  const phased = [
    ...runs,
    ...graphRuns.map((run) => ({
      ...run,
      syncs: run.syncs.map((r) => ({ ...r, label: `Graph ${r.label}` })),
    })),
  ];
  if (phased.length > 0) {
    console.log(
      `\nPhases (s, from the run's onProgress phases; "ins." = of which staging inserts; "apply + finish" includes the report and staging clean-up):\n`,
    );
    console.log(phaseTable(phased));
  }
}

/** A fresh database of the kind: a SQLite file in a temporary directory, or a database on a throw-away PostgreSQL server. */
let postgresServer: Promise<string> | null = null;
async function freshDatabase(kind: Kind, name: string): Promise<{ databaseUrl: string; dataDir: string }> {
  const dataDir = tempDir();
  if (kind === 'sqlite') return { databaseUrl: `sqlite:${path.join(dataDir, 'quire.db')}`, dataDir };
  postgresServer ??= (async () => {
    log('postgres: starting a throw-away server');
    const postgres = await startPostgres();
    cleanups.push(() => postgres.stop());
    return postgres.url;
  })();
  const database = await createPostgresDatabase(await postgresServer, name);
  cleanups.push(() => database.drop());
  return { databaseUrl: database.url, dataDir };
}

/** The LDAP part: slapd, the ldapsearch floor, and the three syncs per database; returns the preamble. */
async function benchLdap(rows: TableRow[], runs: DatabaseRun[]): Promise<string> {
  let preamble: string;
  {
    const directory = generateDirectory({
      baseDn: SUFFIX,
      flavour: 'openldap',
      users: USERS,
      groups: GROUPS,
      membersPerGroup: MEMBERS_PER_GROUP,
    });
    const t0 = now();
    const slapd = await startSlapd({ suffix: SUFFIX, entries: directory.entries() });
    cleanups.push(() => slapd.stop());
    const setupMs = now() - t0;
    log(
      `slapd: ${count(slapd.loadedEntries)} entries generated and loaded in ${seconds(setupMs)} (slapadd ${seconds(slapd.loadMs)}), listening at ${slapd.url}`,
    );

    // The floor reads what the source reads: the preset's filters, the attributes the client asks for.
    const config: LdapSourceConfig = ldapConfigFromPreset('openldap', {
      urls: [slapd.url],
      bindDn: slapd.serviceDn,
      bindPassword: slapd.servicePassword,
      baseDns: [slapd.baseDn],
      pageSize: PAGE_SIZE,
    });
    const passwordFile = path.join(tempDir(), 'service.pw');
    writeFileSync(passwordFile, slapd.servicePassword, { mode: 0o600 });
    const userAttrs = userAttributes(config).attributes;
    const groupAttrs = ['cn', ...config.groupMemberAttributes];
    const users = await measureFloor(
      'users',
      ldapsearchArgs(slapd, passwordFile, config.userFilter, userAttrs),
      USERS,
    );
    const groups = await measureFloor(
      'groups',
      ldapsearchArgs(slapd, passwordFile, config.groupFilter, groupAttrs),
      GROUPS,
    );
    const floorMs = users.bestMs + groups.bestMs;
    const reader = await measureClient(config, USERS);
    preamble = [
      `Directory (set-up, not a result): ${count(USERS)} users and ${count(GROUPS)} groups of ${MEMBERS_PER_GROUP} members, OpenLDAP-shaped (entryUUID), generated and loaded in ${seconds(setupMs)} (slapadd ${seconds(slapd.loadMs)}).`,
      `Source: preset openldap, ldap:// without TLS, page size ${PAGE_SIZE}, missing policy "disable" (the default), removal limit raised out of the way.`,
      `Floor: ${LDAPSEARCH} -E pr=${PAGE_SIZE}/noprompt as the service account, same filters and attributes, output to /dev/null; best (median) of ${FLOOR_RUNS}:`,
      `  users   ${seconds(users.bestMs)} (${seconds(users.medianMs)})   ${userAttrs.join(' ')}`,
      `  groups  ${seconds(groups.bestMs)} (${seconds(groups.medianMs)})   ${groupAttrs.join(' ')}`,
      `  floor = users + groups = ${seconds(floorMs)} (a sync reads both); ratio = sync time / floor.`,
      `Reference, not a floor: Quire's LDAP client alone reading the users (no database), best (median): ${seconds(reader.bestMs)} (${seconds(reader.medianMs)}), ${fixed(reader.bestMs / users.bestMs)}× ldapsearch.`,
    ].join('\n');

    for (const kind of ['sqlite', 'postgres'] as const) {
      if (!DATABASES.includes(kind) || interrupted) continue;
      const { databaseUrl, dataDir } = await freshDatabase(kind, 'quire_sync_bench');
      const run: DatabaseRun = { kind, readyMemory: { maxRssKib: 0, rssKib: 0, heapUsedKib: 0 }, syncs: [] };
      try {
        Object.assign(run, await benchDatabase(kind, databaseUrl, dataDir, slapd, directory));
      } catch (error) {
        // Report what was measured so far, and why the rest is missing.
        log(`${kind}: FAILED: ${(error as Error).message}`);
        rows.push({
          database: kind,
          metric: 'sync',
          value: `FAILED: ${(error as Error).message.split('\n')[0]!.slice(0, 300)}`,
          floor: '',
          ratio: '',
          aim: '',
          ok: false,
        });
        process.exitCode = 1;
      }
      runs.push(run);
      rows.push(...resultRows(run, floorMs));
    }
  }
  return preamble;
}

await main();
