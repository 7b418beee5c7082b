/**
 * Real IPP peers on loopback for tests, through `ipp-printers.sh` (next to this file's source; see
 * /work/shared/recipes/ipp-printers.md for what was verified and why):
 *
 * - a destination printer: CUPS's `ippeveprinter` with a private D-Bus and no DNS-SD adverts. It
 *   keeps each document byte-identical (`received(n)`), takes ONE job at a time (others get
 *   server-error-busy) and refuses formats it was not started with;
 * - a private `cupsd`: raw queues that keep each document (a destination that accepts concurrent
 *   jobs), queues whose device URI is another IPP server (CUPS's own ipp backend as a real client:
 *   `lp -U alice` through Quire), and `lp`/wait-for-a-job.
 *
 *   const skip = ippPeersSkip();                          // in describe(…, { skip }); fails under QUIRE_TEST_REQUIRE_ALL=1
 *   const printer = await startIppPrinter({ formats: ['application/pdf'] });
 *   // printer.uri = ipp://127.0.0.1:PORT/ipp/print
 *   const job = await printer.received(1);              // { data: Buffer, attributes: { IPP_JOB_NAME: … } }
 *   const cups = await startCups();
 *   const sink = await cups.addQueue('sink', 'file:///dev/null');   // cups.spooled(jobId) = its document
 *   const toQuire = await cups.addQueue('q', 'ipp://127.0.0.1:9191/printers/q?contimeout=5&waitjob=false');
 *   const id = await cups.lp('q', 'alice', file, '-t', 'Essay');
 *   assert.equal(await cups.waitJob(id), 'completed');
 *   await printer.stop(); await cups.stop();
 *
 * Every process started is stopped by `stop()`, and by the script's watchdog once this test
 * process is gone (IPP_OWNER_PID), so a crashed run leaves nothing behind. Runs as root (CUPS's
 * backends run as user `lp`: the directories are made 0755).
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { skipUnless } from './require.js';

const run = promisify(execFile);
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The script lives with the sources (tests run from dist/, which has no shell scripts). */
export const IPP_PRINTERS_SCRIPT = path.join(projectRoot, 'src/test-support/ipp-printers.sh');
const TOOLS = ['ippeveprinter', 'ipptool', 'cupsd', 'lpadmin', 'lp', 'dbus-daemon', 'gs'];
const PATH_DIRS = ['/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Whether the peers can run here: the tools are installed (`ipp-printers.sh install`) and we are root. */
export function ippPeersAvailable(): boolean {
  return (
    os.userInfo().uid === 0 &&
    TOOLS.every((tool) => PATH_DIRS.some((dir) => existsSync(path.join(dir, tool))))
  );
}

/** `skip` for a describe block needing the peers; throws instead under QUIRE_TEST_REQUIRE_ALL=1. */
export function ippPeersSkip(): string | false {
  return skipUnless(
    ippPeersAvailable(),
    'ippeveprinter, ipptool, cupsd, lp or gs is not installed, or not running as root (run src/test-support/ipp-printers.sh install)',
  );
}

/** Runs the script; its KEY=VALUE output lines as a record. */
async function script(...args: string[]): Promise<Record<string, string>> {
  try {
    const { stdout } = await run(IPP_PRINTERS_SCRIPT, args, {
      encoding: 'utf8',
      env: { ...process.env, IPP_OWNER_PID: String(process.pid) },
      timeout: 60_000,
    });
    return keyValues(stdout);
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw Object.assign(
      new Error(`ipp-printers.sh ${args.slice(0, 2).join(' ')} failed: ${stderr.trim() || String(error)}`),
      { output: keyValues(stdout) },
    );
  }
}

/** A fresh 0755 directory for one peer (the script refuses top-level ones; `lp` must enter it). */
function peerDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ReceivedJob {
  /** The document exactly as the printer received it. */
  data: Buffer;
  /** The job's IPP attributes as ippeveprinter gives them to its hook: IPP_JOB_NAME, IPP_JOB_ORIGINATING_USER_NAME, … */
  attributes: Record<string, string>;
}

export interface IppPrinter {
  /** ipp://127.0.0.1:PORT/ipp/print (ipps:// on the same port works too, self-signed). */
  uri: string;
  port: number;
  /** Job `n` (1, 2, … since the last start) once its document is complete; rejects after `timeoutMs`. */
  received(n: number, timeoutMs?: number): Promise<ReceivedJob>;
  /** How many jobs arrived since the last start. */
  receivedCount(): number;
  /** Until the printer is idle with no job queued. */
  waitIdle(seconds?: number): Promise<void>;
  /** Stops it (the port is free again); `start()` starts it again on the same port, job ids from 1. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  close(): Promise<void>;
}

export interface IppPrinterOptions {
  /** The printer's name (default "Office"). */
  name?: string;
  /** Formats it accepts (default: PDF, PostScript, PWG Raster, URF, JPEG; octet-stream is always added). */
  formats?: readonly string[];
}

export async function startIppPrinter(options: IppPrinterOptions = {}): Promise<IppPrinter> {
  const root = peerDir('quire-ipp-printer-');
  const dir = path.join(root, 'p');
  const formats = options.formats ? [options.formats.join(',')] : [];
  const name = options.name ?? 'Office';
  let out: Record<string, string>;
  try {
    out = await script('printer', 'start', dir, 'auto', name, ...formats);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  const port = Number(out.PORT);
  const jobsDir = out.JOBS_DIR!;
  const count = () =>
    existsSync(jobsDir) ? new Set(readdirNames(jobsDir).filter((file) => /^\d+\.env$/.test(file))).size : 0;
  return {
    uri: out.PRINTER_URI!,
    port,
    async received(n, timeoutMs = 15_000) {
      const env = path.join(jobsDir, `${n}.env`);
      const deadline = Date.now() + timeoutMs;
      while (!existsSync(env)) {
        if (Date.now() > deadline)
          throw new Error(`job ${n} did not reach the printer within ${timeoutMs} ms`);
        await sleep(50);
      }
      return {
        data: readFileSync(path.join(jobsDir, `${n}.data`)),
        attributes: keyValues(readFileSync(env, 'utf8')),
      };
    },
    receivedCount: count,
    async waitIdle(seconds = 10) {
      await script('printer', 'wait-idle', dir, String(seconds));
    },
    async stop() {
      await script('printer', 'stop', dir);
    },
    async start() {
      await script('printer', 'start', dir, String(port), name, ...formats);
    },
    async close() {
      await script('printer', 'stop', dir);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface Cups {
  /** 127.0.0.1:PORT, for `lp -h`. */
  host: string;
  /** Adds a raw queue sending to `deviceUri`; its ipp:// URI. `file:///dev/null` = CUPS itself is the printer. */
  addQueue(name: string, deviceUri: string): Promise<string>;
  /** Stops a queue (it still accepts jobs, and keeps them pending) with a reason, or starts it again. */
  disable(queue: string, reason?: string): Promise<void>;
  enable(queue: string): Promise<void>;
  /** Submits `file` to `queue` as `user` with `lp` (extra lp arguments after); the CUPS job id. */
  lp(queue: string, user: string, file: string, ...lpArgs: string[]): Promise<number>;
  /** Waits for the job's end; its job-state (completed, aborted, canceled, or the last seen). */
  waitJob(jobId: number, seconds?: number): Promise<string>;
  /** The document of job `jobId` as a `file:///dev/null` queue kept it. */
  spooled(jobId: number): Buffer;
  /** Stops cupsd and removes its directory. */
  close(): Promise<void>;
}

export async function startCups(): Promise<Cups> {
  const root = peerDir('quire-cups-');
  const dir = path.join(root, 'c');
  let out: Record<string, string>;
  try {
    out = await script('cups', 'start', dir, 'auto');
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    host: out.CUPS_HOST!,
    async addQueue(name, deviceUri) {
      return (await script('cups', 'add-queue', dir, name, deviceUri)).QUEUE_URI!;
    },
    async disable(queue, reason) {
      await run('cupsdisable', ['-h', out.CUPS_HOST!, ...(reason ? ['-r', reason] : []), queue]);
    },
    async enable(queue) {
      await run('cupsenable', ['-h', out.CUPS_HOST!, queue]);
    },
    async lp(queue, user, file, ...lpArgs) {
      return Number((await script('cups', 'lp', dir, queue, user, file, ...lpArgs)).JOB_ID);
    },
    async waitJob(jobId, seconds = 30) {
      try {
        return (await script('cups', 'wait-job', dir, String(jobId), String(seconds))).JOB_STATE!;
      } catch (error) {
        // Exit 1: the job ended otherwise than completed (or not in time); the state is still printed.
        return (error as { output?: Record<string, string> }).output?.JOB_STATE ?? 'unknown';
      }
    },
    spooled: (jobId) => readFileSync(path.join(out.SPOOL_DIR!, `d${String(jobId).padStart(5, '0')}-001`)),
    async close() {
      await script('cups', 'stop', dir);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Writes an N-page PDF ("Page i of N" on each) with Ghostscript. */
export async function makePdf(pages: number, file: string): Promise<void> {
  await script('make-pdf', String(pages), file);
}

function readdirNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** KEY=VALUE lines (the script's output, a job's .env file) as a record. */
function keyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) out[line.slice(0, at)] = line.slice(at + 1);
  }
  return out;
}
