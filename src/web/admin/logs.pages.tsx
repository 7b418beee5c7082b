/**
 * What the Admin Console's logs (Logs → Job Log, Transaction Log) show alike: the filter form (a
 * GET form, so it works without JavaScript and a filtered page can be bookmarked) with the user,
 * account and date fields, the CSV link, and the Newest / Older links that page by the last row's
 * id and keep the filter; and the words for a ledger row's type and a job's status.
 *
 *   <LogFilterForm action="/admin/jobs" label="Filter jobs" submit="Show jobs" filter={filter}>
 *     <Field name="printer" … />
 *   </LogFilterForm>
 */
import type { ComponentChildren } from 'preact';
import type { JobStatus, LedgerType } from '../../db/accounting.schema.js';
import type { AdminMessageKey, AdminTranslator } from '../../i18n/admin-translator.js';
import { useFormats } from '../components/formats.js';
import { Field, type FieldErrors } from '../components/forms.js';
import { useAdminTranslator } from '../components/translation.js';
import { filterQueryString, type LogFilter } from './log-filter.js';

/** The labels of the shared fields, for the error summary (the page adds its own). */
export function logFilterLabels(t: AdminTranslator): Record<keyof LogFilter, string> {
  return {
    user: t.t('admin.logs.user'),
    account: t.t('admin.logs.account'),
    from: t.t('admin.logs.from'),
    to: t.t('admin.logs.to'),
  };
}

export function LogFilterForm(props: {
  action: string;
  /** Names the search landmark. */
  label: string;
  submit: string;
  filter: LogFilter;
  errors?: FieldErrors;
  userHint?: string;
  /** The page's own fields, after the user. */
  children?: ComponentChildren;
}) {
  const t = useAdminTranslator();
  const zone = useFormats().settings.timeZone;
  const { filter, errors } = props;
  const labels = logFilterLabels(t);
  return (
    <form method="get" action={props.action} role="search" aria-label={props.label}>
      <div class="grid-2">
        <Field
          name="user"
          label={labels.user}
          value={filter.user}
          errors={errors}
          hint={props.userHint}
          autocomplete="off"
        />
        {props.children}
        <Field
          name="account"
          label={labels.account}
          value={filter.account}
          errors={errors}
          hint={t.t('admin.logs.accountHint')}
          autocomplete="off"
        />
        <Field
          name="from"
          type="date"
          label={labels.from}
          value={filter.from}
          errors={errors}
          hint={t.t('admin.logs.fromHint', { zone })}
        />
        <Field
          name="to"
          type="date"
          label={labels.to}
          value={filter.to}
          errors={errors}
          hint={t.t('admin.logs.toHint', { zone })}
        />
      </div>
      <button type="submit">{props.submit}</button>
    </form>
  );
}

/** The download link of the same rows as CSV. */
export function CsvLink(props: { path: string; filter: object; label: string }) {
  return (
    <p>
      <a href={`${props.path}${filterQueryString(props.filter)}`}>{props.label}</a>
    </p>
  );
}

/** Newest (when this is not the first page) and Older (when more rows follow) links. */
export function LogPager(props: {
  path: string;
  filter: object;
  label: string;
  before?: number;
  hasMore: boolean;
  /** The id of the last row shown: the next page starts below it. */
  lastId?: number;
}) {
  const t = useAdminTranslator();
  if (props.before === undefined && !props.hasMore) return null;
  return (
    <nav class="pager" aria-label={props.label}>
      {props.before !== undefined && (
        <a href={`${props.path}${filterQueryString(props.filter)}`}>{t.t('admin.logs.newest')}</a>
      )}
      {props.hasMore && props.lastId !== undefined && (
        <a href={`${props.path}${filterQueryString(props.filter, props.lastId)}`}>
          {t.t('admin.logs.older')}
        </a>
      )}
    </nav>
  );
}

const LEDGER_TYPES = new Map<LedgerType, AdminMessageKey>([
  ['adjustment', 'admin.ledgerType.adjustment'],
  ['print-charge', 'admin.ledgerType.printCharge'],
  ['refund', 'admin.ledgerType.refund'],
  ['quota', 'admin.ledgerType.quota'],
  ['initial-credit', 'admin.ledgerType.initialCredit'],
  ['transfer', 'admin.ledgerType.transfer'],
  ['card-redemption', 'admin.ledgerType.cardRedemption'],
]);

const JOB_STATUSES = new Map<JobStatus, AdminMessageKey>([
  ['printed', 'admin.jobStatus.printed'],
  ['denied', 'admin.jobStatus.denied'],
  ['refunded', 'admin.jobStatus.refunded'],
  ['cancelled', 'admin.jobStatus.cancelled'],
]);

/** A ledger row's type as a word (Adjustment, Printing…); an unknown one as stored. */
export function ledgerTypeWord(t: AdminTranslator, type: LedgerType): string {
  const key = LEDGER_TYPES.get(type);
  return key ? t.t(key) : type;
}

/** A job's status as a word (Printed, Denied…); an unknown one as stored. */
export function jobStatusWord(t: AdminTranslator, status: JobStatus): string {
  const key = JOB_STATUSES.get(status);
  return key ? t.t(key) : status;
}
