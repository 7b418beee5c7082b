/**
 * Table types of the print queues (migration 20261205T000000-print-queues): Find-Me members and the
 * jobs in flight. A print job's id is its IPP job-id.
 */
import type { Generated, Selectable } from 'kysely';

/** IPP job-state keywords (RFC 8011 §5.3.7), without processing-stopped, which Quire never uses. */
export type PrintJobState = 'pending' | 'pending-held' | 'processing' | 'completed' | 'canceled' | 'aborted';

export type Sides = 'one-sided' | 'two-sided-long-edge' | 'two-sided-short-edge';
export type ColorMode = 'auto' | 'color' | 'monochrome';

export interface FindMeMembersTable {
  queue_id: number;
  printer_id: number;
}

export interface PrintJobsTable {
  id: Generated<number>;
  queue_id: number | null;
  queue_name: string;
  user_id: number | null;
  username: string;
  document_name: Generated<string>;
  document_format: Generated<string>;
  /** The file's name in the spool directory; '' when there is none (not yet, or removed). */
  spool_file: Generated<string>;
  document_size: Generated<number>;
  /** Pages of one copy as charged (after page-ranges and number-up); colour ones among them. */
  pages: Generated<number>;
  color_pages: Generated<number>;
  copies: Generated<number>;
  sides: Generated<Sides>;
  media: Generated<string>;
  color_mode: Generated<ColorMode>;
  /** "1-3,7-7"; '' = every page. */
  page_ranges: Generated<string>;
  number_up: Generated<number>;
  state: PrintJobState;
  /** job-state-reasons keywords, comma-separated. */
  state_reasons: Generated<string>;
  state_message: Generated<string>;
  created_at: string;
  expires_at: Generated<string | null>;
  released_at: Generated<string | null>;
  released_by: Generated<string>;
  released_printer_id: Generated<number | null>;
  released_printer_name: Generated<string>;
  completed_at: Generated<string | null>;
  charged_job_id: Generated<number | null>;
  client_machine: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: Generated<string | null>;
  lease_owner: Generated<string | null>;
  lease_until: Generated<string | null>;
  /** The job's id at the destination once sent there. */
  destination_job_id: Generated<number | null>;
  /** job-impressions-completed as the destination reported it (migration 20261206T100000). */
  impressions_completed: Generated<number | null>;
}

/** A printer's last polled state (migration 20261206T100000-printer-forwarding). */
export type PrinterState = 'idle' | 'processing' | 'stopped' | 'unknown' | 'unreachable';

export interface PrinterStatusTable {
  printer_id: number;
  state: PrinterState;
  /** printer-state-reasons keywords, comma-separated, 'none' left out. */
  reasons: Generated<string>;
  message: Generated<string>;
  checked_at: string;
}

export interface PrintTables {
  find_me_members: FindMeMembersTable;
  print_jobs: PrintJobsTable;
  printer_status: PrinterStatusTable;
}

export type PrintJobRow = Selectable<PrintJobsTable>;
