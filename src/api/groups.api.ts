/**
 * REST API: groups and their members (read-only; membership changes are the `groups:write`
 * scope's, to come). Directory groups come from their source's sync.
 *
 *   GET /api/v1/groups/Staff/members?limit=100  →  { items: [User…], nextCursor }
 */
import type { FastifyInstance } from 'fastify';
import { presentUser } from '../users/user.presenter.js';
import type { ApiContext } from './api-context.js';
import type { GroupWithCount } from '../groups/groups.repository.js';
import { decodeCursor, nextCursor, pageSize } from './paging.js';
import {
  Group,
  GroupListQuery,
  GroupNameParams,
  GroupPage,
  PageQuery,
  UserPage,
  type Group as GroupView,
  type GroupPage as GroupPageView,
  type UserPage as UserPageView,
} from './schemas.js';

const tags = ['groups'];

function presentGroup(row: GroupWithCount, sourceNames: ReadonlyMap<number, string>): GroupView {
  return {
    id: row.id,
    name: row.name,
    source:
      row.source_id === null ? 'Internal' : (sourceNames.get(row.source_id) ?? `Source ${row.source_id}`),
    sourceId: row.source_id,
    memberCount: row.member_count,
    createdAt: row.created_at,
  };
}

export function registerGroupRoutes(server: FastifyInstance, context: ApiContext): void {
  const { groups, sources } = context.services;

  server.get<{ Querystring: GroupListQuery }>(
    '/groups',
    {
      config: { scope: 'groups:read' },
      schema: {
        summary: 'List groups',
        description: 'In name order, paged with cursors.',
        tags,
        querystring: GroupListQuery,
        response: { 200: GroupPage },
      },
    },
    async (request): Promise<GroupPageView> => {
      const { rows, hasMore } = await groups.pageWithCounts({
        after: decodeCursor(request.query.cursor),
        limit: pageSize(request.query.limit),
        prefix: request.query.q,
      });
      const names = await sources.names();
      return {
        items: rows.map((row) => presentGroup(row, names)),
        nextCursor: nextCursor(rows, hasMore, (row) => row.name),
      };
    },
  );

  server.get<{ Params: GroupNameParams }>(
    '/groups/:name',
    {
      config: { scope: 'groups:read' },
      schema: { summary: 'Get a group', tags, params: GroupNameParams, response: { 200: Group } },
    },
    async (request): Promise<GroupView> =>
      presentGroup(await groups.requireWithCount(request.params.name), await sources.names()),
  );

  server.get<{ Params: GroupNameParams; Querystring: PageQuery }>(
    '/groups/:name/members',
    {
      config: { scope: 'groups:read' },
      schema: {
        summary: 'List a group’s members',
        description: 'In username order, paged with cursors.',
        tags,
        params: GroupNameParams,
        querystring: PageQuery,
        response: { 200: UserPage },
      },
    },
    async (request): Promise<UserPageView> => {
      const group = await groups.requireWithCount(request.params.name);
      const { rows, hasMore } = await groups.pageMembers(group.id, {
        after: decodeCursor(request.query.cursor),
        limit: pageSize(request.query.limit),
      });
      const names = await sources.names();
      return {
        items: rows.map((row) => presentUser(row, names)),
        nextCursor: nextCursor(rows, hasMore, (row) => row.username),
      };
    },
  );
}
