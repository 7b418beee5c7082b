/**
 * Admin Console routes for the Job Log: the page and its CSV export, both filtered by user and
 * printer through `jobLog` (an unknown name is the filter's 400, with the field's error). Each
 * handler checks admin rights first, through `adminFrame` (401 signed out, 403 otherwise).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { amountToDecimal } from '../../accounts/money.js';
import type { JobRow } from '../../db/accounting.schema.js';
import { ValidationError } from '../../errors.js';
import { field, sendPage } from '../render.js';
import type { WebContext } from '../context.js';
import { positiveInt, type AdminFrame } from './admin.pages.js';
import { JOBS_PER_PAGE, JobLogPage, type JobLogFilter } from './jobs.pages.js';

/** The CSV export's batch size and its bound, so one request cannot read without end. */
const CSV_BATCH = 500;
const CSV_MAX_ROWS = 100_000;

const CSV_COLUMNS: [header: string, cell: (job: JobRow) => string | number][] = [
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

/**
 * One CSV field, always quoted. A text starting with = + - @ (or a tab or CR) gets a leading
 * apostrophe so a spreadsheet does not run a document name as a formula; numbers stay as they are.
 */
function csvField(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${text.replace(/"/g, '""')}"`;
}

export function registerAdminJobRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
): void {
  const { jobLog } = context.services;
  const filterOf = (query: unknown): JobLogFilter => ({
    user: field(query, 'user').trim().slice(0, 300),
    printer: field(query, 'printer').trim().slice(0, 500),
  });
  const queryOf = (filter: JobLogFilter, before?: number) => ({
    user: filter.user || undefined,
    printer: filter.printer || undefined,
    before,
  });

  server.get('/admin/jobs', async (request, reply) => {
    const frame = await adminFrame(request);
    const filter = filterOf(request.query);
    const before = positiveInt(field(request.query, 'before')) ?? undefined;
    try {
      const rows = await jobLog.page(queryOf(filter, before), JOBS_PER_PAGE + 1);
      return sendPage(
        reply,
        200,
        <JobLogPage
          frame={frame}
          filter={filter}
          jobs={rows.slice(0, JOBS_PER_PAGE)}
          before={before}
          hasMore={rows.length > JOBS_PER_PAGE}
        />,
      );
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(
        reply,
        400,
        <JobLogPage frame={frame} filter={filter} jobs={[]} hasMore={false} errors={error.fields} />,
      );
    }
  });

  server.get('/admin/jobs.csv', async (request, reply) => {
    await adminFrame(request);
    const filter = filterOf(request.query);
    const lines = [CSV_COLUMNS.map(([header]) => header).join(',')];
    let before: number | undefined;
    try {
      while (lines.length <= CSV_MAX_ROWS) {
        const rows = await jobLog.page(queryOf(filter, before), CSV_BATCH);
        for (const job of rows) lines.push(CSV_COLUMNS.map(([, cell]) => csvField(cell(job))).join(','));
        if (rows.length < CSV_BATCH) break;
        before = rows[rows.length - 1]!.id;
      }
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return reply.code(400).type('text/plain; charset=utf-8').send(Object.values(error.fields).join('\n'));
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="job-log.csv"')
      .header('cache-control', 'no-store')
      .send(`${lines.join('\r\n')}\r\n`);
  });
}
