/**
 * Admin Console routes for the Transaction Log: the page and its CSV export, both filtered by the
 * user who made a change, the account and days (log-filter.ts; an unknown name or a bad date is
 * the filter's 400, with the field's error). Each handler checks admin rights first, through
 * `adminFrame` (401 signed out, 403 otherwise).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { LedgerLogRow } from '../../accounts/ledger.repository.js';
import { amountToDecimal } from '../../accounts/money.js';
import { csvOf, sendCsv, type CsvColumns } from '../csv.js';
import type { WebContext } from '../context.js';
import type { AdminFrame } from './admin.pages.js';
import { logQueryOf, readLogFilter } from './log-filter.js';
import { sendLogPage } from './log-page.js';
import { TRANSACTIONS_PER_PAGE, TransactionLogPage } from './transactions.pages.js';

const CSV_COLUMNS: CsvColumns<LedgerLogRow> = [
  ['id', (row) => row.id],
  ['time', (row) => row.created_at],
  ['account', (row) => row.account_name],
  ['account_type', (row) => row.account_type],
  ['actor', (row) => row.actor],
  ['type', (row) => row.type],
  ['amount', (row) => amountToDecimal(row.amount)],
  ['balance_after', (row) => amountToDecimal(row.balance_after)],
  ['comment', (row) => row.comment],
  ['job_id', (row) => row.job_id ?? ''],
];

export function registerAdminTransactionRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
): void {
  const { transactionLog } = context.services;

  server.get('/admin/transactions', async (request, reply) => {
    const frame = await adminFrame(request);
    const filter = readLogFilter(request.query);
    return sendLogPage(
      request,
      reply,
      TRANSACTIONS_PER_PAGE,
      async (before, limit) =>
        transactionLog.page({ ...logQueryOf(filter, request.formatSettings.timeZone), before }, limit),
      (page) => <TransactionLogPage frame={frame} filter={filter} {...page} />,
    );
  });

  server.get('/admin/transactions.csv', async (request, reply) => {
    await adminFrame(request);
    const filter = readLogFilter(request.query);
    return sendCsv(reply, 'transaction-log.csv', () => {
      const query = logQueryOf(filter, request.formatSettings.timeZone);
      return csvOf(CSV_COLUMNS, (before, limit) => transactionLog.page({ ...query, before }, limit));
    });
  });
}
