/**
 * The watchdog's thread (see shutdown-watchdog.ts): at the deadline, one line to stderr and SIGKILL.
 */
import { write } from 'node:fs';
import { workerData } from 'node:worker_threads';

const { pid, ms } = workerData as { pid: number; ms: number };
setTimeout(() => {
  const line = JSON.stringify({
    level: 60,
    time: Date.now(),
    pid,
    msg: `the stop did not finish within ${ms / 1000} s and the main thread is blocked; killing the process`,
  });
  write(2, `${line}\n`, () => undefined);
  // Not waiting for that write: a stalled stderr must not stop the kill.
  setTimeout(() => process.kill(pid, 'SIGKILL'), 100);
}, ms);
