/**
 * The user's own print account in the User Web Interface: Summary, and (read only) the ledger,
 * the jobs, the printers' rates and the shared accounts they may charge. Every page shows the
 * signed-in user's data only: the services are asked for `current.user`, never for a name from the
 * request.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ValidationError } from '../../errors.js';
import { field, sendPage } from '../render.js';
import { requireSignedIn } from '../security.js';
import type { WebContext } from '../context.js';
import { JobsPage, TransactionsPage, type HistoryPage } from './history.pages.js';
import { RatesPage, SharedAccountsPage } from './rates.pages.js';
import { SummaryPage } from './summary.pages.js';
import type { UserFrame } from './user-frame.js';

/** Rows per page of Transaction History and Recent Print Jobs. */
const PAGE_SIZE = 50;

/** `?before=<id>`: the next page's start, a positive whole number, or absent for the newest. */
function beforeOf(request: FastifyRequest): number | undefined {
  const text = field(request.query, 'before');
  if (text === '') return undefined;
  if (!/^[1-9]\d{0,14}$/.test(text)) throw new ValidationError({ before: 'The page to show is not valid.' });
  return Number(text);
}

/** One more row than a page is fetched: its presence says there is an older page. */
function pageOf<Row, View>(rows: (Row & { id: number })[], view: (row: Row) => View): HistoryPage<View> {
  const shown = rows.slice(0, PAGE_SIZE);
  return {
    rows: shown.map(view),
    before: rows.length > PAGE_SIZE ? shown.at(-1)?.id : undefined,
  };
}

/** How many days the Summary's balance chart covers, today included. */
const BALANCE_HISTORY_DAYS = 30;

export function registerAccountRoutes(
  server: FastifyInstance,
  context: WebContext,
  frame: (request: FastifyRequest) => Promise<UserFrame>,
): void {
  const { accounts, jobLog, printers, sharedAccounts } = context.services;

  server.get('/user/summary', async (request, reply) => {
    const current = requireSignedIn(request, 'user');
    const account = await accounts.personal(current.user);
    return sendPage(
      reply,
      200,
      <SummaryPage
        {...await frame(request)}
        balance={{
          balance: account.balance,
          restricted: account.restricted === 1,
          overdraft: account.overdraft,
        }}
        month={await jobLog.thisMonth(current.user.id)}
        history={await accounts.balanceHistory(current.user, BALANCE_HISTORY_DAYS)}
      />,
    );
  });

  server.get('/user/transactions', async (request, reply) => {
    const current = requireSignedIn(request, 'user');
    const rows = await accounts.transactions(current.user.username, PAGE_SIZE + 1, beforeOf(request));
    const page = pageOf(rows, (row) => ({
      createdAt: row.created_at,
      type: row.type,
      amount: row.amount,
      balanceAfter: row.balance_after,
      comment: row.comment,
    }));
    return sendPage(reply, 200, <TransactionsPage {...await frame(request)} page={page} />);
  });

  server.get('/user/jobs', async (request, reply) => {
    const current = requireSignedIn(request, 'user');
    const rows = await jobLog.page({ user: current.user.username, before: beforeOf(request) }, PAGE_SIZE + 1);
    const page = pageOf(rows, (job) => ({
      createdAt: job.created_at,
      printer: job.printer_name,
      document: job.document_name,
      pages: job.total_pages,
      cost: job.cost,
      status: job.status,
      reason: job.reason,
    }));
    return sendPage(reply, 200, <JobsPage {...await frame(request)} page={page} />);
  });

  server.get('/user/rates', async (request, reply) => {
    requireSignedIn(request, 'user');
    const rates = (await printers.list(0, 1000))
      .filter((printer) => printer.enabled === 1)
      .map((printer) => ({
        printer: printer.display_name || printer.name,
        gray: printer.cost_gray,
        color: printer.cost_color,
        duplexDiscount: printer.duplex_discount,
      }));
    return sendPage(reply, 200, <RatesPage {...await frame(request)} rates={rates} />);
  });

  server.get('/user/shared-accounts', async (request, reply) => {
    const current = requireSignedIn(request, 'user');
    const rows = await sharedAccounts.listFor(current.user.username);
    const list = rows.map((account) => ({ name: account.name ?? '', balance: account.balance }));
    return sendPage(reply, 200, <SharedAccountsPage {...await frame(request)} accounts={list} />);
  });
}
