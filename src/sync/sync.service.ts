/**
 * Synchronizes users (and groups) from a directory source: read everything from the source →
 * diff against the database by the source's immutable id → apply in batches inside one
 * transaction → record a report. A dry run computes the same report and changes nothing.
 *
 * Safety: a source that fails or returns nobody changes nothing; users missing from the source
 * are kept (the keep/disable/delete policy and its threshold arrive with the LDAP source); a
 * username already taken by an internal user or another source is a conflict, reported and left
 * alone.
 *
 *   const report = await sync.run(source, { dryRun: true, actor });
 */
import type { Kysely, Transaction } from 'kysely';
import type { AuditService } from '../audit/audit.service.js';
import type { DB, NewUserRow, SourceRow, SyncRunRow, UserRow, UserUpdate } from '../db/schema.js';
import type { DirectoryGroup, DirectoryUser } from '../directory/directory.port.js';
import type { SourcesService } from '../directory/sources.service.js';
import { ConflictError, SourceError } from '../errors.js';
import type { Clock } from '../ports.js';
import { normalizeUsername, usernameProblem } from '../users/username.js';
import type { UsersRepository } from '../users/users.repository.js';
import { cleanDetails, detailsToRow, newUserRow, type Actor } from '../users/users.service.js';
import type { SyncRunsRepository } from './sync-runs.repository.js';

export type SyncLineKind = 'added' | 'updated' | 'renamed' | 'conflict' | 'error' | 'missing';

export interface SyncLine {
  kind: SyncLineKind;
  username: string;
  detail: string;
}

export interface SyncReport {
  runId: number;
  source: string;
  dryRun: boolean;
  status: 'succeeded' | 'failed';
  added: number;
  updated: number;
  unchanged: number;
  errors: number;
  /** Users of this source that the source no longer lists; kept as they are. */
  missing: number;
  groups: number;
  message: string;
  lines: SyncLine[];
}

const BATCH = 500;
const MAX_LINES = 1000;

/** The stored fields a source owns, as the database would hold them for this directory user. */
function sourceFields(user: DirectoryUser, problems: Record<string, string>): UserUpdate {
  const details = cleanDetails(
    { fullName: user.fullName, email: user.email, department: user.department, office: user.office, cardNumber: user.cardNumber, cardNumber2: user.cardNumber2 },
    problems,
  );
  return detailsToRow(details);
}

function differences(existing: UserRow, wanted: UserUpdate): string[] {
  return Object.entries(wanted)
    .filter(([key, value]) => !key.endsWith('_key') && (existing as unknown as Record<string, unknown>)[key] !== value)
    .map(([key]) => key);
}

