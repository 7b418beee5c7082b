/**
 * PaperCut's group methods: lists, a user's groups, members, membership, admin access by group,
 * adding and removing (internal) groups, and the group quota.
 */
import { ApiCallError, type ApiMethod } from '../papercut-call.js';
import { amount, dbl, int, listLimit, money, n, s, str } from './args.js';

/** PaperCut's quota periods (NONE, DAILY, WEEKLY, MONTHLY) to Quire's; a cron schedule is set in the Admin Console. */
const QUOTA_PERIODS: ReadonlyMap<string, string> = new Map([
  ['NONE', 'none'],
  ['DAILY', 'daily'],
  ['WEEKLY', 'weekly'],
  ['MONTHLY', 'monthly'],
]);

function quotaPeriod(period: string): string {
  const value = QUOTA_PERIODS.get(period.trim().toUpperCase());
  if (!value)
    throw new ApiCallError(
      `The quota period is one of ${[...QUOTA_PERIODS.keys()].join(', ')}, not "${period.slice(0, 100)}" (a cron schedule is set on the group's page).`,
    );
  return value;
}

const QUOTA_METHODS: ApiMethod[] = [
  {
    name: 'api.addNewGroup',
    params: [str('groupName')],
    // Quire keeps directory groups up to date by syncing them; a group added here is internal.
    run: async (c, [g]) => {
      await c.services.groups.create(s(g), c.actor);
      return true;
    },
  },
  {
    name: 'api.removeGroup',
    params: [str('groupName')],
    run: async (c, [g]) => {
      await c.services.groups.remove(s(g), c.actor);
      return true;
    },
  },
  {
    name: 'api.isGroupExists',
    params: [str('groupName')],
    run: async (c, [g]) => c.services.groups.exists(s(g)),
  },
  {
    name: 'api.getGroupQuota',
    params: [str('groupName')],
    run: async (c, [g]) => {
      const settings = await c.services.groupAccounts.settings(s(g));
      return {
        QuotaAmount: money(settings.quota_amount),
        QuotaPeriod: settings.quota_period.toUpperCase(),
        // PaperCut's 0.0 is "no limit".
        QuotaMaxAccumulation: money(settings.quota_cap ?? 0),
      };
    },
  },
  {
    name: 'api.setGroupQuota',
    params: [str('groupName'), dbl('quotaAmount'), str('period'), dbl('quotaMaxAccumulation')],
    run: async (c, [g, quota, period, max]) => {
      const quotaAmount = amount('quotaAmount', quota);
      const cap = amount('quotaMaxAccumulation', max);
      await c.services.groupAccounts.setQuota(
        s(g),
        { amount: quotaAmount, period: quotaPeriod(s(period)), cap: cap === 0 ? null : cap },
        c.actor,
      );
      return true;
    },
  },
];

const MEMBER_METHODS: ApiMethod[] = [
  {
    name: 'api.listUserGroups',
    params: [int('offset'), int('limit')],
    run: async (c, [o, l]) => c.services.groups.list(n(o), listLimit(n(l))),
  },
  {
    name: 'api.getUserGroups',
    params: [str('username')],
    run: async (c, [u]) => c.services.groups.groupsOf(await c.services.users.requireUser(s(u))),
  },
  {
    name: 'api.getGroupMembers',
    params: [str('groupName'), int('offset'), int('limit')],
    run: async (c, [g, o, l]) => c.services.groups.members(s(g), n(o), listLimit(n(l))),
  },
  {
    name: 'api.addUserToGroup',
    params: [str('username'), str('groupName')],
    run: async (c, [u, g]) => {
      await c.services.groups.addMember(s(u), s(g), c.actor);
      return true;
    },
  },
  {
    name: 'api.removeUserFromGroup',
    params: [str('username'), str('groupName')],
    run: async (c, [u, g]) => {
      await c.services.groups.removeMember(s(u), s(g), c.actor);
      return true;
    },
  },
  {
    name: 'api.addAdminAccessGroup',
    params: [str('groupName')],
    run: async (c, [g]) => {
      await c.services.groups.grantAdminAccess(s(g), c.actor);
      return true;
    },
  },
  {
    name: 'api.removeAdminAccessGroup',
    params: [str('groupName')],
    run: async (c, [g]) => {
      await c.services.groups.revokeAdminAccess(s(g), c.actor);
      return true;
    },
  },
];

export const GROUP_METHODS: ApiMethod[] = [...MEMBER_METHODS, ...QUOTA_METHODS];
