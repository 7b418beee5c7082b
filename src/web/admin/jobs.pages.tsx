/**
 * Admin Console → Logs → Job Log: print jobs newest first, filtered by user, printer, account and
 * days (logs.pages.tsx: the form, the CSV link and the paging every log shares), paged by the last
 * job's id.
 *
 *   <JobLogPage frame={frame} filter={{ user: 'alice', printer: '', account: '', from: '', to: '' }} jobs={rows} hasMore={false} />
 */
import type { JobRow } from '../../db/accounting.schema.js';
import { DataTable } from '../components/data-table.js';
import { useFormats } from '../components/formats.js';
import { ErrorSummary, Field, type FieldErrors } from '../components/forms.js';
import { useAdminTranslator } from '../components/translation.js';
import { When } from '../components/when.js';
import { AdminPage, type AdminFrame } from './admin.pages.js';
import type { LogFilter } from './log-filter.js';
import { CsvLink, jobStatusWord, LogFilterForm, LogPager, logFilterLabels } from './logs.pages.js';

export const JOBS_PER_PAGE = 50;

export interface JobLogFilter extends LogFilter {
  /** "server\queue", or a queue name only one server has. */
  printer: string;
}

export function JobLogPage(props: {
  frame: AdminFrame;
  filter: JobLogFilter;
  jobs: JobRow[];
  before?: number;
  hasMore: boolean;
  errors?: FieldErrors;
}) {
  const t = useAdminTranslator();
  const { filter, jobs } = props;
  const labels = { ...logFilterLabels(t), printer: t.t('admin.jobs.printer') };
  return (
    <AdminPage frame={props.frame} title={t.t('admin.jobs.title')} section="logs" tab="/admin/jobs">
      <h1>{t.t('admin.jobs.title')}</h1>
      <ErrorSummary errors={props.errors} labels={labels} />
      <LogFilterForm
        action="/admin/jobs"
        label={t.t('admin.jobs.filter')}
        submit={t.t('admin.jobs.apply')}
        filter={filter}
        errors={props.errors}
      >
        <Field
          name="printer"
          label={labels.printer}
          value={filter.printer}
          errors={props.errors}
          hint={t.t('admin.jobs.printerHint')}
          autocomplete="off"
        />
      </LogFilterForm>
      {!props.errors && (
        <>
          <CsvLink path="/admin/jobs.csv" filter={filter} label={t.t('admin.jobs.csv')} />
          <JobTable jobs={jobs} />
          <LogPager
            path="/admin/jobs"
            filter={filter}
            label={t.t('admin.jobs.pages')}
            before={props.before}
            hasMore={props.hasMore}
            lastId={jobs.at(-1)?.id}
          />
        </>
      )}
    </AdminPage>
  );
}

/** The jobs as a table, newest first: the Job Log's and a user's Job Log tab's. */
export function JobTable({ jobs }: { jobs: JobRow[] }) {
  const t = useAdminTranslator();
  const f = useFormats();
  return (
    <DataTable
      caption={t.t('admin.jobs.caption')}
      captionHidden
      columns={[
        { header: t.t('admin.jobs.column.when'), cell: (job: JobRow) => <When at={job.created_at} /> },
        { header: t.t('admin.jobs.column.user'), cell: (job) => job.username },
        { header: t.t('admin.jobs.column.printer'), cell: (job) => job.printer_name },
        { header: t.t('admin.logs.column.account'), cell: (job) => job.account_name },
        { header: t.t('admin.jobs.column.document'), cell: (job) => job.document_name },
        { header: t.t('admin.jobs.column.pages'), cell: (job) => f.number(job.total_pages) },
        {
          header: t.t('admin.jobs.column.colorPages'),
          cell: (job) => f.number(job.color_pages * job.copies),
        },
        { header: t.t('admin.jobs.column.cost'), cell: (job) => f.money(job.cost) },
        { header: t.t('admin.jobs.column.status'), cell: (job) => jobStatusWord(t, job.status) },
      ]}
      rows={jobs}
      empty={t.t('admin.jobs.empty')}
    />
  );
}
