/**
 * CSV downloads of the Admin Console's logs (Job Log, Transaction Log): columns declared as data,
 * rows read a batch at a time from a keyset-paged reader (newest first, by id), every field
 * quoted and defused against formulas.
 *
 *   return sendCsv(reply, 'job-log.csv', () =>
 *     csvOf(JOB_COLUMNS, (before, limit) => jobLog.page({ ...query, before }, limit)));
 */
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { ValidationError } from '../errors.js';

export type CsvColumns<Row> = readonly (readonly [header: string, cell: (row: Row) => string | number])[];

/** The batch size, and the bound that keeps one request from reading without end. */
const CSV_BATCH = 500;
export const CSV_MAX_ROWS = 100_000;

/** A decimal number ("-0.3"): a spreadsheet reads it as a number, never as a formula. */
const DECIMAL = /^[+-]?\d+(\.\d+)?$/;

/**
 * One CSV field, always quoted. A text starting with = + - @ (or a tab or CR) gets a leading
 * apostrophe so a spreadsheet does not run a document name as a formula; numbers, and texts that
 * are only a decimal number (a negative amount), stay as they are.
 */
export function csvField(value: string | number): string {
  const text = String(value);
  const safe = typeof value === 'number' || DECIMAL.test(text) || !/^[=+\-@\t\r]/.test(text);
  return `"${(safe ? text : `'${text}`).replace(/"/g, '""')}"`;
}

/** A header line and a line per row (up to CSV_MAX_ROWS), read below each batch's last id. */
export async function csvOf<Row extends { id: number }>(
  columns: CsvColumns<Row>,
  read: (before: number | undefined, limit: number) => Promise<Row[]>,
): Promise<string> {
  let text = '';
  for await (const chunk of csvByCursor(columns, read, (row) => row.id)) text += chunk;
  return text;
}

/**
 * The CSV a batch at a time (one chunk each, the header first), each batch read after the last
 * row's cursor (`cursorOf`), up to `maxRows` rows: what `sendCsvStream` sends as it is read.
 */
export async function* csvByCursor<Row, Cursor>(
  columns: CsvColumns<Row>,
  read: (after: Cursor | undefined, limit: number) => Promise<Row[]>,
  cursorOf: (row: Row) => Cursor,
  maxRows: number = CSV_MAX_ROWS,
): AsyncGenerator<string> {
  yield `${columns.map(([header]) => header).join(',')}\r\n`;
  let after: Cursor | undefined;
  let left = maxRows;
  while (left > 0) {
    const rows = await read(after, Math.min(CSV_BATCH, left));
    if (rows.length > 0)
      yield rows.map((row) => `${columns.map(([, cell]) => csvField(cell(row))).join(',')}\r\n`).join('');
    left -= rows.length;
    const last = rows.at(-1);
    if (!last || rows.length < CSV_BATCH) break;
    after = cursorOf(last);
  }
}

/**
 * Sends what `build` makes as a download no cache keeps; a filter it refuses (a ValidationError)
 * is a plain-text 400 with the problems, one a line, as a CSV has no form to show them beside.
 */
export async function sendCsv(
  reply: FastifyReply,
  filename: string,
  build: () => Promise<string>,
): Promise<FastifyReply> {
  let text: string;
  try {
    text = await build();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return reply.code(400).type('text/plain; charset=utf-8').send(Object.values(error.fields).join('\n'));
  }
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(text);
}

/**
 * Sends the chunks of `build` as they are made (a list of a million users never sits in memory).
 * `build` checks its filter before the first chunk: a ValidationError is the same plain-text 400
 * as `sendCsv`'s, and nothing has been sent yet.
 */
export async function sendCsvStream(
  reply: FastifyReply,
  filename: string,
  build: () => AsyncIterable<string>,
): Promise<FastifyReply> {
  let chunks: AsyncIterable<string>;
  try {
    chunks = build();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return reply.code(400).type('text/plain; charset=utf-8').send(Object.values(error.fields).join('\n'));
  }
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(chunks));
}
