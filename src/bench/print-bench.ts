/**
 * `npm run bench`, print part (bench.ts runs it on each database, on a database of its own), on a
 * real server process (`node dist/main.js serve`) with a spool directory of its own:
 *
 *  1. Jobs accepted per second through IPP Print-Job of a 10-page PDF made by Ghostscript, on
 *     CONNECTIONS keep-alive connections, to a queue that charges at once (no hold, no destination:
 *     charged jobs simply wait) and trusts 127.0.0.1's requesting-user-name; users in turn, each
 *     with credit. Against the raw page-count rate of the same PDF (measureCountRate, same
 *     concurrency) in this process, before and after (the limit is the mean). Afterwards every
 *     accepted job must be in the job log, charged once, and the balances must add up.
 *  2. Spool throughput: one Print-Job of a ≈200 MB PDF (large-pdf.ts: the page counter reads only
 *     its trailer and page tree), MB/s from the first byte sent to the answer received, against a
 *     streamed copy of the same file into the spool directory (same file system), before and after.
 *  3. The server's RSS growth while receiving it: VmRSS polled every 20 ms, and VmHWM.
 *
 *   const rows = await benchPrint('sqlite', 'sqlite:/tmp/x/quire.db', dataDir, { log, defer });
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { copyFile, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseAmount } from '../accounts/money.js';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { pdfFormat } from '../documents/pdf/pdf.format.js';
import { accountIds, unbalanced, type AccountingBenchContext } from './accounting-bench.js';
import { openQueryProbe, type QueryProbe } from './accounting-pages.js';
import { IppConnections, printJobHeader, queuePath, readAnswer, sendFile } from './ipp.client.js';
import { writeLargePdf } from './large-pdf.js';
import { ghostscriptPdf, measureCountRate } from './page-count-bench.js';
import { startServerProcess, type ServerProcess } from './server.process.js';
import { fixed, machineBusySeconds, now, percentile, runFor, type TableRow } from './stats.js';

type Kind = 'sqlite' | 'postgres';

const QUICK = process.env.QUIRE_BENCH_QUICK === '1';
const CONNECTIONS = 4;
const USERS = 20;
const QUEUE = 'bench-ipp';
const SERVER = 'bench';
const PAGE_COST = '0.01';
const CREDIT = '100000';
const PDF_PAGES = 10;
const JOBS = { warmupMs: QUICK ? 1_000 : 2_000, ms: QUICK ? 3_000 : 10_000 };
/** The large document: 200 MB (QUICK: 50 MB), in MB of 10^6 bytes as every MB/s here. */
const LARGE_MB = QUICK ? 50 : 200;
const POLL_MS = 20;
const AIM = { jobs: 0.5, spool: 0.7, rssGrowthMb: 20 };
const ACTOR = { username: 'bench', ip: '127.0.0.1' };
const userName = (u: number) => `print.user${String(u + 1).padStart(2, '0')}`;

/** The queue (charges at once, trusted print server 127.0.0.1) and the users with credit. */
async function prepare(config: ReturnType<typeof loadConfig>, usernames: string[]): Promise<void> {
  const app = await createApp(config);
  try {
    const { users, accounts, printers, settings } = app.services;
    await printers.add(
      {
        server: SERVER,
        name: QUEUE,
        cost_gray: parseAmount(PAGE_COST),
        cost_color: parseAmount(PAGE_COST),
        hold_jobs: 0,
        auth_mode: 'trusted',
      },
      ACTOR,
    );
    await settings.update({ printServerAddresses: '127.0.0.1' });
    for (const username of usernames) {
      const user = await users.createInternal(
        { username, password: 'print bench passphrase 64', fullName: username },
        ACTOR,
      );
      await accounts.personal(user);
      await accounts.update(username, { restricted: 1 }, ACTOR);
      await accounts.adjust(username, parseAmount(CREDIT), 'Bench credit', ACTOR);
    }
  } finally {
    await app.close();
  }
}

const ownCpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** Print-Jobs of `pdf` from the users in turn on CONNECTIONS connections: a warm-up, then the measured run. */
async function printJobs(server: ServerProcess, pdf: Buffer, usernames: string[]) {
  const bodies = usernames.map((username) =>
    Buffer.concat([printJobHeader(server.origin, QUEUE, username, 'Report.pdf'), pdf]),
  );
  const ipp = new IppConnections(server.origin, CONNECTIONS);
  const accepted = new Set<number>();
  const refused = new Map<string, number>();
  let latencies: number[] = [];
  let next = 0;
  const send = async () => {
    const t0 = now();
    const answer = readAnswer(await ipp.post(queuePath(QUEUE), bodies[next++ % bodies.length]!));
    latencies.push(now() - t0);
    // 7 canceled, 8 aborted (e.g. a charge refused), 9 completed: not what a charged job waiting is.
    if (answer.status === 'successful-ok' && answer.jobId !== undefined && (answer.jobState ?? 9) < 7)
      accepted.add(answer.jobId);
    else {
      const why = `${answer.status} ${answer.jobState ?? ''} ${answer.message ?? ''}`.trim();
      refused.set(why, (refused.get(why) ?? 0) + 1);
    }
  };
  try {
    await runFor(JOBS.warmupMs, CONNECTIONS, send);
    latencies = [];
    const [serverCpu, client, machine, t0] = [server.cpuSeconds(), ownCpu(), machineBusySeconds(), now()];
    const run = await runFor(JOBS.ms, CONNECTIONS, send);
    const wall = (now() - t0) / 1000;
    const bad = [...refused.values()].reduce((a, b) => a + b, 0);
    return {
      perSecond: run.perSecond,
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      accepted,
      refused,
      bad,
      serverCores: (server.cpuSeconds() - serverCpu) / wall,
      clientCores: (ownCpu() - client) / wall,
      machineCores: (machineBusySeconds() - machine) / wall,
    };
  } finally {
    ipp.close();
  }
}

/**
 * Every accepted job is in the job log exactly once, charged its pages at the queue's rate, and
 * the users' balances fell by what the job log says they paid and still equal their ledgers.
 */
async function verifyCharged(probe: QueryProbe, accepted: Set<number>, ids: number[], paidBefore: number) {
  const { rows } = await probe.query(
    `SELECT count(*) AS n, count(DISTINCT print_job_id) AS distinct_jobs, coalesce(sum(cost), 0) AS cost,
       coalesce(sum(total_pages), 0) AS pages
       FROM jobs WHERE printer_name = ? AND status = 'printed' AND origin = 'ipp'`,
    [`${SERVER}\\${QUEUE}`],
  );
  const log = rows[0]!;
  const [n, distinct, cost, pages] = [log.n, log.distinct_jobs, log.cost, log.pages].map(Number);
  if (n !== accepted.size || distinct !== accepted.size || pages !== accepted.size * PDF_PAGES)
    throw new Error(
      `${accepted.size} jobs were accepted, but the job log has ${n} charges for ${distinct} print jobs, ${pages} pages`,
    );
  if (cost !== accepted.size * PDF_PAGES * parseAmount(PAGE_COST))
    throw new Error(`the job log charged ${cost} for ${accepted.size} jobs of ${PDF_PAGES} pages`);
  const paid = paidBefore - (await balanceSum(probe, ids));
  if (paid !== cost) throw new Error(`the balances fell by ${paid}, the job log charged ${cost}`);
  const wrong = await unbalanced(probe, ids);
  if (wrong > 0) throw new Error(`${wrong} users' balances are not their ledger sums`);
}

async function balanceSum(probe: QueryProbe, ids: number[]): Promise<number> {
  const { rows } = await probe.query(
    `SELECT coalesce(sum(balance), 0) AS total FROM accounts WHERE id IN (${ids.map(() => '?').join(', ')})`,
    ids,
  );
  return Number(rows[0]!.total);
}

