/**
 * Admin Console → Operations: what an operator checks first — this release and Node.js, the
 * database and its schema, the servers seen recently on this database, each source's last sync,
 * users by source, and whether mail can be sent. Read-only; works without JavaScript.
 *
 *   <OperationsPage frame={frame} view={view} />
 */
import type { MailFailure } from '../../mail/mail.service.js';
import { Notice } from '../components/forms.js';
import { AdminPage, type AdminFrame } from './admin.pages.js';

export const OPERATIONS_PAGE = '/admin/operations';

export interface OperationsView {
  quireVersion: string;
  nodeVersion: string;
  database: { kind: 'sqlite' | 'postgres'; version: string; sizeBytes: number };
  schema: { applied: number; pending: string[]; unknown: string[] };
  /** Servers seen within the last `recentMinutes`. */
  instances: { hostname: string; pid: number; version: string; startedAt: string; lastSeenAt: string }[];
  recentMinutes: number;
  lastRuns: {
    source: string;
    last: { id: number; status: string; finishedAt: string; message: string } | null;
    lastSuccessAt: string | null;
  }[];
  usersBySource: { source: string; enabled: number; disabled: number }[];
  mail: { configured: boolean; fromConfig: boolean; lastFailure: MailFailure | null };
}

/** 1536 → "1.5 MiB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

const Time = ({ at }: { at: string }) => <time datetime={at}>{at}</time>;

function SchemaStatus({ schema }: { schema: OperationsView['schema'] }) {
  if (schema.unknown.length > 0) return <>Newer than this server: {schema.unknown.join(', ')} unknown</>;
  if (schema.pending.length > 0)
    return (
      <>
        {schema.pending.length} migrations pending: {schema.pending.join(', ')}
      </>
    );
  return <>{schema.applied} migrations applied, none pending</>;
}

export function OperationsPage({ frame, view }: { frame: AdminFrame; view: OperationsView }) {
  const { database, mail } = view;
  return (
    <AdminPage frame={frame} title="Operations" section="operations">
      <h1>Operations</h1>

      <section class="card" aria-labelledby="server-title">
        <h2 id="server-title">Server and database</h2>
        <dl class="details">
          <dt>Quire version</dt>
          <dd>{view.quireVersion}</dd>
          <dt>Node.js version</dt>
          <dd>{view.nodeVersion}</dd>
          <dt>Database</dt>
          <dd>
            {database.kind === 'postgres' ? `PostgreSQL ${database.version}` : `SQLite ${database.version}`}
          </dd>
          <dt>Database size</dt>
          <dd>{formatBytes(database.sizeBytes)}</dd>
          <dt>Schema</dt>
          <dd>
            <SchemaStatus schema={view.schema} />
          </dd>
        </dl>
      </section>

      <section class="card" aria-labelledby="instances-title">
        <h2 id="instances-title">Servers</h2>
        <p>
          Quire servers that used this database in the last {view.recentMinutes} minutes. Each running server
          checks in every 30 seconds.
        </p>
        {view.instances.length === 0 ? (
          <p>
            No server has checked in recently (servers check in only when started with{' '}
            <code>quire serve</code>).
          </p>
        ) : (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Servers seen recently, most recently started first</caption>
              <thead>
                <tr>
                  <th scope="col">Host</th>
                  <th scope="col">Process</th>
                  <th scope="col">Version</th>
                  <th scope="col">Started</th>
                  <th scope="col">Last seen</th>
                </tr>
              </thead>
              <tbody>
                {view.instances.map((instance) => (
                  <tr>
                    <td>{instance.hostname}</td>
                    <td>{instance.pid}</td>
                    <td>{instance.version}</td>
                    <td>
                      <Time at={instance.startedAt} />
                    </td>
                    <td>
                      <Time at={instance.lastSeenAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section class="card" aria-labelledby="sync-title">
        <h2 id="sync-title">Last synchronization per source</h2>
        {view.lastRuns.length === 0 ? (
          <p>No directory source is set up: every user is an internal user.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Each source's last finished synchronization</caption>
              <thead>
                <tr>
                  <th scope="col">Source</th>
                  <th scope="col">Status</th>
                  <th scope="col">Finished</th>
                  <th scope="col">Message</th>
                  <th scope="col">Last success</th>
                  <th scope="col">Report</th>
                </tr>
              </thead>
              <tbody>
                {view.lastRuns.map((row) => (
                  <tr>
                    <td>{row.source}</td>
                    {row.last ? (
                      <>
                        <td>{row.last.status}</td>
                        <td>
                          <Time at={row.last.finishedAt} />
                        </td>
                        <td>{row.last.message}</td>
                      </>
                    ) : (
                      <td colSpan={3}>Never synchronized</td>
                    )}
                    <td>{row.lastSuccessAt ? <Time at={row.lastSuccessAt} /> : 'Never'}</td>
                    <td>
                      {row.last ? (
                        <a href={`/admin/sync-runs/${row.last.id}`}>
                          Report {row.last.id}
                          <span class="visually-hidden"> of {row.source}</span>
                        </a>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section class="card" aria-labelledby="users-title">
        <h2 id="users-title">Users by source</h2>
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Users by source, enabled and disabled</caption>
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">Enabled</th>
                <th scope="col">Disabled</th>
              </tr>
            </thead>
            <tbody>
              {view.usersBySource.map((row) => (
                <tr>
                  <td>{row.source}</td>
                  <td>{row.enabled}</td>
                  <td>{row.disabled}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section class="card" aria-labelledby="mail-title">
        <h2 id="mail-title">Email</h2>
        <p>
          {mail.configured
            ? mail.fromConfig
              ? 'A mail server is configured by QUIRE_SMTP_URL.'
              : 'A mail server is configured on the Email page.'
            : 'No mail server is configured: Quire cannot send password reset links or account notices.'}{' '}
          <a href="/admin/options/email">Email settings</a>
        </p>
        {mail.lastFailure && (
          <Notice kind="warning">
            The last message that could not be sent failed at <Time at={mail.lastFailure.at} />:{' '}
            <code>{mail.lastFailure.message}</code>
          </Notice>
        )}
      </section>
    </AdminPage>
  );
}
