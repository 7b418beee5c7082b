/**
 * A print job as the transports show it (IPP's Get-Job-Attributes and Get-Jobs, the CLI, pages):
 * chosen fields under their own names, never the row.
 *
 *   presentPrintJob(row).stateReasons // ['job-hold-until-specified']
 */
import type { ColorMode, PrintJobRow, PrintJobState, Sides } from '../db/print.schema.js';
import { parseRanges, type PageRange } from './page-count.js';

export interface PrintJob {
  /** The IPP job-id. */
  id: number;
  /** The queue's "server\name". */
  queue: string;
  queueId: number | null;
  username: string;
  documentName: string;
  /** The document's MIME type ('' before it arrives). */
  format: string;
  /** The document's size in bytes. */
  size: number;
  /** Pages of one copy as charged, and the colour ones among them. */
  pages: number;
  colorPages: number;
  copies: number;
  sides: Sides;
  media: string;
  colorMode: ColorMode;
  pageRanges: PageRange[];
  numberUp: number;
  state: PrintJobState;
  stateReasons: string[];
  stateMessage: string;
  createdAt: string;
  /** A held job is deleted uncharged at this time unless released. */
  expiresAt: string | null;
  releasedAt: string | null;
  releasedBy: string;
  /** The printer it was released to, "server\name". */
  releasedTo: string;
  completedAt: string | null;
  /** The job log's id once charged. */
  chargedJobId: number | null;
  clientMachine: string;
}

export function presentPrintJob(row: PrintJobRow): PrintJob {
  return {
    id: row.id,
    queue: row.queue_name,
    queueId: row.queue_id,
    username: row.username,
    documentName: row.document_name,
    format: row.document_format,
    size: row.document_size,
    pages: row.pages,
    colorPages: row.color_pages,
    copies: row.copies,
    sides: row.sides,
    media: row.media,
    colorMode: row.color_mode,
    pageRanges: parseRanges(row.page_ranges),
    numberUp: row.number_up,
    state: row.state,
    stateReasons: row.state_reasons.split(','),
    stateMessage: row.state_message,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    releasedAt: row.released_at,
    releasedBy: row.released_by,
    releasedTo: row.released_printer_name,
    completedAt: row.completed_at,
    chargedJobId: row.charged_job_id,
    clientMachine: row.client_machine,
  };
}
