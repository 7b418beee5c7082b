/**
 * The applying side of a sync run: set-based statements that write the compared changes to the
 * users, sessions, groups and group_members tables, each inside the run's one transaction.
 *
 * The one exception to users.repository.ts owning the users table (and groups.repository.ts the
 * groups): the bulk statements here read the run's staging tables (`update users … from
 * ${run.users}`, `insert into users select … from ${run.users}`), so moving them would
 * make those repositories know the staging schema, or turn one statement per run into one per
 * user. The few id-keyed writes stay beside them so that a run's apply step reads in one place.
 *
 *   await db.transaction().execute(async (trx) => {
 *     await apply.updateDetails(run, sourceId, now, trx); // run: the run's staging
 *     await apply.insertNewUsers(run, sourceId, now, trx);
 *   });
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { usernameSkeleton } from '../users/username.js';
import { chunks, differs, KEPT_COLUMNS, type Executor } from './sync-stage-sql.js';
import type { StagingRun } from './sync-stage-tables.js';

export function createSyncApplyRepository(db: Kysely<DB>) {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return {
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
    async updateDetails(run: StagingRun, sourceId: number, now: string, trx: Executor): Promise<void> {
      await sql`update users set
          full_name = s.full_name, full_name_key = s.full_name_key, email = s.email, email_key = s.email_key,
          department = s.department, office = s.office, card_number = s.card_number, card_number2 = s.card_number2,
          ${sql.join(KEPT_COLUMNS.map(([stage, user]) => sql`${sql.ref(user)} = case when s.${sql.ref(stage)} <> '' then s.${sql.ref(stage)} else users.${sql.ref(user)} end`))},
          updated_at = ${now}
        from ${run.users} s
        where s.status = 'ok' and users.source_id = ${sourceId} and users.external_id = s.external_id
          and (${differs('users')})`.execute(trx);
    },

    /** Inserts every staged user not yet here: one statement. */
    async insertNewUsers(
      run: StagingRun,
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
        from ${run.users} s
        where s.status = 'ok'
          and not exists (select 1 from users u where u.source_id = ${sourceId} and u.external_id = s.external_id)
        order by s.seq`.execute(trx);
      // A first sync multiplies the table: the group statements that follow need to know, and
      // so does quick find, which reads users_search_rows (filled by the insert's trigger).
      // Until autovacuum analyzed that too, PostgreSQL guessed 723 users in a username range of
      // 19,731 and sorted a bitmap scan (10 ms) where a walk of the username index takes 2.
      if (postgres && count > 1000) {
        await sql`analyze users`.execute(trx);
        await sql`analyze users_search_rows`.execute(trx);
      }
    },

    /**
     * Groups of this source follow the directory: new ones are created, memberships are made
     * equal to the resolved ones (only the difference is written), groups it no longer lists go.
     * Returns the names of staged groups that another source or an administrator owns (left alone).
     */
    async applyGroups(run: StagingRun, sourceId: number, now: string, trx: Executor): Promise<string[]> {
      const foreign = await sql<{
        name: string;
      }>`select distinct g.name from ${run.groups} s join groups g on g.name = s.name
        where g.source_id is null or g.source_id <> ${sourceId} order by g.name`.execute(trx);
      const newGroups = await sql`insert into groups (name, source_id, created_at)
        select distinct s.name, cast(${sourceId} as integer), cast(${now} as text) from ${run.groups} s
        where not exists (select 1 from groups g where g.name = s.name)`.execute(trx);
      // As for users: statistics that still count a handful of groups make the statements below
      // probe 100,000 memberships one by one instead of joining them.
      if (postgres && Number(newGroups.numAffectedRows ?? 0) > 100) await sql`analyze groups`.execute(trx);
      await sql`delete from groups where source_id = ${sourceId}
        and not exists (select 1 from ${run.groups} s where s.name = groups.name)`.execute(trx);
      const desired = sql`select distinct g.id as group_id, u.id as user_id
        from ${run.memberships} m
        join ${run.groups} sg on sg.ref_key = m.group_ref
        join groups g on g.name = sg.name and g.source_id = ${sourceId}
        join users u on u.source_id = ${sourceId} and u.external_id = m.external_id`;
      const joined = await sql`insert into group_members (group_id, user_id)
        select d.group_id, d.user_id from (${desired}) d
        where not exists (select 1 from group_members gm where gm.group_id = d.group_id and gm.user_id = d.user_id)`.execute(
        trx,
      );
      if (postgres && Number(joined.numAffectedRows ?? 0) > 1000)
        await sql`analyze group_members`.execute(trx);
      // Correlated on base tables (not on the derived set) so each row is a few index probes.
      // Correlated on base tables in a fixed order (CROSS JOIN, for SQLite): the member's group by
      // id → its staged groups by name → the user by id → the resolved membership by its key.
      await sql`delete from group_members
        where group_id in (select id from groups where source_id = ${sourceId})
          and not exists (
            select 1 from groups g
              cross join ${run.groups} sg
              cross join users u
              cross join ${run.memberships} m
            where g.id = group_members.group_id and sg.name = g.name
              and u.id = group_members.user_id and m.group_ref = sg.ref_key and m.external_id = u.external_id)`.execute(
        trx,
      );
      return foreign.rows.map((r) => r.name);
    },
  };
}

export type SyncApplyRepository = ReturnType<typeof createSyncApplyRepository>;
