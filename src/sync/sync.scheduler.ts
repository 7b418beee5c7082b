/**
 * Scheduled synchronizations: each source with a cron schedule (nightly at 02:00 by default) is
 * synchronized on it by `quire serve`. Schedules are re-read every minute, so a change made on any
 * server (or the CLI) takes effect without a restart. When several servers share a database, each
 * fires, the first takes the source's lease and the others find it running and skip.
 *
 *   const scheduler = createSyncScheduler({ sources, sync, log }); scheduler.start(); … scheduler.stop();
 */
import { Cron } from 'croner';
import type { SourceRow } from '../db/schema.js';
import type { SourcesService } from '../directory/sources.service.js';
import { ConflictError } from '../errors.js';
import type { SyncService } from './sync.service.js';

export interface SchedulerLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

const REFRESH_MS = 60_000;
export const SCHEDULER_ACTOR = { username: 'scheduler', ip: '' };

export function createSyncScheduler(deps: { sources: SourcesService; sync: SyncService; log: SchedulerLog }) {
  const { sources, sync, log } = deps;
  /** source id → its job and the expression it was built from. */
  const jobs = new Map<number, { schedule: string; job: Cron }>();
  let refresher: NodeJS.Timeout | null = null;

  async function fire(sourceId: number): Promise<void> {
    const source = await sources.findById(sourceId);
    if (!source) return;
    try {
      const report = await sync.run(source, { dryRun: false, actor: SCHEDULER_ACTOR });
      log.info({ source: source.name, run: report.runId, status: report.status }, `scheduled sync of ${source.name}: ${report.message}`);
    } catch (error) {
      if (error instanceof ConflictError) log.info({ source: source.name }, `scheduled sync of ${source.name} skipped: ${error.message}`);
      else log.warn({ source: source.name, err: error }, `scheduled sync of ${source.name} could not start`);
    }
  }

  function reconcile(list: SourceRow[]): void {
    const wanted = new Map(list.filter((s) => s.schedule !== '').map((s) => [s.id, s.schedule]));
    for (const [id, entry] of jobs) {
      if (wanted.get(id) !== entry.schedule) {
        entry.job.stop();
        jobs.delete(id);
      }
    }
    for (const [id, schedule] of wanted) {
      if (jobs.has(id)) continue;
      try {
        // protect: a run still going when the next tick comes is not started twice.
        jobs.set(id, { schedule, job: new Cron(schedule, { protect: true }, () => fire(id)) });
      } catch (error) {
        log.warn({ sourceId: id, schedule, err: error }, 'invalid sync schedule ignored');
      }
    }
  }

  async function refresh(): Promise<void> {
    try {
      reconcile(await sources.list());
    } catch (error) {
      log.warn({ err: error }, 'could not read sync schedules');
    }
  }

  return {
    async start(): Promise<void> {
      await refresh();
      refresher = setInterval(() => void refresh(), REFRESH_MS);
      refresher.unref();
    },
    stop(): void {
      if (refresher) clearInterval(refresher);
      for (const { job } of jobs.values()) job.stop();
      jobs.clear();
    },
    /** When each scheduled source runs next (for pages and tests). */
    nextRuns(): Map<number, Date | null> {
      return new Map([...jobs].map(([id, { job }]) => [id, job.nextRun()]));
    },
    refresh,
  };
}

export type SyncScheduler = ReturnType<typeof createSyncScheduler>;
