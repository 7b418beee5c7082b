/**
 * Admin Console → Audit Log: who did what to whom, from where, newest first; each action in words
 * ("Password changed"), its details as text, a filter by user, action and days (a GET form, so a
 * filtered page can be bookmarked), the same rows as CSV, and Newest / Older paging.
 *
 *   <AuditLogPage frame={frame} filter={filter} actions={actions} rows={page.rows} {...page} />
 */
import type { AdminMessageKey, AdminTranslator } from '../../i18n/admin-translator.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { auditLogEn } from '../../i18n/messages/admin/audit-log.en.js';
import { DataTable, type Column } from '../components/data-table.js';
import { useFormats } from '../components/formats.js';
import { ErrorSummary, Field, SelectField, type FieldErrors } from '../components/forms.js';
import { useAdminTranslator } from '../components/translation.js';
import { When } from '../components/when.js';
import { AdminPage, type AdminFrame } from './admin.pages.js';
import { CsvLink, LogPager } from './logs.pages.js';

/** An audit entry as the page and the CSV show it. */
export interface AuditEntryView {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  ip: string;
  details: string;
}

/** The Audit Log's filter as typed: the days are `YYYY-MM-DD` in the organisation's time zone. */
export interface AuditFilter {
  user: string;
  action: string;
  from: string;
  to: string;
}

const ACTION_PREFIX = 'admin.audit.do.';

/** Each recorded action's words, from the catalog: a Map, so a stored name never reaches a prototype. */
const ACTION_WORDS = new Map<string, AdminMessageKey>(
  Object.keys(auditLogEn)
    .filter((key) => key.startsWith(ACTION_PREFIX))
    .map((key) => [key.slice(ACTION_PREFIX.length), key as AdminMessageKey]),
);

/** An action in words ("Password changed"); one the catalog does not name, as recorded. */
export function actionWord(t: AdminTranslator, action: string): string {
  const key = ACTION_WORDS.get(action);
  return key ? t.t(key) : action;
}

/** `dryRun` → "dry run", `source_id` → "source id": a detail's name as words. */
function detailName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
}

function detailValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(detailValue).join(', ');
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * The stored details (a JSON object) as text: "dry run: false; removed: 3". Text that is not a
 * JSON object (an older entry) is shown as it is.
 */
export function detailsText(details: string): string {
  if (details === '') return '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return details;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return details;
  return Object.entries(parsed)
    .map(([name, value]) => `${detailName(name)}: ${detailValue(value)}`)
    .join('; ');
}

function auditColumns(t: AdminTranslator): Column<AuditEntryView>[] {
  return [
    { header: t.t('admin.audit.column.when'), cell: (entry) => <When at={entry.at} relative /> },
    { header: t.t('admin.audit.column.who'), cell: (entry) => entry.actor },
    { header: t.t('admin.audit.column.what'), cell: (entry) => actionWord(t, entry.action) },
    { header: t.t('admin.audit.column.target'), cell: (entry) => entry.target },
    { header: t.t('admin.audit.column.ip'), cell: (entry) => entry.ip },
    { header: t.t('admin.audit.column.details'), cell: (entry) => detailsText(entry.details) },
  ];
}

/** The labels of the filter's fields, for the error summary. */
export const AUDIT_FILTER_LABELS: Record<keyof AuditFilter, string> = {
  user: adminEnglish.t('admin.audit.user'),
  action: adminEnglish.t('admin.audit.action'),
  from: adminEnglish.t('admin.logs.from'),
  to: adminEnglish.t('admin.logs.to'),
};

function AuditFilterForm(props: { filter: AuditFilter; actions: string[]; errors?: FieldErrors }) {
  const t = useAdminTranslator();
  const zone = useFormats().settings.timeZone;
  const { filter, errors } = props;
  return (
    <form method="get" action="/admin/audit" role="search" aria-label={t.t('admin.audit.filter')}>
      <div class="grid-2">
        <Field
          name="user"
          label={AUDIT_FILTER_LABELS.user}
          type="search"
          value={filter.user}
          hint={t.t('admin.audit.userHint')}
          maxLength={200}
        />
        <SelectField
          name="action"
          label={AUDIT_FILTER_LABELS.action}
          value={filter.action}
          options={[
            { value: '', label: t.t('admin.audit.allActions') },
            ...props.actions.map((a) => ({ value: a, label: actionWord(t, a) })),
          ]}
        />
        <Field
          name="from"
          type="date"
          label={AUDIT_FILTER_LABELS.from}
          value={filter.from}
          errors={errors}
          hint={t.t('admin.logs.fromHint', { zone })}
        />
        <Field
          name="to"
          type="date"
          label={AUDIT_FILTER_LABELS.to}
          value={filter.to}
          errors={errors}
          hint={t.t('admin.logs.toHint', { zone })}
        />
      </div>
      <button type="submit">{t.t('admin.audit.submitFilter')}</button>
    </form>
  );
}

export function AuditLogPage(props: {
  frame: AdminFrame;
  filter: AuditFilter;
  actions: string[];
  rows: AuditEntryView[];
  before?: number;
  hasMore: boolean;
  errors?: FieldErrors;
}) {
  const t = useAdminTranslator();
  return (
    <AdminPage frame={props.frame} title={t.t('admin.audit.title')} section="audit">
      <h1>{t.t('admin.audit.title')}</h1>
      <ErrorSummary errors={props.errors} labels={AUDIT_FILTER_LABELS} />
      <AuditFilterForm filter={props.filter} actions={props.actions} errors={props.errors} />
      {!props.errors && (
        <CsvLink path="/admin/audit.csv" filter={props.filter} label={t.t('admin.audit.csv')} />
      )}
      <DataTable
        caption={t.t('admin.audit.caption')}
        captionHidden
        columns={auditColumns(t)}
        rows={props.rows}
        empty={t.t('admin.audit.empty')}
      />
      <LogPager
        path="/admin/audit"
        filter={props.filter}
        label={t.t('admin.audit.pages')}
        before={props.before}
        hasMore={props.hasMore}
        lastId={props.rows.at(-1)?.id}
      />
    </AdminPage>
  );
}
