/**
 * Synchronizes users and groups from a directory source:
 *   stream the directory page by page into staging tables → diff in SQL by the source's immutable
 *   id → decide renames, conflicts and what happens to users no longer listed → apply everything
 *   in one transaction → record a report.
 * A dry run ("Test settings") does all but the apply step.
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
import { createLimiter, type PasswordHasher } from '../passwords/password-hasher.js';
import type { DB, SourceRow, SyncRunRow, SyncRunStatus } from '../db/schema.js';
import type { SourcesService } from '../directory/sources.service.js';
import { ConflictError, NotFoundError, SourceError } from '../errors.js';
import type { Clock } from '../ports.js';
import { isStorableText, storableText, textProblem } from '../text.js';
import { usernameScripts } from '../users/username.js';
import { findLookalikes } from '../users/users.repository.js';
import type { Actor } from '../audit/actor.js';
import type { UsersService } from '../users/users.service.js';
import type { SyncLeaseRepository } from './sync-lease.repository.js';
import type { SyncRunsRepository } from './sync-runs.repository.js';
import { toStageUser } from './sync-stage-user.js';
import type {
  ChangedUser,
  MissingUser,
  NameCollision,
  StageUser,
  SyncStageRepository,
} from './sync-stage.repository.js';

export type SyncLineKind =
  | 'added'
  | 'updated'
  | 'renamed'
  | 'enabled'
  | 'disabled'
  | 'deleted'
  | 'missing'
  | 'conflict'
  | 'error'
  | 'warning';

export interface SyncLine {
  kind: SyncLineKind;
  username: string;
  detail: string;
  /** For conflicts: the directory's immutable id, so an administrator can convert the internal user. */
  externalId?: string;
}

export interface SyncSamples {
  users: { username: string; full_name: string; email: string; department: string; status: string }[];
  groups: { name: string; members: number }[];
}

/** What a run counts, in its report and on its page. */
export interface SyncCounts {
  added: number;
  updated: number;
  renamed: number;
  disabled: number;
  deleted: number;
  unchanged: number;
  conflicts: number;
  errors: number;
  /** Users of this source that it no longer lists (whatever the policy did with them). */
  missing: number;
  groups: number;
}

/** A run row's counts, for the run page and the REST API. */
export function runCounts(row: SyncRunRow): SyncCounts {
  const { added, updated, renamed, disabled, deleted, unchanged, conflicts, errors, missing, groups } = row;
  return { added, updated, renamed, disabled, deleted, unchanged, conflicts, errors, missing, groups };
}

export interface SyncReport extends SyncCounts {
  runId: number;
  source: string;
  dryRun: boolean;
  status: SyncRunStatus;
  thresholdExceeded: boolean;
  message: string;
  lines: SyncLine[];
  samples: SyncSamples;
}

export interface RunOptions {
  dryRun: boolean;
  actor: Actor;
  /** Allow this one run to disable or delete more users than the threshold (audited). */
  overrideThreshold?: boolean;
  /** Called as pages are read: for a CLI progress line. */
  onProgress?: (phase: string, entries: number) => void;
  /**
   * How long the run's lease lasts without a heartbeat (renewed every sixth of it): how soon
   * another server may take the source over when this one dies. 60 s by default.
   */
  leaseMs?: number;
  /** Scheduled runs: called once the lease is held; false abandons the run (its schedule slot is already done). */
  claim?: (runId: number) => Promise<boolean>;
  /** Called with the outcome while the lease is still held (a scheduled run marks its slot done). */
  onFinished?: (report: SyncReport) => Promise<void>;
}

const MAX_LINES = 1000;
const SAMPLE_SIZE = 10;
const LEASE_MS = 60_000;
/** Heartbeats per lease period: a lease of 60 s is renewed every 10 s. */
const LEASE_PER_HEARTBEAT = 6;
const PROGRESS_EVERY_MS = 1_000;
/** Listed card PINs checked or hashed at once, of libuv's 4 pool threads: two are left for sign-ins. */
const PIN_HASHES_AT_ONCE = 2;

