/**
 * Admin Console → Operations (read-only). The handler checks admin rights first through
 * `adminFrame` (401 signed out, 403 otherwise), then reads everything at request time, so every
 * server behind a load balancer shows the same page.
 *
 *   registerAdminOperationsRoutes(server, context, adminFrame); // from registerAdminRoutes
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RECENT_MS } from '../../ops/instances.service.js';
import { QUIRE_VERSION } from '../../ops/version.js';
import { sendPage } from '../render.js';
import type { WebContext } from '../context.js';
import type { AdminFrame } from './admin.pages.js';
import { OPERATIONS_PAGE, OperationsPage, type OperationsView } from './operations.pages.js';

export function registerAdminOperationsRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
): void {
  const { ops, instances, mail, settings, clock } = context.services;

  server.get(OPERATIONS_PAGE, async (request, reply) => {
    const frame = await adminFrame(request);
    const since = new Date(clock.now().getTime() - RECENT_MS).toISOString();
    const [database, schema, seen, lastRuns, users, mailView] = await Promise.all([
      ops.databaseInfo(),
      ops.schemaStatus(),
      instances.seenSince(since),
      ops.lastRuns(),
      ops.usersBySource(),
      mail.view(),
    ]);
    const bySource = new Map<string, { source: string; enabled: number; disabled: number }>();
    for (const row of users) {
      const entry = bySource.get(row.source) ?? { source: row.source, enabled: 0, disabled: 0 };
      entry[row.disabled ? 'disabled' : 'enabled'] += row.n;
      bySource.set(row.source, entry);
    }
    const view: OperationsView = {
      quireVersion: QUIRE_VERSION,
      nodeVersion: process.version,
      database,
      schema: { applied: schema.applied.length, pending: schema.pending, unknown: schema.unknown },
      instances: seen.map((i) => ({
        hostname: i.hostname,
        pid: i.pid,
        version: i.version,
        startedAt: i.started_at,
        lastSeenAt: i.last_seen_at,
      })),
      recentMinutes: RECENT_MS / 60_000,
      lastRuns: lastRuns.map((r) => ({
        source: r.source,
        lastSuccessAt: r.lastSuccessAt,
        last: r.last && {
          id: r.last.id,
          status: r.last.status,
          finishedAt: r.last.finished_at,
          message: r.last.message,
        },
      })),
      usersBySource: [...bySource.values()].sort((a, b) =>
        a.source === 'internal' ? -1 : b.source === 'internal' ? 1 : a.source.localeCompare(b.source),
      ),
      mail: {
        configured: await mail.isConfigured(),
        registrationOn: (await settings.get()).selfRegistration,
        fromConfig: mailView.configured.server,
        lastFailure: mailView.lastFailure,
      },
    };
    return sendPage(reply, 200, <OperationsPage frame={frame} view={view} />);
  });
}
