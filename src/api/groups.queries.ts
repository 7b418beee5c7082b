/**
 * Read queries for groups and their members, for the REST API. The groups service
 * (src/groups/groups.service.ts) pages names by offset, as PaperCut's listUserGroups and
 * getGroupMembers do; the API pages with cursors and shows member counts and sources, so these
 * keyset queries over `groups` and `group_members` serve it. Names are unique, so a group page
 * starts after the last name; a member page after the last username.
 *
 *   const { rows, hasMore } = await pageGroups(db, { after: 'Finance', limit: 100 });
 */
import type { Kysely } from 'kysely';
import type { DB, GroupRow, UserRow } from '../db/schema.js';

export type GroupWithCount = GroupRow & { member_count: number };

export async function pageGroups(
  db: Kysely<DB>,
  page: { after?: string; limit: number; prefix?: string },
): Promise<{ rows: GroupWithCount[]; hasMore: boolean }> {
  let query = db.selectFrom('groups').selectAll('groups');
  if (page.after !== undefined) query = query.where('name', '>', page.after);
  if (page.prefix)
    query = query.where('name', '>=', page.prefix).where('name', '<', page.prefix + '\u{10FFFF}');
  const rows = await query
    .select((eb) =>
      eb
        .selectFrom('group_members')
        .select((m) => m.fn.countAll<number>().as('n'))
        .whereRef('group_members.group_id', '=', 'groups.id')
        .as('member_count'),
    )
    .orderBy('name')
    .limit(page.limit + 1)
    .execute();
  const counted = rows.map((row) => ({ ...row, member_count: Number(row.member_count ?? 0) }));
  return { rows: counted.slice(0, page.limit), hasMore: counted.length > page.limit };
}

export async function findGroup(db: Kysely<DB>, name: string): Promise<GroupWithCount | undefined> {
  const row = await db
    .selectFrom('groups')
    .selectAll('groups')
    .select((eb) =>
      eb
        .selectFrom('group_members')
        .select((m) => m.fn.countAll<number>().as('n'))
        .whereRef('group_members.group_id', '=', 'groups.id')
        .as('member_count'),
    )
    .where('name', '=', name)
    .executeTakeFirst();
  return row && { ...row, member_count: Number(row.member_count ?? 0) };
}

/** Members in username order, starting after `after`. */
export async function pageMembers(
  db: Kysely<DB>,
  groupId: number,
  page: { after?: string; limit: number },
): Promise<{ rows: UserRow[]; hasMore: boolean }> {
  let query = db
    .selectFrom('group_members')
    .innerJoin('users', 'users.id', 'group_members.user_id')
    .selectAll('users')
    .where('group_members.group_id', '=', groupId);
  if (page.after !== undefined) query = query.where('users.username', '>', page.after);
  const rows = await query
    .orderBy('users.username')
    .limit(page.limit + 1)
    .execute();
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}
