/**
 * Admin Console routes of User/Group Sync: the list of directory sources (with the short add form
 * of the kinds added there), their sync options, the primary source, removal and Synchronize Now.
 * The kinds' add/edit forms are in source-forms.routes.tsx, a run's pages in sync-run.routes.tsx.
 * Every handler checks admin rights first through `adminFrame` (401 signed out, 403 for a
 * non-administrator) — before it looks anything up, so an unknown id tells a stranger nothing.
 *
 *   registerAdminSourceRoutes(server, context, adminFrame); // from registerAdminRoutes
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SourceRow } from '../../db/schema.js';
import type { SourceFormValues } from '../../directory/kind.js';
import { SOURCE_KINDS } from '../../directory/kinds.js';
import { MISSING_POLICIES, sourceKindLabel } from '../../directory/sources.service.js';
import { ConflictError, NotFoundError, SourceError, ValidationError } from '../../errors.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { removalLimit } from '../../sync/sync-compare.js';
import { parseSort, sortRows, type SortState } from '../components/data-table.js';
import { lines, optionalInt } from '../components/form-values.js';
import { checked, field, sendPage } from '../render.js';
import { actorOf } from '../security.js';
import type { WebContext } from '../context.js';
import { positiveInt, type AdminFrame } from './admin.pages.js';
import { registerSourceFormRoutes } from './source-forms.routes.js';
import { registerSyncRunRoutes, runSummary } from './sync-run.routes.js';
import {
  DEFAULT_SOURCES_SORT,
  ListAddCard,
  RUN_SORTS,
  SOURCE_SORTS,
  SourcesPage,
  sourcesDoneNotice,
  type PageNotice,
} from './sources.pages.js';
import { scheduleCron, scheduleValues } from './sync-schedule.js';
import { RemoveSourcePage, SyncOptionsPage, type SyncOptionValues } from './sync-options.pages.js';

type IdParams = { Params: { id: string } };

/** The User/Group Sync page sorts one of its two lists at a time; their keys differ. */
const SOURCES_PAGE_SORTS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ...SOURCE_SORTS,
  ...RUN_SORTS,
]);

const ROLES = [adminEnglish.t('admin.sources.role.primary'), adminEnglish.t('admin.sources.role.secondary')];

function requiredInt(text: string): number {
  return optionalInt(text) ?? Number.NaN;
}

function syncOptionValues(source: SourceRow): SyncOptionValues {
  return {
    missingPolicy: source.missing_policy,
    maxRemovals: String(source.max_removals),
    maxRemovalsPercent: String(source.max_removals_percent),
    ...scheduleValues(source.schedule),
    importDisabled: source.import_disabled === 1,
    importGroups: source.import_groups,
  };
}

/** Where a source reads from, as its kind says it; nothing for a row that cannot be read. */
function sourceLocation(sources: WebContext['services']['sources'], source: SourceRow): string {
  try {
    const { kind, presented } = sources.present(source);
    return kind.location(presented);
  } catch (error) {
    if (error instanceof SourceError) return '';
    throw error;
  }
}

/** The kinds added from the source list itself (a short form there) and those with a form page. */
const LIST_FORM_KINDS = [...SOURCE_KINDS.values()].filter((kind) => kind.formPlacement === 'list');
const PAGE_FORM_KINDS = [...SOURCE_KINDS.values()].filter((kind) => kind.formPlacement === 'page');

