/**
 * CSV downloads of the Admin Console's logs (Job Log, Transaction Log): columns declared as data,
 * rows read a batch at a time from a keyset-paged reader (newest first, by id), every field
 * quoted and defused against formulas.
 *
 *   return sendCsv(reply, 'job-log.csv', () =>
 *     csvOf(JOB_COLUMNS, (before, limit) => jobLog.page({ ...query, before }, limit)));
 */
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
  const lines = [columns.map(([header]) => header).join(',')];
  let before: number | undefined;
  while (lines.length <= CSV_MAX_ROWS) {
    const rows = await read(before, Math.min(CSV_BATCH, CSV_MAX_ROWS + 1 - lines.length));
    for (const row of rows) lines.push(columns.map(([, cell]) => csvField(cell(row))).join(','));
    const last = rows.at(-1);
    if (!last || rows.length < CSV_BATCH) break;
    before = last.id;
  }
  return `${lines.join('\r\n')}\r\n`;
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
