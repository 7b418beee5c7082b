/**
 * Numbers for the benchmark: percentiles, a fixed-duration load loop, CPU accounting and the
 * result table.
 *
 *   const { completed, seconds } = await runFor(8_000, 6, async () => { await signIn(); });
 *   percentile(latencies, 0.95) // milliseconds
 */
import { readFileSync } from 'node:fs';

/** Nearest-rank percentile of unsorted samples (q in 0..1); NaN when there are none. */
export function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  return {
    count: samples.length,
    p50: percentile(samples, 0.5),
    p95: percentile(samples, 0.95),
    max: percentile(samples, 1),
  };
}

/** Milliseconds since an arbitrary origin, sub-millisecond resolution. */
export const now = (): number => performance.now();

/**
 * Runs `task` from `concurrency` workers, each starting a new call as soon as its previous one
 * ends, for `durationMs`. Only calls that end within the window count: the work still in flight
 * at the end balances the work not yet finished at the start, so the rate is unbiased even for
 * short windows. Calls still running at the end are awaited (and not counted).
 */
export async function runFor(
  durationMs: number,
  concurrency: number,
  task: (worker: number) => Promise<void>,
): Promise<{ completed: number; seconds: number; perSecond: number }> {
  const deadline = now() + durationMs;
  let completed = 0;
  const worker = async (id: number) => {
    while (now() < deadline) {
      await task(id);
      if (now() <= deadline) completed += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, id) => worker(id)));
  const seconds = durationMs / 1000;
  return { completed, seconds, perSecond: completed / seconds };
}

/** Busy CPU seconds of the whole machine so far (every process), from /proc/stat. */
export function machineBusySeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8')
    .split('\n', 1)[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  // user nice system idle iowait irq softirq steal (guest, guest_nice: already in user, nice).
  const busy = fields.slice(0, 8).reduce((sum, value, i) => (i === 3 || i === 4 ? sum : sum + value), 0);
  return busy / 100;
}

export interface TableRow {
  database: string;
  metric: string;
  value: string;
  floor: string;
  ratio: string;
  aim: string;
  /** Whether the aim is met; undefined when there is no aim. */
  ok?: boolean;
}

const COLUMNS: { key: keyof Omit<TableRow, 'ok'>; title: string }[] = [
  { key: 'database', title: 'database' },
  { key: 'metric', title: 'metric' },
  { key: 'value', title: 'value' },
  { key: 'floor', title: 'limit/floor' },
  { key: 'ratio', title: 'ratio' },
  { key: 'aim', title: 'aim' },
];

/** A plain-text table, one line per row, with a met/missed mark after the aim. */
export function formatTable(rows: readonly TableRow[]): string {
  const widths = COLUMNS.map((c) => Math.max(c.title.length, ...rows.map((r) => r[c.key].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [line(COLUMNS.map((c) => c.title))];
  for (const row of rows) {
    const mark = row.ok === undefined ? '' : row.ok ? '  ok' : '  MISSED';
    out.push(line(COLUMNS.map((c) => row[c.key])) + mark);
  }
  return out.join('\n');
}

export const fixed = (value: number, digits = 1): string =>
  Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
