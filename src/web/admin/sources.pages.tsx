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
import { CsrfField, Notice } from '../components/forms.js';
import { field } from '../render.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { useAdminTranslator } from '../components/translation.js';
import { AdminPage, type AdminFrame } from './admin.pages.js';

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
  'cancel-requested': {
    kind: 'info',
    text: adminEnglish.t('admin.sources.done.cancelRequested'),
  },
};

export function sourcesDoneNotice(query: unknown): PageNotice | undefined {
  const key = field(query, 'done');
  return Object.hasOwn(DONE, key) ? DONE[key] : undefined;
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge status-${status}`}>{status}</span>;
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
  /** Its kind has a settings form (Edit settings). */
  editable: boolean;
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
        <DataTable
          caption={
            SOURCE_SORTS.has(sorting.current.key) ? 'Directory sources' : 'Directory sources, primary first'
          }
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
          caption={
            RUN_SORTS.has(sorting.current.key)
              ? 'Recent synchronizations'
              : 'Recent synchronizations, newest first'
          }
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
  if (source.running)
    return (
      <>
        <StatusBadge status="running" />
        <div class="cell-detail">
          <RunningText run={source.running} />
        </div>
        <a href={`/admin/sync-runs/${source.running.id}`}>Watch run {source.running.id}</a>
      </>
    );
  if (!source.lastRun) return <>Never synchronized</>;
  return (
    <>
      <StatusBadge status={source.lastRun.status} /> <When at={source.lastRun.startedAt} />
      <div class="cell-detail">
        <a href={`/admin/sync-runs/${source.lastRun.id}`}>Report {source.lastRun.id}</a>
        {source.lastRun.dryRun && ' (test run)'}
      </div>
    </>
  );
}

function SourceActions({ source, csrfToken }: { source: SourceSummary; csrfToken: string }) {
  const of = <span class="visually-hidden"> of {source.name}</span>;
  return (
    <>
      <div class="actions">
        {source.editable && (
          <a href={`/admin/sources/${source.id}/edit`}>
            Edit settings<span class="visually-hidden"> of {source.name}</span>
          </a>
        )}
        <a href={`/admin/sources/${source.id}/options`}>Sync options{of}</a>
        <a href={`/admin/sources/${source.id}/remove`}>
          Remove<span class="visually-hidden"> {source.name}</span>
        </a>
      </div>
      <div class="actions">
        <form method="post" action={`/admin/sources/${source.id}/sync`}>
          <CsrfField token={csrfToken} />
          <input type="hidden" name="dryRun" value="on" />
          <button type="submit" class="button-secondary">
            Test settings{of}
          </button>
        </form>
        {!source.isPrimary && (
          <form method="post" action={`/admin/sources/${source.id}/primary`}>
            <CsrfField token={csrfToken} />
            <button type="submit" class="button-secondary">
              Make primary<span class="visually-hidden"> {source.name}</span>
            </button>
          </form>
        )}
      </div>
      <SyncNowForm sourceId={source.id} sourceName={source.name} csrfToken={csrfToken} />
    </>
  );
}

function sourceColumns(csrfToken: string): Column<SourceSummary>[] {
  return [
    {
      header: 'Name',
      sort: 'name',
      cell: (source) => (
        <>
          {source.name}
          <div class="cell-detail">{source.users === 1 ? '1 user' : `${source.users} users`}</div>
        </>
      ),
    },
    {
      header: 'Kind',
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
    { header: 'Role', cell: (source) => source.role },
    {
      header: 'Schedule',
      cell: (source) => (source.schedule ? <code class="nowrap">{source.schedule}</code> : 'On demand only'),
    },
    { header: 'Users no longer listed', cell: (source) => source.missingPolicy },
    { header: 'Last run', sort: 'last-run', cell: (source) => <LastRunCell source={source} /> },
    { header: 'Actions', cell: (source) => <SourceActions source={source} csrfToken={csrfToken} /> },
  ];
}

const RUN_COLUMNS: Column<RunSummary>[] = [
  { header: 'Started', sort: 'started', cell: (run) => <When at={run.startedAt} /> },
  { header: 'Source', sort: 'source', cell: (run) => run.sourceName },
  { header: 'Type', cell: (run) => runType(run) },
  { header: 'Status', sort: 'status', cell: (run) => <StatusBadge status={run.status} /> },
  {
    header: 'Summary',
    cell: (run) => (run.status === 'running' ? <RunningText run={run} /> : run.message),
  },
  { header: 'Report', cell: (run) => <a href={`/admin/sync-runs/${run.id}`}>Report {run.id}</a> },
];

/** Synchronize Now with its two options; ids carry the source id, as several sit on one page. */
function SyncNowForm(props: { sourceId: number; sourceName: string; csrfToken: string }) {
  const t = useAdminTranslator();
  const id = (name: string) => `sync-${props.sourceId}-${name}`;
  return (
    <form method="post" action={`/admin/sources/${props.sourceId}/sync`} class="sync-now">
      <CsrfField token={props.csrfToken} />
      <div class="field-checkbox">
        <input id={id('dryRun')} type="checkbox" name="dryRun" value="on" />
        <label for={id('dryRun')}>{t.t('admin.sources.syncNow.dryRun')}</label>
      </div>
      <div class="field-checkbox">
        <input id={id('override')} type="checkbox" name="overrideThreshold" value="on" />
        <label for={id('override')}>{t.t('admin.sources.syncNow.override')}</label>
      </div>
      <button type="submit">
        {t.t('admin.sources.runType.sync')}
        <span class="visually-hidden"> {t.t('admin.sources.syncNow.from', { name: props.sourceName })}</span>
      </button>
    </form>
  );
}
