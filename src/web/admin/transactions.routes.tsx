/**
 * Admin Console routes for the Transaction Log: the page and its CSV export, both filtered by the
 * user who made a change, the account and days (log-filter.ts; an unknown name or a bad date is
 * the filter's 400, with the field's error). Each handler checks admin rights first, through
 * `adminFrame` (401 signed out, 403 otherwise).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { LedgerLogRow } from '../../accounts/ledger.repository.js';
import { amountToDecimal } from '../../accounts/money.js';
import { ValidationError } from '../../errors.js';
import { csvOf, sendCsv, type CsvColumns } from '../csv.js';
import { field, sendPage } from '../render.js';
import type { WebContext } from '../context.js';
import { positiveInt, type AdminFrame } from './admin.pages.js';
import { logQueryOf, readLogFilter } from './log-filter.js';
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
    const before = positiveInt(field(request.query, 'before')) ?? undefined;
    try {
      const query = logQueryOf(filter, request.formatSettings.timeZone);
      const rows = await transactionLog.page({ ...query, before }, TRANSACTIONS_PER_PAGE + 1);
      return sendPage(
        reply,
        200,
        <TransactionLogPage
          frame={frame}
          filter={filter}
          rows={rows.slice(0, TRANSACTIONS_PER_PAGE)}
          before={before}
          hasMore={rows.length > TRANSACTIONS_PER_PAGE}
        />,
      );
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(
        reply,
        400,
        <TransactionLogPage frame={frame} filter={filter} rows={[]} hasMore={false} errors={error.fields} />,
      );
    }
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
