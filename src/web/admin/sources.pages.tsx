/**
 * Admin Console → User/Group Sync: the directory sources with their latest runs, and what the
 * other sync pages share (notices, status badges, times). Each kind's form is in its folder under
 * src/directory (the page around it in source-form.pages.tsx), sync options and removal in
 * sync-options.pages.tsx, a run in sync-run.pages.tsx.
 *
 *   <SourcesPage frame={frame} sources={sources} runs={runs} addLinks={links} addForms={forms} />
 */
import { When } from '../components/when.js';
import type { ComponentChildren } from 'preact';
import { byText, DataTable, type Column, type Compare, type SortState } from '../components/data-table.js';
import { CsrfField, ErrorSummary, Notice, type FieldErrors } from '../components/forms.js';
import type { SourceForm, SourceFormValues, SourceInput } from '../../directory/kind.js';
import { field } from '../render.js';
import { adminEnglish, type AdminMessageKey } from '../../i18n/admin-translator.js';
import { useAdminTranslator } from '../components/translation.js';
import { AdminPage, type AdminFrame } from './admin.pages.js';
import { describeSchedule } from './sync-schedule.js';

/** How often the page of a running synchronization reloads itself. */
export const RUN_REFRESH_SECONDS = 2;

export interface PageNotice {
  kind: 'success' | 'info' | 'warning' | 'error';
  text: string;
  link?: { href: string; label: string };
}

export function PageNoticeView({ notice }: { notice?: PageNotice }) {
  if (!notice) return null;
  return (
    <Notice kind={notice.kind}>
      {notice.text}
      {notice.link && (
        <>
          {' '}
          <a href={notice.link.href}>{notice.link.label}</a>
        </>
      )}
    </Notice>
  );
}

/**
 * Success notices after a redirect, keyed by the `done` query parameter: fixed texts only, so a
 * crafted link cannot put words on an admin page. English at module level, like the whole console.
 */
const DONE: Record<string, PageNotice> = {
  'source-added': {
    kind: 'success',
    text: adminEnglish.t('admin.sources.done.added'),
  },
  'source-saved': { kind: 'success', text: adminEnglish.t('admin.sources.done.saved') },
  'options-saved': { kind: 'success', text: adminEnglish.t('admin.sources.done.optionsSaved') },
  'source-removed': { kind: 'success', text: adminEnglish.t('admin.sources.done.removed') },
  primary: { kind: 'success', text: adminEnglish.t('admin.sources.done.primary') },
  'already-running': { kind: 'info', text: adminEnglish.t('admin.sync.inProgress') },
  'already-ended': { kind: 'info', text: adminEnglish.t('admin.sync.inProgressEnded') },
  'cancel-requested': {
    kind: 'info',
    text: adminEnglish.t('admin.sources.done.cancelRequested'),
  },
};

export function sourcesDoneNotice(query: unknown): PageNotice | undefined {
  const key = field(query, 'done');
  return Object.hasOwn(DONE, key) ? DONE[key] : undefined;
}

/** A run's status in words; the stored value names the badge's colour class. */
const RUN_STATUSES: ReadonlyMap<string, AdminMessageKey> = new Map([
  ['running', 'admin.syncRuns.status.running'],
  ['succeeded', 'admin.syncRuns.status.succeeded'],
  ['failed', 'admin.syncRuns.status.failed'],
  ['cancelled', 'admin.syncRuns.status.cancelled'],
] as const);

