/**
 * What the benchmark's child processes (sync-worker for every source kind) share: their memory
 * figures, and the loop that runs the parent's messages — `close` ends the child, and any failure
 * goes back to the parent as `failed` instead of killing it.
 *
 *   onParentMessages<ParentMessage>(async (message) => { if (message.type === 'sync') … }, () => app?.close());
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

export interface WorkerMemory {
  /** Peak resident set size of this process so far (process.resourceUsage().maxRSS), KiB. */
  maxRssKib: number;
  /** Resident set size now, KiB. */
  rssKib: number;
  heapUsedKib: number;
}

export function workerMemory(): WorkerMemory {
  const usage = process.memoryUsage();
  return {
    maxRssKib: process.resourceUsage().maxRSS,
    rssKib: Math.round(usage.rss / 1024),
    heapUsedKib: Math.round(usage.heapUsed / 1024),
  };
}

/**
 * With QUIRE_BENCH_CPU_PROF=DIR, a child profiles itself from its start until the parent closes
 * it, and writes DIR/<pid>.cpuprofile (the parent kills it right after, so node's own --cpu-prof
 * would never get to write): to see where a sync's time goes.
 */
function startProfile(): (() => Promise<void>) | null {
  const dir = process.env.QUIRE_BENCH_CPU_PROF;
  if (!dir) return null;
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, (error, result) => (error ? reject(error) : resolve(result))),
    );
  const started = post('Profiler.enable').then(() => post('Profiler.start'));
  return async () => {
    await started;
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  };
}

export function onParentMessages<P extends { type: string }>(
  handle: (message: Exclude<P, { type: 'close' }>) => Promise<void>,
  close: () => Promise<unknown>,
): void {
  const stopProfile = startProfile();
  const run = async (message: P) => {
    try {
      if (message.type === 'close') {
        await close();
        await stopProfile?.();
        process.send!({ type: 'closed' });
        process.disconnect();
      } else {
        await handle(message as Exclude<P, { type: 'close' }>);
      }
    } catch (error) {
      process.send!({ type: 'failed', message: (error as Error).stack ?? String(error) });
    }
  };
  process.on('message', (message: P) => void run(message));
}