class CancelledError extends Error {}

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

export function createSyncService(deps: {
  db: Kysely<DB>;
  runs: SyncRunsRepository;
  stage: SyncStageRepository;
  leases: SyncLeaseRepository;
  sources: SourcesService;
  users: UsersService;
  audit: AuditService;
  /** Hashes listed card PINs as setCardPin does, and checks whether a stored one still matches. */
  hasher: PasswordHasher;
  clock: Clock;
}) {
  const { db, runs, stage, leases, sources, users, audit, hasher, clock } = deps;
  /** This server process, as a lease holder. */
  const holder = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const cancelled = new Set<number>();
  /** Runs this process is executing, so that a shutdown can stop them and wait. */
  const active = new Map<number, Promise<SyncReport>>();
  const iso = (offsetMs = 0) => new Date(clock.now().getTime() + offsetMs).toISOString();
  // Every sync of this process together checks at most PIN_HASHES_AT_ONCE PINs at a time: argon2
  // runs on libuv's pool (4 threads by default), and a page of 500 PINs all at once would queue
  // every sign-in behind the sync for seconds.
  const pinLimit = createLimiter(PIN_HASHES_AT_ONCE);

  /**
   * A directory's names are its own to choose, so a name that mixes scripts or looks like another
   * user's is imported, not refused as a new internal name would be: the report warns about it.
   */
  async function warnLookalikes(
    rows: StageUser[],
    line: (kind: SyncLineKind, username: string, detail: string) => void,
  ): Promise<void> {
    const ok = rows.filter((row) => row.status !== 'problem');
    for (const row of ok) {
      const scripts = usernameScripts(row.username);
      if (scripts.length > 1)
        line(
          'warning',
          row.username,
          `The username mixes scripts (${scripts.join(', ')}), so it can look like another name.`,
        );
    }
    // One lookup of the indexed skeletons per page; a Latin "admin" beside a stored Cyrillic
    // "аdmin" is warned about as well.
    for (const [name, other] of await findLookalikes(
      ok.map((row) => row.username),
      db,
    ))
      line('warning', name, `The username looks like the existing user "${other}".`);
  }

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
      await runs.finish(row.id, {
        status: 'failed',
        finished_at: iso(),
        phase: '',
        message: `Not started: synchronization run #${current?.run_id ?? '?'} of "${source.name}" is still running.`,
      });
      throw new ConflictError(
        `A synchronization of "${source.name}" is already running (run #${current?.run_id ?? '?'}).`,
      );
    }
    for (const id of await runs.markInterrupted(source.id, row.id, iso())) await stage.clear(id);
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
   * Puts each listed PIN's hash on its staged row: the stored hash when the PIN still verifies
   * against it (so an unchanged PIN is no change), else a new argon2id hash. The plain PIN never
   * reaches the database. Costs one argon2 call per listed PIN and run, at most two at a time (see
   * pinLimit); a dry run hashes nothing new, since it only needs to know that a PIN changed. An
   * empty listed PIN costs nothing and keeps the stored hash (or none).
   */
  async function stagePins(
    sourceId: number,
    rows: StageUser[],
    pins: string[],
    dryRun: boolean,
  ): Promise<void> {
    const listed = rows.flatMap((row, i) => (row.status === 'ok' && pins[i] ? [{ row, pin: pins[i] }] : []));
    if (listed.length === 0) return;
    const stored = await stage.pinHashes(
      sourceId,
      listed.map(({ row }) => row.external_id),
    );
    await Promise.all(
      listed.map(({ row, pin }) =>
        pinLimit(async () => {
          const current = stored.get(row.external_id);
          if (current !== undefined && (await hasher.verify(current, pin))) row.pin_hash = current;
          else row.pin_hash = dryRun ? 'changed' : await hasher.hash(pin);
        }),
      ),
    );
  }

  async function execute(source: SourceRow, runRow: SyncRunRow, options: RunOptions): Promise<SyncReport> {
    const runId = runRow.id;
    const report: SyncReport = {
      runId,
      source: source.name,
      dryRun: options.dryRun,
      status: 'succeeded',
      added: 0,
      updated: 0,
      renamed: 0,
      disabled: 0,
      deleted: 0,
      unchanged: 0,
      conflicts: 0,
      errors: 0,
      missing: 0,
      groups: 0,
      thresholdExceeded: false,
      message: '',
      lines: [],
      samples: { users: [], groups: [] },
    };
    const line = (kind: SyncLineKind, username: string, detail: string, externalId?: string) => {
      if (report.lines.length < MAX_LINES)
        report.lines.push(externalId ? { kind, username, detail, externalId } : { kind, username, detail });
    };
    let leaseLost = false;
    const leaseMs = options.leaseMs ?? LEASE_MS;
    // Until when this server may count on its lease: a renewal that fails (database unreachable)
    // does not extend it, and once it has passed another server may have taken the source.
    let heldUntil = Date.now() + leaseMs;
    const heartbeat = setInterval(() => {
      const until = Date.now() + leaseMs;
      leases.renew(source.id, holder, runId, iso(leaseMs)).then(
        (held) => (held ? (heldUntil = until) : (leaseLost = true)),
        () => {
          if (Date.now() > heldUntil) leaseLost = true;
        },
      );
    }, leaseMs / LEASE_PER_HEARTBEAT);
    heartbeat.unref();

    let lastProgress = 0;
    const progress = async (phase: string, entries: number, force = false) => {
      options.onProgress?.(phase, entries);
      const now = Date.now();
      if (!force && now - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = now;
      await runs.progress(runId, phase, entries);
      if (cancelled.has(runId) || (await runs.isCancelRequested(runId))) throw new CancelledError();
      if (leaseLost)
        throw new SourceError(
          'This server lost the synchronization lease (the database was unreachable for too long); nothing was changed.',
        );
    };

    try {
      const client = sources.clientFor(source);
      const importDisabled = source.import_disabled === 1;
      let read = 0;
      await progress('reading users', 0, true);
      await stage.begin(runId);
      for await (const page of client.users()) {
        const pins: string[] = [];
        const rows = page.map((entry, i) => {
          const { row, problems, notes, pin } = toStageUser(entry, read + i, importDisabled);
          const who = storableText(entry.username) || `(entry ${storableText(entry.ref) || read + i})`;
          for (const problem of problems) {
            report.errors++;
            line('error', who, problem);
          }
          // A left-out optional property (invalid PIN, alias, other email) is no error: the entry
          // is stored, keeping the stored value of that property.
          for (const note of notes) line('warning', who, note);
          pins.push(pin);
          return row;
        });
        await warnLookalikes(rows, line);
        await stagePins(source.id, rows, pins, options.dryRun);
        await stage.insertUsers(runId, rows);
        read += page.length;
        await progress('reading users', read);
      }
      if (read === 0) throw new SourceError(`"${source.name}" returned no users; nothing was changed.`);

      await progress('reading groups', read, true);
      let groupCount = 0;
      for await (const page of client.groups()) {
        const groups = page.filter((g) => {
          if (g.name.trim() === '') return false;
          if (textProblem(g.name, { singleLine: true }) || textProblem(g.ref)) {
            report.errors++;
            line(
              'error',
              storableText(g.name),
              "The group's name or id holds a control character or a broken character; the group was skipped.",
            );
            return false;
          }
          return true;
        });
        await stage.insertGroups(
          runId,
          groups.map((g) => ({ ref_key: g.ref, name: g.name.trim() })),
        );
        // A member reference no user could have (unstorable text) names nobody: left out.
        await stage.insertMembers(
          runId,
          groups.flatMap((g) =>
            g.memberRefs.filter(isStorableText).map((member_ref) => ({ group_ref: g.ref, member_ref })),
          ),
        );
        groupCount += groups.length;
        await progress('reading groups', read + groupCount);
      }

      await progress('comparing', read, true);
      await stage.loaded();
      for (const dup of await stage.markDuplicates(runId)) {
        report.errors++;
        line(
          'error',
          dup.username,
          'The source lists this user (or this username) twice; the first entry was used.',
        );
      }
      if (groupCount > 0) await stage.resolveMemberships(runId);
      const importGroups = source.import_groups
        .split('\n')
        .map((g) => g.trim())
        .filter(Boolean);
      if (importGroups.length > 0) await stage.excludeOutsideGroups(runId, importGroups);
      const counts = await stage.countStatus(runId);
      if ((counts.ok ?? 0) + (counts.problem ?? 0) === 0) {
        throw new SourceError(
          `"${source.name}" listed ${read} entries but none of them is a user to import (disabled, or outside the selected groups); nothing was changed.`,
        );
      }
      report.groups = groupCount;

      // Decide: who is missing, what the policy does with them, which renames and additions can happen.
      const currentUsers = await sources.countUsers(source.id);
      const missing: MissingUser[] = await stage.missingUsers(runId, source.id);
      const toDelete = source.missing_policy === 'delete' ? missing : [];
      const toDisable = source.missing_policy === 'disable' ? missing.filter((u) => u.disabled === 0) : [];
      const changed = await stage.changedUsers(runId, source.id, importDisabled);
      const dirDisable = changed.filter((c) => c.state === 'disable');
      const renames = new Map(changed.filter((c) => c.username !== c.old_username).map((c) => [c.id, c]));
      const collisions = await stage.nameCollisions(runId, source.id);
      const { blocked, addConflicts, renameConflicts } = resolveRenames(
        renames,
        collisions,
        new Set(toDelete.map((u) => u.id)),
      );
      for (const id of blocked) renames.delete(id);

      report.missing = missing.length;
      report.deleted = toDelete.length;
      report.disabled = toDisable.length + dirDisable.length;
      const removals = toDelete.length + toDisable.length;
      const limit = removalLimit(source, currentUsers);
      if (removals > limit) {
        report.thresholdExceeded = true;
        if (!options.overrideThreshold) {
          throw new SourceError(
            `Stopped before changing anything: this run would ${source.missing_policy} ${removals} of ${currentUsers} users no longer listed by "${source.name}", more than the limit of ${limit} ` +
              `(${source.max_removals} users or ${source.max_removals_percent} %, whichever is smaller). Check the source's settings; if the removals are intended, run Synchronize Now and allow this run to exceed the limit.`,
          );
        }
      }

      await stage.markConflicts(
        runId,
        addConflicts.map((c) => c.seq),
      );
      const conflictDetail = (c: NameCollision) =>
        c.holder_source_id === null
          ? 'An internal user has this name; it was left alone. An administrator can convert the internal user into this directory user.'
          : c.holder_source_id === source.id
            ? 'A user of this source that the directory no longer lists still holds this name; it was left alone.'
            : 'Another directory source already provides a user with this name; it was left alone.';
      for (const c of addConflicts) line('conflict', c.username, conflictDetail(c), c.external_id);
      for (const c of renameConflicts)
        line(
          'conflict',
          c.username,
          `Cannot rename ${renames.get(c.matched_id ?? -1)?.old_username ?? 'a user'} to this name: ${conflictDetail(c)}`,
          c.external_id,
        );
      report.conflicts = addConflicts.length + renameConflicts.length;

      const added = await stage.newUsers(runId, source.id, MAX_LINES);
      report.added = added.count;
      for (const username of added.usernames) line('added', username, '');
      report.renamed = renames.size;
      const detailChanges = changed.filter((c) => c.changed !== '' && !renames.has(c.id));
      const enabled = changed.filter((c) => c.state === 'enable');
      report.updated = detailChanges.length + enabled.length;
      const touched = new Set([
        ...blocked,
        ...renames.keys(),
        ...detailChanges.map((c) => c.id),
        ...enabled.map((c) => c.id),
        ...dirDisable.map((c) => c.id),
      ]);
      report.unchanged = (counts.ok ?? 0) - report.added - addConflicts.length - touched.size;
      for (const c of renames.values())
        line(
          'renamed',
          c.username,
          `renamed from ${c.old_username}${c.changed ? `; changed: ${c.changed.replaceAll(' ', ', ')}` : ''}`,
        );
      for (const c of detailChanges)
        line('updated', c.username, `changed: ${c.changed.replaceAll(' ', ', ')}`);
      for (const c of enabled) line('enabled', c.username, 'Listed again by the directory: enabled.');
      for (const c of dirDisable) line('disabled', c.username, 'Disabled in the directory.');
      for (const u of toDelete) line('deleted', u.username, 'No longer listed by the directory: deleted.');
      for (const u of toDisable) line('disabled', u.username, 'No longer listed by the directory: disabled.');
      if (source.missing_policy === 'keep')
        for (const u of missing.slice(0, MAX_LINES))
          line('missing', u.username, 'No longer listed by the directory; kept.');
      report.samples = await stage.samples(runId, SAMPLE_SIZE);

      if (!options.dryRun) {
        await progress('applying', read, true);
        const now = iso();
        const relisted = changed.filter((c) => c.relisted === 1).map((c) => c.id);
        let foreignGroups: string[] = [];
        await db.transaction().execute(async (trx) => {
          // The fence: the lease is renewed inside the transaction (its row locked until the commit),
          // so a server that lost it while reading never applies what another server now runs.
          if (!(await leases.renew(source.id, holder, runId, iso(leaseMs), trx))) {
            throw new SourceError(
              'This server lost the synchronization lease before applying (another server may be running this source); nothing was changed.',
            );
          }
          await stage.deleteUsers(
            toDelete.map((u) => u.id),
            trx,
          );
          await stage.setState(
            toDisable.map((u) => u.id),
            { disabled: 1, sync_disabled: 1, updated_at: now },
            trx,
          );
          await stage.endSessions([...toDisable.map((u) => u.id), ...dirDisable.map((c) => c.id)], trx);
          if (source.missing_policy !== 'delete')
            await stage.markMissing(
              missing.map((u) => u.id),
              now,
              trx,
            );
          // Two steps so that swapped names (a→b, b→a) never collide: first out of the way, then in place.
          for (const id of renames.keys()) await stage.rename(id, `\u0001rename-${id}`, now, trx);
          for (const [id, c] of renames) await stage.rename(id, c.username, now, trx);
          await stage.updateDetails(runId, source.id, now, trx);
          await stage.setState(relisted, { missing_since: null, updated_at: now }, trx);
          await stage.setState(
            enabled.map((c) => c.id),
            { disabled: 0, sync_disabled: 0, updated_at: now },
            trx,
          );
          await stage.setState(
            dirDisable.map((c) => c.id),
            { disabled: 1, sync_disabled: 1, updated_at: now },
            trx,
          );
          await stage.insertNewUsers(runId, source.id, now, trx, report.added);
          if (groupCount > 0) foreignGroups = await stage.applyGroups(runId, source.id, now, trx);
        });
        for (const name of foreignGroups)
          line(
            'error',
            name,
            'A group with this name belongs to another source or was created here; it was left alone.',
          );
        const by = `sync:${source.name}`;
        for (const c of renames.values())
          await audit.record({
            actor: by,
            action: 'user.rename',
            target: c.username,
            details: { from: c.old_username, to: c.username, run: runId },
          });
        for (const u of toDelete)
          await audit.record({
            actor: by,
            action: 'user.delete',
            target: u.username,
            details: { reason: 'no longer listed by the directory', run: runId },
          });
        for (const u of toDisable)
          await audit.record({
            actor: by,
            action: 'user.disable',
            target: u.username,
            details: { reason: 'no longer listed by the directory', run: runId },
          });
        if (report.thresholdExceeded) {
          await audit.record({
            actor: options.actor.username,
            action: 'sync.threshold_override',
            target: source.name,
            ip: options.actor.ip,
            details: { run: runId, removals, limit },
          });
        }
      }
      report.message = summary(report, source);
    } catch (error) {
      report.status = error instanceof CancelledError ? 'cancelled' : 'failed';
      report.message =
        error instanceof CancelledError
          ? 'Cancelled before any change was made; nothing was changed.'
          : error instanceof SourceError
            ? /nothing was changed|before changing anything/i.test(error.message)
              ? error.message
              : `${error.message} Nothing was changed.`
            : `Synchronization failed: ${String((error as Error).message ?? error).slice(0, 500)}. Nothing was changed.`;
      report.added =
        report.updated =
        report.renamed =
        report.disabled =
        report.deleted =
        report.unchanged =
          0;
    } finally {
      clearInterval(heartbeat);
      cancelled.delete(runId);
    }
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
    await stage.clear(runId);
    try {
      await options.onFinished?.(report);
    } finally {
      await leases.release(source.id, holder, runId);
    }
    if (!options.dryRun) {
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
    return report;
  }

  function summary(r: SyncReport, source: SourceRow): string {
    const parts = r.dryRun
      ? [
          `Test run: would add ${r.added}`,
          `update ${r.updated}`,
          `rename ${r.renamed}`,
          `disable ${r.disabled}`,
          `delete ${r.deleted}`,
        ]
      : [
          `Added ${r.added}`,
          `updated ${r.updated}`,
          `renamed ${r.renamed}`,
          `disabled ${r.disabled}`,
          `deleted ${r.deleted}`,
        ];
    parts.push(`${r.unchanged} unchanged`, `${r.conflicts} conflicts`, `${r.errors} errors`);
    if (r.missing && source.missing_policy === 'keep') parts.push(`${r.missing} no longer listed (kept)`);
    if (r.groups) parts.push(`${r.groups} groups`);
    if (r.thresholdExceeded) parts.push('removal limit exceeded with permission');
    return `${parts.join(', ')}.`;
  }

  /** Executes a begun run, tracked in `active` until it has finished (and released its lease). */
  function track(source: SourceRow, row: SyncRunRow, options: RunOptions): Promise<SyncReport> {
    const done = execute(source, row, options).finally(() => active.delete(row.id));
    active.set(row.id, done);
    return done;
  }

  async function run(source: SourceRow, options: RunOptions): Promise<SyncReport> {
    return track(source, await begin(source, options), options);
  }

  return {
    run,
    /** Starts a run in the background and returns its id at once (the web page then watches it). */
    async start(
      source: SourceRow,
      options: RunOptions,
    ): Promise<{ runId: number; done: Promise<SyncReport> }> {
      const row = await begin(source, options);
      const done = track(source, row, options);
      done.catch(() => undefined);
      return { runId: row.id, done };
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
      for (const id of active.keys()) cancelled.add(id);
      // A run may be waiting out a directory's Retry-After or a slow page: closing the clients ends
      // those waits at once (the run fails before its apply step, so nothing changes either way).
      if (active.size > 0) await sources.closeAll();
      await Promise.allSettled([...active.values()]);
    },
    listRuns: (sourceId?: number, limit?: number) => runs.list(sourceId, limit),
    findRun: (id: number) => runs.findById(id),
    findRunning: (sourceId: number) => runs.findRunning(sourceId),
  };
}

/** Reads a run's stored detail lines and samples (older runs stored a bare array of lines). */
export function parseRunDetails(details: string): { lines: SyncLine[]; samples: SyncSamples } {
  const empty: SyncSamples = { users: [], groups: [] };
  try {
    const parsed: unknown = JSON.parse(details);
    if (Array.isArray(parsed)) return { lines: parsed as SyncLine[], samples: empty };
    const object = parsed as { lines?: SyncLine[]; samples?: SyncSamples };
    return { lines: Array.isArray(object.lines) ? object.lines : [], samples: object.samples ?? empty };
  } catch {
    return { lines: [], samples: empty };
  }
}

export type SyncService = ReturnType<typeof createSyncService>;
