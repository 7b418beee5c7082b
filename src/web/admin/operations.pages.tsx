/**
 * Admin Console → Operations: what an operator checks first — this release and Node.js, the
 * database and its schema, the servers seen recently on this database, each source's last sync,
 * users by source, and whether mail can be sent. Read-only; works without JavaScript.
 *
 *   <OperationsPage frame={frame} view={view} />
 */
import type { MailFailure } from '../../mail/mail.service.js';
import { DataTable, type Column } from '../components/data-table.js';
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

const INSTANCE_COLUMNS: Column<OperationsView['instances'][number]>[] = [
  { header: 'Host', cell: (instance) => instance.hostname },
  { header: 'Process', cell: (instance) => instance.pid },
  { header: 'Version', cell: (instance) => instance.version },
  { header: 'Started', cell: (instance) => <Time at={instance.startedAt} /> },
  { header: 'Last seen', cell: (instance) => <Time at={instance.lastSeenAt} /> },
];

/** A source never synchronized has one cell in place of Status, Finished and Message. */
const LAST_RUN_COLUMNS: Column<OperationsView['lastRuns'][number]>[] = [
  { header: 'Source', cell: (row) => row.source },
  {
    header: 'Status',
    span: (row) => (row.last ? 1 : 3),
    cell: (row) => row.last?.status ?? 'Never synchronized',
  },
  { header: 'Finished', cell: (row) => row.last && <Time at={row.last.finishedAt} /> },
  { header: 'Message', cell: (row) => row.last?.message },
  { header: 'Last success', cell: (row) => (row.lastSuccessAt ? <Time at={row.lastSuccessAt} /> : 'Never') },
  {
    header: 'Report',
    cell: (row) =>
      row.last ? (
        <a href={`/admin/sync-runs/${row.last.id}`}>
          Report {row.last.id}
          <span class="visually-hidden"> of {row.source}</span>
        </a>
      ) : (
        '—'
      ),
  },
];

const USERS_BY_SOURCE_COLUMNS: Column<OperationsView['usersBySource'][number]>[] = [
  { header: 'Source', cell: (row) => row.source },
  { header: 'Enabled', cell: (row) => row.enabled },
  { header: 'Disabled', cell: (row) => row.disabled },
];

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
        <DataTable
          caption="Servers seen recently, most recently started first"
          captionHidden
          columns={INSTANCE_COLUMNS}
          rows={view.instances}
          empty={
            <>
              No server has checked in recently (servers check in only when started with{' '}
              <code>quire serve</code>).
            </>
          }
        />
      </section>

      <section class="card" aria-labelledby="sync-title">
        <h2 id="sync-title">Last synchronization per source</h2>
        <DataTable
          caption="Each source's last finished synchronization"
          captionHidden
          columns={LAST_RUN_COLUMNS}
          rows={view.lastRuns}
          empty="No directory source is set up: every user is an internal user."
        />
      </section>

      <section class="card" aria-labelledby="users-title">
        <h2 id="users-title">Users by source</h2>
        <DataTable
          caption="Users by source, enabled and disabled"
          captionHidden
          columns={USERS_BY_SOURCE_COLUMNS}
          rows={view.usersBySource}
        />
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
