/**
 * Admin Console → Dashboard, the console's first page: pages and jobs printed today and this week
 * (in the organisation's time zone), the personal balances, the week's top printers and users
 * (each a link to their jobs in the Job Log), printers needing attention (stopped, unreachable, out
 * of paper…), and the latest denied jobs with the reason.
 *
 *   <DashboardPage frame={frame} summary={summary} attention={await printerStatus.needingAttention()} />
 */
import { dateText } from '../../accounts/calendar.js';
import type { JobRow } from '../../db/accounting.schema.js';
import type { DashboardSummary } from '../../jobs/dashboard.service.js';
import type { PrintRanking } from '../../jobs/jobs.repository.js';
import { DataTable } from '../components/data-table.js';
import { useFormats } from '../components/formats.js';
import { useAdminTranslator } from '../components/translation.js';
import { When } from '../components/when.js';
import type { NamedPrinterStatus } from '../../print/forwarding/printer-status.js';
import { AdminPage, type AdminFrame } from './admin.pages.js';
import { PrinterStatusText } from './printer-status.js';
import { printerHref, printerName } from './printers.pages.js';
import { filterQueryString } from './log-filter.js';

export function DashboardPage(props: {
  frame: AdminFrame;
  summary: DashboardSummary;
  /** Printers stopped, unreachable or reporting a problem. */
  attention: NamedPrinterStatus[];
}) {
  const t = useAdminTranslator();
  const { summary } = props;
  const title = t.t('admin.dashboard.title');
  return (
    <AdminPage frame={props.frame} title={title} section="dashboard">
      <h1>{title}</h1>
      <Figures summary={summary} />
      <NeedingAttention printers={props.attention} />
      <Ranking
        id="top-printers"
        title={t.t('admin.dashboard.topPrinters')}
        header={t.t('admin.dashboard.column.printer')}
        filter="printer"
        rows={summary.topPrinters}
        weekStart={summary.weekStart}
      />
      <Ranking
        id="top-users"
        title={t.t('admin.dashboard.topUsers')}
        header={t.t('admin.dashboard.column.user')}
        filter="user"
        rows={summary.topUsers}
        weekStart={summary.weekStart}
      />
      <Denied jobs={summary.denied} />
    </AdminPage>
  );
}

function Figures({ summary }: { summary: DashboardSummary }) {
  const t = useAdminTranslator();
  const f = useFormats();
  const zone = f.settings.timeZone;
  return (
    <section class="card" aria-labelledby="printing-title">
      <h2 id="printing-title">{t.t('admin.dashboard.printing')}</h2>
      <dl class="details">
        <dt>{t.t('admin.dashboard.pagesToday')}</dt>
        <dd>{f.number(summary.today.pages)}</dd>
        <dt>{t.t('admin.dashboard.jobsToday')}</dt>
        <dd>{f.number(summary.today.jobs)}</dd>
        <dt>{t.t('admin.dashboard.pagesWeek')}</dt>
        <dd>{f.number(summary.week.pages)}</dd>
        <dt>{t.t('admin.dashboard.jobsWeek')}</dt>
        <dd>{f.number(summary.week.jobs)}</dd>
        <dt>{t.t('admin.dashboard.personal')}</dt>
        <dd>
          {t.t('admin.dashboard.personalValue', {
            total: f.money(summary.personal.balance),
            accounts: summary.personal.accounts,
          })}
        </dd>
      </dl>
      <p class="hint">{t.t('admin.dashboard.period', { date: f.date(summary.weekStart), zone })}</p>
    </section>
  );
}

/** A top-5 list; each name links to its jobs this week in the Job Log. */
function Ranking(props: {
  id: string;
  title: string;
  header: string;
  filter: 'printer' | 'user';
  rows: PrintRanking[];
  weekStart: string;
}) {
  const t = useAdminTranslator();
  const f = useFormats();
  const from = dateText(new Date(props.weekStart), f.settings.timeZone);
  const href = (name: string) => `/admin/jobs${filterQueryString({ [props.filter]: name, from })}`;
  return (
    <section class="card" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <DataTable
        caption={props.title}
        captionHidden
        columns={[
          {
            header: props.header,
            rowHeader: true,
            cell: (row: PrintRanking) => <a href={href(row.name)}>{row.name}</a>,
          },
          { header: t.t('admin.dashboard.column.pages'), cell: (row) => f.number(row.pages) },
          { header: t.t('admin.dashboard.column.jobs'), cell: (row) => f.number(row.jobs) },
        ]}
        rows={props.rows}
        empty={t.t('admin.dashboard.nothingPrinted')}
      />
    </section>
  );
}

function Denied({ jobs }: { jobs: JobRow[] }) {
  const t = useAdminTranslator();
  return (
    <section class="card" aria-labelledby="denied-title">
      <h2 id="denied-title">{t.t('admin.dashboard.denied')}</h2>
      <DataTable
        caption={t.t('admin.dashboard.deniedCaption')}
        captionHidden
        columns={[
          { header: t.t('admin.dashboard.column.when'), cell: (job: JobRow) => <When at={job.created_at} /> },
          { header: t.t('admin.dashboard.column.user'), cell: (job) => job.username },
          { header: t.t('admin.dashboard.column.printer'), cell: (job) => job.printer_name },
          { header: t.t('admin.dashboard.column.document'), cell: (job) => job.document_name },
          { header: t.t('admin.dashboard.column.reason'), cell: (job) => job.reason },
        ]}
        rows={jobs}
        empty={t.t('admin.dashboard.deniedEmpty')}
      />
      <p>
        <a href="/admin/jobs">{t.t('admin.dashboard.jobLog')}</a>
      </p>
    </section>
  );
}

/** The Dashboard's list of printers stopped, unreachable or reporting a problem. */
export function NeedingAttention({ printers }: { printers: NamedPrinterStatus[] }) {
  const t = useAdminTranslator();
  const title = t.t('admin.printerStatus.attention');
  return (
    <section class="card" aria-labelledby="attention-title">
      <h2 id="attention-title">{title}</h2>
      <DataTable
        caption={title}
        captionHidden
        columns={[
          {
            header: t.t('admin.printerStatus.column.printer'),
            rowHeader: true,
            cell: (p: NamedPrinterStatus) => (
              <a href={printerHref({ id: p.printerId })}>
                {printerName({ server_name: p.server, name: p.name })}
              </a>
            ),
          },
          { header: t.t('admin.printerStatus.column'), cell: (p) => <PrinterStatusText status={p} /> },
          { header: t.t('admin.printerStatus.message'), cell: (p) => p.message },
          { header: t.t('admin.printerStatus.checked'), cell: (p) => <When at={p.checkedAt} /> },
        ]}
        rows={printers}
        empty={t.t('admin.printerStatus.attentionEmpty')}
      />
    </section>
  );
}
