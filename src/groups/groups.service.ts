/**
 * Groups as administrators script them (PaperCut's listUserGroups, getGroupMembers,
 * addUserToGroup…) and Admin Console access through groups.
 *
 * A group synchronized from a directory belongs to its source: its members change there, and a
 * change made here would be undone by the next sync, so it is refused with a message that says
 * where to make it. Adding a user to a group that does not exist creates an internal group.
 *
 *   await groups.addMember('alice', 'Print Champions', actor);
 *   await groups.members(INTERNAL_USERS_GROUP, 0, 100); // every internal user
 */
import type { AuditService } from '../audit/audit.service.js';
import type { UserRow } from '../db/schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { Clock } from '../ports.js';
import { textProblem } from '../text.js';
import type { Actor } from '../audit/actor.js';
import type { UsersService } from '../users/users.service.js';
import type { GroupRow, GroupsRepository, GroupWithCount, KeysetPage } from './groups.repository.js';

/** PaperCut's pseudo-group of every internal user. */
export const INTERNAL_USERS_GROUP = '!!Internal Users!!';
const MAX_GROUP_NAME = 200;

/** A name a new internal group may have: one printable line, bounded, not the pseudo-group. */
function checkedGroupName(groupName: string): string {
  const name = groupName.trim();
  if (
    name === '' ||
    name.length > MAX_GROUP_NAME ||
    name === INTERNAL_USERS_GROUP ||
    textProblem(name, { singleLine: true })
  )
    throw new ValidationError({ group: `"${groupName.slice(0, 100)}" cannot be used as a group name.` });
  return name;
}

export function createGroupsService(deps: {
  groups: GroupsRepository;
  users: Pick<UsersService, 'requireUser'>;
  sourceNames: () => Promise<Map<number, string>>;
  audit: AuditService;
  clock: Clock;
}) {
  const { groups, users, audit, clock } = deps;

  async function requireGroup(name: string): Promise<GroupRow> {
    const group = await groups.findByName(name);
    if (!group) throw new NotFoundError(`No group named "${name}".`);
    return group;
  }

  /** Refuses a change to a directory group's members, naming the directory. */
  async function requireInternal(group: GroupRow): Promise<void> {
    if (group.source_id === null) return;
    const source = (await deps.sourceNames()).get(group.source_id) ?? 'its directory source';
    throw new ConflictError(
      `The group "${group.name}" is synchronized from ${source}; change its members there.`,
    );
  }

  async function createGroup(name: string, actor: Actor): Promise<GroupRow> {
    const group = await groups.createInternal(name, clock.now().toISOString());
    await audit.record({ actor: actor.username, action: 'group.create', target: name, ip: actor.ip });
    return group;
  }

  return {
    requireGroup,
    list: (offset: number, limit: number) => groups.names(offset, limit),
    count: () => groups.count(),

    /** Keyset pages with member counts, for the REST API and the Admin Console. */
    pageWithCounts: (page: KeysetPage & { prefix?: string; contains?: string }) =>
      groups.pageWithCounts(page),
    async requireWithCount(name: string): Promise<GroupWithCount> {
      const group = await groups.findWithCount(name);
      if (!group) throw new NotFoundError(`No group named "${name}".`);
      return group;
    },
    pageMembers: (groupId: number, page: KeysetPage) => groups.pageMembers(groupId, page),

    async members(name: string, offset: number, limit: number): Promise<string[]> {
      if (name === INTERNAL_USERS_GROUP) return groups.internalUserNames(offset, limit);
      return groups.memberNames((await requireGroup(name)).id, offset, limit);
    },

    groupsOf: async (user: UserRow) => groups.groupNamesOf(user.id),

    exists: async (name: string) => (await groups.findByName(name)) !== undefined,

    /** Creates an internal group (PaperCut's addNewGroup); a group of that name must not exist. */
    async create(groupName: string, actor: Actor): Promise<void> {
      const name = checkedGroupName(groupName);
      if (await groups.findByName(name)) throw new ConflictError(`A group named "${name}" exists already.`);
      await createGroup(name, actor);
    },

    /**
     * Deletes an internal group (PaperCut's removeGroup) with its memberships, shared-account and
     * printer access and quota. A directory group is refused: the next sync would bring it back.
     */
    async remove(groupName: string, actor: Actor): Promise<void> {
      const group = await requireGroup(groupName);
      if (group.source_id !== null) {
        const source = (await deps.sourceNames()).get(group.source_id) ?? 'its directory source';
        throw new ConflictError(
          `The group "${group.name}" is synchronized from ${source}; remove it there (or from the source's group filter).`,
        );
      }
      await groups.remove(group.id);
      await audit.record({ actor: actor.username, action: 'group.delete', target: group.name, ip: actor.ip });
    },

    async addMember(username: string, groupName: string, actor: Actor): Promise<void> {
      const user = await users.requireUser(username);
      const name = checkedGroupName(groupName);
      let group = await groups.findByName(name);
      if (group) await requireInternal(group);
      else group = await createGroup(name, actor);
      if (await groups.addMember(group.id, user.id))
        await audit.record({
          actor: actor.username,
          action: 'group.member.add',
          target: user.username,
          ip: actor.ip,
          details: { group: name },
        });
    },

    async removeMember(username: string, groupName: string, actor: Actor): Promise<void> {
      const user = await users.requireUser(username);
      const group = await requireGroup(groupName);
      await requireInternal(group);
      if (await groups.removeMember(group.id, user.id))
        await audit.record({
          actor: actor.username,
          action: 'group.member.remove',
          target: user.username,
          ip: actor.ip,
          details: { group: group.name },
        });
    },

    adminGroups: () => groups.adminGroupNames(),

    /** Whether the members of the group named `name` may use the Admin Console. */
    isAdminGroup: async (name: string) => (await groups.adminGroupNames()).includes(name),

    /** Members of the group may use the Admin Console (a directory group is fine: membership is the directory's). */
    async grantAdminAccess(groupName: string, actor: Actor): Promise<void> {
      const group = await requireGroup(groupName);
      if (await groups.addAdminGroup(group.id, clock.now().toISOString()))
        await audit.record({
          actor: actor.username,
          action: 'group.admin.grant',
          target: group.name,
          ip: actor.ip,
        });
    },

    async revokeAdminAccess(groupName: string, actor: Actor): Promise<void> {
      const group = await requireGroup(groupName);
      if (await groups.removeAdminGroup(group.id))
        await audit.record({
          actor: actor.username,
          action: 'group.admin.revoke',
          target: group.name,
          ip: actor.ip,
        });
    },

    /** Admin Console access: granted to the user, or through a group. Disabled users have none. */
    async hasAdminAccess(user: UserRow): Promise<boolean> {
      if (user.disabled) return false;
      return user.is_admin === 1 || (await groups.inAdminGroup(user.id));
    },
  };
}

export type GroupsService = ReturnType<typeof createGroupsService>;
