/**
 * REST API: shared accounts (PaperCut's department and project accounts) — create, change,
 * rename, delete, who may charge them, adjustments and their ledger. Through the shared accounts
 * service, audited with the token as actor. A shared account's name is its key; a sub-account's
 * "Parent\Child" is written `Parent%5CChild` in a path.
 *
 *   POST /api/v1/shared-accounts {"name": "Science", "restricted": true}  →  201 SharedAccount
 *   PUT  /api/v1/shared-accounts/Science/access/groups/Staff             →  204
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ledgerComment } from '../accounts/ledger-text.js';
import {
  checkSettings,
  sharedAccountName,
  type SharedAccountsService,
} from '../accounts/shared-accounts.service.js';
import type { Actor } from '../audit/actor.js';
import {
  amountOf,
  flag,
  given,
  optionalAmount,
  presentShared,
  presentTransaction,
} from './accounting.presenter.js';
import {
  AdjustmentBody,
  NewSharedAccountBody,
  SharedAccessGroupParams,
  SharedAccessUserParams,
  SharedAccess,
  SharedAccount,
  SharedAccountPage,
  SharedAccountParams,
  SharedAccountPatchBody,
  TransactionPage,
  type SharedAccountPage as SharedAccountPageView,
  type TransactionPage as TransactionPageView,
} from './accounting.schemas.js';
import type { ApiContext } from './api-context.js';
import { decodeCursor, decodeIdCursor, nextCursor, pageSize } from './paging.js';
import { PageQuery } from './schemas.js';

const tags = ['shared accounts'];

export function registerSharedAccountRoutes(server: FastifyInstance, context: ApiContext): void {
  registerAccounts(server, context);
  registerAccess(server, context);
  registerLedger(server, context);
}

/** Settings as the service takes them; amounts checked (a 400 naming the field) first. */
function settingsOf(body: NewSharedAccountBody | SharedAccountPatchBody) {
  const settings = given({
    restricted: flag(body.restricted),
    overdraft: optionalAmount('overdraft', body.overdraft),
    enabled: flag(body.enabled),
    pin: body.pin,
    notes: body.notes,
  });
  // The service checks these too, but after a rename in the same request: checked first here,
  // so that a refused setting leaves the name as it was.
  checkSettings(settings);
  return settings;
}

/**
 * A PATCH's changes, every field checked before anything is written; answers the account's name
 * afterwards. The rename goes first: it is the change most likely refused (a name taken).
 */
async function applyPatch(
  sharedAccounts: SharedAccountsService,
  name: string,
  body: SharedAccountPatchBody,
  actor: Actor,
): Promise<string> {
  const settings = settingsOf(body);
  const newBalance = optionalAmount('balance', body.balance);
  const text = ledgerComment(body.comment ?? '');
  const newName = body.name === undefined ? undefined : sharedAccountName(body.name);
  const account = await sharedAccounts.require(name);
  let current = account.name ?? '';
  if (newName !== undefined && newName !== current) {
    await sharedAccounts.rename(current, newName, actor);
    current = newName;
  }
  if (Object.keys(settings).length > 0) await sharedAccounts.update(current, settings, actor);
  if (newBalance !== undefined) await sharedAccounts.setBalance(current, newBalance, text, actor);
  return current;
}

