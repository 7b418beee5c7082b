/**
 * This server's entry in `server_instances`: written at start, refreshed every 30 seconds (an
 * unref'd timer: it never keeps the process alive) and deleted on a clean stop, so the operations
 * page can list the servers seen in the last few minutes on a shared database.
 *
 *   const heartbeat = await startInstanceHeartbeat({ instances, clock, log });
 *   …
 *   await heartbeat.stop(); // on SIGTERM
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Clock } from '../ports.js';
import type { InstancesRepository } from './instances.repository.js';
import { QUIRE_VERSION } from './version.js';

export const HEARTBEAT_MS = 30_000;
/** The operations page lists servers seen within this window. */
export const RECENT_MS = 5 * 60_000;
const PURGE_AFTER_MS = 24 * 3_600_000;

export async function startInstanceHeartbeat(deps: {
  instances: InstancesRepository;
  clock: Clock;
  log: { warn(details: object, message: string): void };
}) {
  const { instances, clock, log } = deps;
  const hostname = os.hostname();
  const instance = {
    id: `${hostname}:${process.pid}:${randomBytes(4).toString('hex')}`,
    hostname,
    pid: process.pid,
    version: QUIRE_VERSION,
    started_at: clock.now().toISOString(),
  };
  const beat = async () => {
    const now = clock.now();
    await instances.heartbeat(instance, now.toISOString());
    await instances.purgeBefore(new Date(now.getTime() - PURGE_AFTER_MS).toISOString());
  };
  await beat();
  // A database that is briefly unreachable must not stop the server; the next beat tries again.
  const timer = setInterval(
    () => void beat().catch((error: unknown) => log.warn({ err: error }, 'server instance heartbeat failed')),
    HEARTBEAT_MS,
  );
  timer.unref();
  return {
    id: instance.id,
    async stop(): Promise<void> {
      clearInterval(timer);
      await instances
        .remove(instance.id)
        .catch((error: unknown) =>
          log.warn({ err: error }, 'could not remove this server from server_instances'),
        );
    },
  };
}
