/**
 * Synchronizes users and groups from a directory source, in three steps:
 *   read (sync-read.ts): stream the directory page by page into staging tables →
 *   compare (sync-compare.ts): diff in SQL by the source's immutable id, decide renames, conflicts
 *     and what happens to users no longer listed →
 *   apply (sync-apply.ts): write everything in one transaction;
 * then record a report. A dry run ("Test settings") does all but the apply step. This file holds
 * the run's life around those steps: its row, its lease, cancelling, and the service's API.
 *
 * Safety, in the order the run checks it:
 *   - one run per source at a time, on every server sharing the database (a lease row);
 *   - a source that fails (connection, a page, a timeout) or lists nobody changes nothing;
 *   - cancelling before the apply step changes nothing;
 *   - a run that would disable or delete more users than the source's threshold stops before
 *     changing anything, unless an administrator allows it for this one run (audited);
 *   - a username held by an internal user or another source is a conflict, left alone.
 *
 *   const report = await sync.run(source, { dryRun: true, actor });
 *   const { runId } = await sync.start(source, { dryRun: false, actor }); // watch it in sync_runs
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Kysely } from 'kysely';
import type { AuditService } from '../audit/audit.service.js';
import type { PasswordHasher } from '../passwords/password-hasher.js';
import type { DB, SourceRow, SyncRunRow } from '../db/schema.js';
import type { SourcesService } from '../directory/sources.service.js';
import { ConflictError, NotFoundError, SourceError } from '../errors.js';
import type { Clock } from '../ports.js';
import type { Actor } from '../audit/actor.js';
import type { UsersService } from '../users/users.service.js';
import type { SyncApplyRepository } from './sync-apply.repository.js';
import { createSyncApplier } from './sync-apply.js';
import type { SyncCompareRepository } from './sync-compare.repository.js';
import { createSyncComparer } from './sync-compare.js';
import type { SyncLeaseRepository } from './sync-lease.repository.js';
import { createSyncReader } from './sync-read.js';
import {
  CancelledError,
  failReport,
  newReport,
  parseRunDetails,
  reportLine,
  summary,
  type RunContext,
  type RunOptions,
  type SyncReport,
} from './sync-run.js';
import type { SyncRunPageQuery, SyncRunsRepository } from './sync-runs.repository.js';
import type { SyncStageRepository } from './sync-stage.repository.js';

const LEASE_MS = 60_000;
/** Heartbeats per lease period: a lease of 60 s is renewed every 10 s. */
const LEASE_PER_HEARTBEAT = 6;
const PROGRESS_EVERY_MS = 1_000;

