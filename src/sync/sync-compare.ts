/**
 * Step two of a sync run: compare the staged directory with the users table and decide what
 * changes — additions, detail updates, renames, users enabled or disabled by the directory, and
 * what the source's policy does with users it no longer lists — then stop at the removal limit
 * and report conflicts. Writes only to the staging tables; a dry run ends here.
 *
 *   const compareRun = createSyncComparer({ stage, compare, sources });
 *   const plan = await compareRun(context, read); // what sync-apply writes
 */
import type { SourceRow } from '../db/schema.js';
import type { SourcesService } from '../directory/sources.service.js';
import { SourceError } from '../errors.js';
import type {
  ChangedUser,
  MissingUser,
  NameCollision,
  SyncCompareRepository,
} from './sync-compare.repository.js';
import type { ReadCounts } from './sync-read.js';
import { MAX_LINES, type RunContext } from './sync-run.js';
import type { SyncStageRepository } from './sync-stage.repository.js';

const SAMPLE_SIZE = 10;

/** What a run changes, decided before anything is written. */
export interface SyncPlan {
  /** Users of this source that it no longer lists. */
  missing: MissingUser[];
  toDelete: MissingUser[];
  toDisable: MissingUser[];
  /** Matched users whose details, name or state differ. */
  changed: ChangedUser[];
  /** Changed users that the directory disables, and that it lists again as enabled. */
  dirDisable: ChangedUser[];
  enabled: ChangedUser[];
  /** The renames that can happen, by user id. */
  renames: Map<number, ChangedUser>;
  /** Users this run disables or deletes for no longer being listed, and the most it may. */
  removals: number;
  limit: number;
}

/** The most users a run may disable or delete: the smaller of the count and the percentage. */
export function removalLimit(
  source: Pick<SourceRow, 'max_removals' | 'max_removals_percent'>,
  currentUsers: number,
): number {
  return Math.min(source.max_removals, Math.floor((currentUsers * source.max_removals_percent) / 100));
}

/**
 * Which renames can happen: a rename needs its new name free, or held by a user that this run
 * deletes or renames away (itself only if that rename happens: a fixed point).
 */
function resolveRenames(
  renames: Map<number, ChangedUser>,
  collisions: NameCollision[],
  deletedIds: Set<number>,
): { blocked: Set<number>; addConflicts: NameCollision[]; renameConflicts: NameCollision[] } {
  const blocked = new Set<number>();
  const freed = (holder: number) => deletedIds.has(holder) || (renames.has(holder) && !blocked.has(holder));
  let changed = true;
  while (changed) {
    changed = false;
    for (const c of collisions) {
      if (c.matched_id === null || !renames.has(c.matched_id) || blocked.has(c.matched_id)) continue;
      if (!freed(c.holder_id)) {
        blocked.add(c.matched_id);
        changed = true;
      }
    }
  }
  return {
    blocked,
    addConflicts: collisions.filter((c) => c.matched_id === null && !freed(c.holder_id)),
    renameConflicts: collisions.filter((c) => c.matched_id !== null && blocked.has(c.matched_id)),
  };
}

function conflictDetail(c: NameCollision, source: SourceRow): string {
  return c.holder_source_id === null
    ? 'An internal user has this name; it was left alone. An administrator can convert the internal user into this directory user.'
    : c.holder_source_id === source.id
      ? 'A user of this source that the directory no longer lists still holds this name; it was left alone.'
      : 'Another directory source already provides a user with this name; it was left alone.';
}

