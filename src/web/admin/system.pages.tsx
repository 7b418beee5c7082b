/**
 * Admin Console pages beyond users: Options, Audit Log, User/Group Sync and a sync report.
 */
import type { SyncLine } from '../../sync/sync.service.js';
import { CsrfField, ErrorSummary, Field, Notice, TextArea, type FieldErrors } from '../components/forms.js';
import { AdminPage, SelectField, type AdminFrame } from './admin.pages.js';
import type { AuditEntry } from '../../audit/audit.repository.js';

export interface OptionValues {
  organizationName: string;
  passwordHelpText: string;
  minPasswordLength: string;
}

const OPTION_LABELS = { organizationName: 'Organisation name', passwordHelpText: 'Password help text', minPasswordLength: 'Minimum password length' };

export function OptionsPage(props: { frame: AdminFrame; values: OptionValues; errors?: FieldErrors; notice?: string }) {
  const { values } = props;
  return (
    <AdminPage frame={props.frame} title="Options" section="options">
      <h1>Options</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      <ErrorSummary errors={props.errors} labels={OPTION_LABELS} />
      <form method="post" action="/admin/options" class="card" novalidate>
        <CsrfField token={props.frame.csrfToken} />
        <Field name="organizationName" label={OPTION_LABELS.organizationName} value={values.organizationName} errors={props.errors} required maxLength={100} hint="Shown at the top of every page." />
        <TextArea
          name="passwordHelpText"
          label={OPTION_LABELS.passwordHelpText}
          value={values.passwordHelpText}
          errors={props.errors}
          hint='Shown to standard users and on "Forgot your password?", e.g. "Contact the IT Service Desk, ext. 4357".'
        />
        <Field name="minPasswordLength" label={OPTION_LABELS.minPasswordLength} type="number" value={values.minPasswordLength} errors={props.errors} required hint="For internal users, from 1 to 64. At least 8 is the default; 15 or more is recommended." />
        <button type="submit">Save options</button>
      </form>
    </AdminPage>
  );
}

/** An audit entry as the page shows it: the stored fields and the id used for paging. */
export type AuditEntryView = AuditEntry & { id: number };

