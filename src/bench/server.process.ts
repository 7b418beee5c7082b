/**
 * A real Quire server as a child process (`node dist/main.js serve`), exactly as an operator
 * starts it, so the benchmark measures the production code path: config from the environment,
 * Fastify, logging, the database pool.
 *
 *   const server = await startServerProcess({ dataDir, databaseUrl });
 *   server.origin  // 'http://127.0.0.1:40123'
 *   server.memory() // { rssMb, hwmMb }
 *   await server.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test-support/free-ports.js';
import { SERVER_NODE_OPTIONS } from '../ops/node-options.js';

const MAIN = fileURLToPath(new URL('../main.js', import.meta.url));
/** USER_HZ: /proc reports CPU time in these ticks; 100 on every Linux platform Node supports. */
const CLOCK_TICKS = 100;

export interface ServerProcess {
  readonly pid: number;
  readonly origin: string;
  /** Resident set size now and its peak (VmHWM), in MiB, from /proc/<pid>/status. */
  memory(): { rssMb: number; hwmMb: number };
  /** CPU time (user + system, all threads) used so far, in seconds, from /proc/<pid>/stat. */
  cpuSeconds(): number;
  /** The last lines the server printed, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

/** The fields of /proc/<pid>/stat after the parenthesized command name (state first). */
function statFields(pid: number | 'self'): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU time (user + system, all threads) a process has used so far, in seconds, from /proc/<pid>/stat. */
export function processCpuSeconds(pid: number): number {
  const fields = statFields(pid);
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** CPU time of the children this process has waited for (cutime + cstime), in seconds. */
export function reapedChildrenCpuSeconds(): number {
  const fields = statFields('self');
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
}

/** Resident set size now and its peak (VmRSS, VmHWM) of a process, in MiB, from /proc/<pid>/status. */
export function processMemory(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

/** Every child still running, so that an exit for any reason can kill them. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * `env` adds to the server's environment (e.g. QUIRE_SPOOL_DIR). QUIRE_BENCH_SERVER_ARGS, when set,
 * gives Node options for the server (space-separated), e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`:
 * the profile is written when the server exits at the end of its part.
 */
export async function startServerProcess(options: {
  dataDir: string;
  databaseUrl: string;
  env?: Readonly<Record<string, string>>;
}): Promise<ServerProcess> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const nodeArgs = (process.env.QUIRE_BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...SERVER_NODE_OPTIONS, ...nodeArgs, MAIN, 'serve'], {
    env: {
      ...options.env,
      PATH: process.env.PATH,
      QUIRE_DATA_DIR: options.dataDir,
      QUIRE_DATABASE_URL: options.databaseUrl,
      QUIRE_HOST: '127.0.0.1',
      QUIRE_PORT: String(port),
      QUIRE_HTTPS_PORT: 'off',
      QUIRE_LOG_LEVEL: 'warn',
      QUIRE_PUBLIC_URL: origin,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));

  const server: ServerProcess = {
    pid: child.pid!,
    origin,
    memory: () => processMemory(child.pid!),
    cpuSeconds: () => processCpuSeconds(child.pid!),
    output: () => tail,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`The Quire server exited with code ${child.exitCode} during start-up:\n${tail}`);
    if (await answers(`${origin}/user/login`)) return server;
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`The Quire server did not answer within 30 s:\n${tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => req.destroy());
  });
}

const BARE = fileURLToPath(new URL('./bare.server.js', import.meta.url));

export interface BareServer {
  readonly pid: number;
  /** The bare route's URL, e.g. 'http://127.0.0.1:40124/bare'. */
  readonly url: string;
  /** Its resident set size once listening, before any request, in MiB: Node and Fastify alone. */
  readonly startRssMb: number;
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** The bare Fastify route of bare.server.ts as a child process on the same Node binary. */
export async function startBareServer(): Promise<BareServer> {
  const child = spawn(process.execPath, [BARE], {
    env: { PATH: process.env.PATH },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));
  let output = '';
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The bare Fastify server did not start within 10 s:\n${output}`)),
      10_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /^listening (http:\/\/\S+)$/m.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The bare Fastify server exited with code ${code}:\n${output}`));
    });
  });
  return {
    pid: child.pid!,
    url: `${origin}/bare`,
    startRssMb: processMemory(child.pid!).rssMb,
    cpuSeconds: () => processCpuSeconds(child.pid!),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
