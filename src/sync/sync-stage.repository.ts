/**
 * The staging side of a sync run. The directory is streamed into staging tables keyed by the run
 * id (so memory does not grow with the directory) and settled there (duplicates, nested groups,
 * the group filter, conflicts) before sync-compare.repository.ts compares it with the users table
 * and sync-apply.repository.ts writes the result. Only these three files touch the staging tables.
 *
 *   await stage.begin(runId);
 *   await stage.insertUsers(runId, page);           // while reading
 *   await stage.loaded();                           // before comparing
 *   await stage.clear(runId);
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { DB, StageUserRow } from '../db/schema.js';
import { chunks, inList } from './sync-stage-sql.js';

type SQLiteHandle = SQLite.Database;
type SQLiteStatement = SQLite.Statement;

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
const STAGE_USER_TYPES = STAGE_USER_COLUMNS.map((c) =>
  c === 'seq' || c === 'dir_disabled' ? 'int' : 'text',
);
/** Indexes of the staging tables (the migration creates the same ones on the main tables). */
const STAGE_INDEXES: [name: string, table: string, columns: string][] = [
  ['sync_stage_users_external_idx', 'sync_stage_users', 'run_id, external_id'],
  ['sync_stage_users_username_idx', 'sync_stage_users', 'run_id, username'],
  ['sync_stage_users_ref_idx', 'sync_stage_users', 'run_id, ref_key'],
  ['sync_stage_groups_ref_idx', 'sync_stage_groups', 'run_id, ref_key'],
  ['sync_stage_groups_name_idx', 'sync_stage_groups', 'run_id, name'],
  ['sync_stage_members_group_idx', 'sync_stage_members', 'run_id, group_ref'],
  ['sync_stage_members_member_idx', 'sync_stage_members', 'run_id, member_ref'],
  ['sync_stage_memberships_idx', 'sync_stage_memberships', 'run_id, group_ref, external_id'],
  ['sync_stage_memberships_user_idx', 'sync_stage_memberships', 'run_id, external_id, group_ref'],
];

