/**
 * Admin Console → Users → Actions → Batch import: the upload form (file, format, options) and the
 * report of a preview or an import. Works without JavaScript: a plain multipart form.
 */
import type { BatchFormat } from '../../users/batch-import.parser.js';
import type { BatchReport } from '../../users/batch-import.report.js';
import { DataTable, type Column } from '../components/data-table.js';
import { Checkbox, CsrfField, ErrorSummary, Notice, type FieldErrors } from '../components/forms.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { useAdminTranslator } from '../components/translation.js';
import { AdminPage, type AdminFrame, BackLink } from './admin.pages.js';
import { BatchChanges, ImportPreviewForm } from './batch-preview.pages.js';

export const BATCH_IMPORT_PAGE = '/admin/batch-import';
/** Rejected lines shown on the page; the CLI and the API give all of them. */
const SHOWN_REJECTED = 100;

export interface BatchImportValues {
  format: string;
  createNewUsers: boolean;
  overwriteExisting: boolean;
}

// Module-level English: the Admin Console always renders in English.
const FORMATS: { value: BatchFormat; label: string; hint: string }[] = [
  {
    value: 'user-update',
    label: adminEnglish.t('admin.batch.format.userUpdate'),
    hint: adminEnglish.t('admin.batch.format.userUpdateHint'),
  },
  {
    value: 'internal-users',
    label: adminEnglish.t('admin.batch.format.internalUsers'),
    hint: adminEnglish.t('admin.batch.format.internalUsersHint'),
  },
  {
    value: 'card-numbers',
    label: adminEnglish.t('admin.batch.format.cardNumbers'),
    hint: adminEnglish.t('admin.batch.format.cardNumbersHint'),
  },
];

/** A report's counts: each row is named by its label, so the table has no header row. */
const COUNT_COLUMNS: Column<[string, number]>[] = [
  { header: adminEnglish.t('admin.batch.counts.count'), rowHeader: true, cell: ([label]) => label },
  { header: adminEnglish.t('admin.batch.counts.lines'), cell: ([, value]) => String(value) },
];

const REJECTED_COLUMNS: Column<BatchReport['rejected'][number]>[] = [
  { header: adminEnglish.t('admin.batch.rejected.line'), cell: (r) => String(r.line) },
  { header: adminEnglish.t('admin.batch.rejected.reason'), cell: (r) => r.reason },
];

function Report({ report, children }: { report: BatchReport; children?: preact.ComponentChildren }) {
  // Nothing was changed unless applied: a refused import's counts are what it would have done.
  const t = useAdminTranslator();
  const preview = !report.applied;
  const rows: [string, number][] = [
    [t.t('admin.batch.report.lines'), report.lines],
    [t.t(preview ? 'admin.batch.report.wouldCreate' : 'admin.batch.report.created'), report.created],
    [t.t(preview ? 'admin.batch.report.wouldUpdate' : 'admin.batch.report.updated'), report.updated],
    [t.t('admin.batch.report.unchanged'), report.unchanged],
    [t.t('admin.batch.report.skipped'), report.skipped],
    [t.t('admin.batch.report.rejected'), report.rejectedCount],
  ];
  return (
    <section aria-labelledby="report-title">
      <h2 id="report-title">
        {t.t(
          report.applied
            ? 'admin.batch.report.title'
            : report.rejectedCount > 0
              ? 'admin.batch.report.notImported'
              : 'admin.batch.preview',
        )}
      </h2>
      {report.rejectedCount > 0 ? (
        <Notice kind="error">
          {t.t('admin.batch.report.refused', { count: String(report.rejectedCount) })}
        </Notice>
      ) : report.applied ? (
        <Notice kind="success">{t.t('admin.batch.report.imported')}</Notice>
      ) : (
        <Notice kind="info">{t.t('admin.batch.report.previewNotice')}</Notice>
      )}
      <DataTable
        caption={t.t('admin.batch.counts.caption')}
        captionHidden
        head={false}
        columns={COUNT_COLUMNS}
        rows={rows}
      />
      {children}
      <BatchChanges report={report} />
      {report.ignoredColumns.length > 0 && (
        <p>{t.t('admin.batch.report.ignoredColumns', { columns: report.ignoredColumns.join(', ') })}</p>
      )}
      {report.rejected.length > 0 && (
        <DataTable
          caption={
            report.rejectedCount > SHOWN_REJECTED
              ? `First ${SHOWN_REJECTED} of ${report.rejectedCount} rejected lines`
              : 'Rejected lines'
          }
          columns={REJECTED_COLUMNS}
          rows={report.rejected.slice(0, SHOWN_REJECTED)}
        />
      )}
    </section>
  );
}

