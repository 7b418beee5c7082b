/**
 * REST API: a user's personal account — balance, restriction, overdraft, account selection —
 * adjustments and the ledger. Every change goes through the accounts service (one ledger row per
 * change, audited with the token as actor); a request is checked whole before anything is written.
 *
 *   POST /api/v1/users/alice/account/adjustments {"amount": "5", "comment": "Top-up"}  →  Account
 *   GET  /api/v1/users/alice/account/transactions?limit=50  →  { items: [Transaction…], nextCursor }
 */
import type { FastifyInstance } from 'fastify';
import { isSelectionMode, SELECTION_MODES } from '../accounts/account-selection.js';
import { ledgerComment } from '../accounts/ledger-text.js';
import { ValidationError } from '../errors.js';
import {
  amountOf,
  flag,
  given,
  optionalAmount,
  presentAccount,
  presentTransaction,
} from './accounting.presenter.js';
import {
  Account,
  AccountPutBody,
  AdjustmentBody,
  TransactionPage,
  type Account as AccountView,
  type Selection,
  type TransactionPage as TransactionPageView,
} from './accounting.schemas.js';
import type { ApiContext } from './api-context.js';
import { decodeIdCursor, nextCursor, pageSize } from './paging.js';
import { PageQuery, UsernameParams } from './schemas.js';

const tags = ['accounts'];

export function registerAccountRoutes(server: FastifyInstance, context: ApiContext): void {
  const { accounts, sharedAccounts } = context.services;

  async function present(username: string): Promise<AccountView> {
    const { username: name, account } = await accounts.accountOf(username);
    return presentAccount(name, account, await accounts.selection(name));
  }

  /** A selection the service will accept, checked before anything else is written. */
  async function checkSelection(selection: Selection): Promise<void> {
    if (!isSelectionMode(selection.mode)) {
      throw new ValidationError({
        'selection.mode': `The account selection must be one of: ${[...SELECTION_MODES.keys()].join(', ')}.`,
      });
    }
    if (selection.mode !== 'auto-select-shared') return;
    const shared = selection.sharedAccount ?? '';
    if (shared === '' || !(await sharedAccounts.exists(shared))) {
      throw new ValidationError({
        'selection.sharedAccount': shared
          ? `No shared account named "${shared}".`
          : 'Name the shared account `auto-select-shared` charges.',
      });
    }
  }

  server.get<{ Params: UsernameParams }>(
    '/users/:username/account',
    {
      config: { scope: 'accounts:read' },
      schema: {
        summary: 'Get a user’s account',
        description: 'Balance, restriction, overdraft and account selection; amounts are decimal strings.',
        tags,
        params: UsernameParams,
        response: { 200: Account },
      },
    },
    async (request) => present(request.params.username),
  );

  server.put<{ Params: UsernameParams; Body: AccountPutBody }>(
    '/users/:username/account',
    {
      config: { scope: 'accounts:write' },
      schema: {
        summary: 'Change a user’s account',
        description:
          'Only the fields given change. `balance` sets the balance, writing the difference as one adjustment with `comment`. ' +
          'Every field is checked before anything is written: a 400 names each bad field and changes nothing.',
        tags,
        params: UsernameParams,
        body: AccountPutBody,
        response: { 200: Account },
      },
    },
    async (request) => {
      const { balance, comment, restricted, overdraft, enabled, selection } = request.body;
      const newBalance = optionalAmount('balance', balance);
      const settings = given({
        restricted: flag(restricted),
        overdraft: optionalAmount('overdraft', overdraft),
        enabled: flag(enabled),
      });
      if (settings.overdraft !== undefined && settings.overdraft < 0)
        throw new ValidationError({ overdraft: 'The overdraft must be zero or more.' });
      const text = ledgerComment(comment ?? '');
      if (selection) await checkSelection(selection);
      const { username } = await accounts.accountOf(request.params.username);
      const actor = context.caller(request).actor;
      if (Object.keys(settings).length > 0) await accounts.update(username, settings, actor);
      if (selection)
        await accounts.setSelection(username, selection.mode, selection.sharedAccount ?? null, actor);
      if (newBalance !== undefined) await accounts.setBalance(username, newBalance, text, actor);
      return present(username);
    },
  );

  server.post<{ Params: UsernameParams; Body: AdjustmentBody }>(
    '/users/:username/account/adjustments',
    {
      config: { scope: 'accounts:write' },
      schema: {
        summary: 'Adjust a user’s balance',
        description:
          'Adds `amount` (negative to take) with one ledger row; may take a restricted account below its limit, as an administrator can in PaperCut. Answers the account afterwards.',
        tags,
        params: UsernameParams,
        body: AdjustmentBody,
        response: { 200: Account },
      },
    },
    async (request) => {
      const amount = amountOf('amount', request.body.amount);
      await accounts.adjust(
        request.params.username,
        amount,
        request.body.comment,
        context.caller(request).actor,
      );
      return present(request.params.username);
    },
  );

  server.get<{ Params: UsernameParams; Querystring: PageQuery }>(
    '/users/:username/account/transactions',
    {
      config: { scope: 'accounts:read' },
      schema: {
        summary: 'List a user’s transactions',
        description: 'The ledger of the personal account, newest first, paged with cursors.',
        tags,
        params: UsernameParams,
        querystring: PageQuery,
        response: { 200: TransactionPage },
      },
    },
    async (request): Promise<TransactionPageView> => {
      const limit = pageSize(request.query.limit);
      const before = decodeIdCursor(request.query.cursor);
      const rows = await accounts.transactions(request.params.username, limit + 1, before);
      const items = rows.slice(0, limit);
      return {
        items: items.map(presentTransaction),
        nextCursor: nextCursor(items, rows.length > limit, (row) => row.id),
      };
    },
  );
}
