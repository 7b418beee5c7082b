/**
 * A synchronization run: watched while it runs (the page reloads itself), a report when it ends,
 * and converting an internal user that a run reported as a conflict.
 *
 *   <SyncRunPage frame={frame} run={runView} autoRefresh={running} />
 */
import { When } from '../components/when.js';
import type { SyncCounts, SyncLineKind, SyncSamples } from '../../sync/sync-run.js';
import { DataTable, type Column } from '../components/data-table.js';
import { CsrfField, Notice } from '../components/forms.js';
import { adminEnglish, type AdminMessageKey } from '../../i18n/admin-translator.js';
import { useAdminTranslator } from '../components/translation.js';
import { AdminPage, type AdminFrame, BackLink } from './admin.pages.js';
import { GroupsTable } from './source-form.pages.js';
import {
  PageNoticeView,
  RUN_REFRESH_SECONDS,
  runType,
  StatusBadge,
  type PageNotice,
  type RunSummary,
} from './sources.pages.js';

export interface RunLineView {
  kind: SyncLineKind;
  username: string;
  detail: string;
  /** A conflict with an internal user that an administrator may convert into this directory user. */
  convertible: boolean;
}

export interface SyncRunView extends RunSummary, SyncCounts {
  sourceExists: boolean;
  actor: string;
  thresholdExceeded: boolean;
  overrideThreshold: boolean;
  cancelRequested: boolean;
  lines: RunLineView[];
  samples: SyncSamples;
}

/** The detail lines in the order a reader needs them: what needs attention first. */
const LINE_GROUPS: { kind: SyncLineKind; done: AdminMessageKey; would: AdminMessageKey }[] = [
  { kind: 'conflict', done: 'admin.syncRun.line.conflicts', would: 'admin.syncRun.line.conflicts' },
  { kind: 'error', done: 'admin.syncRun.line.errors', would: 'admin.syncRun.line.errors' },
  { kind: 'warning', done: 'admin.syncRun.line.warnings', would: 'admin.syncRun.line.warnings' },
  { kind: 'added', done: 'admin.syncRun.line.added', would: 'admin.syncRun.line.wouldAdd' },
  { kind: 'renamed', done: 'admin.syncRun.line.renamed', would: 'admin.syncRun.line.wouldRename' },
  { kind: 'updated', done: 'admin.syncRun.line.updated', would: 'admin.syncRun.line.wouldUpdate' },
  { kind: 'enabled', done: 'admin.syncRun.line.enabled', would: 'admin.syncRun.line.wouldEnable' },
  { kind: 'disabled', done: 'admin.syncRun.line.disabled', would: 'admin.syncRun.line.wouldDisable' },
  { kind: 'deleted', done: 'admin.syncRun.line.deleted', would: 'admin.syncRun.line.wouldDelete' },
  { kind: 'missing', done: 'admin.syncRun.line.missing', would: 'admin.syncRun.line.wouldKeepMissing' },
];

