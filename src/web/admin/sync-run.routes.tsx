/**
 * Admin Console routes of a synchronization run: watching it (the page reloads itself while it
 * runs), cancelling it, and converting an internal user that a run reported as a conflict into the
 * directory user. Every handler checks admin rights first through `adminFrame` (401 signed out, 403
 * for a non-administrator), before it looks anything up.
 *
 *   registerSyncRunRoutes(server, context, adminFrame); // from registerAdminSourceRoutes
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SyncRunRow } from '../../db/schema.js';
import { passwordAuthorityLabel } from '../../directory/sources.service.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { parseRunDetails, runCounts } from '../../sync/sync-run.js';
import { field, sendPage } from '../render.js';
import { actorOf } from '../security.js';
import type { WebContext } from '../context.js';
import { positiveInt, userHref, type AdminFrame } from './admin.pages.js';
import { sourcesDoneNotice, type PageNotice, type RunSummary } from './sources.pages.js';
import { ConvertUserPage, SyncRunPage, type SyncRunView } from './sync-run.pages.js';

type IdParams = { Params: { id: string } };

export function runSummary(row: SyncRunRow, sourceNames: ReadonlyMap<number, string>): RunSummary {
  return {
    id: row.id,
    sourceId: row.source_id,
    sourceName:
      sourceNames.get(row.source_id) ??
      adminEnglish.t('admin.syncRun.removedSource', { id: String(row.source_id) }),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    dryRun: row.dry_run === 1,
    status: row.status,
    message: row.message,
    phase: row.phase,
    progress: row.progress,
  };
}

export function registerSyncRunRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
): void {
  const { sources, sync, users } = context.services;

  async function loadRun(rawId: string): Promise<SyncRunRow> {
    const run = await sync.findRun(positiveInt(rawId) ?? 0);
    if (!run) throw new NotFoundError('There is no such sync report.');
    return run;
  }

  async function runView(row: SyncRunRow): Promise<SyncRunView> {
    const source = await sources.findById(row.source_id);
    const names = new Map(source ? [[source.id, source.name]] : []);
    const { lines: stored, samples } = parseRunDetails(row.details);
    const finished = row.status !== 'running';
    const lineViews = await Promise.all(
      stored.map(async (line) => {
        // Offer the conversion only where it can work: an internal user holds the name now.
        const convertible =
          finished &&
          source !== undefined &&
          line.kind === 'conflict' &&
          Boolean(line.externalId) &&
          (await users.findByUsername(line.username))?.source_id === null;
        return { kind: line.kind, username: line.username, detail: line.detail, convertible };
      }),
    );
    return {
      ...runSummary(row, names),
      sourceExists: source !== undefined,
      actor: row.actor,
      ...runCounts(row),
      thresholdExceeded: row.threshold_exceeded === 1,
      overrideThreshold: row.override_threshold === 1,
      cancelRequested: row.cancel_requested === 1,
      lines: lineViews,
      samples,
    };
  }

  server.get<IdParams>('/admin/sync-runs/:id', async (request, reply) => {
    const frame = await adminFrame(request);
    const run = await loadRun(request.params.id);
    const autoRefresh = field(request.query, 'refresh') !== 'off';
    return sendPage(
      reply,
      200,
      <SyncRunPage
        frame={frame}
        run={await runView(run)}
        notice={sourcesDoneNotice(request.query)}
        autoRefresh={autoRefresh}
      />,
    );
  });

  server.post<IdParams>('/admin/sync-runs/:id/cancel', async (request, reply) => {
    const frame = await adminFrame(request);
    const run = await loadRun(request.params.id);
    try {
      await sync.cancel(run.id, actorOf(request));
      const refresh = field(request.body, 'refresh') === 'off' ? '&refresh=off' : '';
      return reply.redirect(`/admin/sync-runs/${run.id}?done=cancel-requested${refresh}`, 303);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const notice: PageNotice = {
        kind: 'warning',
        text: adminEnglish.t('admin.syncRun.alreadyFinished'),
      };
      return sendPage(
        reply,
        409,
        <SyncRunPage
          frame={frame}
          run={await runView((await sync.findRun(run.id)) ?? run)}
          notice={notice}
          autoRefresh
        />,
      );
    }
  });

  server.get<IdParams>('/admin/sync-runs/:id/convert', async (request, reply) => {
    const frame = await adminFrame(request);
    const run = await loadRun(request.params.id);
    const username = field(request.query, 'username');
    const conflict = parseRunDetails(run.details).lines.find(
      (l) => l.kind === 'conflict' && l.username === username && l.externalId,
    );
    if (!conflict)
      throw new NotFoundError(`Synchronization ${run.id} reported no conflict for this username.`);
    const user = await users.findByUsername(username);
    if (!user) throw new NotFoundError(`There is no user named ${username} any more.`);
    if (user.source_id !== null)
      throw new ConflictError(
        `${user.username} is not an internal user (any more): there is nothing to convert.`,
      );
    const source = await sources.findById(run.source_id);
    if (!source) throw new NotFoundError('The source of this synchronization no longer exists.');
    const page = (
      <ConvertUserPage
        frame={frame}
        runId={run.id}
        username={user.username}
        fullName={user.full_name}
        sourceName={source.name}
        authority={passwordAuthorityLabel(source)}
        canAuthenticate={sources.clientFor(source).canAuthenticate}
      />
    );
    return sendPage(reply, 200, page);
  });

  server.post<IdParams>('/admin/sync-runs/:id/convert', async (request, reply) => {
    await adminFrame(request);
    const run = await loadRun(request.params.id);
    // NotFoundError (no such conflict) and ConflictError (no longer internal, id taken) are
    // AppErrors: the error handler shows them as 404 / 409 pages.
    const user = await sync.convertConflict(run.id, field(request.body, 'username'), actorOf(request));
    return reply.redirect(userHref(user.username, '?done=converted'), 303);
  });
}
