/**
 * Admin Console → Job Log: print jobs newest first, filtered by user and printer (a GET form, so
 * it works without JavaScript and a filtered page can be bookmarked), paged by the last job's id,
 * with a link to the same jobs as CSV.
 *
 *   <JobLogPage frame={frame} filter={{ user: 'alice', printer: '' }} jobs={rows} hasMore={false} />
 */
import type { JobRow } from '../../db/accounting.schema.js';
import { DataTable } from '../components/data-table.js';
import { useFormats } from '../components/formats.js';
import { ErrorSummary, Field, type FieldErrors } from '../components/forms.js';
import { useAdminTranslator } from '../components/translation.js';
import { AdminPage, type AdminFrame } from './admin.pages.js';

export const JOBS_PER_PAGE = 50;

export interface JobLogFilter {
  user: string;
  printer: string;
}

/** The filter (and a page cursor) as query parameters; empty ones left out. */
export function jobLogQuery(filter: JobLogFilter, before?: number): string {
  const params = new URLSearchParams();
  if (filter.user) params.set('user', filter.user);
  if (filter.printer) params.set('printer', filter.printer);
  if (before !== undefined) params.set('before', String(before));
  const text = params.toString();
  return text ? `?${text}` : '';
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
  const f = useFormats();
  const { filter, jobs } = props;
  const labels = { user: t.t('admin.jobs.user'), printer: t.t('admin.jobs.printer') };
  const last = jobs[jobs.length - 1];
  return (
    <AdminPage frame={props.frame} title={t.t('admin.jobs.title')} section="jobs">
      <h1>{t.t('admin.jobs.title')}</h1>
      <ErrorSummary errors={props.errors} labels={labels} />
      <form method="get" action="/admin/jobs" role="search" aria-label={t.t('admin.jobs.filter')}>
        <div class="grid-2">
          <Field
            name="user"
            label={labels.user}
            value={filter.user}
            errors={props.errors}
            autocomplete="off"
          />
          <Field
            name="printer"
            label={labels.printer}
            value={filter.printer}
            errors={props.errors}
            hint={t.t('admin.jobs.printerHint')}
            autocomplete="off"
          />
        </div>
        <button type="submit">{t.t('admin.jobs.apply')}</button>
      </form>
      {!props.errors && (
        <>
          <p>
            <a href={`/admin/jobs.csv${jobLogQuery(filter)}`}>{t.t('admin.jobs.csv')}</a>
          </p>
          <DataTable
            caption={t.t('admin.jobs.caption')}
            captionHidden
            columns={[
              {
                header: t.t('admin.jobs.column.when'),
                cell: (job: JobRow) => <time datetime={job.created_at}>{f.dateTime(job.created_at)}</time>,
              },
              { header: t.t('admin.jobs.column.user'), cell: (job) => job.username },
              { header: t.t('admin.jobs.column.printer'), cell: (job) => job.printer_name },
              { header: t.t('admin.jobs.column.document'), cell: (job) => job.document_name },
              { header: t.t('admin.jobs.column.pages'), cell: (job) => f.number(job.total_pages) },
              {
                header: t.t('admin.jobs.column.colorPages'),
                cell: (job) => f.number(job.color_pages * job.copies),
              },
              { header: t.t('admin.jobs.column.cost'), cell: (job) => f.money(job.cost) },
              { header: t.t('admin.jobs.column.status'), cell: (job) => job.status },
            ]}
            rows={jobs}
            empty={t.t('admin.jobs.empty')}
          />
          {(props.before !== undefined || props.hasMore) && (
            <nav class="pager" aria-label={t.t('admin.jobs.pages')}>
              {props.before !== undefined && (
                <a href={`/admin/jobs${jobLogQuery(filter)}`}>{t.t('admin.jobs.newest')}</a>
              )}
              {props.hasMore && last && (
                <a href={`/admin/jobs${jobLogQuery(filter, last.id)}`}>{t.t('admin.jobs.older')}</a>
              )}
            </nav>
          )}
        </>
      )}
    </AdminPage>
  );
}
