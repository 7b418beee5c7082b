/**
 * Scheduled synchronizations: each source with a cron schedule (nightly at 02:00 by default) is
 * synchronized on it by `quire serve`. Schedules are re-read every minute, so a change made on any
 * server (or the CLI) takes effect without a restart.
 *
 * Once per tick across every server on the database, and never lost to a dying server:
 *   - each server's tick records a slot (source, tick time) in sync_schedule_slots; the server
 *     whose insert created it runs it, the others' inserts do nothing;
 *   - a run claims its slot while holding the source's lease, and marks it done when it has
 *     finished — succeeded, or failed (a source that is down or a removal limit exceeded is not
 *     retried every few seconds; the next tick tries again), or cancelled by an administrator;
 *   - a run that did not succeed because its server is shutting down, or whose server died (its
 *     lease expires), leaves the slot pending, and every server polls (every 15 s, or half the lease if
 *     shorter) for pending slots that no live lease holds, and runs them.
 *
 *   const scheduler = createSyncScheduler({ sources, sync, slots, log }); await scheduler.start(); … scheduler.stop();
 */
import { Cron } from 'croner';
import type { SourceRow } from '../db/schema.js';
import type { SourcesService } from '../directory/sources.service.js';
import { ConflictError } from '../errors.js';
import { systemClock, type Clock } from '../ports.js';
import type { SyncScheduleRepository } from './sync-schedule.repository.js';
import type { SyncReport } from './sync-run.js';
import type { SyncService } from './sync.service.js';

export interface SchedulerLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

const REFRESH_MS = 60_000;
const POLL_MS = 15_000;
const LEASE_MS = 60_000;
/** A slot younger than this belongs to the server whose tick created it (it is starting the run). */
const GRACE_MS = 2_000;
/** Done slots are kept this long (the runs themselves stay in the run history). */
const KEEP_DONE_MS = 7 * 24 * 3_600_000;
export const SCHEDULER_ACTOR = { username: 'scheduler', ip: '' };

/** The cron tick that just fired: the latest scheduled time not after `now` (croner fires just after it). */
export function tickTime(job: Cron, now: Date): Date {
  let tick = new Date(Math.floor(now.getTime() / 1000) * 1000);
  for (let t = job.nextRun(new Date(now.getTime() - 60_000)); t && t <= now; t = job.nextRun(t)) tick = t;
  return tick;
}

