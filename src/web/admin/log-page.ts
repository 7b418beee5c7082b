/**
 * Sending a page of a log (Job Log, Transaction Log): the rows before the `before` query
 * parameter, one more than a page fetched to know whether older ones follow; a bad filter (the
 * service's or the filter's ValidationError) renders the page with 400, the fields' errors and no
 * rows.
 *
 *   return sendLogPage(request, reply, 50, (before, limit) => log.page({ ...query, before }, limit),
 *     (page) => <JobLogPage frame={frame} filter={filter} jobs={page.rows} {...page} />);
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { ValidationError } from '../../errors.js';
import type { FieldErrors } from '../components/forms.js';
import { field, sendPage } from '../render.js';
import { positiveInt } from './admin.pages.js';

export interface LogPageView<Row> {
  rows: Row[];
  before?: number;
  hasMore: boolean;
  errors?: FieldErrors;
}

export async function sendLogPage<Row>(
  request: FastifyRequest,
  reply: FastifyReply,
  perPage: number,
  fetch: (before: number | undefined, limit: number) => Promise<Row[]>,
  render: (page: LogPageView<Row>) => VNode,
): Promise<FastifyReply> {
  const before = positiveInt(field(request.query, 'before')) ?? undefined;
  try {
    const rows = await fetch(before, perPage + 1);
    return sendPage(
      reply,
      200,
      render({ rows: rows.slice(0, perPage), before, hasMore: rows.length > perPage }),
    );
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return sendPage(reply, 400, render({ rows: [], hasMore: false, errors: error.fields }));
  }
}
