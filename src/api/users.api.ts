/**
 * REST API: users. Every change goes through the users service, so the API follows the same rules
 * as the Admin Console (fields a directory source owns are refused for its users, the last
 * administrator stays) and is audited with the token as the actor (`api-token:<name>`).
 *
 *   GET /api/v1/users?q=ma&limit=50   →  { items: [User…], nextCursor }
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { UserRow } from '../db/schema.js';
import { ConflictError, ValidationError } from '../errors.js';
import { presentUser } from '../users/user.presenter.js';
import type { ApiContext } from './api-context.js';
import { decodeCursor, nextCursor, pageSize } from './paging.js';
import {
  NewUserBody,
  PasswordBody,
  User,
  UserListQuery,
  UsernameParams,
  UserPage,
  UserPatchBody,
  type User as UserView,
  type UserPage as UserPageView,
} from './schemas.js';

const tags = ['users'];

type Services = ApiContext['services'];

function presenter(sources: Services['sources']): (row: UserRow) => Promise<UserView> {
  return async (row) => presentUser(row, await sources.names());
}

/** `internal`, or the id of the source with this name; a 400 naming `source` otherwise. */
async function sourceFilter(
  sources: Services['sources'],
  name: string | undefined,
): Promise<'internal' | number | undefined> {
  if (name === undefined || name === '') return undefined;
  if (name.toLowerCase() === 'internal') return 'internal';
  const source = await sources.findByName(name);
  if (!source)
    throw new ValidationError({
      source: `There is no directory source named "${name}". Use a source name from GET /api/v1/sources, or "internal".`,
    });
  return source.id;
}

const location = (username: string) => `/api/v1/users/${encodeURIComponent(username)}`;

export function registerUserRoutes(server: FastifyInstance, context: ApiContext): void {
  registerUserReads(server, context);
  registerUserChanges(server, context);
  registerUserAccess(server, context);
}

/** Listing and reading users. */
function registerUserReads(server: FastifyInstance, context: ApiContext): void {
  const { users, sources } = context.services;
  const present = presenter(sources);

  server.get<{ Querystring: UserListQuery }>(
    '/users',
    {
      config: { scope: 'users:read' },
      schema: {
        summary: 'List users',
        description:
          'In username order, paged with cursors. Filters combine: quick find (`q`), source, disabled.',
        tags,
        querystring: UserListQuery,
        response: { 200: UserPage },
      },
    },
    async (request): Promise<UserPageView> => {
      const { q, source, disabled, cursor, limit } = request.query;
      const { rows, hasMore } = await users.pageAfter({
        after: decodeCursor(cursor),
        limit: pageSize(limit),
        query: q,
        source: await sourceFilter(sources, source),
        disabled: disabled === undefined ? undefined : disabled === 'true',
      });
      const names = await sources.names();
      return {
        items: rows.map((row) => presentUser(row, names)),
        nextCursor: nextCursor(rows, hasMore, (row) => row.username),
      };
    },
  );

  server.get<{ Params: UsernameParams }>(
    '/users/:username',
    {
      config: { scope: 'users:read' },
      schema: { summary: 'Get a user', tags, params: UsernameParams, response: { 200: User } },
    },
    async (request): Promise<UserView> => present(await users.requireUser(request.params.username)),
  );
}

/** Creating users and changing their details, enabled state and admin rights. */
function registerUserChanges(server: FastifyInstance, context: ApiContext): void {
  const { users, sources } = context.services;
  const present = presenter(sources);

  server.post<{ Body: NewUserBody }>(
    '/users',
    {
      config: { scope: 'users:write' },
      schema: {
        summary: 'Create an internal user',
        description: 'The password must meet the password policy (Options).',
        tags,
        body: NewUserBody,
        response: { 201: User },
      },
    },
    async (request, reply) => {
      const row = await users.createInternal(request.body, context.caller(request).actor);
      return reply
        .code(201)
        .header('location', location(row.username))
        .send(await present(row));
    },
  );

  server.patch<{ Params: UsernameParams; Body: UserPatchBody }>(
    '/users/:username',
    {
      config: { scope: 'users:write' },
      schema: {
        summary: 'Change a user',
        description:
          'Only the fields given change; `disabled` and `admin` also enable/disable the user and grant/revoke Admin Console access. ' +
          'For a directory user, changing a field its source owns is a 400 naming the field. Details are saved before `disabled` and `admin` are applied.',
        tags,
        params: UsernameParams,
        body: UserPatchBody,
        response: { 200: User },
      },
    },
    async (request): Promise<UserView> => {
      const actor = context.caller(request).actor;
      const { disabled, admin, ...details } = request.body;
      let user = await users.requireUser(request.params.username);
      if (Object.keys(details).length > 0) user = await users.updateDetails(user.username, details, actor);
      if (disabled !== undefined && disabled !== (user.disabled === 1))
        await users.setDisabled(user.username, disabled, actor);
      if (admin !== undefined && admin !== (user.is_admin === 1))
        await users.setAdmin(user.username, admin, actor);
      return present(await users.requireUser(user.username));
    },
  );
}

/** Passwords, enabling and disabling, deleting. */
function registerUserAccess(server: FastifyInstance, context: ApiContext): void {
  const { users, sources } = context.services;
  const present = presenter(sources);

  server.put<{ Params: UsernameParams; Body: PasswordBody }>(
    '/users/:username/password',
    {
      config: { scope: 'users:write' },
      schema: {
        summary: 'Set an internal user’s password',
        description:
          'Ends all of the user’s sessions. A directory user’s password is managed by its source: 409.',
        tags,
        params: UsernameParams,
        body: PasswordBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const user = await users.requireUser(request.params.username);
      if (user.source_id !== null) {
        const source = (await sources.names()).get(user.source_id) ?? 'its directory source';
        throw new ConflictError(
          `The password of ${user.username} is managed by its directory source "${source}"; change it there.`,
          'password',
        );
      }
      await users.setPassword(
        user.username,
        request.body.password,
        { mustChange: request.body.mustChangePassword ?? false },
        context.caller(request).actor,
      );
      return reply.code(204).send();
    },
  );

  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    server.post<{ Params: UsernameParams }>(
      `/users/:username/${action}`,
      {
        config: { scope: 'users:write' },
        schema: {
          summary: disabled ? 'Disable a user' : 'Enable a user',
          description: `${disabled ? 'Disabling ends the user’s sessions. ' : ''}The same as PATCH with {"disabled": ${disabled}}; doing it twice changes nothing.`,
          tags,
          params: UsernameParams,
          response: { 200: User },
        },
      },
      async (request): Promise<UserView> => {
        const user = await users.requireUser(request.params.username);
        if ((user.disabled === 1) !== disabled)
          await users.setDisabled(user.username, disabled, context.caller(request).actor);
        return present(await users.requireUser(user.username));
      },
    );
  }

  server.delete<{ Params: UsernameParams }>(
    '/users/:username',
    {
      config: { scope: 'users:write' },
      schema: { summary: 'Delete a user', tags, params: UsernameParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await users.delete(request.params.username, context.caller(request).actor);
      return reply.code(204).send();
    },
  );
}
