/** PaperCut's group methods: lists, a user's groups, members, membership and admin access by group. */
import type { ApiMethod } from '../papercut-call.js';
import { int, listLimit, n, s, str } from './args.js';

export const GROUP_METHODS: ApiMethod[] = [
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
