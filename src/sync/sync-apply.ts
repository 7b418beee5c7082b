/**
 * Step three of a sync run (not in a dry run): write the compared changes in one transaction,
 * fenced by the run's lease, then audit each removal and rename.
 *
 *   const applyRun = createSyncApplier({ db, apply, audit, clock });
 *   await applyRun(context, plan, read);
 */
import type { Kysely, Transaction } from 'kysely';
import type { AuditService } from '../audit/audit.service.js';
import type { DB } from '../db/schema.js';
import { SourceError } from '../errors.js';
import type { Clock } from '../ports.js';
import type { SyncApplyRepository } from './sync-apply.repository.js';
import type { SyncPlan } from './sync-compare.js';
import type { ReadCounts } from './sync-read.js';
import type { RunContext } from './sync-run.js';
import { tuneTransaction } from './sync-stage-tables.js';

export function createSyncApplier(deps: {
  db: Kysely<DB>;
  apply: SyncApplyRepository;
  audit: AuditService;
  clock: Clock;
}) {
  const { db, apply, audit, clock } = deps;

  /** Writes the plan; returns the names of staged groups that another source or an administrator owns. */
  async function writeChanges(
    context: RunContext,
    plan: SyncPlan,
    groups: number,
    now: string,
    trx: Transaction<DB>,
  ): Promise<string[]> {
    const { staging, source, report } = context;
    const { toDelete, toDisable, dirDisable, renames } = plan;
    await apply.deleteUsers(
      toDelete.map((u) => u.id),
      trx,
    );
    await apply.setState(
      toDisable.map((u) => u.id),
      { disabled: 1, sync_disabled: 1, updated_at: now },
      trx,
    );
    await apply.endSessions([...toDisable.map((u) => u.id), ...dirDisable.map((c) => c.id)], trx);
    if (source.missing_policy !== 'delete')
      await apply.markMissing(
        plan.missing.map((u) => u.id),
        now,
        trx,
      );
    // Two steps so that swapped names (a→b, b→a) never collide: first out of the way, then in place.
    for (const id of renames.keys()) await apply.rename(id, `\u0001rename-${id}`, now, trx);
    for (const [id, c] of renames) await apply.rename(id, c.username, now, trx);
    // The compare step found every detail change: a run without one skips the statement (it would
    // compare every matched user's details again to find none).
    if (plan.changed.some((c) => c.changed !== '')) await apply.updateDetails(staging, source.id, now, trx);
    const relisted = plan.changed.filter((c) => c.relisted === 1).map((c) => c.id);
    await apply.setState(relisted, { missing_since: null, updated_at: now }, trx);
    await apply.setState(
      plan.enabled.map((c) => c.id),
      { disabled: 0, sync_disabled: 0, updated_at: now },
      trx,
    );
    await apply.setState(
      dirDisable.map((c) => c.id),
      { disabled: 1, sync_disabled: 1, updated_at: now },
      trx,
    );
    if (report.added > 0) await apply.insertNewUsers(staging, source.id, now, trx, report.added);
    return groups > 0 ? apply.applyGroups(staging, source.id, now, trx) : [];
  }

  /** Audits each rename and removal under the source's name, and an allowed removal-limit override. */
  async function auditChanges(context: RunContext, plan: SyncPlan): Promise<void> {
    const { runId, source, options } = context;
    const by = `sync:${source.name}`;
    for (const c of plan.renames.values())
      await audit.record({
        actor: by,
        action: 'user.rename',
        target: c.username,
        details: { from: c.old_username, to: c.username, run: runId },
      });
    for (const u of plan.toDelete)
      await audit.record({
        actor: by,
        action: 'user.delete',
        target: u.username,
        details: { reason: 'no longer listed by the directory', run: runId },
      });
    for (const u of plan.toDisable)
      await audit.record({
        actor: by,
        action: 'user.disable',
        target: u.username,
        details: { reason: 'no longer listed by the directory', run: runId },
      });
    if (context.report.thresholdExceeded) {
      await audit.record({
        actor: options.actor.username,
        action: 'sync.threshold_override',
        target: source.name,
        ip: options.actor.ip,
        details: { run: runId, removals: plan.removals, limit: plan.limit },
      });
    }
  }

  return async function applyRun(context: RunContext, plan: SyncPlan, read: ReadCounts): Promise<void> {
    await context.progress('applying', read.users, true);
    const now = clock.now().toISOString();
    const foreignGroups = await db.transaction().execute(async (trx) => {
      // The fence: the lease is renewed inside the transaction (its row locked until the commit),
      // so a server that lost it while reading never applies what another server now runs.
      if (!(await context.renewLease(trx))) {
        throw new SourceError(
          'This server lost the synchronization lease before applying (another server may be running this source); nothing was changed.',
        );
      }
      // Each statement joins the whole directory once: no JIT, sorts in memory (sync-stage-tables.ts).
      if (context.staging.postgres) await tuneTransaction(trx);
      return writeChanges(context, plan, read.groups, now, trx);
    });
    for (const name of foreignGroups)
      context.line(
        'error',
        name,
        'A group with this name belongs to another source or was created here; it was left alone.',
      );
    await auditChanges(context, plan);
  };
}
