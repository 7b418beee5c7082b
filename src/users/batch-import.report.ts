/**
 * A batch import's report: the counts of what it did (or would do), the first rejected lines
 * with their reasons, and the PaperCut columns Quire does not store. Passwords and PINs never
 * reach it.
 *
 *   const report = emptyReport('user-update');
 *   tally(report, row, plan);
 */
import type { BatchFormat } from './batch-import.parser.js';
import type { Plan, Row } from './batch-import.plan.js';
import { detailsToRow } from './user-details.js';

export interface BatchReport {
  format: BatchFormat;
  /** Lines read (blank and `#` comment lines excluded). */
  lines: number;
  created: number;
  updated: number;
  unchanged: number;
  /** user-update without createNewUsers: lines naming users Quire does not have, ignored as PaperCut does. */
  skipped: number;
  /** How many lines were rejected; `rejected` lists the first MAX_REJECTED_LISTED of them. */
  rejectedCount: number;
  rejected: { line: number; reason: string }[];
  /**
   * The first MAX_REJECTED_LISTED users created or changed, in file order, with the fields each
   * line sets or changes (column names such as `full_name`, and `password` / `pin`; never a value).
   */
  changes: BatchChange[];
  /** PaperCut columns the file fills that Quire does not store (balance, restriction…). */
  ignoredColumns: string[];
  /** True only when the import changed the database. */
  applied: boolean;
}

export const MAX_REJECTED_LISTED = 1000;

export interface BatchChange {
  line: number;
  username: string;
  action: 'create' | 'update';
  fields: string[];
}

/** A patch's columns that say what changed (the lookup keys and the name itself say nothing). */
function changedFields(plan: Plan): string[] {
  if (plan.kind !== 'create' && plan.kind !== 'update') return [];
  const columns =
    plan.kind === 'create'
      ? Object.keys(detailsToRow(plan.details))
      : Object.keys(plan.patch).filter((column) => column !== 'username');
  return [
    ...columns.filter((column) => !column.endsWith('_key')),
    ...(plan.password !== undefined ? ['password'] : []),
    ...(plan.pin !== undefined ? ['pin'] : []),
  ];
}

/** Whether a validated file sets any password or PIN (the hash pass is skipped otherwise). */
export const needsHashes = new WeakSet<BatchReport>();

export function emptyReport(format: BatchFormat): BatchReport {
  return {
    format,
    lines: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    rejectedCount: 0,
    rejected: [],
    changes: [],
    ignoredColumns: [],
    applied: false,
  };
}

function reject(report: BatchReport, line: number, reason: string): void {
  report.rejectedCount += 1;
  if (report.rejected.length < MAX_REJECTED_LISTED) report.rejected.push({ line, reason });
}

/** Counts one decided line into the report; remembers whether the file sets a password or PIN. */
export function tally(report: BatchReport, row: Row, plan: Plan): void {
  report.lines += 1;
  if (row.ok && row.ignoredColumns) report.ignoredColumns.push(...row.ignoredColumns);
  if (plan.kind === 'rejected') reject(report, row.line, plan.reason);
  else if (plan.kind === 'create') report.created += 1;
  else if (plan.kind === 'update') report.updated += 1;
  else report[plan.kind] += 1;
  if ((plan.kind === 'create' || plan.kind === 'update') && report.changes.length < MAX_REJECTED_LISTED)
    report.changes.push({
      line: row.line,
      username: plan.kind === 'create' ? plan.username : plan.user.username,
      action: plan.kind,
      fields: changedFields(plan),
    });
  if (
    (plan.kind === 'create' || plan.kind === 'update') &&
    (plan.password !== undefined || plan.pin !== undefined)
  )
    needsHashes.add(report);
}