export function createSyncScheduler(deps: {
  sources: SourcesService;
  sync: SyncService;
  slots: SyncScheduleRepository;
  log: SchedulerLog;
  clock?: Clock;
  /** A scheduled run's lease (QUIRE_SYNC_LEASE_SECONDS): how soon another server takes over from a dead one. */
  leaseMs?: number;
  /** How often to look for orphaned slots; 15 s, or half the lease if shorter. */
  pollMs?: number;
  /**
   * The organisation's time zone (Options), in which schedules run: "0 2 * * *" is 02:00 there.
   * Read at every refresh, so a changed zone moves the jobs within a minute. The server's by default.
   */
  timeZone?: () => Promise<string>;
}) {
  const { sources, sync, slots, log } = deps;
  const clock = deps.clock ?? systemClock;
  const leaseMs = deps.leaseMs ?? LEASE_MS;
  const pollMs = deps.pollMs ?? Math.min(POLL_MS, leaseMs / 2);
  const iso = (offsetMs = 0) => new Date(clock.now().getTime() + offsetMs).toISOString();
  /** source id → its job and the expression and time zone it was built from. */
  const jobs = new Map<number, { schedule: string; job: Cron }>();
  let zone: string | undefined;
  /** Sources this server is starting or running a scheduled run of. */
  const inFlight = new Set<number>();
  let refresher: NodeJS.Timeout | null = null;
  let poller: NodeJS.Timeout | null = null;
  let stopped = false;

  /** Runs a pending slot, unless a run of the source is going on (the slot then waits for the poll). */
  async function runSlot(sourceId: number, slot: string): Promise<SyncReport | null> {
    if (inFlight.has(sourceId) || stopped) return null;
    inFlight.add(sourceId);
    let source: SourceRow | undefined;
    try {
      source = await sources.findById(sourceId);
      if (!source) return null;
      // A run (manual, or the previous tick's) holds the source: checked first so that no
      // "Not started" run is recorded; the lease still decides if two servers race past here.
      if (await slots.isLeased(sourceId, iso())) {
        log.info(
          { source: source.name, slot },
          `scheduled sync of ${source.name} waits: a synchronization of it is running`,
        );
        return null;
      }
      const report = await sync.run(source, {
        dryRun: false,
        actor: SCHEDULER_ACTOR,
        leaseMs,
        claim: (runId) => slots.claim(sourceId, slot, runId, iso()),
        onFinished: async (result) => {
          // Ended by this server's shutdown (cancelled, or failed because shutting down closed its
          // directory connection): left pending, so another server runs it.
          if (result.status !== 'succeeded' && stopped) return;
          await slots.complete(sourceId, slot, iso());
        },
      });
      log.info(
        { source: source.name, slot, run: report.runId, status: report.status },
        `scheduled sync of ${source.name}: ${report.message}`,
      );
      return report;
    } catch (error) {
      const name = source?.name ?? `#${sourceId}`;
      if (error instanceof ConflictError)
        log.info({ source: name, slot }, `scheduled sync of ${name} skipped: ${error.message}`);
      else log.warn({ source: name, slot, err: error }, `scheduled sync of ${name} could not start`);
      return null;
    } finally {
      inFlight.delete(sourceId);
    }
  }

  /** A tick of a source's schedule: the server that records the slot first runs it. */
  async function fire(sourceId: number, at: Date): Promise<SyncReport | null> {
    const slot = at.toISOString();
    try {
      if (!(await slots.create(sourceId, slot, iso()))) return null;
    } catch (error) {
      log.warn({ sourceId, slot, err: error }, 'could not record a scheduled sync');
      return null;
    }
    return runSlot(sourceId, slot);
  }

  /** Runs the slots whose server died or stopped before finishing them. */
  async function poll(): Promise<void> {
    try {
      const orphaned = await slots.orphaned(iso(), iso(-GRACE_MS));
      await Promise.all(orphaned.map(({ source_id, slot }) => runSlot(source_id, slot)));
      await slots.purgeDone(iso(-KEEP_DONE_MS));
    } catch (error) {
      log.warn({ err: error }, 'could not look for scheduled syncs to take over');
    }
  }

  function reconcile(list: SourceRow[], timeZone: string | undefined): void {
    // A changed zone rebuilds every job: each is keyed by its expression and its zone.
    const key = (schedule: string) => `${schedule}|${timeZone ?? ''}`;
    const wanted = new Map(list.filter((s) => s.schedule !== '').map((s) => [s.id, key(s.schedule)]));
    for (const [id, entry] of jobs) {
      if (wanted.get(id) !== entry.schedule) {
        entry.job.stop();
        jobs.delete(id);
      }
    }
    for (const [id, wantedKey] of wanted) {
      if (jobs.has(id)) continue;
      const schedule = wantedKey.slice(0, wantedKey.lastIndexOf('|'));
      try {
        // Not `protect`: a tick during a long run is recorded, and run after it by the poll.
        jobs.set(id, {
          schedule: wantedKey,
          job: new Cron(
            schedule,
            { timezone: timeZone },
            (job: Cron) => void fire(id, tickTime(job, new Date())),
          ),
        });
      } catch (error) {
        log.warn({ sourceId: id, schedule, err: error }, 'invalid sync schedule ignored');
      }
    }
  }

  async function refresh(): Promise<void> {
    try {
      zone = (await deps.timeZone?.()) ?? zone;
      reconcile(await sources.list(), zone);
    } catch (error) {
      log.warn({ err: error }, 'could not read sync schedules');
    }
  }

  return {
    async start(): Promise<void> {
      stopped = false;
      await refresh();
      refresher = setInterval(() => void refresh(), REFRESH_MS);
      refresher.unref();
      poller = setInterval(() => void poll(), pollMs);
      poller.unref();
      void poll();
    },
    /** Stops ticking and polling; runs this server then cancels (sync.shutdown) leave their slots pending. */
    stop(): void {
      stopped = true;
      if (refresher) clearInterval(refresher);
      if (poller) clearInterval(poller);
      for (const { job } of jobs.values()) job.stop();
      jobs.clear();
    },
    /** When each scheduled source runs next (for pages and tests). */
    nextRuns(): Map<number, Date | null> {
      return new Map([...jobs].map(([id, { job }]) => [id, job.nextRun()]));
    },
    refresh,
    fire,
    poll,
  };
}

export type SyncScheduler = ReturnType<typeof createSyncScheduler>;
