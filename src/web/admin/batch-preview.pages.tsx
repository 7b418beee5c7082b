/**
 * Admin Console → Batch import: what a preview lists under its counts — the users the import
 * creates or changes with the fields each line sets — and the Import button that imports the kept
 * preview (a hidden random id) without the file being chosen again.
 */
import type { AdminMessageKey } from '../../i18n/messages/admin.en.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import type { BatchChange, BatchReport } from '../../users/batch-import.report.js';
import { PREVIEW_MINUTES } from '../../users/batch-import-previews.service.js';
import { DataTable, type Column } from '../components/data-table.js';
import { CsrfField } from '../components/forms.js';
import { useAdminTranslator } from '../components/translation.js';

export const IMPORT_PREVIEW_ACTION = '/admin/batch-import/import';
/** Users listed on the page; the rest are counted ("and N more"). */
const SHOWN_CHANGES = 100;

/** A field's words, looked up in a Map: the names come from the report, never from a request. */
const FIELD_WORDS: ReadonlyMap<string, AdminMessageKey> = new Map(
  (
    [
      'full_name',
      'email',
      'department',
      'office',
      'notes',
      'card_number',
      'card_number2',
      'username_alias',
      'home_folder',
      'password',
      'pin',
    ] as const
  ).map((field) => [field, `admin.batchPreview.field.${field}` as const]),
);

const fieldWords = (fields: string[]) =>
  fields
    .map((field) => adminEnglish.t(FIELD_WORDS.get(field) ?? 'admin.batchPreview.field.notes'))
    .join(', ');

const CHANGE_COLUMNS: Column<BatchChange>[] = [
  { header: adminEnglish.t('admin.batchPreview.column.line'), cell: (c) => String(c.line) },
  { header: adminEnglish.t('admin.batchPreview.column.username'), rowHeader: true, cell: (c) => c.username },
  {
    header: adminEnglish.t('admin.batchPreview.column.action'),
    cell: (c) =>
      adminEnglish.t(
        c.action === 'create' ? 'admin.batchPreview.action.create' : 'admin.batchPreview.action.update',
      ),
  },
  { header: adminEnglish.t('admin.batchPreview.column.fields'), cell: (c) => fieldWords(c.fields) },
];

/** The users a report creates or changes, capped at SHOWN_CHANGES with "and N more". */
export function BatchChanges({ report }: { report: BatchReport }) {
  const t = useAdminTranslator();
  const total = report.created + report.updated;
  if (report.changes.length === 0) return null;
  const shown = report.changes.slice(0, SHOWN_CHANGES);
  return (
    <>
      <DataTable
        caption={
          total > shown.length
            ? t.t('admin.batchPreview.usersCapped', { shown: String(shown.length), total: String(total) })
            : t.t('admin.batchPreview.users')
        }
        columns={CHANGE_COLUMNS}
        rows={shown}
      />
      {total > shown.length && <p>{t.t('admin.batchPreview.more', { count: total - shown.length })}</p>}
    </>
  );
}

/** The kept preview's Import form: a plain POST, no file, works without JavaScript. */
export function ImportPreviewForm({ previewId, csrfToken }: { previewId: string; csrfToken: string }) {
  const t = useAdminTranslator();
  return (
    <form method="post" action={IMPORT_PREVIEW_ACTION}>
      <CsrfField token={csrfToken} />
      <input type="hidden" name="preview" value={previewId} />
      <p>{t.t('admin.batchPreview.importHint', { minutes: String(PREVIEW_MINUTES) })}</p>
      <div class="actions">
        <button type="submit">{t.t('admin.batchPreview.importSubmit')}</button>
      </div>
    </form>
  );
}
