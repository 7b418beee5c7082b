/**
 * The SQL side of a sync run. The directory is streamed into staging tables keyed by the run id
 * (so memory does not grow with the directory), then compared with the users table and applied
 * with set-based statements inside one transaction. Only this file touches the staging tables.
 *
 *   await stage.insertUsers(runId, page);           // while reading
 *   const changed = await stage.changedUsers(runId, sourceId);
 *   await db.transaction().execute((trx) => stage.insertNewUsers(runId, sourceId, now, trx));
 *   await stage.clear(runId);
 */
import { PostgresAdapter, sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { usernameSkeleton } from '../users/username.js';
import type SQLite from 'better-sqlite3';
import type { DB, StageUserRow } from '../db/schema.js';

type SQLiteHandle = SQLite.Database;
type SQLiteStatement = SQLite.Statement;

type Executor = Kysely<DB> | Transaction<DB>;

export type StageUser = Omit<StageUserRow, 'run_id'>;
export type StageGroup = {
  ref_key: string;
  name: string;
};
export type StageMember = {
  group_ref: string;
  member_ref: string;
};

/** A matched user whose stored fields or state differ from the directory's. */
export interface ChangedUser {
  id: number;
  old_username: string;
  username: string;
  /** Space-separated names of the differing detail columns. */
  changed: string;
  /** 'enable' (back in the directory), 'disable' (disabled in the directory) or ''. */
  state: string;
  /** 1 when only missing_since must be cleared (listed again under the keep policy). */
  relisted: number;
}

export interface NameCollision {
  seq: number;
  username: string;
  external_id: string;
  /** null when the staged user is new; otherwise the id of the user it will rename. */
  matched_id: number | null;
  holder_id: number;
  holder_source_id: number | null;
}

export interface MissingUser {
  id: number;
  username: string;
  disabled: number;
  missing_since: string | null;
}

const DETAIL_COLUMNS = ['full_name', 'email', 'department', 'office', 'card_number', 'card_number2'] as const;
/**
 * Properties a source may or may not list (PaperCut's optional columns): a listed value replaces
 * the stored one, an empty one keeps it, since an administrator, a batch import or the user may
 * have set it in Quire. Staged column → users column, and the name a report shows.
 */
const KEPT_COLUMNS: [stage: string, user: string][] = [
  ['other_emails', 'other_emails'],
  ['username_alias', 'username_alias'],
  ['home_folder', 'home_folder'],
  ['pin_hash', 'card_pin_hash'],
];
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
/** A listed value that differs from the stored one (coalesce: a NULL PIN hash differs from any listed one). */
const keptDiffers = (u: string) => (stage: string, user: string) =>
  sql`(s.${sql.ref(stage)} <> '' and coalesce(${sql.ref(`${u}.${user}`)}, '') <> s.${sql.ref(stage)})`;
const reportName = (user: string) => (user === 'card_pin_hash' ? 'card_pin' : user);
const CHUNK = 500;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

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

  /** Whether a matched user's stored details differ from the staged ones (`u`: the users table's alias). */
  const differs = (u: string) =>
    sql.join(
      [
        ...DETAIL_COLUMNS.map((c) => sql`${sql.ref(`${u}.${c}`)} <> s.${sql.ref(c)}`),
        ...KEPT_COLUMNS.map(([stage, user]) => keptDiffers(u)(stage, user)),
      ],
      sql` or `,
    );
  const detailDiffers = differs('u');
  const changedList = sql.join(
    [
      ...DETAIL_COLUMNS.map(
        (c) => sql`case when u.${sql.ref(c)} <> s.${sql.ref(c)} then ${c + ' '} else '' end`,
      ),
      ...KEPT_COLUMNS.map(
        ([stage, user]) =>
          sql`case when ${keptDiffers('u')(stage, user)} then ${reportName(user) + ' '} else '' end`,
      ),
    ],
    sql` || `,
  );
  const inList = (ids: number[]): RawBuilder<unknown> => sql.join(ids.map((id) => sql`${id}`));

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

    async countGroups(runId: number): Promise<number> {
      const row = await db
        .selectFrom('sync_stage_groups')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('run_id', '=', runId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
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

    /** Listed users already here whose details, name or state differ. */
    async changedUsers(runId: number, sourceId: number, importDisabled: boolean): Promise<ChangedUser[]> {
      const result =
        await sql<ChangedUser>`select u.id, u.username as old_username, s.username, ${changedList} as changed,
          case when u.sync_disabled = 1 and s.dir_disabled = 0 then 'enable'
               when ${importDisabled ? 1 : 0} = 1 and s.dir_disabled = 1 and u.disabled = 0 then 'disable'
               else '' end as state,
          case when u.missing_since is not null then 1 else 0 end as relisted
        from sync_stage_users s
        join users u on u.source_id = ${sourceId} and u.external_id = s.external_id
        where s.run_id = ${runId} and s.status = 'ok'
          and (u.username <> s.username or ${detailDiffers} or u.missing_since is not null
            or (u.sync_disabled = 1 and s.dir_disabled = 0)
            or (${importDisabled ? 1 : 0} = 1 and s.dir_disabled = 1 and u.disabled = 0))
        order by s.seq`.execute(db);
      return result.rows.map((r) => ({
        ...r,
        id: Number(r.id),
        relisted: Number(r.relisted),
        changed: r.changed.trim(),
      }));
    },

    /** The stored card PIN hashes of this source's users with these immutable ids (to keep an unchanged PIN's hash). */
    async pinHashes(sourceId: number, externalIds: string[]): Promise<Map<string, string>> {
      const out = new Map<string, string>();
      for (const chunk of chunks(externalIds)) {
        const rows = await db
          .selectFrom('users')
          .select(['external_id', 'card_pin_hash'])
          .where('source_id', '=', sourceId)
          .where('external_id', 'in', chunk)
          .where('card_pin_hash', 'is not', null)
          .execute();
        for (const r of rows)
          if (r.external_id !== null && r.card_pin_hash !== null) out.set(r.external_id, r.card_pin_hash);
      }
      return out;
    },

    /** Staged users that want a username another user holds (new users, and renames). */
    async nameCollisions(runId: number, sourceId: number): Promise<NameCollision[]> {
      const result = await sql<NameCollision>`select s.seq, s.username, s.external_id,
          (select m.id from users m where m.source_id = ${sourceId} and m.external_id = s.external_id) as matched_id,
          u.id as holder_id, u.source_id as holder_source_id
        from sync_stage_users s
        join users u on u.username = s.username
        where s.run_id = ${runId} and s.status = 'ok'
          and (u.source_id is null or u.source_id <> ${sourceId} or u.external_id <> s.external_id)
        order by s.seq`.execute(db);
      return result.rows.map((r) => ({
        ...r,
        matched_id: r.matched_id === null ? null : Number(r.matched_id),
        holder_id: Number(r.holder_id),
        holder_source_id: r.holder_source_id === null ? null : Number(r.holder_source_id),
      }));
    },

    async markConflicts(runId: number, seqs: number[]): Promise<void> {
      for (const chunk of chunks(seqs)) {
        await sql`update sync_stage_users set status = 'conflict' where run_id = ${runId} and seq in (${inList(chunk)})`.execute(
          db,
        );
      }
    },

    /** Users of the source that the directory no longer lists (excluded entries count as gone). */
    async missingUsers(runId: number, sourceId: number): Promise<MissingUser[]> {
      const result = await sql<MissingUser>`select u.id, u.username, u.disabled, u.missing_since from users u
        where u.source_id = ${sourceId} and not exists (
          select 1 from sync_stage_users s where s.run_id = ${runId} and s.external_id = u.external_id and s.status <> 'excluded')
        order by u.username`.execute(db);
      return result.rows.map((r) => ({ ...r, id: Number(r.id), disabled: Number(r.disabled) }));
    },

    /** How many staged users are new, and the first `limit` of their names: one pass. */
    async newUsers(
      runId: number,
      sourceId: number,
      limit: number,
    ): Promise<{ count: number; usernames: string[] }> {
      const rows = await sql<{
        username: string;
        total: number;
      }>`select s.username, count(*) over () as total from sync_stage_users s
        where s.run_id = ${runId} and s.status = 'ok'
          and not exists (select 1 from users u where u.source_id = ${sourceId} and u.external_id = s.external_id)
        order by s.seq limit ${limit}`.execute(db);
      return { count: Number(rows.rows[0]?.total ?? 0), usernames: rows.rows.map((r) => r.username) };
    },

    // ---- applying (inside the run's transaction) ----

    async deleteUsers(ids: number[], trx: Executor): Promise<void> {
      for (const chunk of chunks(ids)) await trx.deleteFrom('users').where('id', 'in', chunk).execute();
    },

    async setState(
      ids: number[],
      patch: { disabled?: 0 | 1; sync_disabled?: 0 | 1; missing_since?: string | null; updated_at: string },
      trx: Executor,
    ): Promise<void> {
      for (const chunk of chunks(ids))
        await trx.updateTable('users').set(patch).where('id', 'in', chunk).execute();
    },

    /** A user a sync disables is signed out everywhere at once. */
    async endSessions(userIds: number[], trx: Executor): Promise<void> {
      for (const chunk of chunks(userIds))
        await trx.deleteFrom('sessions').where('user_id', 'in', chunk).execute();
    },

    /** Marks users as missing from now, keeping an earlier date. */
    async markMissing(ids: number[], now: string, trx: Executor): Promise<void> {
      for (const chunk of chunks(ids))
        await trx
          .updateTable('users')
          .set({ missing_since: now })
          .where('id', 'in', chunk)
          .where('missing_since', 'is', null)
          .execute();
    },

    async rename(id: number, username: string, now: string, trx: Executor): Promise<void> {
      await trx
        .updateTable('users')
        .set({ username, username_skeleton: usernameSkeleton(username), updated_at: now })
        .where('id', '=', id)
        .execute();
    },

    /** Copies the directory's details onto every matched user whose details differ: one statement. */
    async updateDetails(runId: number, sourceId: number, now: string, trx: Executor): Promise<void> {
      await sql`update users set
          full_name = s.full_name, full_name_key = s.full_name_key, email = s.email, email_key = s.email_key,
          department = s.department, office = s.office, card_number = s.card_number, card_number2 = s.card_number2,
          ${sql.join(KEPT_COLUMNS.map(([stage, user]) => sql`${sql.ref(user)} = case when s.${sql.ref(stage)} <> '' then s.${sql.ref(stage)} else users.${sql.ref(user)} end`))},
          updated_at = ${now}
        from sync_stage_users s
        where s.run_id = ${runId} and s.status = 'ok' and users.source_id = ${sourceId} and users.external_id = s.external_id
          and (${differs('users')})`.execute(trx);
    },

    /** Inserts every staged user not yet here: one statement. */
    async insertNewUsers(
      runId: number,
      sourceId: number,
      now: string,
      trx: Executor,
      count = 0,
    ): Promise<void> {
      await sql`insert into users (username, username_skeleton, full_name, full_name_key, email, email_key, department, office, notes,
          card_number, card_number2, other_emails, username_alias, home_folder, card_pin_hash,
          source_id, external_id, password_hash, is_admin, disabled, must_change_password,
          sync_disabled, created_at, updated_at)
        select s.username, s.username_skeleton, s.full_name, s.full_name_key, s.email, s.email_key, s.department, s.office, '',
          s.card_number, s.card_number2, s.other_emails, s.username_alias, s.home_folder, case when s.pin_hash <> '' then s.pin_hash end,
          ${sourceId}, s.external_id, null, 0, s.dir_disabled, 0,
          s.dir_disabled, ${now}, ${now}
        from sync_stage_users s
        where s.run_id = ${runId} and s.status = 'ok'
          and not exists (select 1 from users u where u.source_id = ${sourceId} and u.external_id = s.external_id)
        order by s.seq`.execute(trx);
      // A first sync multiplies the table: the group statements that follow need to know.
      if (postgres && count > 1000) await sql`analyze users`.execute(trx);
    },

    /**
     * Groups of this source follow the directory: new ones are created, memberships are made
     * equal to the resolved ones (only the difference is written), groups it no longer lists go.
     * Returns the names of staged groups that another source or an administrator owns (left alone).
     */
    async applyGroups(runId: number, sourceId: number, now: string, trx: Executor): Promise<string[]> {
      const foreign = await sql<{
        name: string;
      }>`select distinct g.name from sync_stage_groups s join groups g on g.name = s.name
        where s.run_id = ${runId} and (g.source_id is null or g.source_id <> ${sourceId}) order by g.name`.execute(
        trx,
      );
      await sql`insert into groups (name, source_id, created_at)
        select distinct s.name, cast(${sourceId} as integer), cast(${now} as text) from sync_stage_groups s
        where s.run_id = ${runId} and not exists (select 1 from groups g where g.name = s.name)`.execute(trx);
      await sql`delete from groups where source_id = ${sourceId}
        and not exists (select 1 from sync_stage_groups s where s.run_id = ${runId} and s.name = groups.name)`.execute(
        trx,
      );
      const desired = sql`select distinct g.id as group_id, u.id as user_id
        from sync_stage_memberships m
        join sync_stage_groups sg on sg.run_id = ${runId} and sg.ref_key = m.group_ref
        join groups g on g.name = sg.name and g.source_id = ${sourceId}
        join users u on u.source_id = ${sourceId} and u.external_id = m.external_id
        where m.run_id = ${runId}`;
      await sql`insert into group_members (group_id, user_id)
        select d.group_id, d.user_id from (${desired}) d
        where not exists (select 1 from group_members gm where gm.group_id = d.group_id and gm.user_id = d.user_id)`.execute(
        trx,
      );
      // Correlated on base tables (not on the derived set) so each row is a few index probes.
      // Correlated on base tables in a fixed order (CROSS JOIN, for SQLite): the member's group by
      // id → its staged groups by name → the user by id → the resolved membership by its key.
      await sql`delete from group_members
        where group_id in (select id from groups where source_id = ${sourceId})
          and not exists (
            select 1 from groups g
              cross join sync_stage_groups sg
              cross join users u
              cross join sync_stage_memberships m
            where g.id = group_members.group_id and sg.run_id = ${runId} and sg.name = g.name
              and u.id = group_members.user_id and m.run_id = ${runId} and m.group_ref = sg.ref_key and m.external_id = u.external_id)`.execute(
        trx,
      );
      return foreign.rows.map((r) => r.name);
    },

    /** Removes a run's staging rows (and any left by runs that ended without cleaning up). */
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
