/**
 * Table types of the print-accounting side (migration 20261202T030000-accounting). Money columns
 * are integers in ten-thousandths of the currency unit (accounts/money.ts).
 */
import type { Generated, Selectable } from 'kysely';

/** 0/1 as in schema.ts (not imported: schema.ts imports this file). */
type Flag = 0 | 1;

export type AccountType = 'personal' | 'shared';

export interface AccountsTable {
  id: Generated<number>;
  type: AccountType;
  /** A personal account's user; null for a shared account. */
  user_id: number | null;
  /** A shared account's full name ("Science\Physics" for a sub-account); null for a personal one. */
  name: string | null;
  parent_id: number | null;
  balance: Generated<number>;
  restricted: Generated<Flag>;
  /** How far below zero a restricted account may go, >= 0. */
  overdraft: Generated<number>;
  enabled: Generated<Flag>;
  /** Charging is refused until this time (ISO), or null. */
  disabled_until: Generated<string | null>;
  pin: Generated<string>;
  notes: Generated<string>;
  job_count: Generated<number>;
  page_count: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface AccountSelectionsTable {
  user_id: number;
  mode: string;
  account_id: number | null;
}

export interface AccountUserAccessTable {
  account_id: number;
  user_id: number;
}

export interface AccountGroupAccessTable {
  account_id: number;
  group_id: number;
}

export type LedgerType =
  'adjustment' | 'print-charge' | 'refund' | 'quota' | 'initial-credit' | 'transfer' | 'card-redemption';

export interface LedgerTable {
  id: Generated<number>;
  account_id: number;
  amount: number;
  balance_after: number;
  type: LedgerType;
  comment: string;
  /** Who made the change: a username, `api:<token>`, `system`… */
  actor: string;
  job_id: number | null;
  created_at: string;
}

export interface PrintersTable {
  id: Generated<number>;
  server_name: string;
  name: string;
  display_name: Generated<string>;
  location: Generated<string>;
  notes: Generated<string>;
  enabled: Generated<Flag>;
  disabled_until: Generated<string | null>;
  cost_gray: Generated<number>;
  cost_color: Generated<number>;
  /** Percent off each page printed on both sides. */
  duplex_discount: Generated<number>;
  job_count: Generated<number>;
  page_count: Generated<number>;
  created_at: string;
  updated_at: string;
  /** A real printer, or a Find-Me queue (migration 20261205T000000-print-queues). */
  kind: Generated<PrinterKind>;
  /** Where jobs are forwarded: an ipp:// or ipps:// URI; '' = not yet. */
  destination_uri: Generated<string>;
  /** Jobs wait (pending-held) until released; a Find-Me queue always holds them. */
  hold_jobs: Generated<Flag>;
  /** How the queue learns who is printing. */
  auth_mode: Generated<QueueAuth>;
}

export type PrinterKind = 'printer' | 'find-me';
export type QueueAuth = 'basic' | 'trusted';

export interface PrinterSizeCostsTable {
  printer_id: number;
  size: string;
  cost_gray: number;
  cost_color: number;
}

export interface PrinterAccessGroupsTable {
  printer_id: number;
  group_id: number;
}

export interface PrinterLabelsTable {
  printer_id: number;
  label: string;
}

export type JobStatus = 'printed' | 'denied' | 'refunded' | 'cancelled';

export interface JobsTable {
  id: Generated<number>;
  user_id: number | null;
  username: string;
  printer_id: number | null;
  printer_name: string;
  account_id: number | null;
  account_name: string;
  document_name: string;
  /** Pages of one copy. */
  pages: number;
  copies: number;
  /** pages × copies: what the printer's and user's page counts grow by. */
  total_pages: number;
  /** Pages of one copy printed in colour; the others are grayscale. */
  color_pages: number;
  duplex: Flag;
  paper_size: string;
  cost: number;
  /** How much of `cost` was given back (a whole or part refund). */
  refunded: Generated<number>;
  status: JobStatus;
  /** Why it was denied, refunded or cancelled. */
  reason: Generated<string>;
  client_machine: string;
  /** How it arrived: 'api' (processJob), 'cli', 'rest', 'ipp'. */
  origin: string;
  created_at: string;
  /** The print job (print_jobs.id) this charge was for, written in the charge's transaction. */
  print_job_id: Generated<number | null>;
}

export type QuotaPeriod = 'none' | 'daily' | 'weekly' | 'monthly' | 'cron';

export interface GroupSettingsTable {
  group_id: number;
  /** 1 when the initial_* settings apply to this group's new users. */
  new_user_settings: Flag;
  initial_credit: number;
  initial_restricted: Flag;
  initial_overdraft: number;
  quota_amount: number;
  quota_period: QuotaPeriod;
  quota_cron: string;
  quota_cap: number | null;
  updated_at: string;
}

export interface QuotaAllocationsTable {
  group_id: number;
  period: string;
  members: number;
  total: number;
  created_at: string;
}

export interface AccountingTables {
  accounts: AccountsTable;
  account_selections: AccountSelectionsTable;
  account_user_access: AccountUserAccessTable;
  account_group_access: AccountGroupAccessTable;
  ledger: LedgerTable;
  printers: PrintersTable;
  printer_size_costs: PrinterSizeCostsTable;
  printer_access_groups: PrinterAccessGroupsTable;
  printer_labels: PrinterLabelsTable;
  jobs: JobsTable;
  group_settings: GroupSettingsTable;
  quota_allocations: QuotaAllocationsTable;
}

export type AccountRow = Selectable<AccountsTable>;
export type LedgerRow = Selectable<LedgerTable>;
export type PrinterRow = Selectable<PrintersTable>;
export type JobRow = Selectable<JobsTable>;
export type GroupSettingsRow = Selectable<GroupSettingsTable>;
