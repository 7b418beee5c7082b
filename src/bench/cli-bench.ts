/**
 * `npm run bench`, CLI part (bench.ts runs it on each database, on a database of its own): the
 * wall time of the installed `quire` command (bin/quire.js) for `quire --help` and
 * `quire user show NAME`, as an administrator's script runs them, against Node's own start
 * (`node -e 0`) measured in turn in the same run. Each figure is the median of ROUNDS runs, the
 * CPU beside it the children's user + system time (/proc/self/stat's cutime + cstime) per run.
 *
 *   const rows = await benchCli('sqlite', 'sqlite:/tmp/x/quire.db', dataDir, { log, defer });
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { reapedChildrenCpuSeconds } from './server.process.js';
import { fixed, percentile, type TableRow } from './stats.js';

type Kind = 'sqlite' | 'postgres';

const QUICK = process.env.QUIRE_BENCH_QUICK === '1';
const ROUNDS = QUICK ? 5 : 11;
const WARMUP_ROUNDS = 2;
const QUIRE = fileURLToPath(new URL('../../bin/quire.js', import.meta.url));
const USERNAME = 'cli.bench';

/** The commands timed, with their wall-time aims (issue 18). */
const COMMANDS = [
  { metric: 'quire --help', args: ['--help'], aimMs: 150 },
  { metric: 'quire user show NAME', args: ['user', 'show', USERNAME], aimMs: 300 },
] as const;

interface Timed {
  wallMs: number[];
  cpuMs: number[];
}

function timeRun(args: readonly string[], env: NodeJS.ProcessEnv, into: Timed): void {
  const cpu = reapedChildrenCpuSeconds();
  const t0 = performance.now();
  const result = spawnSync(process.execPath, args, { env, encoding: 'utf8', timeout: 30_000 });
  const wallMs = performance.now() - t0;
  if (result.status !== 0)
    throw new Error(
      `${args.join(' ')} ${result.error ? `failed: ${result.error.message}` : `exited ${result.status}`}: ${(result.stderr ?? '').slice(0, 500)}`,
    );
  into.wallMs.push(wallMs);
  into.cpuMs.push((reapedChildrenCpuSeconds() - cpu) * 1000);
}

export async function benchCli(
  kind: Kind,
  databaseUrl: string,
  dataDir: string,
  { log }: { log: (message: string) => void; defer: (cleanup: () => Promise<void> | void) => void },
): Promise<TableRow[]> {
  const config = { QUIRE_DATA_DIR: dataDir, QUIRE_DATABASE_URL: databaseUrl, QUIRE_LOG_LEVEL: 'silent' };
  const app = await createApp(loadConfig(config));
  try {
    await app.services.users.createInternal(
      { username: USERNAME, password: 'cli bench passphrase 42', fullName: 'CLI Bench' },
      { username: 'bench', ip: '127.0.0.1' },
    );
  } finally {
    await app.close();
  }
  // Nothing of the caller's Quire settings reaches the children but the database.
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('QUIRE_'))),
    ...config,
  };
  const floor: Timed = { wallMs: [], cpuMs: [] };
  const timed = COMMANDS.map(() => ({ wallMs: [], cpuMs: [] }) as Timed);
  // In turn, so that anything else on the machine weighs on the floor and the commands alike.
  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
    const into = (t: Timed) => (round < WARMUP_ROUNDS ? { wallMs: [], cpuMs: [] } : t);
    timeRun(['-e', '0'], env, into(floor));
    COMMANDS.forEach((command, k) => timeRun([QUIRE, ...command.args], env, into(timed[k]!)));
  }
  const median = (samples: number[]) => percentile(samples, 0.5);
  const floorMs = median(floor.wallMs);
  log(`${kind}: cli: node -e 0 ${fixed(floorMs)} ms wall, ${fixed(median(floor.cpuMs))} ms CPU`);
  return COMMANDS.map((command, k) => {
    const wallMs = median(timed[k]!.wallMs);
    return {
      database: kind,
      metric: `CLI: ${command.metric} (median of ${ROUNDS})`,
      value: `${fixed(wallMs)} ms wall, ${fixed(median(timed[k]!.cpuMs))} ms CPU`,
      floor: `node -e 0: ${fixed(floorMs)} ms`,
      ratio: `${fixed(wallMs / floorMs)}×`,
      aim: `<${command.aimMs} ms`,
      ok: wallMs < command.aimMs,
    };
  });
}
