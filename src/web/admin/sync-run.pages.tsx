/**
 * A synchronization run: watched while it runs (the page reloads itself), a report when it ends,
 * and converting an internal user that a run reported as a conflict.
 *
 *   <SyncRunPage frame={frame} run={runView} autoRefresh={running} />
 */
import type { SyncCounts, SyncLineKind, SyncSamples } from '../../sync/sync-run.js';
import { DataTable, type Column } from '../components/data-table.js';
import { CsrfField, Notice } from '../components/forms.js';
import { AdminPage, type AdminFrame } from './admin.pages.js';
import { GroupsTable } from './source-form.pages.js';
import {
  PageNoticeView,
  RUN_REFRESH_SECONDS,
  runType,
  StatusBadge,
  When,
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
const LINE_GROUPS: { kind: SyncLineKind; done: string; would: string }[] = [
  { kind: 'conflict', done: 'Conflicts', would: 'Conflicts' },
  { kind: 'error', done: 'Errors', would: 'Errors' },
  { kind: 'warning', done: 'Warnings', would: 'Warnings' },
  { kind: 'added', done: 'Added', would: 'Would add' },
  { kind: 'renamed', done: 'Renamed', would: 'Would rename' },
  { kind: 'updated', done: 'Updated', would: 'Would update' },
  { kind: 'enabled', done: 'Enabled again', would: 'Would enable again' },
  { kind: 'disabled', done: 'Disabled', would: 'Would disable' },
  { kind: 'deleted', done: 'Deleted', would: 'Would delete' },
  { kind: 'missing', done: 'No longer listed (kept)', would: 'No longer listed (would keep)' },
];

function RunCounts({ run, would }: { run: SyncRunView; would: boolean }) {
  const counts: [string, number][] = [
    [would ? 'Would add' : 'Added', run.added],
    [would ? 'Would update' : 'Updated', run.updated],
    [would ? 'Would rename' : 'Renamed', run.renamed],
    [would ? 'Would disable' : 'Disabled', run.disabled],
    [would ? 'Would delete' : 'Deleted', run.deleted],
    ['Unchanged', run.unchanged],
    ['Conflicts', run.conflicts],
    ['Errors', run.errors],
    ['No longer listed', run.missing],
    ['Groups', run.groups],
  ];
  return (
    <dl class="counts">
      {counts.map(([label, count]) => (
        <div>
          <dt>{label}</dt>
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
  const { run, frame } = props;
  const running = run.status === 'running';
  const refreshing = running && props.autoRefresh;
  // Nothing changes in a test run, nor in a run that did not succeed: its lines say "would".
  const would = run.dryRun || run.status !== 'succeeded';
  const statusKind =
    run.status === 'failed' ? 'error' : run.status === 'cancelled' ? 'warning' : running ? 'info' : 'success';
  const href = `/admin/sync-runs/${run.id}`;
  return (
    <AdminPage
      frame={frame}
      title={`Sync report ${run.id}`}
      section="sources"
      refreshSeconds={refreshing ? RUN_REFRESH_SECONDS : undefined}
    >
      <p>
        <a href="/admin/sources">Back to User/Group Sync</a>
      </p>
      <h1>
        Sync report {run.id}: {run.sourceName}
      </h1>
      {running && (
        <section class="card" aria-labelledby="progress-title">
          <h2 id="progress-title">In progress</h2>
          <PageNoticeView notice={props.notice} />
          <Notice kind="info">
            This synchronization is running: {run.phase || 'starting'}, {run.progress} directory entries read.{' '}
            {refreshing
              ? `This page refreshes every ${RUN_REFRESH_SECONDS} seconds.`
              : 'This page does not refresh by itself.'}
          </Notice>
          <div class="actions">
            {refreshing ? (
              <a href={`${href}?refresh=off`}>Stop refreshing this page</a>
            ) : (
              <>
                <a href={`${href}?refresh=off`}>Refresh now</a>
                <a href={href}>Refresh every {RUN_REFRESH_SECONDS} seconds</a>
              </>
            )}
            {!run.cancelRequested && (
              <form method="post" action={`${href}/cancel`}>
                <CsrfField token={frame.csrfToken} />
                {!refreshing && <input type="hidden" name="refresh" value="off" />}
                <button type="submit" class="button-danger">
                  Cancel<span class="visually-hidden"> synchronization {run.id}</span>
                </button>
              </form>
            )}
          </div>
          {run.cancelRequested && !props.notice && (
            <p>Cancel requested: the run stops at its next step, before changing anything.</p>
          )}
        </section>
      )}
      {!running && <PageNoticeView notice={props.notice} />}
      {!running && <Notice kind={statusKind}>{run.message || `This synchronization ${run.status}.`}</Notice>}
      {!running && run.status === 'failed' && run.thresholdExceeded && run.sourceExists && (
        <section class="card" aria-labelledby="override-title">
          <h2 id="override-title">Removal limit</h2>
          <p>
            This run stopped because it would disable or delete more users than the limit. If that is intended
            (a reorganisation, a cleanup), run it once more allowing it; otherwise check the source's settings
            or its <a href={`/admin/sources/${run.sourceId}/options`}>sync options</a>.
          </p>
          <form method="post" action={`/admin/sources/${run.sourceId}/sync`}>
            <CsrfField token={frame.csrfToken} />
            <input type="hidden" name="overrideThreshold" value="on" />
            <button type="submit" class="button-danger">
              Synchronize now, allowing this run to exceed the limit
            </button>
          </form>
        </section>
      )}
      <section class="card" aria-labelledby="summary-title">
        <h2 id="summary-title">Summary</h2>
        <dl class="details">
          <dt>Type</dt>
          <dd>{runType(run)}</dd>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={run.status} />
          </dd>
          <dt>Started by</dt>
          <dd>{run.actor || '—'}</dd>
          <dt>Started</dt>
          <dd>
            <When at={run.startedAt} />
          </dd>
          <dt>Finished</dt>
          <dd>
            <When at={run.finishedAt} />
          </dd>
          {run.overrideThreshold && (
            <>
              <dt>Removal limit</dt>
              <dd>Allowed to exceed it</dd>
            </>
          )}
        </dl>
        {!running && <RunCounts run={run} would={would} />}
      </section>
      {!running && <Samples samples={run.samples} />}
      {!running && <RunLines run={run} would={would} />}
    </AdminPage>
  );
}

const SAMPLE_USER_COLUMNS: Column<SyncSamples['users'][number]>[] = [
  { header: 'Username', cell: (u) => u.username },
  { header: 'Full name', cell: (u) => u.full_name },
  { header: 'Email', cell: (u) => u.email },
  { header: 'Department', cell: (u) => u.department },
  { header: 'Status', cell: (u) => u.status },
];

const LINE_COLUMNS: Column<RunLineView>[] = [
  { header: 'Username', cell: (line) => line.username },
  { header: 'Detail', cell: (line) => line.detail },
];

/** The Action column of the conflicts: convert the internal user holding the name, where it can work. */
function convertColumn(runId: number): Column<RunLineView> {
  return {
    header: 'Action',
    cell: (line) =>
      line.convertible && (
        <form method="get" action={`/admin/sync-runs/${runId}/convert`}>
          <input type="hidden" name="username" value={line.username} />
          <button type="submit" class="button-secondary">
            Convert internal user to directory user
            <span class="visually-hidden"> {line.username}</span>
          </button>
        </form>
      ),
  };
}

function Samples({ samples }: { samples: SyncSamples }) {
  if (samples.users.length === 0 && samples.groups.length === 0) return null;
  return (
    <section class="card" aria-labelledby="samples-title">
      <h2 id="samples-title">What the source lists (sample)</h2>
      {samples.users.length > 0 && (
        <DataTable
          caption={`Users (first ${samples.users.length})`}
          columns={SAMPLE_USER_COLUMNS}
          rows={samples.users}
        />
      )}
      {samples.groups.length > 0 && (
        <GroupsTable
          groups={samples.groups}
          membersLabel="Members"
          caption={`Groups (first ${samples.groups.length})`}
        />
      )}
    </section>
  );
}

function RunLines({ run, would }: { run: SyncRunView; would: boolean }) {
  const groups = LINE_GROUPS.map((g) => ({ ...g, lines: run.lines.filter((l) => l.kind === g.kind) })).filter(
    (g) => g.lines.length > 0,
  );
  return (
    <section class="card" aria-labelledby="lines-title">
      <h2 id="lines-title">Details</h2>
      {groups.length === 0 && <p>No user was added, changed or refused.</p>}
      {groups.map((group) => (
        <DataTable
          caption={`${would ? group.would : group.done} (${group.lines.length})`}
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
  const { frame, username } = props;
  return (
    <AdminPage frame={frame} title={`Convert ${username}?`} section="sources">
      <section class="card narrow">
        <h1>Convert {username} to a directory user?</h1>
        <p>
          {username}
          {props.fullName && ` (${props.fullName})`} is an internal user. Synchronization {props.runId} found
          a user with the same name in {props.sourceName}. Converting makes {username} that directory user:
        </p>
        <ul>
          <li>
            the password stored in Quire is removed;{' '}
            {props.canAuthenticate
              ? `${username} signs in with the password that ${props.authority} holds;`
              : `${props.sourceName} cannot check passwords, so ${username} cannot sign in until it can;`}
          </li>
          <li>the details come from the directory at the next synchronization;</li>
          <li>all of {username}'s sessions end.</li>
        </ul>
        <form method="post" action={`/admin/sync-runs/${props.runId}/convert`}>
          <CsrfField token={frame.csrfToken} />
          <input type="hidden" name="username" value={username} />
          <div class="actions">
            <button type="submit">Convert to directory user</button>
            <a href={`/admin/sync-runs/${props.runId}`}>Cancel</a>
          </div>
        </form>
      </section>
    </AdminPage>
  );
}

/** Save, Test settings and Cancel: the end of every source form (LDAP, Entra ID, Google Workspace). */
