/**
 * What a sync run is made of, shared by its steps (sync-read, sync-compare, sync-apply) and the
 * service that runs them: its options, its report and the context each step receives.
 *
 *   const report = newReport(runId, source.name, options.dryRun);
 *   const line = reportLine(report); // line('added', 'alice', '') — stops at MAX_LINES
 */
import type { Kysely } from 'kysely';
import type { DB, SourceRow, SyncRunRow, SyncRunStatus } from '../db/schema.js';
import { SourceError } from '../errors.js';
import type { Actor } from '../audit/actor.js';
import type { StagingRun } from './sync-stage-tables.js';

export type SyncLineKind =
  | 'added'
  | 'updated'
  | 'renamed'
  | 'enabled'
  | 'disabled'
  | 'deleted'
  | 'missing'
  | 'conflict'
  | 'error'
  | 'warning';

export interface SyncLine {
  kind: SyncLineKind;
  username: string;
  detail: string;
  /** For conflicts: the directory's immutable id, so an administrator can convert the internal user. */
  externalId?: string;
}

export interface SyncSamples {
  users: { username: string; full_name: string; email: string; department: string; status: string }[];
  groups: { name: string; members: number }[];
}

/** What a run counts, in its report and on its page. */
export interface SyncCounts {
  added: number;
  updated: number;
  renamed: number;
  disabled: number;
  deleted: number;
  unchanged: number;
  conflicts: number;
  errors: number;
  /** Users of this source that it no longer lists (whatever the policy did with them). */
  missing: number;
  groups: number;
}

/** A run row's counts, for the run page and the REST API. */
export function runCounts(row: SyncRunRow): SyncCounts {
  const { added, updated, renamed, disabled, deleted, unchanged, conflicts, errors, missing, groups } = row;
  return { added, updated, renamed, disabled, deleted, unchanged, conflicts, errors, missing, groups };
}

export interface SyncReport extends SyncCounts {
  runId: number;
  source: string;
  dryRun: boolean;
  status: SyncRunStatus;
  thresholdExceeded: boolean;
  message: string;
  lines: SyncLine[];
  samples: SyncSamples;
}

export interface RunOptions {
  dryRun: boolean;
  actor: Actor;
  /** Allow this one run to disable or delete more users than the threshold (audited). */
  overrideThreshold?: boolean;
  /** Called as pages are read: for a CLI progress line. */
  onProgress?: (phase: string, entries: number) => void;
  /**
   * How long the run's lease lasts without a heartbeat (renewed every sixth of it): how soon
   * another server may take the source over when this one dies. 60 s by default.
   */
  leaseMs?: number;
  /** Scheduled runs: called once the lease is held; false abandons the run (its schedule slot is already done). */
  claim?: (runId: number) => Promise<boolean>;
  /** Called with the outcome while the lease is still held (a scheduled run marks its slot done). */
  onFinished?: (report: SyncReport) => Promise<void>;
}

export type LineFn = (kind: SyncLineKind, username: string, detail: string, externalId?: string) => void;

/** What each step of a run works with. */
export interface RunContext {
  source: SourceRow;
  runId: number;
  /** The run's own staging tables. */
  staging: StagingRun;
  options: RunOptions;
  report: SyncReport;
  line: LineFn;
  /**
   * Records the phase (at most once a second unless forced) and stops the run when it was
   * cancelled or its lease was lost: every step calls it between pages, before changing anything.
   */
  progress: (phase: string, entries: number, force?: boolean) => Promise<void>;
  /** Renews the run's lease (inside `executor`'s transaction when given); false when it was lost. */
  renewLease: (executor?: Kysely<DB>) => Promise<boolean>;
}

/** The most detail lines a report keeps; the counts go on. */
export const MAX_LINES = 1000;

/** Thrown by `progress` when the run was cancelled; the run then ends as cancelled. */
export class CancelledError extends Error {}

export function newReport(runId: number, source: string, dryRun: boolean): SyncReport {
  return {
    runId,
    source,
    dryRun,
    status: 'succeeded',
    added: 0,
    updated: 0,
    renamed: 0,
    disabled: 0,
    deleted: 0,
    unchanged: 0,
    conflicts: 0,
    errors: 0,
    missing: 0,
    groups: 0,
    thresholdExceeded: false,
    message: '',
    lines: [],
    samples: { users: [], groups: [] },
  };
}

/** Adds a detail line to the report, up to MAX_LINES. */
export function reportLine(report: SyncReport): LineFn {
  return (kind, username, detail, externalId) => {
    if (report.lines.length < MAX_LINES)
      report.lines.push(externalId ? { kind, username, detail, externalId } : { kind, username, detail });
  };
}

/** The one-line outcome of a run that got through every step. */
export function summary(r: SyncReport, source: SourceRow): string {
  const parts = r.dryRun
    ? [
        `Test run: would add ${r.added}`,
        `update ${r.updated}`,
        `rename ${r.renamed}`,
        `disable ${r.disabled}`,
        `delete ${r.deleted}`,
      ]
    : [
        `Added ${r.added}`,
        `updated ${r.updated}`,
        `renamed ${r.renamed}`,
        `disabled ${r.disabled}`,
        `deleted ${r.deleted}`,
      ];
  parts.push(`${r.unchanged} unchanged`, `${r.conflicts} conflicts`, `${r.errors} errors`);
  if (r.missing && source.missing_policy === 'keep') parts.push(`${r.missing} no longer listed (kept)`);
  if (r.groups) parts.push(`${r.groups} groups`);
  if (r.thresholdExceeded) parts.push('removal limit exceeded with permission');
  return `${parts.join(', ')}.`;
}

/** Marks the report of a run that stopped on `error`: nothing was changed, so nothing is counted as changed. */
export function failReport(report: SyncReport, error: unknown): void {
  report.status = error instanceof CancelledError ? 'cancelled' : 'failed';
  report.message = failureMessage(error);
  report.added = report.updated = report.renamed = report.disabled = report.deleted = report.unchanged = 0;
}

function failureMessage(error: unknown): string {
  if (error instanceof CancelledError) return 'Cancelled before any change was made; nothing was changed.';
  if (error instanceof SourceError)
    return /nothing was changed|before changing anything/i.test(error.message)
      ? error.message
      : `${error.message} Nothing was changed.`;
  return `Synchronization failed: ${String((error as Error).message ?? error).slice(0, 500)}. Nothing was changed.`;
}

/** Reads a run's stored detail lines and samples (older runs stored a bare array of lines). */
export function parseRunDetails(details: string): { lines: SyncLine[]; samples: SyncSamples } {
  const empty: SyncSamples = { users: [], groups: [] };
  try {
    const parsed: unknown = JSON.parse(details);
    if (Array.isArray(parsed)) return { lines: parsed as SyncLine[], samples: empty };
    const object = parsed as { lines?: SyncLine[]; samples?: SyncSamples };
    return { lines: Array.isArray(object.lines) ? object.lines : [], samples: object.samples ?? empty };
  } catch {
    return { lines: [], samples: empty };
  }
}
