/**
 * The comparing side of a sync run: what the staged directory means for the users table, read
 * before anything is written (a dry run stops after these). Joins the staging tables with `users`
 * in SQL, so a comparison costs a few statements whatever the directory's size (why these read
 * `users` outside users.repository.ts: see sync-apply.repository.ts).
 *
 *   const changed = await compare.changedUsers(run, source.id, importDisabled); // run: the run's staging
 *   const gone = await compare.missingUsers(run, source.id);
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { bulk, type StagingRun } from './sync-stage-tables.js';
import { chunks, DETAIL_COLUMNS, differs, KEPT_COLUMNS, keptDiffers } from './sync-stage-sql.js';

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

const reportName = (user: string) => (user === 'card_pin_hash' ? 'card_pin' : user);

export function createSyncCompareRepository(db: Kysely<DB>) {
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
  return {
    /** Listed users already here whose details, name or state differ. */
    async changedUsers(run: StagingRun, sourceId: number, importDisabled: boolean): Promise<ChangedUser[]> {
      const result = await bulk(db, run, (executor) =>
        sql<ChangedUser>`select u.id, u.username as old_username, s.username, ${changedList} as changed,
          case when u.sync_disabled = 1 and s.dir_disabled = 0 then 'enable'
               when ${importDisabled ? 1 : 0} = 1 and s.dir_disabled = 1 and u.disabled = 0 then 'disable'
               else '' end as state,
          case when u.missing_since is not null then 1 else 0 end as relisted
        from ${run.users} s
        join users u on u.source_id = ${sourceId} and u.external_id = s.external_id
        where s.status = 'ok'
          and (u.username <> s.username or ${detailDiffers} or u.missing_since is not null
            or (u.sync_disabled = 1 and s.dir_disabled = 0)
            or (${importDisabled ? 1 : 0} = 1 and s.dir_disabled = 1 and u.disabled = 0))
        order by s.seq`.execute(executor),
      );
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

    /**
     * Staged names (not refused ones) that look like another stored user's name (the same
     * skeleton), each with the first such name, in directory order: one statement per run.
     */
    async lookalikes(run: StagingRun): Promise<{ username: string; other: string }[]> {
      // CROSS JOIN fixes the order on SQLite: each staged row probes the users' skeleton index.
      const result = await bulk(db, run, (executor) =>
        sql<{
          username: string;
          other: string;
        }>`select s.username, min(u.username) as other
          from ${run.users} s cross join users u
          where s.status <> 'problem'
            and u.username_skeleton = s.username_skeleton and u.username <> s.username
          group by s.username order by min(s.seq)`.execute(executor),
      );
      return result.rows;
    },

    /** Staged users that want a username another user holds (new users, and renames). */
    async nameCollisions(run: StagingRun, sourceId: number): Promise<NameCollision[]> {
      const result = await bulk(db, run, (executor) =>
        sql<NameCollision>`select s.seq, s.username, s.external_id,
          (select m.id from users m where m.source_id = ${sourceId} and m.external_id = s.external_id) as matched_id,
          u.id as holder_id, u.source_id as holder_source_id
        from ${run.users} s
        join users u on u.username = s.username
        where s.status = 'ok'
          and (u.source_id is null or u.source_id <> ${sourceId} or u.external_id <> s.external_id)
        order by s.seq`.execute(executor),
      );
      return result.rows.map((r) => ({
        ...r,
        matched_id: r.matched_id === null ? null : Number(r.matched_id),
        holder_id: Number(r.holder_id),
        holder_source_id: r.holder_source_id === null ? null : Number(r.holder_source_id),
      }));
    },

    /** Users of the source that the directory no longer lists (excluded entries count as gone). */
    async missingUsers(run: StagingRun, sourceId: number): Promise<MissingUser[]> {
      const result = await bulk(db, run, (executor) =>
        sql<MissingUser>`select u.id, u.username, u.disabled, u.missing_since from users u
        where u.source_id = ${sourceId} and not exists (
          select 1 from ${run.users} s where s.external_id = u.external_id and s.status <> 'excluded')
        order by u.username`.execute(executor),
      );
      return result.rows.map((r) => ({ ...r, id: Number(r.id), disabled: Number(r.disabled) }));
    },

    /** How many staged users are new, and the first `limit` of their names: one pass. */
    async newUsers(
      run: StagingRun,
      sourceId: number,
      limit: number,
    ): Promise<{ count: number; usernames: string[] }> {
      const rows = await bulk(db, run, (executor) =>
        sql<{
          username: string;
          total: number;
        }>`select s.username, count(*) over () as total from ${run.users} s
          where s.status = 'ok'
            and not exists (select 1 from users u where u.source_id = ${sourceId} and u.external_id = s.external_id)
          order by s.seq limit ${limit}`.execute(executor),
      );
      return { count: Number(rows.rows[0]?.total ?? 0), usernames: rows.rows.map((r) => r.username) };
    },
  };
}

export type SyncCompareRepository = ReturnType<typeof createSyncCompareRepository>;
