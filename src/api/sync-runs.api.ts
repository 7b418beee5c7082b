/**
 * REST API: synchronization runs (reports), newest first, to follow a run started with
 * POST /sources/{id}/sync or by the schedule. Per-user detail lines stay on the Admin Console's
 * report page; the API gives the counts, status, phase and message.
 *
 *   GET /api/v1/sync-runs/17  →  { id: 17, status: 'running', phase: 'reading users', counts: {…} }
 */
import type { FastifyInstance } from 'fastify';
import type { SyncRunRow } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { ApiContext } from './api-context.js';
import { decodeIdCursor, nextCursor, pageSize } from './paging.js';
import {
  IdParams,
  SyncRun,
  SyncRunListQuery,
  SyncRunPage,
  type SyncRun as SyncRunView,
  type SyncRunPage as SyncRunPageView,
} from './schemas.js';
import { runCounts } from '../sync/sync-run.js';

const tags = ['sync'];

export function presentSyncRun(row: SyncRunRow, sourceNames: ReadonlyMap<number, string>): SyncRunView {
  return {
    id: row.id,
    sourceId: row.source_id,
    source: sourceNames.get(row.source_id) ?? `Source ${row.source_id} (removed)`,
    status: row.status,
    phase: row.phase,
    progress: row.progress,
    dryRun: row.dry_run === 1,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    actor: row.actor,
    message: row.message,
    thresholdExceeded: row.threshold_exceeded === 1,
    counts: runCounts(row),
  };
}

export function registerSyncRunRoutes(server: FastifyInstance, context: ApiContext): void {
  const { sources, sync } = context.services;

  server.get<{ Querystring: SyncRunListQuery }>(
    '/sync-runs',
    {
      config: { scope: 'sync:run' },
      schema: {
        summary: 'List sync runs',
        description: 'Newest first, paged with cursors; dry runs included.',
        tags,
        querystring: SyncRunListQuery,
        response: { 200: SyncRunPage },
      },
    },
    async (request): Promise<SyncRunPageView> => {
      let sourceId: number | undefined;
      if (request.query.source) {
        const source = await sources.findByName(request.query.source);
        if (!source)
          throw new ValidationError({
            source: `There is no directory source named "${request.query.source}".`,
          });
        sourceId = source.id;
      }
      const { rows, hasMore } = await sync.pageRuns({
        beforeId: decodeIdCursor(request.query.cursor),
        limit: pageSize(request.query.limit),
        sourceId,
      });
      const names = await sources.names();
      return {
        items: rows.map((row) => presentSyncRun(row, names)),
        nextCursor: nextCursor(rows, hasMore, (row) => row.id),
      };
    },
  );

  server.get<{ Params: IdParams }>(
    '/sync-runs/:id',
    {
      config: { scope: 'sync:run' },
      schema: { summary: 'Get a sync run', tags, params: IdParams, response: { 200: SyncRun } },
    },
    async (request): Promise<SyncRunView> => {
      const run = await sync.findRun(request.params.id);
      if (!run) throw new NotFoundError(`There is no sync run with id ${request.params.id}.`);
      return presentSyncRun(run, await sources.names());
    },
  );
}
