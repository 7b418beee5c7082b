/**
 * Admin Console routes for the Job Log: the page and its CSV export, both filtered by user,
 * printer, account and days (log-filter.ts reads the shared fields; an unknown name or a bad date
 * is the filter's 400, with the field's error). Each handler checks admin rights first, through
 * `adminFrame` (401 signed out, 403 otherwise).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { amountToDecimal } from '../../accounts/money.js';
import type { JobRow } from '../../db/accounting.schema.js';
import type { JobLogQuery } from '../../jobs/job-log.service.js';
import { csvOf, sendCsv, type CsvColumns } from '../csv.js';
import { field } from '../render.js';
import type { WebContext } from '../context.js';
import type { AdminFrame } from './admin.pages.js';
import { sendLogPage } from './log-page.js';
import { JOBS_PER_PAGE, JobLogPage, type JobLogFilter } from './jobs.pages.js';
import { logQueryOf, readLogFilter } from './log-filter.js';

const CSV_COLUMNS: CsvColumns<JobRow> = [
  ['id', (job) => job.id],
  ['time', (job) => job.created_at],
  ['user', (job) => job.username],
  ['printer', (job) => job.printer_name],
  ['account', (job) => job.account_name],
  ['document', (job) => job.document_name],
  ['pages', (job) => job.pages],
  ['copies', (job) => job.copies],
  ['total_pages', (job) => job.total_pages],
  ['color_pages', (job) => job.color_pages],
  ['duplex', (job) => (job.duplex ? 'yes' : 'no')],
  ['paper_size', (job) => job.paper_size],
  ['cost', (job) => amountToDecimal(job.cost)],
  ['refunded', (job) => amountToDecimal(job.refunded)],
  ['status', (job) => job.status],
  ['reason', (job) => job.reason],
];

export function registerAdminJobRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
): void {
  const { jobLog } = context.services;
  const filterOf = (query: unknown): JobLogFilter => {
    const { user, ...rest } = readLogFilter(query);
    return { user, printer: field(query, 'printer').trim().slice(0, 500), ...rest };
  };
  /** Throws the filter's ValidationError for a bad date; the service does for an unknown name. */
  const queryOf = (request: FastifyRequest, filter: JobLogFilter): JobLogQuery => ({
    ...logQueryOf(filter, request.formatSettings.timeZone),
    printer: filter.printer || undefined,
  });

  server.get('/admin/jobs', async (request, reply) => {
    const frame = await adminFrame(request);
    const filter = filterOf(request.query);
    return sendLogPage(
      request,
      reply,
      JOBS_PER_PAGE,
      async (before, limit) => jobLog.page({ ...queryOf(request, filter), before }, limit),
      ({ rows, ...page }) => <JobLogPage frame={frame} filter={filter} jobs={rows} {...page} />,
    );
  });

  server.get('/admin/jobs.csv', async (request, reply) => {
    await adminFrame(request);
    const filter = filterOf(request.query);
    return sendCsv(reply, 'job-log.csv', () => {
      const query = queryOf(request, filter);
      return csvOf(CSV_COLUMNS, (before, limit) => jobLog.page({ ...query, before }, limit));
    });
  });
}
