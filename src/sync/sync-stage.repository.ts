/**
 * The staging side of a sync run. The directory is streamed into the run's own staging tables (so
 * memory does not grow with the directory; see sync-stage-tables.ts) and settled there
 * (duplicates, nested groups, the group filter, conflicts) before sync-compare.repository.ts
 * compares it with the users table and sync-apply.repository.ts writes the result. Only these
 * three files touch the staging tables.
 *
 *   await stage.withRun(runId, async (run) => {
 *     await stage.insertUsers(run, page);           // while reading
 *     await stage.loaded(run);                      // before comparing
 *   });
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { CopyValue } from '../db/postgres-copy.js';
import type { StageUserRow } from '../db/schema.js';
import { chunks, inList } from './sync-stage-sql.js';
import {
  bulk,
  createTables,
  dropTables,
  settleTables,
  runsWithTables,
  stagingRun,
  tableName,
  type StageTable,
  type StagingRun,
} from './sync-stage-tables.js';

export type { StagingRun } from './sync-stage-tables.js';
export type StageUser = Omit<StageUserRow, 'run_id'>;
export type StageGroup = {
  ref_key: string;
  name: string;
};
export type StageMember = {
  group_ref: string;
  member_ref: string;
};

const STAGE_USER_COLUMNS = [
  'seq',
  'external_id',
  'ref_key',
  'username',
  'username_skeleton',
  'full_name',
  'full_name_key',
  'email',
  'email_key',
  'department',
  'office',
  'card_number',
  'card_number2',
  'other_emails',
  'username_alias',
  'home_folder',
  'pin_hash',
  'dir_disabled',
  'status',
] as const;

export function createSyncStageRepository(database: Pick<Database, 'db' | 'sqlite' | 'copy'>) {
  const { db, sqlite, copy } = database;
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  /**
   * PostgreSQL: COPY (postgres-copy.ts). SQLite: one prepared statement run per row inside one
   * transaction, about ten times faster than a multi-row INSERT built and bound per page (the
   * connection lock keeps other requests out meanwhile).
   */
  async function insertRows<T extends Record<string, unknown>>(
    table: StageTable,
    run: StagingRun,
    columns: readonly (keyof T & string)[],
    rows: T[],
  ): Promise<void> {
    if (rows.length === 0) return;
    if (copy) {
      const values = rows.map((row) => [run.id, ...columns.map((c) => row[c] as CopyValue)]);
      await copy(tableName(run, table), ['run_id', ...columns], values);
      return;
    }
    if (!sqlite) throw new Error('staging needs COPY (PostgreSQL) or the SQLite handle');
    const text = `insert into ${tableName(run, table)} (run_id, ${columns.join(', ')}) values (?, ${columns.map(() => '?').join(', ')})`;
    await db.connection().execute(async () => {
      const insert = sqlite.prepare(text);
      sqlite.transaction(() => {
        for (const row of rows) insert.run(run.id, ...columns.map((c) => row[c]));
      })();
    });
  }

  return {
    /**
     * Stages a run: `work` gets the run with its own, empty staging tables, which are gone
     * afterwards, whatever happened.
     */
    async withRun<T>(runId: number, work: (run: StagingRun) => Promise<T>): Promise<T> {
      const run = stagingRun(runId, postgres);
      try {
        await createTables(db, run);
        return await work(run);
      } finally {
        // The run's outcome stands whatever happens here (it may have committed): tables that
        // cannot be dropped now are the next run's to sweep (sync.service.ts).
        await dropTables(db, runId, postgres).catch(() => undefined);
      }
    },

    /** Runs that have staging tables now: running ones, and ones that ended without dropping them. */
    runsWithTables: () => runsWithTables(db, postgres),

    insertUsers: (run: StagingRun, rows: StageUser[]) =>
      insertRows<StageUser>('users', run, STAGE_USER_COLUMNS, rows),
    insertGroups: (run: StagingRun, rows: StageGroup[]) =>
      insertRows<StageGroup>('groups', run, ['ref_key', 'name'], rows),
    insertMembers: (run: StagingRun, rows: StageMember[]) =>
      insertRows<StageMember>('members', run, ['group_ref', 'member_ref'], rows),

    /** Every user, group and member is read: their tables are made ready for the joins. */
    loaded: (run: StagingRun) => settleTables(db, run, ['users', 'groups', 'members']),

    /**
     * The source listed the same user (immutable id) or the same username twice: the first entry
     * wins, later ones become problems (and still count as listed, so nobody is disabled).
     */
    async markDuplicates(run: StagingRun): Promise<{ username: string; external_id: string }[]> {
      // Nearly every run has none: two groupings (along an index on SQLite) say so for a fraction
      // of what the window counts below cost, one sort each.
      const found = await bulk(db, run, (executor) =>
        sql<{ duplicated: number | boolean }>`select
            exists (select 1 from ${run.users} where status = 'ok' group by external_id having count(*) > 1)
            or exists (select 1 from ${run.users} where status = 'ok' group by username having count(*) > 1) as duplicated`.execute(
          executor,
        ),
      );
      if (!found.rows[0]?.duplicated) return [];
      // One pass with two window counts (a sort each) rather than two probes per row.
      const rows = await bulk(db, run, (executor) =>
        sql<{
          seq: number;
          username: string;
          external_id: string;
        }>`select seq, username, external_id from (
            select seq, username, external_id,
              row_number() over (partition by external_id order by seq) as by_id,
              row_number() over (partition by username order by seq) as by_name
            from ${run.users} where status = 'ok') ranked
          where by_id > 1 or by_name > 1 order by seq`.execute(executor),
      );
      for (const chunk of chunks(rows.rows.map((r) => r.seq)))
        await sql`update ${run.users} set status = 'problem' where seq in (${inList(chunk)})`.execute(db);
      return rows.rows;
    },

    /**
     * Flattens nested groups: every (group, user) pair where the user is a direct member of the
     * group or of a group nested in it, at any depth (UNION stops at cycles). Members are matched
     * by reference (DN) or by username (posixGroup memberUid, custom programs).
     */
    async resolveMemberships(run: StagingRun): Promise<void> {
      await bulk(db, run, (executor) =>
        sql`with recursive closure(root, ref) as (
            select ref_key, ref_key from ${run.groups}
            union
            -- CROSS JOIN fixes the order on SQLite (closure row → its members by index → is the
            -- member a group, by index); a plain JOIN let it scan every member per closure row.
            select c.root, m.member_ref from closure c
              cross join ${run.members} m
              cross join ${run.groups} g
            where m.group_ref = c.ref and g.ref_key = m.member_ref
          )
          insert into ${run.memberships} (run_id, group_ref, external_id)
          select cast(${run.id} as integer), c.root, s.external_id from closure c
            join ${run.members} m on m.group_ref = c.ref
            join ${run.users} s on s.ref_key = m.member_ref and s.ref_key <> ''
          union
          select cast(${run.id} as integer), c.root, s.external_id from closure c
            join ${run.members} m on m.group_ref = c.ref
            join ${run.users} s on s.username = m.member_ref`.execute(executor),
      );
      await settleTables(db, run, ['memberships']);
    },

    /** "Import users from selected groups only": everyone outside those groups is excluded. */
    async excludeOutsideGroups(run: StagingRun, groupNames: string[]): Promise<number> {
      const names = groupNames.map((n) => n.toLowerCase());
      const result = await bulk(db, run, (executor) =>
        sql`update ${run.users} set status = 'excluded'
          where status = 'ok' and not exists (
            select 1 from ${run.memberships} m
              join ${run.groups} g on g.ref_key = m.group_ref
            where m.external_id = ${run.users}.external_id
              and lower(g.name) in (${sql.join(names.map((n) => sql`${n}`))}))`.execute(executor),
      );
      return Number(result.numAffectedRows ?? 0);
    },

    /** Staged users by status, and how many users and groups are staged in all. */
    async counts(
      run: StagingRun,
    ): Promise<{ status: Record<string, number>; users: number; groups: number }> {
      const rows = await sql<{
        status: string;
        n: number;
      }>`select status, count(*) as n from ${run.users} group by status`.execute(db);
      const groups = await sql<{ n: number }>`select count(*) as n from ${run.groups}`.execute(db);
      const status = Object.fromEntries(rows.rows.map((r) => [r.status, Number(r.n)]));
      return {
        status,
        users: Object.values(status).reduce((sum, n) => sum + n, 0),
        groups: Number(groups.rows[0]?.n ?? 0),
      };
    },

    /** The first users and groups read, for "Test settings". */
    async samples(run: StagingRun, limit: number) {
      const users = await sql<{
        username: string;
        full_name: string;
        email: string;
        department: string;
        status: string;
      }>`select username, full_name, email, department, status from ${run.users} order by seq limit ${limit}`.execute(
        db,
      );
      const groups = await sql<{
        name: string;
        members: number;
      }>`select f.name, count(m.group_ref) as members
        from (select ref_key, name from ${run.groups} order by name limit ${limit}) f
          left join ${run.memberships} m on m.group_ref = f.ref_key
        group by f.ref_key, f.name order by f.name`.execute(db);
      return {
        users: users.rows,
        groups: groups.rows.map((g) => ({ name: g.name, members: Number(g.members) })),
      };
    },

    async markConflicts(run: StagingRun, seqs: number[]): Promise<void> {
      for (const chunk of chunks(seqs))
        await sql`update ${run.users} set status = 'conflict' where seq in (${inList(chunk)})`.execute(db);
    },

    /**
     * Removes what a run that ended without clearing up left behind: its tables, and rows it
     * staged in the shared tables (where earlier versions of Quire staged on PostgreSQL).
     */
    async clearInterrupted(runId: number): Promise<void> {
      await dropTables(db, runId, postgres);
      for (const table of [
        'sync_stage_users',
        'sync_stage_groups',
        'sync_stage_members',
        'sync_stage_memberships',
      ] as const)
        await db.deleteFrom(table).where('run_id', '=', runId).execute();
    },
  };
}

export type SyncStageRepository = ReturnType<typeof createSyncStageRepository>;