export function runStatus(status: string): string {
  const key = RUN_STATUSES.get(status);
  return key ? adminEnglish.t(key) : status;
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge status-${status}`}>{runStatus(status)}</span>;
}

// ---------------------------------------------------------------------------------------------
// The list of sources

/** A run as the list pages show it. */
export interface RunSummary {
  id: number;
  sourceId: number;
  sourceName: string;
  startedAt: string;
  finishedAt: string | null;
  dryRun: boolean;
  status: string;
  message: string;
  phase: string;
  progress: number;
}

export interface SourceSummary {
  id: number;
  name: string;
  kind: string;
  kindLabel: string;
  /** "Primary source", "Secondary source", "Additional source". */
  role: string;
  isPrimary: boolean;
  /** Where it reads from, as its kind says it: the program path, the server URLs, the tenant… */
  connection: string;
  schedule: string;
  missingPolicy: string;
  users: number;
  lastRun?: RunSummary;
  running?: RunSummary;
}

export function runType(run: { dryRun: boolean }): string {
  return adminEnglish.t(run.dryRun ? 'admin.sources.runType.test' : 'admin.sources.runType.sync');
}

function RunningText({ run }: { run: RunSummary }) {
  const t = useAdminTranslator();
  const phase = run.phase || t.t('admin.sources.running.starting');
  return <>{t.t('admin.sources.running', { phase, progress: String(run.progress) })}</>;
}

export function SourcesPage(props: {
  frame: AdminFrame;
  sources: SourceSummary[];
  runs: RunSummary[];
  /** "Add … source" buttons: the kinds with a form page of their own. */
  addLinks: { href: string; label: string }[];
  /** The short add forms of the kinds added from this list (the custom program). */
  addForms: ComponentChildren;
  /** The order both lists are in (a key of SOURCE_SORTS or RUN_SORTS). */
  sort?: SortState;
  notice?: PageNotice;
}) {
  const t = useAdminTranslator();
  const { frame } = props;
  const sorting = {
    current: props.sort ?? DEFAULT_SOURCES_SORT,
    path: '/admin/sources',
    params: new URLSearchParams(),
  };
  return (
    <AdminPage frame={frame} title={t.t('admin.sources.title')} section="sources">
      <h1>{t.t('admin.sources.title')}</h1>
      <PageNoticeView notice={props.notice} />
      <section class="card" aria-labelledby="sources-title">
        <h2 id="sources-title">{t.t('admin.sources.sources')}</h2>
        <p>{t.t('admin.sources.intro')}</p>
        <p class="hint">{t.t('admin.sync.testRunHint')}</p>
        <DataTable
          caption={t.t(
            SOURCE_SORTS.has(sorting.current.key)
              ? 'admin.sources.caption'
              : 'admin.sources.captionPrimaryFirst',
          )}
          captionHidden
          columns={sourceColumns(frame.csrfToken)}
          rows={props.sources}
          empty={t.t('admin.sources.none')}
          sorting={sorting}
        />
        <p class="actions">
          {props.addLinks.map((link) => (
            <a class="button" href={link.href}>
              {link.label}
            </a>
          ))}
        </p>
      </section>

      {props.addForms}

      <section class="card" aria-labelledby="runs-title">
        <h2 id="runs-title">{t.t('admin.sources.recent')}</h2>
        <DataTable
          caption={t.t(
            RUN_SORTS.has(sorting.current.key)
              ? 'admin.syncRuns.caption'
              : 'admin.syncRuns.captionNewestFirst',
          )}
          captionHidden
          columns={RUN_COLUMNS}
          rows={props.runs}
          empty={t.t('admin.sources.noRuns')}
          sorting={sorting}
        />
      </section>
    </AdminPage>
  );
}

/**
 * The short add card of a kind added from the list (the custom program): its fields in a form
 * posted to /admin/sources, with the error summary of a refused post.
 */
export function ListAddCard<Values extends SourceFormValues>(props: {
  form: SourceForm<SourceInput, unknown, Values>;
  values: Values;
  errors?: FieldErrors;
  csrfToken: string;
}) {
  const t = useAdminTranslator();
  const { form } = props;
  return (
    <section class="card" aria-labelledby="add-source-title">
      <h2 id="add-source-title">{form.addTitle}</h2>
      {form.intro && <p>{form.intro}</p>}
      <ErrorSummary errors={props.errors} labels={form.labels} />
      <form method="post" action="/admin/sources" novalidate>
        <CsrfField token={props.csrfToken} />
        <form.Fields
          values={props.values}
          errors={props.errors}
          secretNotResent={false}
          csrfToken={props.csrfToken}
        />
        <button type="submit">{t.t('admin.sources.addSubmit')}</button>
      </form>
    </section>
  );
}

/** The sources' sort keys; the list is short, so the route sorts it in memory. */
export const SOURCE_SORTS: ReadonlyMap<string, Compare<SourceSummary>> = new Map([
  ['name', byText((source: SourceSummary) => source.name)],
  ['kind', byText((source: SourceSummary) => source.kindLabel)],
  ['last-run', byText((source: SourceSummary) => (source.running ?? source.lastRun)?.startedAt)],
]);

/** The recent runs' sort keys (unique on the page with the sources' ones: one sort per page). */
export const RUN_SORTS: ReadonlyMap<string, Compare<RunSummary>> = new Map([
  ['started', byText((run: RunSummary) => run.startedAt)],
  ['source', byText((run: RunSummary) => run.sourceName)],
  ['status', byText((run: RunSummary) => run.status)],
]);

/** Primary first for the sources, newest first for the runs: no column is sorted. */
export const DEFAULT_SOURCES_SORT: SortState = { key: '', dir: 'asc' };

function LastRunCell({ source }: { source: SourceSummary }) {
  const t = useAdminTranslator();
  if (source.running)
    return (
      <>
        <StatusBadge status="running" />
        <div class="cell-detail">
          <RunningText run={source.running} />
        </div>
        <a href={`/admin/sync-runs/${source.running.id}`}>
          {t.t('admin.sources.watchRun', { id: source.running.id })}
        </a>
      </>
    );
  if (!source.lastRun) return <>{t.t('admin.sources.neverRun')}</>;
  return (
    <>
      <StatusBadge status={source.lastRun.status} /> <When at={source.lastRun.startedAt} relative />
      <div class="cell-detail">
        <a href={`/admin/sync-runs/${source.lastRun.id}`}>
          {t.t('admin.sources.report', { id: source.lastRun.id })}
        </a>
        {source.lastRun.dryRun && ` ${t.t('admin.sources.testRunNote')}`}
      </div>
    </>
  );
}

function SourceActions({ source, csrfToken }: { source: SourceSummary; csrfToken: string }) {
  const t = useAdminTranslator();
  const of = <span class="visually-hidden"> {t.t('admin.sources.of', { name: source.name })}</span>;
  return (
    <>
      <div class="actions">
        <a href={`/admin/sources/${source.id}/edit`}>
          {t.t('admin.sources.edit')}
          {of}
        </a>
        <a href={`/admin/sources/${source.id}/options`}>
          {t.t('admin.sources.options')}
          {of}
        </a>
        <a href={`/admin/sources/${source.id}/remove`}>
          {t.t('admin.sources.remove')}
          <span class="visually-hidden"> {source.name}</span>
        </a>
      </div>
      {!source.isPrimary && (
        <form method="post" action={`/admin/sources/${source.id}/primary`}>
          <CsrfField token={csrfToken} />
          <button type="submit" class="button-secondary">
            {t.t('admin.sources.makePrimary')}
            <span class="visually-hidden"> {source.name}</span>
          </button>
        </form>
      )}
    </>
  );
}

function sourceColumns(csrfToken: string): Column<SourceSummary>[] {
  const t = adminEnglish;
  return [
    {
      header: t.t('admin.sources.column.name'),
      sort: 'name',
      // Synchronize Now sits under the name, in the first column: on a phone it is on screen
      // without scrolling the table sideways.
      cell: (source) => (
        <>
          {source.name}
          <div class="cell-detail">{t.t('admin.sources.users', { count: source.users })}</div>
          <SyncNowForm sourceId={source.id} sourceName={source.name} csrfToken={csrfToken} />
        </>
      ),
    },
    {
      header: t.t('admin.sources.column.kind'),
      sort: 'kind',
      cell: (source) => (
        <>
          {source.kindLabel}
          {source.connection && (
            <div class="cell-detail">
              <code>{source.connection}</code>
            </div>
          )}
        </>
      ),
    },
    { header: t.t('admin.sources.column.role'), cell: (source) => source.role },
    {
      header: t.t('admin.sources.column.schedule'),
      cell: (source) => (
        <>
          {describeSchedule(source.schedule)}
          {source.schedule && describeSchedule(source.schedule) !== source.schedule && (
            <div class="cell-detail">
              <code class="nowrap">{source.schedule}</code>
            </div>
          )}
        </>
      ),
    },
    { header: t.t('admin.sources.column.missing'), cell: (source) => source.missingPolicy },
    {
      header: t.t('admin.sources.column.lastRun'),
      sort: 'last-run',
      cell: (source) => <LastRunCell source={source} />,
    },
    {
      header: t.t('admin.sources.column.actions'),
      cell: (source) => <SourceActions source={source} csrfToken={csrfToken} />,
    },
  ];
}

const RUN_COLUMNS: Column<RunSummary>[] = [
  {
    header: adminEnglish.t('admin.syncRuns.column.started'),
    sort: 'started',
    cell: (run) => <When at={run.startedAt} />,
  },
  { header: adminEnglish.t('admin.syncRuns.column.source'), sort: 'source', cell: (run) => run.sourceName },
  { header: adminEnglish.t('admin.syncRuns.column.type'), cell: (run) => runType(run) },
  {
    header: adminEnglish.t('admin.syncRuns.column.status'),
    sort: 'status',
    cell: (run) => <StatusBadge status={run.status} />,
  },
  {
    header: adminEnglish.t('admin.syncRuns.column.summary'),
    cell: (run) => (run.status === 'running' ? <RunningText run={run} /> : run.message),
  },
  {
    header: adminEnglish.t('admin.syncRuns.column.report'),
    cell: (run) => (
      <a href={`/admin/sync-runs/${run.id}`}>{adminEnglish.t('admin.sources.report', { id: run.id })}</a>
    ),
  },
];

/**
 * Synchronize Now and Test run, with the removal-limit override; ids carry the source id, as
 * several forms sit on one page. Both buttons post the same form: Test run adds `dryRun`.
 */
function SyncNowForm(props: { sourceId: number; sourceName: string; csrfToken: string }) {
  const t = useAdminTranslator();
  const id = (name: string) => `sync-${props.sourceId}-${name}`;
  const from = (
    <span class="visually-hidden"> {t.t('admin.sources.syncNow.from', { name: props.sourceName })}</span>
  );
  return (
    <form method="post" action={`/admin/sources/${props.sourceId}/sync`} class="sync-now">
      <CsrfField token={props.csrfToken} />
      <div class="field-checkbox">
        <input id={id('override')} type="checkbox" name="overrideThreshold" value="on" />
        <label for={id('override')}>{t.t('admin.sources.syncNow.override')}</label>
      </div>
      <div class="actions">
        <button type="submit">
          {t.t('admin.sources.runType.sync')}
          {from}
        </button>
        <button type="submit" name="dryRun" value="on" class="button-secondary">
          {t.t('admin.sync.testRun')}
          {from}
        </button>
      </div>
    </form>
  );
}
