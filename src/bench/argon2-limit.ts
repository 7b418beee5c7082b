/**
 * The sign-in's physical limit: argon2id verifications per second with every core verifying in a
 * tight loop on a thread of its own (nothing else: no queue, no messages, no event loop), the best
 * this machine can do with these parameters. Measured this way rather than with @node-rs/argon2's
 * asynchronous calls, which on libuv's pool of four threads reached 10–20 % less on two cores.
 *
 *   const floor = await openArgon2Limit(hash, password);
 *   const { completed, seconds } = await floor.run(1000);
 *   await floor.close();
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export async function openArgon2Limit(hash: string, password: string) {
  const workers = Array.from(
    { length: Math.max(1, availableParallelism()) },
    () => new Worker(new URL('./argon2-limit.worker.js', import.meta.url)),
  );
  await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('online', resolve))));
  const once = (worker: Worker, ms: number) =>
    new Promise<number>((resolve, reject) => {
      const fail = (error: Error) => reject(error);
      worker.once('error', fail);
      worker.once('message', (completed: number) => {
        worker.off('error', fail);
        resolve(completed);
      });
      worker.postMessage({ hash, password, ms });
    });
  return {
    async run(ms: number): Promise<{ completed: number; seconds: number }> {
      const counts = await Promise.all(workers.map((worker) => once(worker, ms)));
      return { completed: counts.reduce((a, b) => a + b, 0), seconds: ms / 1000 };
    },
    async close(): Promise<void> {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
