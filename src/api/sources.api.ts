/**
 * REST API: directory sources (read) and Synchronize Now. A source is shown field by field, never
 * its stored configuration as a whole: LDAP sources keep their bind password there (shown only as
 * `hasBindPassword`), and the cloud sources to come will keep client secrets.
 *
 *   POST /api/v1/sources/2/sync {"dryRun": true}  →  202, Location: /api/v1/sync-runs/17
 */
import type { FastifyInstance } from 'fastify';
import type { SourceRow } from '../db/schema.js';
import { presentSource } from '../directory/source.presenter.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { ApiContext } from './api-context.js';
import {
  IdParams,
  Source,
  SourceList,
  SyncRun,
  SyncStartBody,
  type Source as SourceView,
  type SourceList as SourceListView,
} from './schemas.js';
import { presentSyncRun } from './sync-runs.api.js';

const tags = ['sources'];

export function registerSourceRoutes(server: FastifyInstance, context: ApiContext): void {
  const { sources, sync } = context.services;

  const present = async (source: SourceRow): Promise<SourceView> => ({
    ...presentSource(source, sources),
    userCount: await sources.countUsers(source.id),
    updatedAt: source.updated_at,
  });

  async function requireSource(id: number): Promise<SourceRow> {
    const source = await sources.findById(id);
    if (!source) throw new NotFoundError(`There is no directory source with id ${id}.`);
    return source;
  }

  server.get(
    '/sources',
    {
      config: { scope: 'sources:read' },
      schema: {
        summary: 'List directory sources',
        description: 'Primary first, then in priority order.',
        tags,
        response: { 200: SourceList },
      },
    },
    async (): Promise<SourceListView> => ({ items: await Promise.all((await sources.list()).map(present)) }),
  );

  server.get<{ Params: IdParams }>(
    '/sources/:id',
    {
      config: { scope: 'sources:read' },
      schema: { summary: 'Get a directory source', tags, params: IdParams, response: { 200: Source } },
    },
    async (request): Promise<SourceView> => present(await requireSource(request.params.id)),
  );

  server.post<{ Params: IdParams; Body: SyncStartBody }>(
    '/sources/:id/sync',
    {
      config: { scope: 'sync:run' },
      schema: {
        summary: 'Synchronize a source now',
        description:
          'Starts a run in the background, as Synchronize Now does; follow it at the Location (GET /sync-runs/{id}) until its status is no longer `running`. 409 while another run of the source is going on.',
        tags: [...tags, 'sync'],
        params: IdParams,
        body: SyncStartBody,
        response: { 202: SyncRun },
      },
    },
    async (request, reply) => {
      const source = await requireSource(request.params.id);
      let runId: number;
      try {
        ({ runId } = await sync.start(source, {
          dryRun: request.body.dryRun ?? false,
          actor: context.caller(request).actor,
        }));
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        const running = await sync.findRunning(source.id);
        throw new ConflictError(
          running ? `${error.message} Follow it at /api/v1/sync-runs/${running.id}.` : error.message,
        );
      }
      const run = (await sync.findRun(runId))!;
      return reply
        .code(202)
        .header('location', `/api/v1/sync-runs/${runId}`)
        .send(presentSyncRun(run, await sources.names()));
    },
  );
}
