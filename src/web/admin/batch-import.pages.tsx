/**
 * Admin Console → Users → Actions → Batch import: the upload form (file, format, options) and the
 * report of a preview or an import. Works without JavaScript: a plain multipart form.
 */
import type { BatchFormat, BatchReport } from '../../users/batch-import.service.js';
import { DataTable, type Column } from '../components/data-table.js';
import { Checkbox, CsrfField, ErrorSummary, Notice, type FieldErrors } from '../components/forms.js';
import { AdminPage, type AdminFrame } from './admin.pages.js';

export const BATCH_IMPORT_PAGE = '/admin/batch-import';
/** Rejected lines shown on the page; the CLI and the API give all of them. */
const SHOWN_REJECTED = 100;

export interface BatchImportValues {
  format: string;
  createNewUsers: boolean;
  overwriteExisting: boolean;
}

const FORMATS: { value: BatchFormat; label: string; hint: string }[] = [
  {
    value: 'user-update',
    label: 'User update',
    hint: 'Username, then balance, restricted, full name, email, department, office, card/ID, PIN, notes, secondary card/ID… An empty column leaves the detail unchanged.',
  },
  {
    value: 'internal-users',
    label: 'Internal users',
    hint: 'Username, password, then balance, restricted, full name, email, department, office, card/ID, PIN, notes…',
  },
  {
    value: 'card-numbers',
    label: 'Card/ID numbers',
    hint: 'Username, primary card/ID number, optional PIN.',
  },
];

/** A report's counts: each row is named by its label, so the table has no header row. */
const COUNT_COLUMNS: Column<[string, number]>[] = [
  { header: 'Count', rowHeader: true, cell: ([label]) => label },
  { header: 'Lines', cell: ([, value]) => String(value) },
];

const REJECTED_COLUMNS: Column<BatchReport['rejected'][number]>[] = [
  { header: 'Line', cell: (r) => String(r.line) },
  { header: 'Reason', cell: (r) => r.reason },
];

function Report({ report }: { report: BatchReport }) {
  // Nothing was changed unless applied: a refused import's counts are what it would have done.
  const preview = !report.applied;
  const rows: [string, number][] = [
    ['Lines read', report.lines],
    [preview ? 'Would be created' : 'Created', report.created],
    [preview ? 'Would be updated' : 'Updated', report.updated],
    ['Unchanged', report.unchanged],
    ['Skipped (users that do not exist)', report.skipped],
    ['Rejected', report.rejectedCount],
  ];
  return (
    <section aria-labelledby="report-title">
      <h2 id="report-title">
        {report.applied ? 'Import report' : report.rejectedCount > 0 ? 'Not imported' : 'Preview'}
      </h2>
      {report.rejectedCount > 0 ? (
        <Notice kind="error">{`${report.rejectedCount} line(s) were rejected, so nothing was imported. Correct them and try again.`}</Notice>
      ) : report.applied ? (
        <Notice kind="success">The file was imported.</Notice>
      ) : (
        <Notice kind="info">Nothing was changed. Choose Import to apply these changes.</Notice>
      )}
      <DataTable caption="Counts" captionHidden head={false} columns={COUNT_COLUMNS} rows={rows} />
      {report.ignoredColumns.length > 0 && (
        <p>{`Columns Quire does not store, ignored: ${report.ignoredColumns.join(', ')}.`}</p>
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
  maxMegabytes: number;
}) {
  const { values, errors } = props;
  const formatError = errors?.format;
  const fileError = errors?.file;
  return (
    <AdminPage frame={props.frame} title="Batch import" section="users">
      <h1>Batch user import and update</h1>
      <p>
        <a href="/admin/users">Back to Users</a>
      </p>
      <ErrorSummary errors={errors} labels={{ file: 'File', format: 'Format' }} />
      {props.report && <Report report={props.report} />}
      <p>
        PaperCut's tab-separated formats, one user a line, no header line. The import is all or nothing: if
        any line is rejected, nothing changes.
      </p>
      <form method="post" action={BATCH_IMPORT_PAGE} enctype="multipart/form-data">
        {/* First, so that the server checks it before it reads the file. */}
        <CsrfField token={props.frame.csrfToken} />
        <div class={`field${fileError ? ' field-invalid' : ''}`}>
          <label for="field-file">File</label>
          <p
            id="field-file-hint"
            class="hint"
          >{`A UTF-8 text file (.tsv, .txt or .csv), at most ${props.maxMegabytes} MB.`}</p>
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
          <legend>Format</legend>
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
          <legend>Options</legend>
          <Checkbox
            name="createNewUsers"
            label="Create new users"
            checked={values.createNewUsers}
            hint="User update: create users that do not exist yet (as internal users without a password). Otherwise their lines are skipped."
          />
          <Checkbox
            name="overwriteExisting"
            label="Overwrite existing passwords/PINs"
            checked={values.overwriteExisting}
            hint="Internal users: replace existing users' passwords and PINs. Card/ID numbers: replace existing PINs."
          />
        </fieldset>
        <div class="actions">
          <button type="submit" name="action" value="preview">
            Preview
          </button>
          <button type="submit" name="action" value="import">
            Import
          </button>
        </div>
      </form>
    </AdminPage>
  );
}
