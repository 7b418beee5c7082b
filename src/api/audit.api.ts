/**
 * REST API: the audit log, newest first, with the Audit Log page's filters and `since`.
 *
 *   GET /api/v1/audit?user=api-token:provisioning&since=2026-01-01T00:00:00Z
 */
import type { FastifyInstance } from 'fastify';
import type { AuditRow } from '../db/schema.js';
import { ValidationError } from '../errors.js';
import type { ApiContext } from './api-context.js';
import { decodeIdCursor, nextCursor, pageSize } from './paging.js';
import { AuditPage, AuditQuery, type AuditEntry, type AuditPage as AuditPageView } from './schemas.js';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function presentEntry(row: AuditRow): AuditEntry {
  let details: Record<string, unknown> = {};
  try {
    const parsed: unknown = row.details === '' ? {} : JSON.parse(row.details);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      details = parsed as Record<string, unknown>;
  } catch {
    details = {};
  }
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    ip: row.ip,
    details,
  };
}

/** `since` as stored times are written (ISO 8601 UTC with milliseconds), so text comparison orders them. */
function sinceFilter(since: string | undefined): string | undefined {
  if (since === undefined || since === '') return undefined;
  const time = ISO_TIME.test(since)
    ? new Date(/T.*(Z|[+-]\d{2}:\d{2})$/.test(since) || !since.includes('T') ? since : `${since}Z`)
    : null;
  if (!time || Number.isNaN(time.getTime()))
    throw new ValidationError({
      since: 'Give an ISO 8601 time such as 2026-01-31T08:00:00Z (or a date, 2026-01-31).',
    });
  return time.toISOString();
}

export function registerAuditRoutes(server: FastifyInstance, context: ApiContext): void {
  const { audit } = context.services;

  server.get<{ Querystring: AuditQuery }>(
    '/audit',
    {
      config: { scope: 'audit:read' },
      schema: {
        summary: 'Read the audit log',
        description: 'Newest first, paged with cursors. Times are UTC.',
        tags: ['audit'],
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
    },
    async (request): Promise<AuditPageView> => {
      const { cursor, limit, user, action, since } = request.query;
      const { rows, hasMore } = await audit.page({
        beforeId: decodeIdCursor(cursor),
        limit: pageSize(limit),
        user,
        action,
        since: sinceFilter(since),
      });
      return { items: rows.map(presentEntry), nextCursor: nextCursor(rows, hasMore, (row) => row.id) };
    },
  );
}
