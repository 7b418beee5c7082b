/**
 * Admin Console routes for a shared account's Access, Adjust balance and Transactions tabs
 * (Details and Delete are in shared-accounts.routes.tsx). Each handler checks admin rights first,
 * through `adminFrame` (401 signed out, 403 for a non-administrator); a refused form re-renders
 * with 400 and the field's error, and nothing is written. The service audits every change.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccountRow } from '../../db/accounting.schema.js';
import { ValidationError } from '../../errors.js';
import { adminEnglish, type AdminMessageKey } from '../../i18n/admin-translator.js';
import { field, sendPage } from '../render.js';
import { actorOf } from '../security.js';
import type { WebContext } from '../context.js';
import { adjustValues, amountOf, ledgerPage } from './account-ledger.routes.js';
import { doneNotice, type AdminFrame } from './admin.pages.js';
import { SHARED_DONE, sharedAccountHref } from './shared-account.pages.js';
import {
  accessField,
  SharedAccountAccessPage,
  SharedAccountAdjustPage,
  SharedAccountTransactionsPage,
  type AccessKind,
} from './shared-account-tabs.pages.js';
import { sharedAccountOf, type AccountParams } from './shared-accounts.routes.js';

/** Each kind of access: whom a typed name gives it to, and what is said when there is none such. */
interface AccessRule {
  who: (name: string) => { user: string } | { group: string };
  exists: (name: string) => Promise<boolean>;
  enter: AdminMessageKey;
  unknown: AdminMessageKey;
}

type AdminFrameOf = (request: FastifyRequest) => Promise<AdminFrame>;

export function registerAdminSharedAccountTabRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: AdminFrameOf,
): void {
  registerAccessRoutes(server, context, adminFrame);
  registerLedgerRoutes(server, context, adminFrame);
}

/** The Access tab: the list, and adding or removing a user or a group. */
function registerAccessRoutes(server: FastifyInstance, context: WebContext, adminFrame: AdminFrameOf): void {
  const { sharedAccounts, users, groups } = context.services;
  const accountOf = (request: FastifyRequest<AccountParams>) =>
    sharedAccountOf(sharedAccounts, request.params.id);

  const ACCESS_RULES: [AccessKind, AccessRule][] = [
    [
      'users',
      {
        who: (name) => ({ user: name }),
        exists: async (name) => (await users.findByUsername(name)) !== undefined,
        enter: 'admin.shared.access.enterUser',
        unknown: 'admin.shared.access.unknownUser',
      },
    ],
    [
      'groups',
      {
        who: (name) => ({ group: name }),
        exists: (name) => groups.exists(name),
        enter: 'admin.shared.access.enterGroup',
        unknown: 'admin.shared.access.unknownGroup',
      },
    ],
  ];

  async function renderAccess(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    row: AccountRow,
    refused?: { kind: AccessKind; value: string; errors: Record<string, string> },
  ) {
    const frame = await adminFrame(request);
    const account = sharedAccounts.present(row);
    return sendPage(
      reply,
      status,
      <SharedAccountAccessPage
        frame={frame}
        account={account}
        access={await sharedAccounts.access(account.name)}
        notice={refused ? undefined : doneNotice(request.query, account.name, SHARED_DONE)}
        refused={refused}
      />,
    );
  }

  server.get<AccountParams>('/admin/accounts/:id/access', async (request, reply) => {
    await adminFrame(request);
    return renderAccess(request, reply, 200, await accountOf(request));
  });

  for (const [kind, rule] of ACCESS_RULES) {
    const name = (body: unknown) => field(body, accessField(kind)).trim();

    server.post<AccountParams>(`/admin/accounts/:id/access/${kind}`, async (request, reply) => {
      await adminFrame(request);
      const row = await accountOf(request);
      const value = name(request.body);
      const problem = value === '' ? rule.enter : (await rule.exists(value)) ? undefined : rule.unknown;
      if (problem) {
        const errors = { [accessField(kind)]: adminEnglish.t(problem, { name: value }) };
        return renderAccess(request, reply, 400, row, { kind, value, errors });
      }
      await sharedAccounts.grant(row.name!, rule.who(value), actorOf(request));
      return reply.redirect(sharedAccountHref(row, '/access?done=access-added'), 303);
    });

    server.post<AccountParams>(`/admin/accounts/:id/access/${kind}/remove`, async (request, reply) => {
      await adminFrame(request);
      const row = await accountOf(request);
      await sharedAccounts.revoke(row.name!, rule.who(name(request.body)), actorOf(request));
      return reply.redirect(sharedAccountHref(row, '/access?done=access-removed'), 303);
    });
  }
}

/** The Adjust balance and Transactions tabs. */
function registerLedgerRoutes(server: FastifyInstance, context: WebContext, adminFrame: AdminFrameOf): void {
  const { sharedAccounts } = context.services;
  const accountOf = (request: FastifyRequest<AccountParams>) =>
    sharedAccountOf(sharedAccounts, request.params.id);

  server.get<AccountParams>('/admin/accounts/:id/adjust', async (request, reply) => {
    const frame = await adminFrame(request);
    const account = sharedAccounts.present(await accountOf(request));
    const notice = doneNotice(request.query, account.name, SHARED_DONE);
    return sendPage(reply, 200, <SharedAccountAdjustPage frame={frame} account={account} notice={notice} />);
  });

  server.post<AccountParams>('/admin/accounts/:id/adjust', async (request, reply) => {
    const frame = await adminFrame(request);
    const row = await accountOf(request);
    const values = adjustValues(request.body);
    try {
      const amount = amountOf('amount', values.amount);
      await sharedAccounts.adjust(row.name!, amount, values.comment, actorOf(request));
      return reply.redirect(sharedAccountHref(row, '/adjust?done=adjusted'), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const refused = { values, errors: error.fields };
      const account = sharedAccounts.present(row);
      return sendPage(
        reply,
        400,
        <SharedAccountAdjustPage frame={frame} account={account} refused={refused} />,
      );
    }
  });

  server.get<AccountParams>('/admin/accounts/:id/transactions', async (request, reply) => {
    const frame = await adminFrame(request);
    const row = await accountOf(request);
    const page = await ledgerPage(request.query, (limit, before) =>
      sharedAccounts.transactions(row.name!, limit, before),
    );
    return sendPage(
      reply,
      200,
      <SharedAccountTransactionsPage frame={frame} account={sharedAccounts.present(row)} {...page} />,
    );
  });
}