async function jobRows(
  kind: Kind,
  server: ServerProcess,
  probe: QueryProbe,
  dir: string,
  usernames: string[],
  log: (message: string) => void,
): Promise<TableRow[]> {
  const file = ghostscriptPdf(dir, PDF_PAGES);
  const pdf = await readFile(file);
  const countRate = () =>
    measureCountRate(pdfFormat, file, { durationMs: JOBS.ms, concurrency: CONNECTIONS });
  const ids = await accountIds(probe, usernames);
  const paidBefore = await balanceSum(probe, ids);

  const before = await countRate();
  log(
    `${kind}: page count of the ${PDF_PAGES}-page PDF (${pdf.length} bytes), ${CONNECTIONS} at once (before): ${fixed(before.filesPerSecond)}/s`,
  );
  const jobs = await printJobs(server, pdf, usernames);
  log(
    `${kind}: IPP Print-Job: ${fixed(jobs.perSecond)}/s, p50 ${fixed(jobs.p50)} p99 ${fixed(jobs.p99)} ms, ${jobs.accepted.size} accepted in all, ${jobs.bad} not${jobs.bad ? ` (${[...jobs.refused].map(([why, n]) => `${n}× ${why}`).join('; ')})` : ''}; server ${fixed(jobs.serverCores, 2)} + client ${fixed(jobs.clientCores, 2)} cores (machine busy ${fixed(jobs.machineCores, 2)})`,
  );
  const after = await countRate();
  log(`${kind}: page count (after): ${fixed(after.filesPerSecond)}/s`);
  await verifyCharged(probe, jobs.accepted, ids, paidBefore);
  log(`${kind}: verified: ${jobs.accepted.size} jobs in the job log, charged once each; balances add up`);

  const limit = (before.filesPerSecond + after.filesPerSecond) / 2;
  const ratio = jobs.perSecond / limit;
  return [
    {
      database: kind,
      metric: `IPP Print-Job/s, ${PDF_PAGES}-page PDF (${CONNECTIONS} conn.)`,
      value:
        `${fixed(jobs.perSecond)}, p50/p99 ${fixed(jobs.p50)}/${fixed(jobs.p99)} ms` +
        (jobs.bad ? ` (${jobs.bad} refused)` : ''),
      floor: `${fixed(limit)} page counts`,
      ratio: fixed(ratio, 2),
      aim: `≥${AIM.jobs}`,
      ok: ratio >= AIM.jobs && jobs.bad === 0,
    },
    {
      database: kind,
      metric: `page counts/s, same PDF (${CONNECTIONS} conc.)`,
      value: fixed(limit),
      floor: `${fixed(before.filesPerSecond)} before, ${fixed(after.filesPerSecond)} after`,
      ratio: '',
      aim: '',
    },
  ];
}

/** Milliseconds to copy `from` to `to` through a read and a write stream, then removes the copy. */
async function streamedCopy(from: string, to: string): Promise<number> {
  const t0 = now();
  await pipeline(createReadStream(from, { highWaterMark: 1024 * 1024 }), createWriteStream(to));
  const ms = now() - t0;
  await rm(to, { force: true });
  return ms;
}

async function kernelCopy(from: string, to: string): Promise<number> {
  const t0 = now();
  await copyFile(from, to);
  const ms = now() - t0;
  await rm(to, { force: true });
  return ms;
}

/** One Print-Job of the large PDF, checked, while the server's memory is polled. */
async function receiveLarge(server: ServerProcess, probe: QueryProbe, file: string, username: string) {
  const header = printJobHeader(server.origin, QUEUE, username, 'Large.pdf');
  const start = server.memory();
  const cpu = server.cpuSeconds();
  let peakRss = start.rssMb;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, server.memory().rssMb);
  }, POLL_MS);
  let sent;
  try {
    sent = await sendFile(server.origin, queuePath(QUEUE), header, file);
  } finally {
    clearInterval(timer);
  }
  const end = server.memory();
  const { answer, ms, bytes } = sent;
  if (answer.status !== 'successful-ok' || answer.jobId === undefined)
    throw new Error(`the large Print-Job was answered ${answer.status}: ${answer.message}`);
  const { rows } = await probe.query(
    'SELECT document_size, pages, charged_job_id FROM print_jobs WHERE id = ?',
    [answer.jobId],
  );
  const job = rows[0];
  if (
    Number(job?.pages) !== PDF_PAGES ||
    job?.charged_job_id === null ||
    Number(job?.document_size) !== bytes - header.length
  )
    throw new Error(
      `the large job was not spooled whole and charged ${PDF_PAGES} pages: ${JSON.stringify(job)}`,
    );
  return {
    ms,
    mb: bytes / 1e6,
    serverCores: (server.cpuSeconds() - cpu) / (ms / 1000),
    start,
    // A peak between two polls still shows in VmHWM when it passed the earlier high-water mark.
    peak: Math.max(peakRss, end.rssMb, end.hwmMb > start.hwmMb ? end.hwmMb : 0),
    end,
  };
}

/**
 * The large PDF sent twice (the first Print-Job of that size also grows the allocator's pools
 * once), between two streamed copies of it into the spool directory.
 */
