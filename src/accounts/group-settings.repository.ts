/**
 * What groups give their members: initial settings for new users and a quota per period, and the
 * record of each period allocated (one row per group and period, whichever server wrote it).
 */
import type { Kysely } from 'kysely';
import type { GroupSettingsRow } from '../db/accounting.schema.js';
import type { DB } from '../db/schema.js';

export type GroupSettings = Omit<GroupSettingsRow, 'group_id' | 'updated_at'>;

export const NO_GROUP_SETTINGS: GroupSettings = {
  new_user_settings: 0,
  initial_credit: 0,
  initial_restricted: 0,
  initial_overdraft: 0,
  quota_amount: 0,
  quota_period: 'none',
  quota_cron: '',
  quota_cap: null,
};

function numeric(row: GroupSettingsRow): GroupSettingsRow {
  return {
    ...row,
    initial_credit: Number(row.initial_credit),
    initial_overdraft: Number(row.initial_overdraft),
    quota_amount: Number(row.quota_amount),
    quota_cap: row.quota_cap === null ? null : Number(row.quota_cap),
  };
}

export function createGroupSettingsRepository(db: Kysely<DB>) {
  return {
    async get(groupId: number): Promise<GroupSettings> {
      const row = await db
        .selectFrom('group_settings')
        .selectAll()
        .where('group_id', '=', groupId)
        .executeTakeFirst();
      if (!row) return NO_GROUP_SETTINGS;
      const { group_id: _id, updated_at: _at, ...settings } = numeric(row);
      return settings;
    },

    async getMany(groupIds: readonly number[]): Promise<Map<number, GroupSettings>> {
      const found = new Map<number, GroupSettings>(groupIds.map((id) => [id, NO_GROUP_SETTINGS]));
      if (groupIds.length === 0) return found;
      const rows = await db
        .selectFrom('group_settings')
        .selectAll()
        .where('group_id', 'in', [...groupIds])
        .execute();
      for (const row of rows) {
        const { group_id: id, updated_at: _at, ...settings } = numeric(row);
        found.set(id, settings);
      }
      return found;
    },

    async set(groupId: number, settings: GroupSettings, at: string): Promise<void> {
      await db
        .insertInto('group_settings')
        .values({ group_id: groupId, ...settings, updated_at: at })
        .onConflict((oc) => oc.column('group_id').doUpdateSet({ ...settings, updated_at: at }))
        .execute();
    },

    /** By user: the settings of the groups each is in that define new users' settings. */
    async newUserSettingsFor(userIds: readonly number[]): Promise<Map<number, GroupSettingsRow[]>> {
      const found = new Map<number, GroupSettingsRow[]>(userIds.map((id) => [id, []]));
      if (userIds.length === 0) return found;
      const rows = await db
        .selectFrom('group_settings as s')
        .innerJoin('group_members as m', 'm.group_id', 's.group_id')
        .selectAll('s')
        .select('m.user_id')
        .where('m.user_id', 'in', [...userIds])
        .where('s.new_user_settings', '=', 1)
        .execute();
      for (const { user_id: userId, ...row } of rows) found.get(userId)?.push(numeric(row));
      return found;
    },

    /** Groups with a quota, for the scheduler. */
    async withQuota(): Promise<(GroupSettingsRow & { name: string })[]> {
      const rows = await db
        .selectFrom('group_settings as s')
        .innerJoin('groups as g', 'g.id', 's.group_id')
        .selectAll('s')
        .select('g.name')
        .where('s.quota_period', '<>', 'none')
        .where('s.quota_amount', '>', 0)
        .orderBy('g.name')
        .execute();
      return rows.map((row) => ({ ...numeric(row), name: row.name }));
    },

    /** Claims a period for a group; false when it was already allocated (here or on another server). */
    async claimPeriod(groupId: number, period: string, at: string): Promise<boolean> {
      const result = await db
        .insertInto('quota_allocations')
        .values({ group_id: groupId, period, members: 0, total: 0, created_at: at })
        .onConflict((oc) => oc.columns(['group_id', 'period']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },

    async recordAllocation(groupId: number, period: string, members: number, total: number): Promise<void> {
      await db
        .updateTable('quota_allocations')
        .set({ members, total })
        .where('group_id', '=', groupId)
        .where('period', '=', period)
        .execute();
    },

    async lastPeriod(groupId: number): Promise<string | undefined> {
      const row = await db
        .selectFrom('quota_allocations')
        .select('period')
        .where('group_id', '=', groupId)
        .orderBy('period', 'desc')
        .executeTakeFirst();
      return row?.period;
    },

    async memberIds(groupId: number): Promise<number[]> {
      const rows = await db
        .selectFrom('group_members')
        .select('user_id')
        .where('group_id', '=', groupId)
        .orderBy('user_id')
        .execute();
      return rows.map((row) => row.user_id);
    },
  };
}

export type GroupSettingsRepository = ReturnType<typeof createGroupSettingsRepository>;