export function registerAdminSourceRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
): void {
  const { sources, sync } = context.services;
  registerSourceFormRoutes(server, context, adminFrame);
  registerSyncRunRoutes(server, context, adminFrame);

  async function loadSource(rawId: string): Promise<SourceRow> {
    const source = await sources.findById(positiveInt(rawId) ?? 0);
    if (!source) throw new NotFoundError('There is no such directory source.');
    return source;
  }

  async function sourcesPage(
    frame: AdminFrame,
    extra: {
      values?: SourceFormValues;
      errors?: Record<string, string>;
      notice?: PageNotice;
      sort?: SortState;
    } = {},
  ) {
    const sort = extra.sort ?? DEFAULT_SOURCES_SORT;
    const list = await sources.list();
    const names = new Map(list.map((s) => [s.id, s.name]));
    const summaries = await Promise.all(
      list.map(async (source, index) => {
        const [last] = await sync.listRuns(source.id, 1);
        const running = await sync.findRunning(source.id);
        return {
          id: source.id,
          name: source.name,
          kind: source.kind,
          kindLabel: sourceKindLabel(source.kind),
          role: ROLES[index] ?? adminEnglish.t('admin.sources.role.additional'),
          isPrimary: index === 0,
          connection: sourceLocation(sources, source),
          schedule: source.schedule,
          missingPolicy: MISSING_POLICIES[source.missing_policy] ?? source.missing_policy,
          users: await sources.countUsers(source.id),
          lastRun: last && runSummary(last, names),
          running: running && runSummary(running, names),
        };
      }),
    );
    const runs = (await sync.listRuns()).map((run) => runSummary(run, names));
    const addLinks = await Promise.all(
      PAGE_FORM_KINDS.map(async (kind) => ({
        href: `/admin/sources/new-${kind.name}`,
        label: (await kind.loadForm()).addTitle,
      })),
    );
    const listForms = await Promise.all(LIST_FORM_KINDS.map((kind) => kind.loadForm()));
    const addForms = listForms.map((form) => (
      <ListAddCard
        form={form}
        values={extra.values ?? form.empty()}
        errors={extra.errors}
        csrfToken={frame.csrfToken}
      />
    ));
    return (
      <SourcesPage
        frame={frame}
        sources={sortRows(summaries, SOURCE_SORTS, sort)}
        runs={sortRows(runs, RUN_SORTS, sort)}
        sort={sort}
        addLinks={addLinks}
        addForms={addForms}
        notice={extra.notice}
      />
    );
  }

  // The list

  server.get('/admin/sources', async (request, reply) => {
    const frame = await adminFrame(request);
    const sort = parseSort(request.query, SOURCES_PAGE_SORTS, DEFAULT_SOURCES_SORT);
    return sendPage(reply, 200, await sourcesPage(frame, { sort, notice: sourcesDoneNotice(request.query) }));
  });

  /** The short add form on the list (a kind whose form is placed there: the custom program). */
  server.post('/admin/sources', async (request, reply) => {
    const frame = await adminFrame(request);
    const [kind] = LIST_FORM_KINDS;
    if (!kind) throw new NotFoundError('No kind of directory source is added here.');
    const form = await kind.loadForm();
    const values = form.values(request.body);
    try {
      await sources.add(kind, form.input(values, request.body), actorOf(request));
      return reply.redirect('/admin/sources?done=source-added', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(reply, 400, await sourcesPage(frame, { values, errors: error.fields }));
    }
  });

  // Sync options, primary source, removal

  async function optionsPage(
    frame: AdminFrame,
    source: SourceRow,
    values: SyncOptionValues,
    errors?: Record<string, string>,
  ) {
    const count = await sources.countUsers(source.id);
    const saved = {
      maxRemovals: source.max_removals,
      maxRemovalsPercent: source.max_removals_percent,
      users: count,
      limit: removalLimit(source, count),
    };
    return (
      <SyncOptionsPage
        frame={frame}
        source={{
          id: source.id,
          name: source.name,
          kindLabel: sourceKindLabel(source.kind),
        }}
        values={values}
        saved={saved}
        savedSchedule={source.schedule}
        errors={errors}
      />
    );
  }

  server.get<IdParams>('/admin/sources/:id/options', async (request, reply) => {
    const frame = await adminFrame(request);
    const source = await loadSource(request.params.id);
    return sendPage(reply, 200, await optionsPage(frame, source, syncOptionValues(source)));
  });

  server.post<IdParams>('/admin/sources/:id/options', async (request, reply) => {
    const frame = await adminFrame(request);
    const source = await loadSource(request.params.id);
    const body = request.body;
    const values: SyncOptionValues = {
      missingPolicy: field(body, 'missingPolicy'),
      maxRemovals: field(body, 'maxRemovals'),
      maxRemovalsPercent: field(body, 'maxRemovalsPercent'),
      scheduleEvery: field(body, 'scheduleEvery'),
      scheduleTime: field(body, 'scheduleTime'),
      scheduleDay: field(body, 'scheduleDay'),
      schedule: field(body, 'schedule'),
      importDisabled: checked(body, 'importDisabled'),
      importGroups: field(body, 'importGroups'),
    };
    const schedule = scheduleCron(values);
    try {
      if ('errors' in schedule) throw new ValidationError(schedule.errors);
      await sources.updateSyncOptions(
        source.id,
        {
          missingPolicy: values.missingPolicy,
          maxRemovals: requiredInt(values.maxRemovals),
          maxRemovalsPercent: requiredInt(values.maxRemovalsPercent),
          schedule: schedule.cron,
          importDisabled: values.importDisabled,
          importGroups: lines(values.importGroups),
        },
        actorOf(request),
      );
      return reply.redirect('/admin/sources?done=options-saved', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(reply, 400, await optionsPage(frame, source, values, error.fields));
    }
  });

  server.post<IdParams>('/admin/sources/:id/primary', async (request, reply) => {
    await adminFrame(request);
    const source = await loadSource(request.params.id);
    await sources.makePrimary(source.id, actorOf(request));
    return reply.redirect('/admin/sources?done=primary', 303);
  });

  const removePage = async (frame: AdminFrame, source: SourceRow, error?: string) => (
    <RemoveSourcePage
      frame={frame}
      source={{ id: source.id, name: source.name, kindLabel: sourceKindLabel(source.kind) }}
      users={await sources.countUsers(source.id)}
      error={error}
    />
  );

  server.get<IdParams>('/admin/sources/:id/remove', async (request, reply) => {
    const frame = await adminFrame(request);
    const source = await loadSource(request.params.id);
    return sendPage(reply, 200, await removePage(frame, source));
  });

  server.post<IdParams>('/admin/sources/:id/remove', async (request, reply) => {
    const frame = await adminFrame(request);
    const source = await loadSource(request.params.id);
    try {
      await sources.remove(source.id, actorOf(request));
      return reply.redirect('/admin/sources?done=source-removed', 303);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return sendPage(reply, 409, await removePage(frame, source, error.message));
    }
  });

  // Synchronize Now and its runs

  /**
   * Post/redirect/get: a run started (or one already in progress) is shown at its own address, so
   * reloading the page that answers never starts another run. A second run while one is in
   * progress is refused politely: no run is recorded and Last run stays as it was.
   */
  server.post<IdParams>('/admin/sources/:id/sync', async (request, reply) => {
    await adminFrame(request);
    const source = await loadSource(request.params.id);
    try {
      // The run goes on in the background; its page watches it.
      const { runId } = await sync.start(source, {
        dryRun: checked(request.body, 'dryRun'),
        overrideThreshold: checked(request.body, 'overrideThreshold'),
        actor: actorOf(request),
      });
      return reply.redirect(`/admin/sync-runs/${runId}`, 303);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const running = await sync.findRunning(source.id);
      if (running) return reply.redirect(`/admin/sync-runs/${running.id}?done=already-running`, 303);
      return reply.redirect('/admin/sources?done=already-ended', 303);
    }
  });
}
