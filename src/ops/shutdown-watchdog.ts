/**
 * The last word on a stop: a thread of its own that kills the process at the deadline, whatever
 * the main thread is doing.
 *
 *   startShutdownWatchdog(45_000); // at the start of a stop
 *
 * The graceful stop in main.ts has its own deadline, a timer; but a timer needs the main thread's
 * event loop, and a main thread blocked in a synchronous call (a log flush retrying for ever, a
 * native call that never returns) never runs it. A worker thread has its own event loop and may
 * signal its own process. It writes one line to stderr (asynchronously, so a stalled stderr cannot
 * hold it) and sends SIGKILL: nothing else is certain to end a process that is stuck. When the stop
 * finishes first, process.exit ends the worker with the process; it is unref'd, so it never keeps
 * a process alive by itself.
 */
import { Worker } from 'node:worker_threads';

export function startShutdownWatchdog(ms: number): void {
  // No execArgv of ours (--input-type, a loader) is needed there.
  const worker = new Worker(new URL('./shutdown-watchdog.worker.js', import.meta.url), {
    workerData: { pid: process.pid, ms },
    execArgv: [],
  });
  // A watchdog that fails to start must not fail the stop it guards.
  worker.on('error', () => undefined);
  worker.unref();
}
