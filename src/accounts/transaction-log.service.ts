/**
 * The Transaction Log: the ledger rows of every account, newest first, a page at a time (keyset
 * on the ledger id), filtered by the user who made the change, the account (a shared account's
 * name or a username for a personal one) and a time range: accounts/log-query.ts reads the names.
 *
 *   const rows = await transactionLog.page({ account: 'Science', from: '2026-12-01T00:00:00Z' }, 50);
 *   const next = await transactionLog.page({ account: 'Science', before: rows.at(-1)!.id }, 50);
 */
import type { AccountingStore } from './accounting-store.js';
import type { LedgerLogRow } from './ledger.repository.js';
import { resolveLogQuery, type LogQuery, type LogQueryDeps } from './log-query.js';

export type TransactionLogQuery = LogQuery;

export function createTransactionLogService(deps: LogQueryDeps & { store: AccountingStore }) {
  return {
    /** Up to `limit` ledger rows matching `query`, newest first; `user` matches who made them. */
    async page(query: TransactionLogQuery, limit: number): Promise<LedgerLogRow[]> {
      const { user, accountId, from, to, before } = await resolveLogQuery(deps, query);
      return deps.store.ledger.log({ actor: user?.username, accountId, from, to, before }, limit);
    },
  };
}

export type TransactionLogService = ReturnType<typeof createTransactionLogService>;