/** The accounts themselves: list, get, create, change, delete. */
function registerAccounts(server: FastifyInstance, context: ApiContext): void {
  const { sharedAccounts } = context.services;
  const location = (name: string) => `/api/v1/shared-accounts/${encodeURIComponent(name)}`;
  const present = async (name: string) => presentShared(await sharedAccounts.require(name));

  server.get<{ Querystring: PageQuery }>(
    '/shared-accounts',
    {
      config: { scope: 'accounts:read' },
      schema: {
        summary: 'List shared accounts',
        description: 'In name order (a sub-account follows its parent), paged with cursors.',
        tags,
        querystring: PageQuery,
        response: { 200: SharedAccountPage },
      },
    },
    async (request): Promise<SharedAccountPageView> => {
      const limit = pageSize(request.query.limit);
      const rows = await sharedAccounts.page(decodeCursor(request.query.cursor), limit + 1);
      const items = rows.slice(0, limit);
      return {
        items: items.map(presentShared),
        nextCursor: nextCursor(items, rows.length > limit, (row) => row.name ?? ''),
      };
    },
  );

  server.get<{ Params: SharedAccountParams }>(
    '/shared-accounts/:name',
    {
      config: { scope: 'accounts:read' },
      schema: {
        summary: 'Get a shared account',
        tags,
        params: SharedAccountParams,
        response: { 200: SharedAccount },
      },
    },
    async (request) => present(request.params.name),
  );

  server.post<{ Body: NewSharedAccountBody }>(
    '/shared-accounts',
    {
      config: { scope: 'accounts:write' },
      schema: {
        summary: 'Create a shared account',
        description:
          'A sub-account is named "Parent\\Child"; its parent must exist. 409 when the name is taken.',
        tags,
        body: NewSharedAccountBody,
        response: { 201: SharedAccount },
      },
    },
    async (request, reply) => {
      const settings = settingsOf(request.body);
      const row = await sharedAccounts.add(request.body.name, context.caller(request).actor, settings);
      return reply
        .code(201)
        .header('location', location(row.name ?? ''))
        .send(presentShared(row));
    },
  );

  server.patch<{ Params: SharedAccountParams; Body: SharedAccountPatchBody }>(
    '/shared-accounts/:name',
    {
      config: { scope: 'accounts:write' },
      schema: {
        summary: 'Change a shared account',
        description:
          'Only the fields given change: settings, `name` (a rename; a sub-account keeps its parent), `balance` (with `comment`, written as one adjustment). Every field is checked before anything is written.',
        tags,
        params: SharedAccountParams,
        body: SharedAccountPatchBody,
        response: { 200: SharedAccount },
      },
    },
    async (request) =>
      present(
        await applyPatch(sharedAccounts, request.params.name, request.body, context.caller(request).actor),
      ),
  );

  server.delete<{ Params: SharedAccountParams }>(
    '/shared-accounts/:name',
    {
      config: { scope: 'accounts:write' },
      schema: {
        summary: 'Delete a shared account',
        description: 'Its jobs stay in the job log; 409 while it has sub-accounts.',
        tags,
        params: SharedAccountParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await sharedAccounts.remove(request.params.name, context.caller(request).actor);
      return reply.code(204).send();
    },
  );
}

/** Who may charge an account: users and groups, given and taken away. */
function registerAccess(server: FastifyInstance, context: ApiContext): void {
  const { sharedAccounts } = context.services;

  server.get<{ Params: SharedAccountParams }>(
    '/shared-accounts/:name/access',
    {
      config: { scope: 'accounts:read' },
      schema: {
        summary: 'Who may charge a shared account',
        tags,
        params: SharedAccountParams,
        response: { 200: SharedAccess },
      },
    },
    async (request) => sharedAccounts.access(request.params.name),
  );

  for (const [kind, params] of [
    ['users', SharedAccessUserParams],
    ['groups', SharedAccessGroupParams],
  ] as const) {
    const key = kind === 'users' ? 'username' : 'group';
    const who = (p: Record<string, string>) => (kind === 'users' ? { user: p[key]! } : { group: p[key]! });
    for (const [method, grant] of [
      ['put', true],
      ['delete', false],
    ] as const) {
      server[method]<{ Params: Record<string, string> }>(
        `/shared-accounts/:name/access/${kind}/:${key}`,
        {
          config: { scope: 'accounts:write' },
          schema: {
            summary: `${grant ? 'Give' : 'Take away'} a ${kind === 'users' ? 'user' : 'group'} access to a shared account`,
            description: `Doing it twice changes nothing.${kind === 'groups' ? ' Access through a group is access for each of its members.' : ''}`,
            tags,
            params,
            response: { 204: Type.Null() },
          },
        },
        async (request, reply) => {
          const actor = context.caller(request).actor;
          if (grant) await sharedAccounts.grant(request.params.name!, who(request.params), actor);
          else await sharedAccounts.revoke(request.params.name!, who(request.params), actor);
          return reply.code(204).send();
        },
      );
    }
  }
}

/** An account's money: adjustments and its ledger. */
function registerLedger(server: FastifyInstance, context: ApiContext): void {
  const { sharedAccounts } = context.services;
  const present = async (name: string) => presentShared(await sharedAccounts.require(name));

  server.post<{ Params: SharedAccountParams; Body: AdjustmentBody }>(
    '/shared-accounts/:name/adjustments',
    {
      config: { scope: 'accounts:write' },
      schema: {
        summary: 'Adjust a shared account’s balance',
        description: 'Adds `amount` (negative to take) with one ledger row; answers the account afterwards.',
        tags,
        params: SharedAccountParams,
        body: AdjustmentBody,
        response: { 200: SharedAccount },
      },
    },
    async (request) => {
      const amount = amountOf('amount', request.body.amount);
      await sharedAccounts.adjust(
        request.params.name,
        amount,
        request.body.comment,
        context.caller(request).actor,
      );
      return present(request.params.name);
    },
  );

  server.get<{ Params: SharedAccountParams; Querystring: PageQuery }>(
    '/shared-accounts/:name/transactions',
    {
      config: { scope: 'accounts:read' },
      schema: {
        summary: 'List a shared account’s transactions',
        description: 'Newest first, paged with cursors.',
        tags,
        params: SharedAccountParams,
        querystring: PageQuery,
        response: { 200: TransactionPage },
      },
    },
    async (request): Promise<TransactionPageView> => {
      const limit = pageSize(request.query.limit);
      const rows = await sharedAccounts.transactions(
        request.params.name,
        limit + 1,
        decodeIdCursor(request.query.cursor),
      );
      const items = rows.slice(0, limit);
      return {
        items: items.map(presentTransaction),
        nextCursor: nextCursor(items, rows.length > limit, (row) => row.id),
      };
    },
  );
}
