/**
 * Admin Console → Operations: what an operator checks first — this release and Node.js, the
 * database and its schema, the servers seen recently on this database, each source's last sync,
 * users by source, and whether mail can be sent. Read-only; works without JavaScript.
 *
 *   <OperationsPage frame={frame} view={view} />
 */
import { When } from '../components/when.js';
import type { MailFailure } from '../../mail/mail.service.js';
import { DataTable, type Column } from '../components/data-table.js';
import { Notice } from '../components/forms.js';
import { adminEnglish, type AdminMessageKey } from '../../i18n/admin-translator.js';
import { useAdminTranslator } from '../components/translation.js';
import { AdminPage, type AdminFrame } from './admin.pages.js';
import { runStatus } from './sources.pages.js';

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
  mail: {
    configured: boolean;
    registrationOn: boolean;
    fromConfig: boolean;
    lastFailure: MailFailure | null;
  };
}

/** The binary units above bytes, each a catalog message taking a one-decimal value. */
const BYTE_UNITS = [
  'admin.operations.kib',
  'admin.operations.mib',
  'admin.operations.gib',
  'admin.operations.tib',
] as const satisfies readonly AdminMessageKey[];

/** 1536 → "1.5 KiB", 512 → "512 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return adminEnglish.t('admin.operations.bytes', { count: bytes });
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return adminEnglish.t(BYTE_UNITS[unit]!, { value });
}

const INSTANCE_COLUMNS: Column<OperationsView['instances'][number]>[] = [
  { header: adminEnglish.t('admin.operations.servers.host'), cell: (instance) => instance.hostname },
  { header: adminEnglish.t('admin.operations.servers.process'), cell: (instance) => instance.pid },
  { header: adminEnglish.t('admin.operations.servers.version'), cell: (instance) => instance.version },
  {
    header: adminEnglish.t('admin.operations.servers.started'),
    cell: (instance) => <When at={instance.startedAt} />,
  },
  {
    header: adminEnglish.t('admin.operations.servers.lastSeen'),
    cell: (instance) => <When at={instance.lastSeenAt} relative />,
  },
];

/** A source never synchronized has one cell in place of Status, Finished and Message. */
const LAST_RUN_COLUMNS: Column<OperationsView['lastRuns'][number]>[] = [
  { header: adminEnglish.t('admin.operations.lastSync.source'), cell: (row) => row.source },
  {
    header: adminEnglish.t('admin.operations.lastSync.status'),
    span: (row) => (row.last ? 1 : 3),
    cell: (row) => (row.last ? runStatus(row.last.status) : adminEnglish.t('admin.sources.neverRun')),
  },
  {
    header: adminEnglish.t('admin.operations.lastSync.finished'),
    cell: (row) => row.last && <When at={row.last.finishedAt} />,
  },
  { header: adminEnglish.t('admin.operations.lastSync.message'), cell: (row) => row.last?.message },
  {
    header: adminEnglish.t('admin.operations.lastSync.lastSuccess'),
    cell: (row) =>
      row.lastSuccessAt ? <When at={row.lastSuccessAt} /> : adminEnglish.t('admin.operations.lastSync.never'),
  },
  {
    header: adminEnglish.t('admin.operations.lastSync.report'),
    cell: (row) =>
      row.last ? (
        <a href={`/admin/sync-runs/${row.last.id}`}>
          {adminEnglish.t('admin.sources.report', { id: row.last.id })}
          <span class="visually-hidden">
            {' '}
            {adminEnglish.t('admin.operations.lastSync.reportOf', { source: row.source })}
          </span>
        </a>
      ) : (
        '—'
      ),
  },
];

const USERS_BY_SOURCE_COLUMNS: Column<OperationsView['usersBySource'][number]>[] = [
  { header: adminEnglish.t('admin.operations.usersBySource.source'), cell: (row) => row.source },
  { header: adminEnglish.t('admin.operations.usersBySource.enabled'), cell: (row) => row.enabled },
  { header: adminEnglish.t('admin.operations.usersBySource.disabled'), cell: (row) => row.disabled },
];