export function createSyncComparer(deps: {
  stage: SyncStageRepository;
  compare: SyncCompareRepository;
  sources: Pick<SourcesService, 'countUsers'>;
}) {
  const { stage, compare, sources } = deps;

  /**
   * Finishes the staged directory: duplicates become errors, nested groups are resolved and the
   * group filter applied. Returns how many staged users are importable.
   */
  async function settleStage(context: RunContext, read: ReadCounts): Promise<number> {
    const { staging, source, report, line } = context;
    await context.progress('comparing', read.users, true);
    await stage.loaded(staging);
    for (const dup of await stage.markDuplicates(staging)) {
      report.errors++;
      line(
        'error',
        dup.username,
        'The source lists this user (or this username) twice; the first entry was used.',
      );
    }
    if (read.groups > 0) await stage.resolveMemberships(staging);
    const importGroups = source.import_groups
      .split('\n')
      .map((g) => g.trim())
      .filter(Boolean);
    if (importGroups.length > 0) await stage.excludeOutsideGroups(staging, importGroups);
    const staged = await stage.counts(staging);
    // PostgreSQL empties unlogged tables when it restarts after a crash: a run whose staging lost
    // rows would take the users it lost for gone.
    if (staged.users !== read.users || staged.groups !== read.groups)
      throw new SourceError(
        `The database lost part of what this run had read (${staged.users} of ${read.users} entries, ${staged.groups} of ${read.groups} groups staged; was it restarted?); nothing was changed.`,
      );
    const counts = staged.status;
    if ((counts.ok ?? 0) + (counts.problem ?? 0) === 0) {
      throw new SourceError(
        `"${source.name}" listed ${read.users} entries but none of them is a user to import (disabled, or outside the selected groups); nothing was changed.`,
      );
    }
    report.groups = read.groups;
    return counts.ok ?? 0;
  }

  /** Who is missing, what the policy does with them, which renames and additions can happen. */
  async function decide(context: RunContext, currentUsers: number) {
    const { staging, source } = context;
    const missing = await compare.missingUsers(staging, source.id);
    const toDelete = source.missing_policy === 'delete' ? missing : [];
    const toDisable = source.missing_policy === 'disable' ? missing.filter((u) => u.disabled === 0) : [];
    const changed = await compare.changedUsers(staging, source.id, source.import_disabled === 1);
    const renames = new Map(changed.filter((c) => c.username !== c.old_username).map((c) => [c.id, c]));
    const collisions = await compare.nameCollisions(staging, source.id);
    const resolved = resolveRenames(renames, collisions, new Set(toDelete.map((u) => u.id)));
    for (const id of resolved.blocked) renames.delete(id);
    const dirDisable = changed.filter((c) => c.state === 'disable');
    const enabled = changed.filter((c) => c.state === 'enable');
    const removals = toDelete.length + toDisable.length;
    const limit = removalLimit(source, currentUsers);
    const plan: SyncPlan = {
      missing,
      toDelete,
      toDisable,
      changed,
      dirDisable,
      enabled,
      renames,
      removals,
      limit,
    };
    return { plan, ...resolved };
  }

  /**
   * Stops the run before any change when it would remove more users than the source allows,
   * unless an administrator allowed it for this run (then the report says so, and apply audits it).
   */
  function checkRemovalLimit(context: RunContext, plan: SyncPlan, currentUsers: number): void {
    const { source, report } = context;
    report.missing = plan.missing.length;
    report.deleted = plan.toDelete.length;
    report.disabled = plan.toDisable.length + plan.dirDisable.length;
    if (plan.removals <= plan.limit) return;
    report.thresholdExceeded = true;
    if (context.options.overrideThreshold) return;
    throw new SourceError(
      `Stopped before changing anything: this run would ${source.missing_policy} ${plan.removals} of ${currentUsers} users no longer listed by "${source.name}", more than the limit of ${plan.limit} ` +
        `(${source.max_removals} users or ${source.max_removals_percent} %, whichever is smaller). Check the source's settings; if the removals are intended, run Synchronize Now and allow this run to exceed the limit.`,
    );
  }

  /** Staged users whose name another user holds are left out of the apply step and reported. */
  async function reportConflicts(
    context: RunContext,
    renames: Map<number, ChangedUser>,
    addConflicts: NameCollision[],
    renameConflicts: NameCollision[],
  ): Promise<void> {
    const { source, line } = context;
    await stage.markConflicts(
      context.staging,
      addConflicts.map((c) => c.seq),
    );
    for (const c of addConflicts) line('conflict', c.username, conflictDetail(c, source), c.external_id);
    for (const c of renameConflicts)
      line(
        'conflict',
        c.username,
        `Cannot rename ${renames.get(c.matched_id ?? -1)?.old_username ?? 'a user'} to this name: ${conflictDetail(c, source)}`,
        c.external_id,
      );
    context.report.conflicts = addConflicts.length + renameConflicts.length;
  }

  /** Counts what the run adds, updates, renames and leaves unchanged, with a line for each, and samples. */
  async function reportChanges(
    context: RunContext,
    plan: SyncPlan,
    importable: number,
    blocked: Set<number>,
    addConflicts: number,
  ): Promise<void> {
    const { staging, source, report, line } = context;
    const { renames, enabled, dirDisable } = plan;
    const added = await compare.newUsers(staging, source.id, MAX_LINES);
    report.added = added.count;
    for (const username of added.usernames) line('added', username, '');
    report.renamed = renames.size;
    const detailChanges = plan.changed.filter((c) => c.changed !== '' && !renames.has(c.id));
    report.updated = detailChanges.length + enabled.length;
    const touched = new Set([
      ...blocked,
      ...renames.keys(),
      ...detailChanges.map((c) => c.id),
      ...enabled.map((c) => c.id),
      ...dirDisable.map((c) => c.id),
    ]);
    report.unchanged = importable - report.added - addConflicts - touched.size;
    const changes = (c: ChangedUser) => c.changed.replaceAll(' ', ', ');
    for (const c of renames.values())
      line(
        'renamed',
        c.username,
        `renamed from ${c.old_username}${c.changed ? `; changed: ${changes(c)}` : ''}`,
      );
    for (const c of detailChanges) line('updated', c.username, `changed: ${changes(c)}`);
    for (const c of enabled) line('enabled', c.username, 'Listed again by the directory: enabled.');
    for (const c of dirDisable) line('disabled', c.username, 'Disabled in the directory.');
    for (const u of plan.toDelete) line('deleted', u.username, 'No longer listed by the directory: deleted.');
    for (const u of plan.toDisable)
      line('disabled', u.username, 'No longer listed by the directory: disabled.');
    if (source.missing_policy === 'keep')
      for (const u of plan.missing.slice(0, MAX_LINES))
        line('missing', u.username, 'No longer listed by the directory; kept.');
    report.samples = await stage.samples(staging, SAMPLE_SIZE);
  }

  return async function compareRun(context: RunContext, read: ReadCounts): Promise<SyncPlan> {
    const importable = await settleStage(context, read);
    const currentUsers = await sources.countUsers(context.source.id);
    const { plan, blocked, addConflicts, renameConflicts } = await decide(context, currentUsers);
    checkRemovalLimit(context, plan, currentUsers);
    await reportConflicts(context, plan.renames, addConflicts, renameConflicts);
    await reportChanges(context, plan, importable, blocked, addConflicts.length);
    return plan;
  };
}
