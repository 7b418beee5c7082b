/**
 * The pieces every account page of the Admin Console shares, a user's personal account and a
 * shared account alike: "Enable now" for a disabled account, the Adjust balance form and the
 * transactions, newest first, paged by the last row's id (`?before=<id>`).
 *
 *   <EnableNowForm action="/admin/accounts/7/enable" csrfToken={token} />
 *   <AdjustBalanceSection action="/admin/accounts/7/adjust" csrfToken={token} />
 *   <TransactionsSection name="Science" rows={rows} hasMore={false} href={(before) => …} />
 */
import type { LedgerRow } from '../../db/accounting.schema.js';
import { DataTable } from '../components/data-table.js';
import { useFormats } from '../components/formats.js';
import { When } from '../components/when.js';
import { CsrfField, ErrorSummary, Field, type FieldErrors } from '../components/forms.js';
import { useAdminTranslator } from '../components/translation.js';
import { ledgerTypeWord } from './logs.pages.js';

export const TRANSACTIONS_PER_PAGE = 50;

export interface AdjustValues {
  amount: string;
  comment: string;
}

/** A page of an account's ledger, as the routes read it from `?before=<id>`. */
export interface LedgerPage {
  transactions: LedgerRow[];
  /** The `before` id of this page, when it is not the newest. */
  before?: number;
  /** Another page of older rows exists after this one. */
  hasMore: boolean;
}

/** "Enable now" under a disabled account's summary: posted to `action`, it ends the disable at once. */
export function EnableNowForm(props: { action: string; csrfToken: string }) {
  const t = useAdminTranslator();
  return (
    <div class="actions">
      <form method="post" action={props.action}>
        <CsrfField token={props.csrfToken} />
        <button type="submit" class="button-secondary">
          {t.t('admin.account.enableNow')}
        </button>
      </form>
    </div>
  );
}

/**
 * The Adjust balance form, posted to `action`; after a refusal, the entered values and errors.
 * `words` replaces the title, adds an introduction, and so on, where the form adjusts more than one
 * account (a group's members).
 */
export function AdjustBalanceSection(props: {
  action: string;
  csrfToken: string;
  refused?: { values: AdjustValues; errors: FieldErrors };
  words?: { title: string; intro: string; commentHint: string; submit: string };
}) {
  const t = useAdminTranslator();
  const labels = {
    amount: t.t('admin.account.adjust.amount'),
    comment: t.t('admin.account.adjust.comment'),
  };
  const errors = props.refused?.errors;
  return (
    <section class="card" aria-labelledby="adjust-title">
      <h2 id="adjust-title">{props.words?.title ?? t.t('admin.account.adjust.title')}</h2>
      {props.words && <p>{props.words.intro}</p>}
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.csrfToken} />
        <Field
          name="amount"
          label={labels.amount}
          value={props.refused?.values.amount}
          errors={errors}
          hint={t.t('admin.account.adjust.amountHint')}
          autocomplete="off"
        />
        <Field
          name="comment"
          label={labels.comment}
          value={props.refused?.values.comment}
          errors={errors}
          hint={props.words?.commentHint ?? t.t('admin.account.adjust.commentHint')}
          autocomplete="off"
        />
        <button type="submit">{props.words?.submit ?? t.t('admin.account.adjust.submit')}</button>
      </form>
    </section>
  );
}

/**
 * The ledger of the account called `name`, newest first; `href(before)` is the address of a page
 * (the newest without `before`).
 */
export function TransactionsSection(props: LedgerPage & { name: string; href: (before?: number) => string }) {
  const t = useAdminTranslator();
  const f = useFormats();
  const rows = props.transactions;
  const last = rows[rows.length - 1];
  return (
    <section class="card" aria-labelledby="transactions-title">
      <h2 id="transactions-title">{t.t('admin.account.transactions.title')}</h2>
      <DataTable
        caption={t.t('admin.account.transactions.caption', { name: props.name })}
        captionHidden
        columns={[
          {
            header: t.t('admin.account.transactions.when'),
            cell: (row: LedgerRow) => <When at={row.created_at} />,
          },
          { header: t.t('admin.account.transactions.amount'), cell: (row) => f.money(row.amount) },
          {
            header: t.t('admin.account.transactions.balanceAfter'),
            cell: (row) => f.money(row.balance_after),
          },
          { header: t.t('admin.account.transactions.type'), cell: (row) => ledgerTypeWord(t, row.type) },
          { header: t.t('admin.account.transactions.comment'), cell: (row) => row.comment },
          { header: t.t('admin.account.transactions.by'), cell: (row) => row.actor },
        ]}
        rows={rows}
        empty={t.t('admin.account.transactions.empty')}
      />
      {(props.before !== undefined || props.hasMore) && (
        <nav class="pager" aria-label={t.t('admin.account.transactions.pages')}>
          {props.before !== undefined && (
            <a href={props.href()}>{t.t('admin.account.transactions.newest')}</a>
          )}
          {props.hasMore && last && (
            <a href={props.href(last.id)}>{t.t('admin.account.transactions.older')}</a>
          )}
        </nav>
      )}
    </section>
  );
}
