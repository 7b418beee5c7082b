/**
 * Groups, their members and the groups whose members get Admin Console access. Only this file
 * reads or writes the groups, group_members and admin_groups tables outside a sync (which
 * replaces a source's groups in its own transaction, sync/sync-apply.repository.ts).
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { DB, GroupRow as StoredGroupRow, UserRow } from '../db/schema.js';

export interface GroupRow {
  id: number;
  name: string;
  source_id: number | null;
}

/** A group as the REST API shows it: every column and its member count. */
export type GroupWithCount = StoredGroupRow & { member_count: number };

export interface KeysetPage {
  /** Only names (group names, or usernames for members) after this one. */
  after?: string;
  limit: number;
}

const page = (offset: number, limit: number) => ({
  offset: Math.max(offset, 0),
  limit: Math.min(Math.max(limit, 0), 10_000),
});

/** A LIKE pattern for names containing `text`; its own `%`, `_` and backslash are taken literally. */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The member count of each `groups` row, as a correlated sub-select. */
const memberCount = (eb: ExpressionBuilder<DB, 'groups'>) =>
  eb
    .selectFrom('group_members')
    .select((m) => m.fn.countAll<number>().as('n'))
    .whereRef('group_members.group_id', '=', 'groups.id')
    .as('member_count');

export function createGroupsRepository(db: Kysely<DB>) {
  return {
    findByName: (name: string): Promise<GroupRow | undefined> =>
      db.selectFrom('groups').select(['id', 'name', 'source_id']).where('name', '=', name).executeTakeFirst(),

    async names(offset: number, limit: number): Promise<string[]> {
      const p = page(offset, limit);
      const rows = await db
        .selectFrom('groups')
        .select('name')
        .orderBy('name')
        .limit(p.limit)
        .offset(p.offset)
        .execute();
      return rows.map((row) => row.name);
    },

    async count(): Promise<number> {
      const row = await db
        .selectFrom('groups')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async memberNames(groupId: number, offset: number, limit: number): Promise<string[]> {
      const p = page(offset, limit);
      const rows = await db
        .selectFrom('group_members')
        .innerJoin('users', 'users.id', 'group_members.user_id')
        .select('users.username')
        .where('group_members.group_id', '=', groupId)
        .orderBy('users.username')
        .limit(p.limit)
        .offset(p.offset)
        .execute();
      return rows.map((row) => row.username);
    },

    /**
     * Keyset paging for the REST API (the lists above page by offset, as PaperCut's
     * listUserGroups and getGroupMembers do). Names are unique, so a page starts after the last
     * name; `prefix` narrows to names that start with it. `contains` (the Admin Console's filter)
     * to names containing it in any case: A–Z on both databases, every letter on PostgreSQL
     * (SQLite's lower() folds ASCII only). It scans the groups, which number thousands, not millions.
     */
    async pageWithCounts(
      keyset: KeysetPage & { prefix?: string; contains?: string },
    ): Promise<{ rows: GroupWithCount[]; hasMore: boolean }> {
      let query = db.selectFrom('groups').selectAll('groups');
      if (keyset.after !== undefined) query = query.where('name', '>', keyset.after);
      if (keyset.prefix)
        query = query.where('name', '>=', keyset.prefix).where('name', '<', keyset.prefix + '\u{10FFFF}');
      if (keyset.contains)
        query = query.where(
          sql<boolean>`lower(name) like lower(${containsPattern(keyset.contains)}) escape '\\'`,
        );
      const rows = await query
        .select(memberCount)
        .orderBy('name')
        .limit(keyset.limit + 1)
        .execute();
      const counted = rows.map((row) => ({ ...row, member_count: Number(row.member_count ?? 0) }));
      return { rows: counted.slice(0, keyset.limit), hasMore: counted.length > keyset.limit };
    },

    async findWithCount(name: string): Promise<GroupWithCount | undefined> {
      const row = await db
        .selectFrom('groups')
        .selectAll('groups')
        .select(memberCount)
        .where('name', '=', name)
        .executeTakeFirst();
      return row && { ...row, member_count: Number(row.member_count ?? 0) };
    },

    /** Members in username order, starting after `after` (keyset paging for the REST API). */
    async pageMembers(groupId: number, keyset: KeysetPage): Promise<{ rows: UserRow[]; hasMore: boolean }> {
      let query = db
        .selectFrom('group_members')
        .innerJoin('users', 'users.id', 'group_members.user_id')
        .selectAll('users')
        .where('group_members.group_id', '=', groupId);
      if (keyset.after !== undefined) query = query.where('users.username', '>', keyset.after);
      const rows = await query
        .orderBy('users.username')
        .limit(keyset.limit + 1)
        .execute();
      return { rows: rows.slice(0, keyset.limit), hasMore: rows.length > keyset.limit };
    },

    async internalUserNames(offset: number, limit: number): Promise<string[]> {
      const p = page(offset, limit);
      const rows = await db
        .selectFrom('users')
        .select('username')
        .where('source_id', 'is', null)
        .orderBy('username')
        .limit(p.limit)
        .offset(p.offset)
        .execute();
      return rows.map((row) => row.username);
    },

    async groupNamesOf(userId: number): Promise<string[]> {
      const rows = await db
        .selectFrom('group_members')
        .innerJoin('groups', 'groups.id', 'group_members.group_id')
        .select('groups.name')
        .where('group_members.user_id', '=', userId)
        .orderBy('groups.name')
        .execute();
      return rows.map((row) => row.name);
    },

    async createInternal(name: string, now: string): Promise<GroupRow> {
      return db
        .insertInto('groups')
        .values({ name, source_id: null, created_at: now })
        .returning(['id', 'name', 'source_id'])
        .executeTakeFirstOrThrow();
    },

    /** Deletes the group; its memberships, access and settings go with it (foreign keys cascade). */
    async remove(groupId: number): Promise<void> {
      await db.deleteFrom('groups').where('id', '=', groupId).execute();
    },

    /** Adds a member; false when the user already was one. */
    async addMember(groupId: number, userId: number): Promise<boolean> {
      const result = await db
        .insertInto('group_members')
        .values({ group_id: groupId, user_id: userId })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    /** Removes a member; false when the user was not one. */
    async removeMember(groupId: number, userId: number): Promise<boolean> {
      const result = await db
        .deleteFrom('group_members')
        .where('group_id', '=', groupId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async adminGroupNames(): Promise<string[]> {
      const rows = await db
        .selectFrom('admin_groups')
        .innerJoin('groups', 'groups.id', 'admin_groups.group_id')
        .select('groups.name')
        .orderBy('groups.name')
        .execute();
      return rows.map((row) => row.name);
    },

    async addAdminGroup(groupId: number, now: string): Promise<boolean> {
      const result = await db
        .insertInto('admin_groups')
        .values({ group_id: groupId, created_at: now })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async removeAdminGroup(groupId: number): Promise<boolean> {
      const result = await db.deleteFrom('admin_groups').where('group_id', '=', groupId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** Whether the user is a member of any group with admin access (one indexed look-up). */
    async inAdminGroup(userId: number): Promise<boolean> {
      const row = await db
        .selectFrom('group_members')
        .innerJoin('admin_groups', 'admin_groups.group_id', 'group_members.group_id')
        .select('group_members.group_id')
        .where('group_members.user_id', '=', userId)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}

export type GroupsRepository = ReturnType<typeof createGroupsRepository>;
