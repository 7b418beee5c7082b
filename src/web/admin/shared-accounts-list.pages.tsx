/**
 * Admin Console → Accounts: the shared accounts, filtered by name (a GET form, so it works
 * without JavaScript and can be bookmarked), sortable by column and paged; and the Create shared
 * account form.
 *
 *   <SharedAccountsPage frame={frame} query={query} accounts={views} hasMore={false} />
 */
import type { SharedSort } from '../../accounts/accounts.repository.js';
import type { SharedAccountView } from '../../accounts/shared-account.presenter.js';
import { DataTable } from '../components/data-table.js';
import { useFormats } from '../components/formats.js';
import { Field, Notice, type FieldErrors } from '../components/forms.js';
import { useAdminTranslator } from '../components/translation.js';
import { When } from '../components/when.js';
import { AdminPage, type AdminFrame, BackLink } from './admin.pages.js';
import { SharedAccountForm, sharedAccountHref, type SharedAccountValues } from './shared-account.pages.js';

export const ACCOUNTS_PER_PAGE = 50;

/** The validated query of the list. */
export interface SharedListQuery {
  name: string;
  sort: SharedSort;
  dir: 'asc' | 'desc';
  page: number;
}

const DEFAULT_SHARED_LIST: SharedListQuery = { name: '', sort: 'name', dir: 'asc', page: 1 };

/** The list's query without its defaults, so links stay short. */
function listParams(query: SharedListQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_SHARED_LIST) as (keyof SharedListQuery)[]) {
    if (query[key] !== DEFAULT_SHARED_LIST[key]) params.set(key, String(query[key]));
  }
  return params;
}

function listHref(query: SharedListQuery): string {
  const search = listParams(query).toString();
  return search ? `/admin/accounts?${search}` : '/admin/accounts';
}

export function SharedAccountsPage(props: {
  frame: AdminFrame;
  query: SharedListQuery;
  accounts: SharedAccountView[];
  hasMore: boolean;
  notice?: string;
}) {
  const t = useAdminTranslator();
  const { query } = props;
  return (
    <AdminPage frame={props.frame} title={t.t('admin.shared.title')} section="accounts">
      <h1>{t.t('admin.shared.title')}</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      <p>
        <a class="button" href="/admin/accounts/new">
          {t.t('admin.shared.create')}
        </a>
      </p>
      <FindAccountsForm query={query} />
      <AccountsTable query={query} accounts={props.accounts} />
      <AccountsPager query={query} hasMore={props.hasMore} />
    </AdminPage>
  );
}

/** The name filter; a sort other than the default is kept across a search. */
function FindAccountsForm({ query }: { query: SharedListQuery }) {
  const t = useAdminTranslator();
  return (
    <form
      method="get"
      action="/admin/accounts"
      class="toolbar"
      role="search"
      aria-label={t.t('admin.shared.filter')}
    >
      <Field
        name="name"
        label={t.t('admin.shared.filterName')}
        type="search"
        value={query.name}
        maxLength={200}
      />
      {(query.sort !== DEFAULT_SHARED_LIST.sort || query.dir !== DEFAULT_SHARED_LIST.dir) && (
        <>
          <input type="hidden" name="sort" value={query.sort} />
          <input type="hidden" name="dir" value={query.dir} />
        </>
      )}
      <button type="submit">{t.t('admin.shared.filterApply')}</button>
    </form>
  );
}

/** The sort keys are the repository's (`SHARED_SORTS`): the list is paged, so the query sorts. */
function AccountsTable({ query, accounts }: { query: SharedListQuery; accounts: SharedAccountView[] }) {
  const t = useAdminTranslator();
  const f = useFormats();
  const yesNo = (value: boolean) => t.t(value ? 'admin.shared.yes' : 'admin.shared.no');
  return (
    <DataTable
      caption={t.t('admin.shared.caption', { page: query.page })}
      captionHidden
      columns={[
        {
          header: t.t('admin.shared.column.name'),
          sort: 'name',
          rowHeader: true,
          cell: (account: SharedAccountView) => <a href={sharedAccountHref(account)}>{account.name}</a>,
        },
        { header: t.t('admin.shared.column.parent'), cell: (account) => account.parent },
        {
          header: t.t('admin.shared.column.balance'),
          sort: 'balance',
          cell: (account) => f.money(account.balance),
        },
        {
          header: t.t('admin.shared.column.restricted'),
          sort: 'restricted',
          cell: (a) => yesNo(a.restricted),
        },
        {
          header: t.t('admin.shared.column.enabled'),
          sort: 'enabled',
          cell: (account) =>
            account.enabled && account.disabledUntil ? (
              <>
                {t.t('admin.shared.disabledUntil')} <When at={account.disabledUntil} />
              </>
            ) : (
              yesNo(account.enabled)
            ),
        },
      ]}
      rows={accounts}
      empty={t.t(query.name ? 'admin.shared.noMatch' : 'admin.shared.empty')}
      sorting={{
        current: { key: query.sort, dir: query.dir },
        path: '/admin/accounts',
        params: listParams({ ...query, sort: DEFAULT_SHARED_LIST.sort, dir: DEFAULT_SHARED_LIST.dir }),
      }}
    />
  );
}

function AccountsPager({ query, hasMore }: { query: SharedListQuery; hasMore: boolean }) {
  const t = useAdminTranslator();
  if (query.page <= 1 && !hasMore) return null;
  return (
    <nav class="pager" aria-label={t.t('admin.shared.pages')}>
      {query.page > 1 && (
        <a href={listHref({ ...query, page: query.page - 1 })}>
          {t.t('admin.shared.previous')}
          <span class="visually-hidden"> {t.t('admin.shared.page')}</span>
        </a>
      )}
      {hasMore && (
        <a href={listHref({ ...query, page: query.page + 1 })}>
          {t.t('admin.shared.next')}
          <span class="visually-hidden"> {t.t('admin.shared.page')}</span>
        </a>
      )}
    </nav>
  );
}

export function NewSharedAccountPage(props: {
  frame: AdminFrame;
  values: SharedAccountValues;
  errors?: FieldErrors;
}) {
  const t = useAdminTranslator();
  return (
    <AdminPage frame={props.frame} title={t.t('admin.shared.new.title')} section="accounts">
      <BackLink href="/admin/accounts" label={t.t('admin.shared.back')} />
      <h1>{t.t('admin.shared.new.title')}</h1>
      <section class="card">
        <SharedAccountForm
          action="/admin/accounts/new"
          csrfToken={props.frame.csrfToken}
          values={props.values}
          errors={props.errors}
          submit={t.t('admin.shared.new.submit')}
        />
      </section>
    </AdminPage>
  );
}
