/**
 * What the Admin Console shows of a shared account: the fields its pages need, named for them,
 * never the row itself.
 *
 *   presentSharedAccount(row, clock.now().toISOString()).parent  // 'Science' for "Science\Physics"
 */
import type { AccountRow } from '../db/accounting.schema.js';

export interface SharedAccountView {
  id: number;
  /** The full name: "Science\Physics" for a sub-account. */
  name: string;
  /** The parent's name, or null for a top-level account. */
  parent: string | null;
  /** The name without its parent: "Physics". */
  ownName: string;
  balance: number;
  restricted: boolean;
  overdraft: number;
  enabled: boolean;
  /** Charging is refused until this time (ISO); null when no such time is still ahead. */
  disabledUntil: string | null;
  pin: string;
  notes: string;
  jobCount: number;
  pageCount: number;
}

/** The parent's name in a sub-account's full name ("Parent\Child"), or null for a top-level account. */
export function sharedAccountParent(name: string): string | null {
  const at = name.indexOf('\\');
  return at < 0 ? null : name.slice(0, at);
}

export function presentSharedAccount(row: AccountRow, now: string): SharedAccountView {
  const name = row.name ?? '';
  const parent = sharedAccountParent(name);
  return {
    id: row.id,
    name,
    parent,
    ownName: parent === null ? name : name.slice(parent.length + 1),
    balance: row.balance,
    restricted: row.restricted === 1,
    overdraft: row.overdraft,
    enabled: row.enabled === 1,
    disabledUntil: row.disabled_until !== null && row.disabled_until > now ? row.disabled_until : null,
    pin: row.pin,
    notes: row.notes,
    jobCount: Number(row.job_count),
    pageCount: Number(row.page_count),
  };
}