function SchemaStatus({ schema }: { schema: OperationsView['schema'] }) {
  const t = useAdminTranslator();
  if (schema.unknown.length > 0)
    return <>{t.t('admin.operations.schemaNewer', { names: schema.unknown.join(', ') })}</>;
  if (schema.pending.length > 0)
    return (
      <>
        {t.t('admin.operations.schemaPending', {
          count: String(schema.pending.length),
          names: schema.pending.join(', '),
        })}
      </>
    );
  return <>{t.t('admin.operations.schemaApplied', { count: String(schema.applied) })}</>;
}

export function OperationsPage({ frame, view }: { frame: AdminFrame; view: OperationsView }) {
  const t = useAdminTranslator();
  const { database, mail } = view;
  return (
    <AdminPage frame={frame} title={t.t('admin.operations.title')} section="operations">
      <h1>{t.t('admin.operations.title')}</h1>

      <section class="card" aria-labelledby="server-title">
        <h2 id="server-title">{t.t('admin.operations.server')}</h2>
        <dl class="details">
          <dt>{t.t('admin.operations.quireVersion')}</dt>
          <dd>{view.quireVersion}</dd>
          <dt>{t.t('admin.operations.nodeVersion')}</dt>
          <dd>{view.nodeVersion}</dd>
          <dt>{t.t('admin.operations.database')}</dt>
          <dd>
            {database.kind === 'postgres' ? `PostgreSQL ${database.version}` : `SQLite ${database.version}`}
          </dd>
          <dt>{t.t('admin.operations.databaseSize')}</dt>
          <dd>{formatBytes(database.sizeBytes)}</dd>
          <dt>{t.t('admin.operations.schema')}</dt>
          <dd>
            <SchemaStatus schema={view.schema} />
          </dd>
        </dl>
      </section>

      <section class="card" aria-labelledby="instances-title">
        <h2 id="instances-title">{t.t('admin.operations.servers')}</h2>
        <p>{t.t('admin.operations.serversIntro', { minutes: String(view.recentMinutes) })}</p>
        <DataTable
          caption={t.t('admin.operations.servers.caption')}
          captionHidden
          columns={INSTANCE_COLUMNS}
          rows={view.instances}
          empty={<>{t.rich('admin.operations.noServers', { command: <code>quire serve</code> })}</>}
        />
      </section>

      <section class="card" aria-labelledby="sync-title">
        <h2 id="sync-title">{t.t('admin.operations.lastSync')}</h2>
        <DataTable
          caption={t.t('admin.operations.lastSync.caption')}
          captionHidden
          columns={LAST_RUN_COLUMNS}
          rows={view.lastRuns}
          empty={t.t('admin.operations.noSources')}
        />
      </section>

      <section class="card" aria-labelledby="users-title">
        <h2 id="users-title">{t.t('admin.operations.usersBySource')}</h2>
        <DataTable
          caption={t.t('admin.operations.usersBySource.caption')}
          captionHidden
          columns={USERS_BY_SOURCE_COLUMNS}
          rows={view.usersBySource}
        />
      </section>

      <section class="card" aria-labelledby="mail-title">
        <h2 id="mail-title">{t.t('admin.operations.email')}</h2>
        <p>
          {mail.configured
            ? mail.fromConfig
              ? t.t('admin.operations.mailFromConfig')
              : t.t('admin.operations.mailFromPage')
            : t.t('admin.operations.noMail')}{' '}
          <a href="/admin/options/email">{t.t('admin.operations.emailSettings')}</a>
        </p>
        {!mail.configured && (
          <Notice kind="warning">
            {t.t('admin.mailNeeded.resetHidden')}
            {mail.registrationOn && <> {t.t('admin.mailNeeded.registrationOn')}</>}
          </Notice>
        )}
        {mail.lastFailure && (
          <Notice kind="warning">
            {t.rich('admin.mail.lastFailure', { at: <When at={mail.lastFailure.at} /> })}{' '}
            <code>{mail.lastFailure.message}</code>
          </Notice>
        )}
      </section>
    </AdminPage>
  );
}
