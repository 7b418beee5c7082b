/**
 * The append-only audit log.
 */
import type { Kysely } from 'kysely';
import type { AuditRow, DB } from '../db/schema.js';

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  target: string;
  ip: string;
  details: string;
}

export interface AuditQuery {
  /** Matches the actor or the target (the "user" filter of the Audit Log page). */
  user?: string;
  action?: string;
  /** Rows with an id below this (for "Older entries" paging). */
  beforeId?: number;
  limit?: number;
  /** ISO 8601 UTC, as `at` is stored: entries at or after `from` and before `to`. */
  from?: string;
  to?: string;
}

/** A REST API page: the Audit Log page's filters plus `since`. */
export interface AuditPageQuery {
  beforeId?: number;
  limit: number;
  /** Actor or target: a username (compared lower-case, as stored) or `api-token:<name>` as given. */
  user?: string;
  action?: string;
  /** ISO 8601 UTC, as `at` is stored: entries at or after it. */
  since?: string;
}

export function createAuditRepository(db: Kysely<DB>) {
  return {
    async insert(entry: AuditEntry): Promise<void> {
      await db.insertInto('audit_log').values(entry).execute();
    },
    async list(query: AuditQuery = {}): Promise<AuditRow[]> {
      const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
      let q = db.selectFrom('audit_log').selectAll();
      const user = query.user?.trim().toLowerCase();
      if (user) q = q.where((eb) => eb.or([eb('actor', '=', user), eb('target', '=', user)]));
      if (query.action) q = q.where('action', '=', query.action);
      if (query.from) q = q.where('at', '>=', query.from);
      if (query.to) q = q.where('at', '<', query.to);
      if (query.beforeId) q = q.where('id', '<', query.beforeId);
      return q.orderBy('id', 'desc').limit(limit).execute();
    },
    /**
     * Keyset paging for the REST API, newest first. Ids grow with time, so a page still walks the
     * primary key (or the `(actor|target|action, id)` indexes) downwards.
     */
    async page(page: AuditPageQuery): Promise<{ rows: AuditRow[]; hasMore: boolean }> {
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
    },
    async actions(): Promise<string[]> {
      const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
      return rows.map((r) => r.action);
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
