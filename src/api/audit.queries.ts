/**
 * Keyset paging of the audit log for the REST API, newest first, with the Audit Log page's
 * filters plus `since`. audit.repository.ts has no time filter; ids grow with time, so a page
 * still walks the primary key (or the `(actor|target|action, id)` indexes) downwards.
 *
 *   const { rows, hasMore } = await pageAudit(db, { beforeId: 5000, limit: 100, user: 'alice', since: '2026-01-01T00:00:00.000Z' });
 */
import type { Kysely } from 'kysely';
import type { AuditRow, DB } from '../db/schema.js';

export interface AuditPageQuery {
  beforeId?: number;
  limit: number;
  /** Actor or target: a username (compared lower-case, as stored) or `api-token:<name>` as given. */
  user?: string;
  action?: string;
  /** ISO 8601 UTC, as `at` is stored: entries at or after it. */
  since?: string;
}

export async function pageAudit(
  db: Kysely<DB>,
  page: AuditPageQuery,
): Promise<{ rows: AuditRow[]; hasMore: boolean }> {
  let query = db.selectFrom('audit_log').selectAll();
  const user = page.user?.trim();
  if (user) {
    const names = [...new Set([user, user.toLowerCase()])];
    query = query.where((eb) => eb.or([eb('actor', 'in', names), eb('target', 'in', names)]));
  }
  if (page.action) query = query.where('action', '=', page.action);
  if (page.since) query = query.where('at', '>=', page.since);
  if (page.beforeId !== undefined) query = query.where('id', '<', page.beforeId);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}
