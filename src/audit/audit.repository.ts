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
      if (query.beforeId) q = q.where('id', '<', query.beforeId);
      return q.orderBy('id', 'desc').limit(limit).execute();
    },
    async actions(): Promise<string[]> {
      const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
      return rows.map((r) => r.action);
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
