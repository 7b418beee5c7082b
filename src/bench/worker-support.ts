/**
 * What the benchmark's child processes (sync-worker, graph-sync-worker) share: their memory
 * figures, and the loop that runs the parent's messages — `close` ends the child, and any failure
 * goes back to the parent as `failed` instead of killing it.
 *
 *   onParentMessages<ParentMessage>(async (message) => { if (message.type === 'sync') … }, () => app?.close());
 */
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

export function onParentMessages<P extends { type: string }>(
  handle: (message: Exclude<P, { type: 'close' }>) => Promise<void>,
  close: () => Promise<unknown>,
): void {
  const run = async (message: P) => {
    try {
      if (message.type === 'close') {
        await close();
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