export function BatchImportPage(props: {
  frame: AdminFrame;
  values: BatchImportValues;
  errors?: FieldErrors;
  report?: BatchReport;
  /** The kept preview its Import button imports. */
  previewId?: string;
  /** Why a kept preview's Import was refused. */
  refusal?: string;
  maxMegabytes: number;
}) {
  const t = useAdminTranslator();
  const { values, errors } = props;
  const formatError = errors?.format;
  const fileError = errors?.file;
  return (
    <AdminPage frame={props.frame} title={t.t('admin.batch.title')} section="users">
      <h1>{t.t('admin.batch.heading')}</h1>
      <BackLink href="/admin/users" label={t.t('admin.users.back')} />
      <ErrorSummary
        errors={errors}
        labels={{ file: t.t('admin.batch.file'), format: t.t('admin.batch.format') }}
      />
      {props.refusal && <Notice kind="error">{props.refusal}</Notice>}
      {props.report && (
        <Report report={props.report}>
          {props.previewId && (
            <ImportPreviewForm previewId={props.previewId} csrfToken={props.frame.csrfToken} />
          )}
        </Report>
      )}
      <p>{t.t('admin.batch.intro')}</p>
      <form method="post" action={BATCH_IMPORT_PAGE} enctype="multipart/form-data">
        {/* First, so that the server checks it before it reads the file. */}
        <CsrfField token={props.frame.csrfToken} />
        <div class={`field${fileError ? ' field-invalid' : ''}`}>
          <label for="field-file">{t.t('admin.batch.file')}</label>
          <p id="field-file-hint" class="hint">
            {t.t('admin.batch.fileHint', { megabytes: String(props.maxMegabytes) })}
          </p>
          {fileError && (
            <p id="field-file-error" class="field-error">
              {fileError}
            </p>
          )}
          <input
            id="field-file"
            type="file"
            name="file"
            accept=".tsv,.txt,.csv,text/tab-separated-values,text/plain"
            aria-describedby={fileError ? 'field-file-hint field-file-error' : 'field-file-hint'}
            aria-invalid={fileError ? 'true' : undefined}
          />
        </div>
        <fieldset
          class={`field${formatError ? ' field-invalid' : ''}`}
          aria-describedby={formatError ? 'field-format-error' : undefined}
        >
          <legend>{t.t('admin.batch.format')}</legend>
          {formatError && (
            <p id="field-format-error" class="field-error">
              {formatError}
            </p>
          )}
          {FORMATS.map((format) => (
            <div class="field-checkbox">
              <input
                id={`field-format-${format.value}`}
                type="radio"
                name="format"
                value={format.value}
                checked={values.format === format.value}
                aria-describedby={`field-format-${format.value}-hint`}
              />
              <label for={`field-format-${format.value}`}>{format.label}</label>
              <p id={`field-format-${format.value}-hint`} class="hint">
                {format.hint}
              </p>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t.t('admin.batch.options')}</legend>
          <Checkbox
            name="createNewUsers"
            label={t.t('admin.batch.createNewUsers')}
            checked={values.createNewUsers}
            hint={t.t('admin.batch.createNewUsersHint')}
          />
          <Checkbox
            name="overwriteExisting"
            label={t.t('admin.batch.overwriteExisting')}
            checked={values.overwriteExisting}
            hint={t.t('admin.batch.overwriteExistingHint')}
          />
        </fieldset>
        <div class="actions">
          <button type="submit" name="action" value="preview">
            {t.t('admin.batch.preview')}
          </button>
          <button type="submit" name="action" value="import">
            {t.t('admin.batch.import')}
          </button>
        </div>
      </form>
    </AdminPage>
  );
}