async function spoolRows(
  kind: Kind,
  server: ServerProcess,
  probe: QueryProbe,
  dirs: { work: string; spool: string },
  username: string,
  log: (message: string) => void,
): Promise<TableRow[]> {
  const file = await writeLargePdf(path.join(dirs.work, 'large.pdf'), LARGE_MB * 1e6, PDF_PAGES);
  const copyTo = path.join(dirs.spool, 'copy.tmp');
  const copyBefore = await streamedCopy(file, copyTo);
  const first = await receiveLarge(server, probe, file, username);
  const second = await receiveLarge(server, probe, file, username);
  const copyAfter = await streamedCopy(file, copyTo);
  const kernel = await kernelCopy(file, copyTo);
  const mb = first.mb;
  for (const [which, big] of [
    ['first', first],
    ['second', second],
  ] as const)
    log(
      `${kind}: ${fixed(mb)} MB Print-Job (${which}): ${fixed(big.ms)} ms, ${fixed(mb / (big.ms / 1000))} MB/s, server ${fixed(big.serverCores, 2)} cores; RSS ${fixed(big.start.rssMb)} MB before, peak ${fixed(big.peak)}, after ${fixed(big.end.rssMb)}; VmHWM ${fixed(big.start.hwmMb)} → ${fixed(big.end.hwmMb)} MB`,
    );
  log(
    `${kind}: streamed copy ${fixed(copyBefore)} ms before, ${fixed(copyAfter)} ms after; copyFile ${fixed(kernel)} ms`,
  );
  const perSecond = mb / ((first.ms + second.ms) / 2 / 1000);
  const limit = mb / ((copyBefore + copyAfter) / 2 / 1000);
  const ratio = perSecond / limit;
  const [growth, again] = [first.peak - first.start.rssMb, second.peak - second.start.rssMb];
  const size = `${fixed(mb, 0)} MB`;
  return [
    {
      database: kind,
      metric: `spool MB/s, one Print-Job of a ${size} PDF`,
      value: `${fixed(perSecond)} (${fixed(first.ms / 1000, 2)}, ${fixed(second.ms / 1000, 2)} s)`,
      floor: `${fixed(limit)} streamed copy`,
      ratio: fixed(ratio, 2),
      aim: `≥${AIM.spool}`,
      ok: ratio >= AIM.spool,
    },
    {
      database: kind,
      metric: `fs.copyFile MB/s, same file (kernel copy)`,
      value: fixed(mb / (kernel / 1000)),
      floor: '',
      ratio: '',
      aim: '',
    },
    {
      database: kind,
      metric: `server RSS growth receiving ${size} (1st, 2nd)`,
      value: `${fixed(growth)} MB, ${fixed(again)} MB`,
      floor: `${fixed(first.start.rssMb)} MB → peak ${fixed(first.peak)} MB`,
      ratio: '',
      aim: `<${AIM.rssGrowthMb} MB`,
      ok: growth < AIM.rssGrowthMb,
    },
  ];
}

function ghostscriptSkip(): string | false {
  try {
    execFileSync('gs', ['--version'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'Ghostscript (gs) is not installed';
  }
}

export async function benchPrint(
  kind: Kind,
  databaseUrl: string,
  dataDir: string,
  context: AccountingBenchContext,
): Promise<TableRow[]> {
  const { log, defer } = context;
  const skip = ghostscriptSkip();
  if (skip)
    return [{ database: kind, metric: 'print', value: `skipped: ${skip}`, floor: '', ratio: '', aim: '' }];
  const work = mkdtempSync(path.join(os.tmpdir(), 'quire-print-bench-'));
  defer(() => rmSync(work, { recursive: true, force: true }));
  const spool = mkdtempSync(path.join(os.tmpdir(), 'quire-print-spool-'));
  defer(() => rmSync(spool, { recursive: true, force: true }));
  const env = { QUIRE_SPOOL_DIR: spool };
  const usernames = Array.from({ length: USERS }, (_, u) => userName(u));
  log(
    `${kind}: print: queue ${SERVER}\\${QUEUE} (trusted 127.0.0.1, charged at once), ${USERS} users with credit`,
  );
  await prepare(
    loadConfig({
      QUIRE_DATA_DIR: dataDir,
      QUIRE_DATABASE_URL: databaseUrl,
      QUIRE_LOG_LEVEL: 'silent',
      ...env,
    }),
    usernames,
  );
  const server = await startServerProcess({ dataDir, databaseUrl, env });
  defer(() => server.stop());
  const probe = await openQueryProbe(kind, databaseUrl);
  defer(() => probe.close());
  log(`${kind}: print: server pid ${server.pid} at ${server.origin}, spool ${spool}`);
  const rows = await jobRows(kind, server, probe, work, usernames, log);
  rows.push(...(await spoolRows(kind, server, probe, { work, spool }, usernames[0]!, log)));
  return rows;
}