export function AuditLogPage(props: { frame: AdminFrame; user: string; action: string; actions: string[]; entries: AuditEntryView[]; olderHref?: string }) {
  return (
    <AdminPage frame={props.frame} title="Audit Log" section="audit">
      <h1>Audit Log</h1>
      <form method="get" action="/admin/audit" class="toolbar" aria-label="Filter the audit log">
        <Field name="user" label="User" type="search" value={props.user} hint="Who acted or was acted on" maxLength={200} />
        <SelectField name="action" label="Action" value={props.action} options={[{ value: '', label: 'All actions' }, ...props.actions.map((a) => ({ value: a, label: a }))]} />
        <button type="submit">Filter</button>
      </form>
      {props.entries.length === 0 ? (
        <p>No entries match.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Audit log entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Target</th>
                <th scope="col">Source address</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {props.entries.map((entry) => (
                <tr>
                  <td>
                    <time datetime={entry.at}>{entry.at}</time>
                  </td>
                  <td>{entry.actor}</td>
                  <td>{entry.action}</td>
                  <td>{entry.target}</td>
                  <td>{entry.ip}</td>
                  <td>{entry.details && <code>{entry.details}</code>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.olderHref && (
        <nav class="pager" aria-label="Pages of the audit log">
          <a href={props.olderHref}>Older entries</a>
        </nav>
      )}
    </AdminPage>
  );
}

export interface SourceView {
  id: number;
  name: string;
  kindLabel: string;
  program: string;
}

export interface SyncRunView {
  id: number;
  sourceName: string;
  startedAt: string;
  finishedAt: string | null;
  dryRun: boolean;
  status: string;
  added: number;
  updated: number;
  unchanged: number;
  errors: number;
  message: string;
  lines: SyncLine[];
}

const SOURCE_LABELS = { name: 'Name', program: 'User program', authProgram: 'Authentication program' };

function runType(run: SyncRunView): string {
  return run.dryRun ? 'Test settings (nothing changed)' : 'Synchronize Now';
}

export function SourcesPage(props: { frame: AdminFrame; sources: SourceView[]; runs: SyncRunView[]; values?: Record<string, string>; errors?: FieldErrors; notice?: string }) {
  const { frame } = props;
  return (
    <AdminPage frame={frame} title="User/Group Sync" section="sources">
      <h1>User/Group Sync</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      <section class="card" aria-labelledby="sources-title">
        <h2 id="sources-title">Sources</h2>
        {props.sources.length === 0 ? (
          <p>No directory source is set up yet: every user is an internal user.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Program</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {props.sources.map((source) => (
                  <tr>
                    <td>{source.name}</td>
                    <td>{source.kindLabel}</td>
                    <td>{source.program ? <code>{source.program}</code> : '—'}</td>
                    <td>
                      <div class="actions">
                        <form method="post" action={`/admin/sources/${source.id}/sync`}>
                          <CsrfField token={frame.csrfToken} />
                          <input type="hidden" name="dryRun" value="on" />
                          <button type="submit" class="button-secondary">
                            Test settings<span class="visually-hidden"> of {source.name}</span>
                          </button>
                        </form>
                        <form method="post" action={`/admin/sources/${source.id}/sync`}>
                          <CsrfField token={frame.csrfToken} />
                          <button type="submit">
                            Synchronize Now<span class="visually-hidden"> from {source.name}</span>
                          </button>
                        </form>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section class="card" aria-labelledby="add-source-title">
        <h2 id="add-source-title">Add a custom program source</h2>
        <p>A program that lists users (and optionally groups) with the PaperCut NG/MF custom user directory protocol, and an optional program that checks passwords.</p>
        <ErrorSummary errors={props.errors} labels={SOURCE_LABELS} />
        <form method="post" action="/admin/sources" novalidate>
          <CsrfField token={frame.csrfToken} />
          <Field name="name" label={SOURCE_LABELS.name} value={props.values?.name} errors={props.errors} required maxLength={100} hint='Such as "Corporate Directory"; shown on the pages of its users.' />
          <Field name="program" label={SOURCE_LABELS.program} value={props.values?.program} errors={props.errors} required hint="Absolute path of an executable, e.g. /opt/quire/users.sh" />
          <Field name="authProgram" label={`${SOURCE_LABELS.authProgram} (optional)`} value={props.values?.authProgram} errors={props.errors} hint="Absolute path; without one, this source's users cannot sign in." />
          <button type="submit">Add source</button>
        </form>
      </section>

      <section class="card" aria-labelledby="runs-title">
        <h2 id="runs-title">Recent synchronizations</h2>
        {props.runs.length === 0 ? (
          <p>None yet.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Source</th>
                  <th scope="col">Type</th>
                  <th scope="col">Status</th>
                  <th scope="col">Summary</th>
                  <th scope="col">Report</th>
                </tr>
              </thead>
              <tbody>
                {props.runs.map((run) => (
                  <tr>
                    <td>
                      <time datetime={run.startedAt}>{run.startedAt}</time>
                    </td>
                    <td>{run.sourceName}</td>
                    <td>{runType(run)}</td>
                    <td>{run.status}</td>
                    <td>{run.message}</td>
                    <td>
                      <a href={`/admin/sync-runs/${run.id}`}>Report {run.id}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </AdminPage>
  );
}

const LINE_LABELS: Record<SyncLine['kind'], [real: string, dryRun: string]> = {
  added: ['Added', 'Would add'],
  updated: ['Updated', 'Would update'],
  renamed: ['Renamed', 'Would rename'],
  conflict: ['Conflict', 'Conflict'],
  error: ['Error', 'Error'],
  missing: ['No longer listed (kept)', 'No longer listed (would keep)'],
};

export function SyncRunPage(props: { frame: AdminFrame; run: SyncRunView }) {
  const { run } = props;
  const counts: [string, number][] = [
    [run.dryRun ? 'Would add' : 'Added', run.added],
    [run.dryRun ? 'Would update' : 'Updated', run.updated],
    ['Unchanged', run.unchanged],
    ['Errors', run.errors],
  ];
  return (
    <AdminPage frame={props.frame} title={`Sync report ${run.id}`} section="sources">
      <p>
        <a href="/admin/sources">Back to User/Group Sync</a>
      </p>
      <h1>
        Sync report {run.id}: {run.sourceName}
      </h1>
      <Notice kind={run.status === 'failed' ? 'error' : run.status === 'running' ? 'info' : 'success'}>
        {run.status === 'running' ? 'This synchronization is still running.' : run.message}
      </Notice>
      <section class="card" aria-labelledby="summary-title">
        <h2 id="summary-title">Summary</h2>
        <dl class="details">
          <dt>Type</dt>
          <dd>{runType(run)}</dd>
          <dt>Status</dt>
          <dd>{run.status}</dd>
          <dt>Started</dt>
          <dd>
            <time datetime={run.startedAt}>{run.startedAt}</time>
          </dd>
          <dt>Finished</dt>
          <dd>{run.finishedAt ? <time datetime={run.finishedAt}>{run.finishedAt}</time> : '—'}</dd>
          {counts.map(([label, count]) => (
            <>
              <dt>{label}</dt>
              <dd>{count}</dd>
            </>
          ))}
        </dl>
      </section>
      <section class="card" aria-labelledby="lines-title">
        <h2 id="lines-title">Details</h2>
        {run.lines.length === 0 ? (
          <p>No user was added, changed or refused.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">What</th>
                  <th scope="col">Username</th>
                  <th scope="col">Detail</th>
                </tr>
              </thead>
              <tbody>
                {run.lines.map((line) => (
                  <tr>
                    <td>{LINE_LABELS[line.kind]?.[run.dryRun ? 1 : 0] ?? line.kind}</td>
                    <td>{line.username}</td>
                    <td>{line.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </AdminPage>
  );
}
