/**
 * Admin Console → Logs → Transaction Log: the ledger rows of every account newest first, filtered
 * by the user who made them, the account and days (logs.pages.tsx: the form, the CSV link and the
 * paging every log shares), paged by the last row's id.
 *
 *   <TransactionLogPage frame={frame} filter={{ user: '', account: 'Science', from: '', to: '' }} rows={rows} hasMore={false} />
 */
import type { LedgerLogRow } from '../../accounts/ledger.repository.js';
import { DataTable } from '../components/data-table.js';
import { useFormats } from '../components/formats.js';
import { ErrorSummary, type FieldErrors } from '../components/forms.js';
import { useAdminTranslator } from '../components/translation.js';
import { When } from '../components/when.js';
import { AdminPage, type AdminFrame } from './admin.pages.js';
import type { LogFilter } from './log-filter.js';
import { CsvLink, ledgerTypeWord, LogFilterForm, LogPager, logFilterLabels } from './logs.pages.js';

export const TRANSACTIONS_PER_PAGE = 50;

export function TransactionLogPage(props: {
  frame: AdminFrame;
  filter: LogFilter;
  rows: LedgerLogRow[];
  before?: number;
  hasMore: boolean;
  errors?: FieldErrors;
}) {
  const t = useAdminTranslator();
  const f = useFormats();
  const { filter, rows } = props;
  const title = t.t('admin.transactions.title');
  return (
    <AdminPage frame={props.frame} title={title} section="logs" tab="/admin/transactions">
      <h1>{title}</h1>
      <ErrorSummary errors={props.errors} labels={logFilterLabels(t)} />
      <LogFilterForm
        action="/admin/transactions"
        label={t.t('admin.transactions.filter')}
        submit={t.t('admin.transactions.apply')}
        filter={filter}
        errors={props.errors}
        userHint={t.t('admin.transactions.userHint')}
      />
      {!props.errors && (
        <>
          <CsvLink path="/admin/transactions.csv" filter={filter} label={t.t('admin.transactions.csv')} />
          <DataTable
            caption={t.t('admin.transactions.caption')}
            captionHidden
            columns={[
              {
                header: t.t('admin.transactions.column.when'),
                cell: (row: LedgerLogRow) => <When at={row.created_at} />,
              },
              {
                header: t.t('admin.logs.column.account'),
                cell: (row) =>
                  row.account_type === 'personal'
                    ? t.t('admin.transactions.personal', { name: row.account_name })
                    : row.account_name,
              },
              { header: t.t('admin.transactions.column.by'), cell: (row) => row.actor },
              { header: t.t('admin.transactions.column.type'), cell: (row) => ledgerTypeWord(t, row.type) },
              { header: t.t('admin.transactions.column.amount'), cell: (row) => f.money(row.amount) },
              {
                header: t.t('admin.transactions.column.balanceAfter'),
                cell: (row) => f.money(row.balance_after),
              },
              { header: t.t('admin.transactions.column.comment'), cell: (row) => row.comment },
            ]}
            rows={rows}
            empty={t.t('admin.transactions.empty')}
          />
          <LogPager
            path="/admin/transactions"
            filter={filter}
            label={t.t('admin.transactions.pages')}
            before={props.before}
            hasMore={props.hasMore}
            lastId={rows.at(-1)?.id}
          />
        </>
      )}
    </AdminPage>
  );
}
