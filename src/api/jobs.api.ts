/**
 * REST API: the job log, recording a job, refunds. A recorded job goes through the charging
 * service like every other job (origin `rest`): it is priced with the printer's cost model and
 * charged to the account the user's selection picks.
 *
 * A job the charging service refuses (a restricted account without the credit, a disabled
 * printer, no access) is still a job in the log: the answer is 201 either way, and the job's
 * `status` says `printed` or `denied` with the `reason`. Only a request that cannot be a job
 * (bad numbers, an unknown user or printer) is an error, and then nothing is written.
 *
 *   POST /api/v1/jobs {"username": "alice", "printer": "ps1\\library", "pages": 3}  →  201 { job, balance }
 *   GET  /api/v1/jobs?user=alice&status=denied&from=2026-12-01
 */
import type { FastifyInstance } from 'fastify';
import { amountToDecimal } from '../accounts/money.js';
import { printerPath } from '../jobs/job-log.service.js';
import { optionalAmount, presentJob } from './accounting.presenter.js';
import type { ApiContext } from './api-context.js';
import { decodeIdCursor, nextCursor, pageSize } from './paging.js';
import {
  Job,
  JobListQuery,
  JobPage,
  NewJobBody,
  RecordedJob,
  RefundBody,
  type JobPage as JobPageView,
  type RecordedJob as RecordedJobView,
} from './printing.schemas.js';
import { IdParams } from './schemas.js';

const tags = ['jobs'];

export function registerJobRoutes(server: FastifyInstance, context: ApiContext): void {
  const { charging, jobLog } = context.services;

  server.get<{ Querystring: JobListQuery }>(
    '/jobs',
    {
      config: { scope: 'accounts:read' },
      schema: {
        summary: 'List jobs',
        description:
          'The job log, newest first, paged with cursors. Filters combine: `user`, `printer`, `account` (a shared account, or a username for that user’s personal account), `status`, `from`/`to` (ISO 8601). An unknown name is a 400 naming the filter.',
        tags,
        querystring: JobListQuery,
        response: { 200: JobPage },
      },
    },
    async (request): Promise<JobPageView> => {
      const { limit: size, cursor, ...filters } = request.query;
      const limit = pageSize(size);
      const rows = await jobLog.page({ ...filters, before: decodeIdCursor(cursor) }, limit + 1);
      const items = rows.slice(0, limit);
      return {
        items: items.map(presentJob),
        nextCursor: nextCursor(items, rows.length > limit, (row) => row.id),
      };
    },
  );

  server.get<{ Params: IdParams }>(
    '/jobs/:id',
    {
      config: { scope: 'accounts:read' },
      schema: { summary: 'Get a job', tags, params: IdParams, response: { 200: Job } },
    },
    async (request) => presentJob(await jobLog.require(request.params.id)),
  );

  server.post<{ Body: NewJobBody }>(
    '/jobs',
    {
      config: { scope: 'accounts:write' },
      schema: {
        summary: 'Record a job',
        description:
          'Charges the job as a print queue would (origin `rest`). 201 with the job whether it was printed or denied: a denied job (not enough credit, a disabled printer, no access) is logged with `status: "denied"` and its `reason`, and nothing is charged. `balance` is the charged account’s balance afterwards (null when denied).',
        tags,
        body: NewJobBody,
        response: { 201: RecordedJob },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const { server: host, name } = printerPath(body.printer);
      const result = await charging.charge({
        username: body.username,
        server: host,
        printer: name,
        pages: body.pages,
        copies: body.copies ?? 1,
        colorPages: body.colourPages ?? 0,
        duplex: body.duplex ?? false,
        paperSize: body.paperSize ?? '',
        documentName: body.documentName ?? '',
        clientMachine: body.clientMachine ?? '',
        sharedAccount: body.sharedAccount,
        origin: 'rest',
      });
      const answer: RecordedJobView = {
        job: presentJob(await jobLog.require(result.jobId)),
        balance: result.status === 'printed' ? amountToDecimal(result.balance) : null,
      };
      return reply.code(201).header('location', `/api/v1/jobs/${result.jobId}`).send(answer);
    },
  );

  server.post<{ Params: IdParams; Body: RefundBody }>(
    '/jobs/:id/refund',
    {
      config: { scope: 'accounts:write' },
      schema: {
        summary: 'Refund a job',
        description:
          'Gives back `amount` (default: all that is not yet refunded) to the account the job was charged to, with a refund ledger row. Never more than the job cost.',
        tags,
        params: IdParams,
        body: RefundBody,
        response: { 200: Job },
      },
    },
    async (request) => {
      const amount = optionalAmount('amount', request.body.amount);
      const job = await charging.refund(
        request.params.id,
        amount,
        request.body.comment,
        context.caller(request).actor,
      );
      return presentJob(job);
    },
  );
}