export function createSyncService(deps: {
  db: Kysely<DB>;
  runs: SyncRunsRepository;
  stage: SyncStageRepository;
  compare: SyncCompareRepository;
  apply: SyncApplyRepository;
  leases: SyncLeaseRepository;
  sources: SourcesService;
  users: UsersService;
  audit: AuditService;
  /** Hashes listed card PINs as setCardPin does, and checks whether a stored one still matches. */
  hasher: PasswordHasher;
  clock: Clock;
}) {
  const { db, runs, stage, compare, apply, leases, sources, users, audit, hasher, clock } = deps;
  /** This server process, as a lease holder. */
  const holder = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const cancelled = new Set<number>();
  /** Ids of the runs this process is executing, so that a shutdown can cancel them. */
  const active = new Set<number>();
  /**
   * Every run this process has begun, from its first statement: a shutdown that arrives while a
   * run is still taking its lease must wait for it too, or the run would go on after the stop.
   */
  const running = new Set<Promise<unknown>>();
  let stopping = false;
  const iso = (offsetMs = 0) => new Date(clock.now().getTime() + offsetMs).toISOString();
  const readDirectory = createSyncReader({ stage, compare, sources, hasher });
  const compareRun = createSyncComparer({ stage, compare, sources });
  const applyRun = createSyncApplier({ db, apply, audit, clock });

  /** Creates the run row and takes the source's lease, or explains who holds it. */
  async function begin(source: SourceRow, options: RunOptions): Promise<SyncRunRow> {
    const row = await runs.insert({
      source_id: source.id,
      started_at: iso(),
      finished_at: null,
      dry_run: options.dryRun ? 1 : 0,
      status: 'running',
      added: 0,
      updated: 0,
      unchanged: 0,
      errors: 0,
      message: '',
      details: '{}',
      // A run reads users first; written now so that a page or test looking right after start sees it.
      phase: 'reading users',
      override_threshold: options.overrideThreshold ? 1 : 0,
      actor: options.actor.username,
    });
    if (!(await leases.acquire(source.id, holder, row.id, iso(), iso(options.leaseMs ?? LEASE_MS)))) {
      const current = await leases.find(source.id);
      // Refused, not failed: the row goes, so no failed run appears and Last run stays as it was.
      await runs.remove(row.id);
      throw new ConflictError(
        `A synchronization of "${source.name}" is already running (run #${current?.run_id ?? '?'}).`,
      );
    }
    for (const id of await runs.markInterrupted(source.id, row.id, iso())) await stage.clearInterrupted(id);
    // Staging tables no running run owns: a run that could not drop them, a server that died while
    // syncing a source since removed, a database restored from a backup (whose run ids start again,
    // so this run's own id may already name some: it has made none yet).
    for (const id of await stage.runsWithTables()) {
      if (id === row.id || (await runs.findById(id))?.status !== 'running') await stage.clearInterrupted(id);
    }
    if (options.claim && !(await options.claim(row.id))) {
      await runs.finish(row.id, {
        status: 'cancelled',
        finished_at: iso(),
        phase: '',
        message: 'Not started: another server has already run this scheduled synchronization.',
      });
      await leases.release(source.id, holder, row.id);
      throw new ConflictError(`The scheduled synchronization of "${source.name}" has already run.`);
    }
    return row;
  }

  /**
   * Keeps the run's lease while it runs: renewed every sixth of its length. `lost()` tells when a
   * renewal found it taken, or renewals failed (database unreachable) until it had run out.
   */
  function keepLease(sourceId: number, runId: number, leaseMs: number) {
    const renew = (executor?: Kysely<DB>) => leases.renew(sourceId, holder, runId, iso(leaseMs), executor);
    let lost = false;
    // Until when this server may count on its lease: a renewal that fails (database unreachable)
    // does not extend it, and once it has passed another server may have taken the source.
    let heldUntil = Date.now() + leaseMs;
    const heartbeat = setInterval(() => {
      const until = Date.now() + leaseMs;
      renew().then(
        (held) => (held ? (heldUntil = until) : (lost = true)),
        () => {
          if (Date.now() > heldUntil) lost = true;
        },
      );
    }, leaseMs / LEASE_PER_HEARTBEAT);
    heartbeat.unref();
    return { renew, lost: () => lost, stop: () => clearInterval(heartbeat) };
  }

  /** The run's `progress` (see RunContext): records the phase, and stops a cancelled or orphaned run. */
  function progressOf(runId: number, options: RunOptions, leaseLost: () => boolean): RunContext['progress'] {
    let lastProgress = 0;
    return async (phase, entries, force = false) => {
      options.onProgress?.(phase, entries);
      const now = Date.now();
      if (!force && now - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = now;
      await runs.progress(runId, phase, entries);
      if (cancelled.has(runId) || (await runs.isCancelRequested(runId))) throw new CancelledError();
      if (leaseLost())
        throw new SourceError(
          'This server lost the synchronization lease (the database was unreachable for too long); nothing was changed.',
        );
    };
  }

  async function execute(source: SourceRow, runRow: SyncRunRow, options: RunOptions): Promise<SyncReport> {
    const runId = runRow.id;
    const report = newReport(runId, source.name, options.dryRun);
    const lease = keepLease(source.id, runId, options.leaseMs ?? LEASE_MS);
    try {
      await stage.withRun(runId, async (staging) => {
        const context: RunContext = {
          source,
          runId,
          staging,
          options,
          report,
          line: reportLine(report),
          progress: progressOf(runId, options, lease.lost),
          renewLease: lease.renew,
        };
        const read = await readDirectory(context);
        const plan = await compareRun(context, read);
        if (!options.dryRun) await applyRun(context, plan, read);
      });
      report.message = summary(report, source);
    } catch (error) {
      failReport(report, error);
    } finally {
      lease.stop();
      cancelled.delete(runId);
    }
    await finish(source, report, options);
    return report;
  }

  /** Records the outcome and releases the lease, then audits a real run. */
  async function finish(source: SourceRow, report: SyncReport, options: RunOptions): Promise<void> {
    const { runId } = report;
    await runs.finish(runId, {
      finished_at: iso(),
      status: report.status,
      phase: '',
      added: report.added,
      updated: report.updated,
      renamed: report.renamed,
      disabled: report.disabled,
      deleted: report.deleted,
      unchanged: report.unchanged,
      conflicts: report.conflicts,
      errors: report.errors,
      missing: report.missing,
      groups: report.groups,
      threshold_exceeded: report.thresholdExceeded ? 1 : 0,
      message: report.message,
      details: JSON.stringify({ lines: report.lines, samples: report.samples }),
    });
    try {
      await options.onFinished?.(report);
    } finally {
      await leases.release(source.id, holder, runId);
    }
    if (options.dryRun) return;
    await audit.record({
      actor: options.actor.username,
      action:
        report.status === 'succeeded'
          ? 'sync.run'
          : report.status === 'cancelled'
            ? 'sync.cancelled'
            : 'sync.failure',
      target: source.name,
      ip: options.actor.ip,
      details: {
        run: runId,
        added: report.added,
        updated: report.updated,
        renamed: report.renamed,
        disabled: report.disabled,
        deleted: report.deleted,
        errors: report.errors,
        message: report.message,
      },
    });
  }

  /** Begins and executes a run, tracked in `running` until it has finished (and released its lease). */
  function launch(source: SourceRow, options: RunOptions) {
    const row = begin(source, options);
    const done = row.then(async (begun) => {
      active.add(begun.id);
      // Begun after the stop was asked for: it stops at its first step, changing nothing.
      if (stopping) cancelled.add(begun.id);
      try {
        return await execute(source, begun, options);
      } finally {
        active.delete(begun.id);
      }
    });
    const settled = done.then(
      () => undefined,
      () => undefined,
    );
    running.add(settled);
    void settled.then(() => running.delete(settled));
    return { row, done };
  }

  async function run(source: SourceRow, options: RunOptions): Promise<SyncReport> {
    return launch(source, options).done;
  }

  return {
    run,
    /** Starts a run in the background and returns its id at once (the web page then watches it). */
    async start(
      source: SourceRow,
      options: RunOptions,
    ): Promise<{ runId: number; done: Promise<SyncReport> }> {
      const { row, done } = launch(source, options);
      done.catch(() => undefined);
      return { runId: (await row).id, done };
    },
    /** Asks a running run to stop; it stops at its next page, before changing anything. */
    async cancel(runId: number, actor: Actor): Promise<void> {
      const row = await runs.findById(runId);
      if (!row) throw new NotFoundError('No such synchronization run.');
      if (!(await runs.requestCancel(runId)))
        throw new ConflictError('This synchronization has already finished.');
      cancelled.add(runId);
      await audit.record({
        actor: actor.username,
        action: 'sync.cancel',
        target: String(runId),
        ip: actor.ip,
      });
    },
    /** Synchronizes every source in order (primary first); one failing source does not stop the others. */
    async runAll(options: RunOptions): Promise<SyncReport[]> {
      const reports: SyncReport[] = [];
      for (const source of await sources.list()) reports.push(await run(source, options));
      return reports;
    },
    /** Converts the internal user named in a run's conflict line into that directory user. */
    async convertConflict(runId: number, username: string, actor: Actor) {
      const row = await runs.findById(runId);
      if (!row) throw new NotFoundError('No such synchronization run.');
      const conflict = parseRunDetails(row.details).lines.find(
        (l) => l.kind === 'conflict' && l.username === username && l.externalId,
      );
      if (!conflict?.externalId)
        throw new NotFoundError(`Run #${runId} reported no conflict for ${username}.`);
      const source = await sources.findById(row.source_id);
      if (!source) throw new NotFoundError('The source of this run no longer exists.');
      return users.convertToDirectoryUser(username, source, conflict.externalId, actor);
    },
    /**
     * Server shutdown: asks this process's runs to stop (a run stops at its next page, or at once
     * when it is waiting on its directory, before changing anything; one already applying finishes
     * its transaction) and waits until each has
     * recorded its outcome and released its lease, so another server can take the source at once.
     */
    async shutdown(): Promise<void> {
      stopping = true;
      for (const id of active) cancelled.add(id);
      // A run may be waiting out a directory's Retry-After or a slow page: closing the clients ends
      // those waits at once (the run fails before its apply step, so nothing changes either way).
      if (running.size > 0) await sources.closeAll();
      await Promise.allSettled([...running]);
    },
    listRuns: (sourceId?: number, limit?: number) => runs.list(sourceId, limit),
    pageRuns: (page: SyncRunPageQuery) => runs.page(page),
    findRun: (id: number) => runs.findById(id),
    findRunning: (sourceId: number) => runs.findRunning(sourceId),
  };
}

export type SyncService = ReturnType<typeof createSyncService>;