export function createSyncStageRepository(db: Kysely<DB>, sqlite?: SQLiteHandle) {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const statements = new Map<string, SQLiteStatement>();
  /** Runs of this process that are staging now. */
  const active = new Set<number>();
  if (sqlite) {
    // On SQLite (one connection, one server) staging lives in the connection's temp schema, which
    // shadows the main tables of the same name: no WAL, no fsync, half the insert time of the main
    // tables, and nothing left behind if the process dies. Done before any request can run.
    for (const table of new Set(STAGE_INDEXES.map(([, t]) => t)))
      sqlite.exec(`create temp table if not exists ${table} as select * from main.${table} where 0`);
    for (const [name, table, columns] of STAGE_INDEXES)
      sqlite.exec(`create index if not exists temp.${name} on ${table} (${columns})`);
  }

  /**
   * PostgreSQL: one statement per page with a column array per field (unnest), far fewer
   * parameters and round trips than a multi-row VALUES. SQLite: multi-row insert in chunks.
   */
  async function insertRows<T extends Record<string, unknown>>(
    table: 'sync_stage_users' | 'sync_stage_groups' | 'sync_stage_members',
    runId: number,
    columns: readonly (keyof T & string)[],
    types: readonly string[],
    rows: T[],
  ): Promise<void> {
    if (rows.length === 0) return;
    if (postgres) {
      const arrays = columns.map((c, i) => sql`${rows.map((r) => r[c])}::${sql.raw(types[i] ?? 'text')}[]`);
      await sql`insert into ${sql.table(table)} (run_id, ${sql.join(columns.map((c) => sql.ref(c)))})
        select cast(${runId} as integer), * from unnest(${sql.join(arrays)})`.execute(db);
      return;
    }
    if (sqlite) {
      // One prepared statement run per row inside one transaction: about ten times faster than a
      // multi-row INSERT built and bound per page. The connection lock keeps other requests out.
      const text = `insert into ${table} (run_id, ${columns.join(', ')}) values (${columns.map(() => '?').join(', ')}, ?)`;
      let statement = statements.get(text);
      if (!statement) statements.set(text, (statement = sqlite.prepare(text)));
      const insert = statement;
      await db.connection().execute(async () => {
        sqlite.transaction(() => {
          for (const row of rows) insert.run(runId, ...columns.map((c) => row[c]));
        })();
      });
      return;
    }
    for (const chunk of chunks(rows, Math.floor(30000 / (columns.length + 1)))) {
      await db
        .insertInto(table)
        .values(chunk.map((r) => ({ run_id: runId, ...r })) as never)
        .execute();
    }
  }

  return {
    insertUsers: (runId: number, rows: StageUser[]) =>
      insertRows<StageUser>('sync_stage_users', runId, STAGE_USER_COLUMNS, STAGE_USER_TYPES, rows),
    insertGroups: (runId: number, rows: StageGroup[]) =>
      insertRows<StageGroup>('sync_stage_groups', runId, ['ref_key', 'name'], ['text', 'text'], rows),
    insertMembers: (runId: number, rows: StageMember[]) =>
      insertRows<StageMember>(
        'sync_stage_members',
        runId,
        ['group_ref', 'member_ref'],
        ['text', 'text'],
        rows,
      ),

    /**
     * The source listed the same user (immutable id) or the same username twice: the first entry
     * wins, later ones become problems (and still count as listed, so nobody is disabled).
     */
    async markDuplicates(runId: number): Promise<{ username: string; external_id: string }[]> {
      // One pass with two window counts (a sort each) rather than two probes per row.
      const rows = await sql<{
        seq: number;
        username: string;
        external_id: string;
      }>`select seq, username, external_id from (
          select seq, username, external_id,
            row_number() over (partition by external_id order by seq) as by_id,
            row_number() over (partition by username order by seq) as by_name
          from sync_stage_users where run_id = ${runId} and status = 'ok') ranked
        where by_id > 1 or by_name > 1 order by seq`.execute(db);
      for (const chunk of chunks(rows.rows.map((r) => r.seq))) {
        await sql`update sync_stage_users set status = 'problem' where run_id = ${runId} and seq in (${inList(chunk)})`.execute(
          db,
        );
      }
      return rows.rows;
    },

    /**
     * Flattens nested groups: every (group, user) pair where the user is a direct member of the
     * group or of a group nested in it, at any depth (UNION stops at cycles). Members are matched
     * by reference (DN) or by username (posixGroup memberUid, custom programs).
     */
    async resolveMemberships(runId: number): Promise<void> {
      await sql`with recursive closure(root, ref) as (
          select ref_key, ref_key from sync_stage_groups where run_id = ${runId}
          union
          -- CROSS JOIN fixes the order on SQLite (closure row → its members by index → is the
          -- member a group, by index); a plain JOIN let it scan every member per closure row.
          select c.root, m.member_ref from closure c
            cross join sync_stage_members m
            cross join sync_stage_groups g
          where m.run_id = ${runId} and m.group_ref = c.ref and g.run_id = ${runId} and g.ref_key = m.member_ref
        )
        insert into sync_stage_memberships (run_id, group_ref, external_id)
        select cast(${runId} as integer), c.root, s.external_id from closure c
          join sync_stage_members m on m.run_id = ${runId} and m.group_ref = c.ref
          join sync_stage_users s on s.run_id = ${runId} and s.ref_key = m.member_ref and s.ref_key <> ''
        union
        select cast(${runId} as integer), c.root, s.external_id from closure c
          join sync_stage_members m on m.run_id = ${runId} and m.group_ref = c.ref
          join sync_stage_users s on s.run_id = ${runId} and s.username = m.member_ref`.execute(db);
      if (postgres) await sql`analyze sync_stage_memberships`.execute(db);
    },

    /** "Import users from selected groups only": everyone outside those groups is excluded. */
    async excludeOutsideGroups(runId: number, groupNames: string[]): Promise<number> {
      const names = groupNames.map((n) => n.toLowerCase());
      const result = await sql`update sync_stage_users set status = 'excluded'
        where run_id = ${runId} and status = 'ok' and external_id not in (
          select m.external_id from sync_stage_memberships m
            join sync_stage_groups g on g.run_id = ${runId} and g.ref_key = m.group_ref
          where m.run_id = ${runId} and lower(g.name) in (${sql.join(names.map((n) => sql`${n}`))}))`.execute(
        db,
      );
      return Number(result.numAffectedRows ?? 0);
    },

    async countStatus(runId: number): Promise<Record<string, number>> {
      const rows = await db
        .selectFrom('sync_stage_users')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('run_id', '=', runId)
        .groupBy('status')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },

    /** The first users and groups read, for "Test settings". */
    async samples(runId: number, limit: number) {
      const users = await db
        .selectFrom('sync_stage_users')
        .select(['username', 'full_name', 'email', 'department', 'status'])
        .where('run_id', '=', runId)
        .orderBy('seq')
        .limit(limit)
        .execute();
      const groups = await sql<{
        name: string;
        members: number;
      }>`select g.name, (select count(*) from sync_stage_memberships m where m.run_id = ${runId} and m.group_ref = g.ref_key) as members
        from sync_stage_groups g where g.run_id = ${runId} order by g.name limit ${limit}`.execute(db);
      return { users, groups: groups.rows.map((g) => ({ name: g.name, members: Number(g.members) })) };
    },

    async markConflicts(runId: number, seqs: number[]): Promise<void> {
      for (const chunk of chunks(seqs)) {
        await sql`update sync_stage_users set status = 'conflict' where run_id = ${runId} and seq in (${inList(chunk)})`.execute(
          db,
        );
      }
    },

    /**
     * A run starts staging. On SQLite, when it is the process's only run, the staging indexes are
     * dropped while it loads and built once afterwards (`loaded`): a bulk build after the load
     * costs a fraction of maintaining three indexes row by row.
     */
    async begin(runId: number): Promise<void> {
      active.add(runId);
      if (!sqlite || active.size > 1) return;
      await db.connection().execute(async () => {
        for (const [name] of STAGE_INDEXES) sqlite.exec(`drop index if exists temp.${name}`);
      });
    },

    /** Staging is loaded: every index exists again (a no-op when nothing was dropped). */
    async loaded(): Promise<void> {
      if (postgres) {
        // Fresh statistics, or the planner takes tables it last saw empty for tiny ones and picks
        // nested loops over 100,000 rows. ANALYZE samples; it costs a fraction of a second.
        for (const table of ['sync_stage_users', 'sync_stage_groups', 'sync_stage_members'])
          await sql`analyze ${sql.table(table)}`.execute(db);
        return;
      }
      if (!sqlite) return;
      await db.connection().execute(async () => {
        for (const [name, table, columns] of STAGE_INDEXES)
          sqlite.exec(`create index if not exists temp.${name} on ${table} (${columns})`);
      });
    },

    /** Removes a run's staging rows (all rows at once, when no other run of this process is staging on SQLite). */
    async clear(runId: number): Promise<void> {
      active.delete(runId);
      const everything = sqlite !== undefined && active.size === 0;
      for (const table of [
        'sync_stage_users',
        'sync_stage_groups',
        'sync_stage_members',
        'sync_stage_memberships',
      ] as const) {
        // Without WHERE, SQLite empties the table in one step instead of row by row.
        if (everything) await db.deleteFrom(table).execute();
        else await db.deleteFrom(table).where('run_id', '=', runId).execute();
      }
    },
  };
}

export type SyncStageRepository = ReturnType<typeof createSyncStageRepository>;