function RunCounts({ run, would }: { run: SyncRunView; would: boolean }) {
  const t = useAdminTranslator();
  const counts: [AdminMessageKey, number][] = [
    [would ? 'admin.syncRun.line.wouldAdd' : 'admin.syncRun.line.added', run.added],
    [would ? 'admin.syncRun.line.wouldUpdate' : 'admin.syncRun.line.updated', run.updated],
    [would ? 'admin.syncRun.line.wouldRename' : 'admin.syncRun.line.renamed', run.renamed],
    [would ? 'admin.syncRun.line.wouldDisable' : 'admin.syncRun.line.disabled', run.disabled],
    [would ? 'admin.syncRun.line.wouldDelete' : 'admin.syncRun.line.deleted', run.deleted],
    ['admin.syncRun.count.unchanged', run.unchanged],
    ['admin.syncRun.line.conflicts', run.conflicts],
    ['admin.syncRun.line.errors', run.errors],
    ['admin.syncRun.count.missing', run.missing],
    ['admin.syncRun.count.groups', run.groups],
  ];
  return (
    <dl class="counts">
      {counts.map(([label, count]) => (
        <div>
          <dt>{t.t(label)}</dt>
          <dd>{count}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * A run: while it runs, the page reloads itself every 2 seconds (a meta refresh: no script), with
 * Cancel and a link that stops the reloading as the first controls of the page — a reload moves a
 * keyboard or screen reader user back to the top, so they must be able to turn it off (WCAG 2.2.1).
 */
export function SyncRunPage(props: {
  frame: AdminFrame;
  run: SyncRunView;
  notice?: PageNotice;
  autoRefresh: boolean;
}) {
  const t = useAdminTranslator();
  const { run, frame } = props;
  const running = run.status === 'running';
  const refreshing = running && props.autoRefresh;
  // Nothing changes in a test run, nor in a run that did not succeed: its lines say "would".
  const would = run.dryRun || run.status !== 'succeeded';
  const statusKind =
    run.status === 'failed' ? 'error' : run.status === 'cancelled' ? 'warning' : running ? 'info' : 'success';
  return (
    <AdminPage
      frame={frame}
      title={t.t('admin.syncRun.title', { id: String(run.id) })}
      section="sources"
      refreshSeconds={refreshing ? RUN_REFRESH_SECONDS : undefined}
    >
      <BackLink href="/admin/sources" label={t.t('admin.syncRun.back')} />
      <h1>{t.t('admin.syncRun.heading', { id: String(run.id), source: run.sourceName })}</h1>
      {running && (
        <RunProgress run={run} notice={props.notice} refreshing={refreshing} csrfToken={frame.csrfToken} />
      )}
      {!running && <PageNoticeView notice={props.notice} />}
      {!running && (
        <Notice kind={statusKind}>{run.message || t.t('admin.syncRun.ended', { status: run.status })}</Notice>
      )}
      {!running && run.status === 'failed' && run.thresholdExceeded && run.sourceExists && (
        <RemovalLimit sourceId={run.sourceId} csrfToken={frame.csrfToken} />
      )}
      <RunSummaryCard run={run} would={would} />
      {!running && <Samples samples={run.samples} />}
      {!running && <RunLines run={run} would={would} />}
    </AdminPage>
  );
}

/** A running run: how far it got, the refresh controls and Cancel. */
function RunProgress(props: {
  run: SyncRunView;
  notice?: PageNotice;
  refreshing: boolean;
  csrfToken: string;
}) {
  const t = useAdminTranslator();
  const { run, refreshing } = props;
  const href = `/admin/sync-runs/${run.id}`;
  const seconds = String(RUN_REFRESH_SECONDS);
  return (
    <section class="card" aria-labelledby="progress-title">
      <h2 id="progress-title">{t.t('admin.syncRun.inProgress')}</h2>
      <PageNoticeView notice={props.notice} />
      <Notice kind="info">
        {t.t('admin.syncRun.running', {
          phase: run.phase || t.t('admin.sources.running.starting'),
          progress: String(run.progress),
        })}{' '}
        {refreshing ? t.t('admin.syncRun.refreshing', { seconds }) : t.t('admin.syncRun.notRefreshing')}
      </Notice>
      <div class="actions">
        {refreshing ? (
          <a href={`${href}?refresh=off`}>{t.t('admin.syncRun.stopRefreshing')}</a>
        ) : (
          <>
            <a href={`${href}?refresh=off`}>{t.t('admin.syncRun.refreshNow')}</a>
            <a href={href}>{t.t('admin.syncRun.refreshEvery', { seconds })}</a>
          </>
        )}
        {!run.cancelRequested && (
          <form method="post" action={`${href}/cancel`}>
            <CsrfField token={props.csrfToken} />
            {!refreshing && <input type="hidden" name="refresh" value="off" />}
            <button type="submit" class="button-danger">
              {t.t('admin.syncRun.cancel')}
              <span class="visually-hidden">{t.t('admin.syncRun.cancelWhich', { id: String(run.id) })}</span>
            </button>
          </form>
        )}
      </div>
      {run.cancelRequested && !props.notice && <p>{t.t('admin.sources.done.cancelRequested')}</p>}
    </section>
  );
}

/** A run stopped by the removal limit: run it again allowing it, or change the sync options. */
function RemovalLimit(props: { sourceId: number; csrfToken: string }) {
  const t = useAdminTranslator();
  return (
    <section class="card" aria-labelledby="override-title">
      <h2 id="override-title">{t.t('admin.syncRun.limit')}</h2>
      <p>
        {t.rich('admin.syncRun.limit.text', {
          options: (
            <a href={`/admin/sources/${props.sourceId}/options`}>{t.t('admin.syncRun.limit.options')}</a>
          ),
        })}
      </p>
      <form method="post" action={`/admin/sources/${props.sourceId}/sync`}>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="overrideThreshold" value="on" />
        <button type="submit" class="button-danger">
          {t.t('admin.syncRun.limit.override')}
        </button>
      </form>
    </section>
  );
}

function RunSummaryCard({ run, would }: { run: SyncRunView; would: boolean }) {
  const t = useAdminTranslator();
  return (
    <section class="card" aria-labelledby="summary-title">
      <h2 id="summary-title">{t.t('admin.syncRun.summary')}</h2>
      <dl class="details">
        <dt>{t.t('admin.syncRun.summary.type')}</dt>
        <dd>{runType(run)}</dd>
        <dt>{t.t('admin.syncRun.summary.status')}</dt>
        <dd>
          <StatusBadge status={run.status} />
        </dd>
        <dt>{t.t('admin.syncRun.summary.actor')}</dt>
        <dd>{run.actor || '—'}</dd>
        <dt>{t.t('admin.syncRun.summary.started')}</dt>
        <dd>
          <When at={run.startedAt} />
        </dd>
        <dt>{t.t('admin.syncRun.summary.finished')}</dt>
        <dd>
          <When at={run.finishedAt} />
        </dd>
        {run.overrideThreshold && (
          <>
            <dt>{t.t('admin.syncRun.limit')}</dt>
            <dd>{t.t('admin.syncRun.summary.overridden')}</dd>
          </>
        )}
      </dl>
      {run.status !== 'running' && <RunCounts run={run} would={would} />}
    </section>
  );
}

// Module-level English: the Admin Console always renders in English.
const SAMPLE_USER_COLUMNS: Column<SyncSamples['users'][number]>[] = [
  { header: adminEnglish.t('admin.syncRun.column.username'), cell: (u) => u.username },
  { header: adminEnglish.t('admin.syncRun.column.fullName'), cell: (u) => u.full_name },
  { header: adminEnglish.t('admin.syncRun.column.email'), cell: (u) => u.email },
  { header: adminEnglish.t('admin.syncRun.column.department'), cell: (u) => u.department },
  { header: adminEnglish.t('admin.syncRun.column.status'), cell: (u) => u.status },
];

const LINE_COLUMNS: Column<RunLineView>[] = [
  { header: adminEnglish.t('admin.syncRun.column.username'), cell: (line) => line.username },
  { header: adminEnglish.t('admin.syncRun.column.detail'), cell: (line) => line.detail },
];

/** The Action column of the conflicts: convert the internal user holding the name, where it can work. */
function convertColumn(runId: number): Column<RunLineView> {
  return {
    header: adminEnglish.t('admin.syncRun.column.action'),
    cell: (line) =>
      line.convertible && (
        <form method="get" action={`/admin/sync-runs/${runId}/convert`}>
          <input type="hidden" name="username" value={line.username} />
          <button type="submit" class="button-secondary">
            {adminEnglish.t('admin.syncRun.convertButton')}
            <span class="visually-hidden"> {line.username}</span>
          </button>
        </form>
      ),
  };
}

function Samples({ samples }: { samples: SyncSamples }) {
  const t = useAdminTranslator();
  if (samples.users.length === 0 && samples.groups.length === 0) return null;
  return (
    <section class="card" aria-labelledby="samples-title">
      <h2 id="samples-title">{t.t('admin.syncRun.samples')}</h2>
      {samples.users.length > 0 && (
        <DataTable
          caption={t.t('admin.syncRun.samples.users', { count: String(samples.users.length) })}
          columns={SAMPLE_USER_COLUMNS}
          rows={samples.users}
        />
      )}
      {samples.groups.length > 0 && (
        <GroupsTable
          groups={samples.groups}
          membersLabel={t.t('admin.syncRun.samples.members')}
          caption={t.t('admin.syncRun.samples.groups', { count: String(samples.groups.length) })}
        />
      )}
    </section>
  );
}

function RunLines({ run, would }: { run: SyncRunView; would: boolean }) {
  const t = useAdminTranslator();
  const groups = LINE_GROUPS.map((g) => ({ ...g, lines: run.lines.filter((l) => l.kind === g.kind) })).filter(
    (g) => g.lines.length > 0,
  );
  return (
    <section class="card" aria-labelledby="lines-title">
      <h2 id="lines-title">{t.t('admin.syncRun.details')}</h2>
      {groups.length === 0 && <p>{t.t('admin.syncRun.noLines')}</p>}
      {groups.map((group) => (
        <DataTable
          caption={t.t('admin.syncRun.lineGroup', {
            group: t.t(would ? group.would : group.done),
            count: String(group.lines.length),
          })}
          columns={group.kind === 'conflict' ? [...LINE_COLUMNS, convertColumn(run.id)] : LINE_COLUMNS}
          rows={group.lines}
        />
      ))}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Convert an internal user into the directory user of a conflict

export function ConvertUserPage(props: {
  frame: AdminFrame;
  runId: number;
  username: string;
  fullName: string;
  sourceName: string;
  authority: string;
  canAuthenticate: boolean;
}) {
  const t = useAdminTranslator();
  const { frame, username } = props;
  const user = props.fullName
    ? t.t('admin.syncRun.convert.userWithName', { username, fullName: props.fullName })
    : username;
  return (
    <AdminPage frame={frame} title={t.t('admin.syncRun.convert.title', { username })} section="sources">
      <section class="card narrow">
        <h1>{t.t('admin.syncRun.convert.heading', { username })}</h1>
        <p>
          {t.t('admin.syncRun.convert.intro', {
            user,
            run: String(props.runId),
            source: props.sourceName,
            username,
          })}
        </p>
        <ul>
          <li>
            {t.t('admin.syncRun.convert.password', {
              how: props.canAuthenticate
                ? t.t('admin.syncRun.convert.signsIn', { username, authority: props.authority })
                : t.t('admin.syncRun.convert.cannotSignIn', { source: props.sourceName, username }),
            })}
          </li>
          <li>{t.t('admin.syncRun.convert.details')}</li>
          <li>{t.t('admin.syncRun.convert.sessions', { username })}</li>
        </ul>
        <form method="post" action={`/admin/sync-runs/${props.runId}/convert`}>
          <CsrfField token={frame.csrfToken} />
          <input type="hidden" name="username" value={username} />
          <div class="actions">
            <button type="submit">{t.t('admin.syncRun.convert.submit')}</button>
            <a href={`/admin/sync-runs/${props.runId}`}>{t.t('admin.syncRun.cancel')}</a>
          </div>
        </form>
      </section>
    </AdminPage>
  );
}
