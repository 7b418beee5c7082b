/**
 * Ending the server process once its last log lines are out, or as far as they can be.
 *
 *   await exitAfterLogs(0, stdoutLog(), 1000);
 *
 * process.exit joins libuv's thread pool. A log write stuck on a pool thread (a blocking socket or
 * a terminal whose reader stopped reading) never returns, so process.exit would wait for ever; it
 * also ends every worker thread first, the stop's watchdog included. In that state the process
 * ends by SIGTERM instead, with no listener left (systemd counts a stop ended by SIGTERM as clean),
 * after the same 'exit' clean-up process.exit runs (running auth programs are killed there).
 */
import type { LogDestination } from '../http/log-destination.js';

export async function exitAfterLogs(code: number, log: LogDestination, flushMs: number): Promise<never> {
  await log.flush(flushMs);
  if (!log.blocked) process.exit(code);
  process.emit('exit', code);
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 100);
  return new Promise<never>(() => undefined);
}