export function createSyncService(deps: {
  db: Kysely<DB>;
  users: UsersRepository;
  runs: SyncRunsRepository;
  sources: SourcesService;
  audit: AuditService;
  clock: Clock;
}) {
  const { db, users, runs, sources, audit, clock } = deps;
  const running = new Set<number>();

  async function applyGroups(trx: Transaction<DB>, source: SourceRow, groups: DirectoryGroup[], idsByUsername: Map<string, number>, now: string) {
    for (const group of groups) {
      const name = group.name.trim();
      if (!name) continue;
      let row = await trx.selectFrom('groups').selectAll().where('name', '=', name).executeTakeFirst();
      if (row && row.source_id !== source.id) continue; // owned by someone else: leave alone
      row ??= await trx.insertInto('groups').values({ name, source_id: source.id, created_at: now }).returningAll().executeTakeFirstOrThrow();
      await trx.deleteFrom('group_members').where('group_id', '=', row.id).execute();
      const memberIds = [...new Set(group.members.map((m) => idsByUsername.get(normalizeUsername(m))).filter((id): id is number => id !== undefined))];
      for (let i = 0; i < memberIds.length; i += BATCH) {
        const chunk = memberIds.slice(i, i + BATCH).map((user_id) => ({ group_id: row.id, user_id }));
        await trx.insertInto('group_members').values(chunk).execute();
      }
    }
  }

  async function run(source: SourceRow, options: { dryRun: boolean; actor: Actor }): Promise<SyncReport> {
    if (running.has(source.id)) throw new ConflictError(`A synchronization of "${source.name}" is already running.`);
    running.add(source.id);
    const startedAt = clock.now().toISOString();
    const runRow = await runs.insert({
      source_id: source.id,
      started_at: startedAt,
      finished_at: null,
      dry_run: options.dryRun ? 1 : 0,
      status: 'running',
      added: 0,
      updated: 0,
      unchanged: 0,
      errors: 0,
      message: '',
      details: '[]',
    });
    const report: SyncReport = { runId: runRow.id, source: source.name, dryRun: options.dryRun, status: 'succeeded', added: 0, updated: 0, unchanged: 0, errors: 0, missing: 0, groups: 0, message: '', lines: [] };
    const line = (kind: SyncLineKind, username: string, detail: string) => {
      if (report.lines.length < MAX_LINES) report.lines.push({ kind, username, detail });
    };
    try {
      const client = sources.clientFor(source);
      const listed = await client.listUsers();
      if (listed.length === 0) throw new SourceError(`"${source.name}" returned no users; nothing was changed.`);
      const groups = await client.listGroups();

      const existing = await users.listBySource(source.id);
      const byExternal = new Map(existing.map((u) => [u.external_id ?? '', u]));
      const seen = new Set<string>();
      const inserts: NewUserRow[] = [];
      const updates: { id: number; patch: UserUpdate }[] = [];
      const claimed = new Set<string>();
      const now = clock.now().toISOString();

      for (const entry of listed) {
        const username = normalizeUsername(entry.username);
        const problem = usernameProblem(username);
        if (problem) {
          report.errors++;
          line('error', entry.username, problem);
          continue;
        }
        const externalId = entry.externalId;
        if (seen.has(externalId) || claimed.has(username)) {
          report.errors++;
          line('error', username, 'The source lists this user twice; the first entry was used.');
          continue;
        }
        seen.add(externalId);
        claimed.add(username);
        const problems: Record<string, string> = {};
        const wanted = sourceFields(entry, problems);
        for (const message of Object.values(problems)) {
          report.errors++;
          line('error', username, message);
        }
        if (Object.keys(problems).length > 0) continue;

        const current = byExternal.get(externalId);
        if (current) {
          const changed = differences(current, { ...wanted, username });
          if (changed.length === 0) {
            report.unchanged++;
          } else {
            report.updated++;
            line(changed.includes('username') ? 'renamed' : 'updated', username, changed.includes('username') ? `renamed from ${current.username}` : `changed: ${changed.join(', ')}`);
            updates.push({ id: current.id, patch: { ...wanted, username, updated_at: now } });
          }
          continue;
        }
        const holder = await users.findByUsername(username);
        if (holder) {
          report.errors++;
          line('conflict', username, holder.source_id === null ? 'An internal user has this name; it was left alone.' : 'Another directory source already provides a user with this name; it was left alone.');
          continue;
        }
        report.added++;
        line('added', username, '');
        inserts.push(newUserRow(username, now, { ...wanted, source_id: source.id, external_id: externalId }));
      }
      for (const user of existing) {
        if (!seen.has(user.external_id ?? '')) {
          report.missing++;
          line('missing', user.username, 'No longer listed by the source; kept.');
        }
      }
      report.groups = groups.length;

      if (!options.dryRun) {
        await db.transaction().execute(async (trx) => {
          for (let i = 0; i < inserts.length; i += BATCH) await trx.insertInto('users').values(inserts.slice(i, i + BATCH)).execute();
          for (const { id, patch } of updates) await users.update(id, patch, trx);
          if (groups.length > 0) {
            const rows = await trx.selectFrom('users').select(['id', 'username']).where('source_id', '=', source.id).execute();
            await applyGroups(trx, source, groups, new Map(rows.map((r) => [r.username, r.id])), now);
          }
        });
      }
      report.message = `${options.dryRun ? 'Test run: would add' : 'Added'} ${report.added}, ${options.dryRun ? 'update' : 'updated'} ${report.updated}, ${report.unchanged} unchanged, ${report.errors} errors${report.missing ? `, ${report.missing} no longer listed (kept)` : ''}${report.groups ? `, ${report.groups} groups` : ''}.`;
    } catch (error) {
      report.status = 'failed';
      report.message = error instanceof SourceError ? error.message : `Synchronization failed: ${(error as Error).message}. Nothing was changed.`;
      if (!(error instanceof SourceError)) report.message = report.message.slice(0, 500);
      report.added = report.updated = report.unchanged = 0;
    } finally {
      running.delete(source.id);
    }
    const patch: Partial<Omit<SyncRunRow, 'id'>> = {
      finished_at: clock.now().toISOString(),
      status: report.status,
      added: report.added,
      updated: report.updated,
      unchanged: report.unchanged,
      errors: report.errors,
      message: report.message,
      details: JSON.stringify(report.lines),
    };
    await runs.finish(runRow.id, patch);
    if (!options.dryRun) {
      await audit.record({ actor: options.actor.username, action: report.status === 'succeeded' ? 'sync.run' : 'sync.failure', target: source.name, ip: options.actor.ip, details: { added: report.added, updated: report.updated, unchanged: report.unchanged, errors: report.errors, message: report.message } });
    }
    return report;
  }

  return {
    run,
    /** Synchronizes every source in order; one failing source does not stop the others. */
    async runAll(options: { dryRun: boolean; actor: Actor }): Promise<SyncReport[]> {
      const reports: SyncReport[] = [];
      for (const source of await sources.list()) reports.push(await run(source, options));
      return reports;
    },
    listRuns: (sourceId?: number, limit?: number) => runs.list(sourceId, limit),
    findRun: (id: number) => runs.findById(id),
  };
}

export type SyncService = ReturnType<typeof createSyncService>;
