/**
 * Admin Console → Users: the list, with quick find, filters by source, restriction and balance,
 * sortable columns (balance included) and pages.
 */
import type { UserSort } from '../../users/users.repository.js';
import type { PresentedUser } from '../../users/user.presenter.js';
import { DataTable, type Column } from '../components/data-table.js';
import { useFormats } from '../components/formats.js';
import { ErrorSummary, Field, Notice, SelectField, type FieldErrors } from '../components/forms.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { useAdminTranslator } from '../components/translation.js';
import { AdminPage, userHref, type AdminFrame } from './admin.pages.js';

export const USERS_PER_PAGE = 50;

/** The validated query of the Users list. */
export interface UserListQuery {
  q: string;
  /** 'all', 'internal' or a source id. */
  source: string;
  /** 'any', 'yes' or 'no'. */
  restricted: string;
  /** Only balances below this amount, as typed ('' for no limit); the route parses it. */
  below: string;
  sort: UserSort;
  dir: 'asc' | 'desc';
  page: number;
}

const DEFAULT_LIST: UserListQuery = {
  q: '',
  source: 'all',
  restricted: 'any',
  below: '',
  sort: 'username',
  dir: 'asc',
  page: 1,
};

/** A listed user with their personal account; balance and restricted are null before it is opened. */
export interface ListedUser extends PresentedUser {
  balance: number | null;
  restricted: boolean | null;
}

/** The list's query without its defaults, so links stay short. */
function listParams(query: UserListQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_LIST) as (keyof UserListQuery)[]) {
    if (query[key] !== DEFAULT_LIST[key]) params.set(key, String(query[key]));
  }
  return params;
}

/** The Users list address for a query. */
export function usersListHref(query: UserListQuery): string {
  const search = listParams(query).toString();
  return search ? `/admin/users?${search}` : '/admin/users';
}

/**
 * The sort keys are the repository's (`USER_SORTS`): the list is paged, so the query sorts.
 * Module-level English: the Admin Console always renders in English.
 */
const COLUMNS: Column<ListedUser>[] = [
  {
    header: adminEnglish.t('admin.users.column.username'),
    sort: 'username',
    cell: (user) => <a href={userHref(user.username)}>{user.username}</a>,
  },
  { header: adminEnglish.t('admin.users.column.fullName'), sort: 'full_name', cell: (user) => user.fullName },
  { header: adminEnglish.t('admin.users.column.email'), sort: 'email', cell: (user) => user.email },
  {
    header: adminEnglish.t('admin.users.column.department'),
    sort: 'department',
    cell: (user) => user.department,
  },
  { header: adminEnglish.t('admin.users.column.office'), sort: 'office', cell: (user) => user.office },
  { header: adminEnglish.t('admin.users.column.source'), cell: (user) => <UserSource user={user} /> },
  {
    header: adminEnglish.t('admin.users.column.balance'),
    sort: 'balance',
    cell: (user) => <Balance user={user} />,
  },
  { header: adminEnglish.t('admin.users.column.restricted'), cell: (user) => <Restricted user={user} /> },
  { header: adminEnglish.t('admin.users.column.status'), cell: (user) => <StatusBadges user={user} /> },
];

/** The presenter names an internal user's source 'Internal' for the CLI and APIs; pages say it here. */
function UserSource({ user }: { user: PresentedUser }) {
  const t = useAdminTranslator();
  return <>{user.internal ? t.t('admin.users.internalSource') : user.source}</>;
}

function Balance({ user }: { user: ListedUser }) {
  const t = useAdminTranslator();
  const f = useFormats();
  return <>{user.balance === null ? t.t('admin.users.list.noAccount') : f.money(user.balance)}</>;
}

function Restricted({ user }: { user: ListedUser }) {
  const t = useAdminTranslator();
  if (user.restricted === null) return <>{t.t('admin.users.list.noAccount')}</>;
  return <>{t.t(user.restricted ? 'admin.users.list.restrictedYes' : 'admin.users.list.restrictedNo')}</>;
}

export function StatusBadges({ user }: { user: PresentedUser }) {
  const t = useAdminTranslator();
  const badges = [
    user.disabled && t.t('admin.users.statusDisabled'),
    user.isAdmin && t.t('admin.users.statusAdmin'),
  ].filter(Boolean);
  return (
    <>
      {badges.map((badge) => (
        <span class="badge">{badge}</span>
      ))}
    </>
  );
}

export interface UsersListProps {
  frame: AdminFrame;
  query: UserListQuery;
  users: ListedUser[];
  hasMore: boolean;
  sources: { id: number; name: string }[];
  notice?: string;
  /** A filter that could not be read (the balance), by field. */
  errors?: FieldErrors;
}

export function UsersListPage(props: UsersListProps) {
  const t = useAdminTranslator();
  const { query } = props;
  return (
    <AdminPage frame={props.frame} title={t.t('admin.users.title')} section="users">
      <h1>{t.t('admin.users.title')}</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      <p>
        <a class="button" href="/admin/create-internal-user">
          {t.t('admin.users.list.create')}
        </a>
      </p>
      <nav aria-label={t.t('admin.users.list.actions')} class="actions">
        <h2 class="visually-hidden">{t.t('admin.users.list.actions')}</h2>
        <a href="/admin/batch-import">{t.t('admin.users.list.batchImport')}</a>
      </nav>
      <FindUsersForm query={query} sources={props.sources} errors={props.errors} />
      <DataTable
        caption={t.t('admin.users.list.caption', { page: query.page })}
        captionHidden
        columns={COLUMNS}
        rows={props.users}
        empty={t.t('admin.users.list.empty')}
        sorting={{
          current: { key: query.sort, dir: query.dir },
          path: '/admin/users',
          params: listParams({ ...query, sort: DEFAULT_LIST.sort, dir: DEFAULT_LIST.dir }),
        }}
      />
      <UsersPager query={query} hasMore={props.hasMore} />
    </AdminPage>
  );
}

/** Quick find and the source filter; a sort other than the default is kept across a search. */
function FindUsersForm({ query, sources, errors }: Pick<UsersListProps, 'query' | 'sources' | 'errors'>) {
  const t = useAdminTranslator();
  const labels = { below: t.t('admin.users.list.below') };
  const sourceOptions = [
    { value: 'all', label: t.t('admin.users.list.allUsers') },
    { value: 'internal', label: t.t('admin.users.list.internalUsers') },
    ...sources.map((s) => ({ value: String(s.id), label: s.name })),
  ];
  return (
    <>
      <ErrorSummary errors={errors} labels={labels} />
      <form
        method="get"
        action="/admin/users"
        class="toolbar"
        role="search"
        aria-label={t.t('admin.users.list.findUsers')}
      >
        <Field
          name="q"
          label={t.t('admin.users.list.quickFind')}
          type="search"
          value={query.q}
          hint={t.t('admin.users.list.quickFindHint')}
          maxLength={200}
        />
        <SelectField
          name="source"
          label={t.t('admin.users.list.source')}
          value={query.source}
          options={sourceOptions}
        />
        <SelectField
          name="restricted"
          label={t.t('admin.users.list.restricted')}
          value={query.restricted}
          options={[
            { value: 'any', label: t.t('admin.users.list.restrictedAny') },
            { value: 'yes', label: t.t('admin.users.list.restrictedYes') },
            { value: 'no', label: t.t('admin.users.list.restrictedNo') },
          ]}
        />
        <Field
          name="below"
          label={labels.below}
          value={query.below}
          errors={errors}
          hint={t.t('admin.users.list.belowHint')}
          autocomplete="off"
          maxLength={40}
        />
        {(query.sort !== DEFAULT_LIST.sort || query.dir !== DEFAULT_LIST.dir) && (
          <>
            <input type="hidden" name="sort" value={query.sort} />
            <input type="hidden" name="dir" value={query.dir} />
          </>
        )}
        <button type="submit">{t.t('admin.users.list.find')}</button>
      </form>
    </>
  );
}

function UsersPager({ query, hasMore }: { query: UserListQuery; hasMore: boolean }) {
  const t = useAdminTranslator();
  if (query.page <= 1 && !hasMore) return null;
  return (
    <nav class="pager" aria-label={t.t('admin.users.list.pages')}>
      {query.page > 1 && (
        <a href={usersListHref({ ...query, page: query.page - 1 })}>
          {t.t('admin.users.list.previous')}
          <span class="visually-hidden"> {t.t('admin.users.list.page')}</span>
        </a>
      )}
      {hasMore && (
        <a href={usersListHref({ ...query, page: query.page + 1 })}>
          {t.t('admin.users.list.next')}
          <span class="visually-hidden"> {t.t('admin.users.list.page')}</span>
        </a>
      )}
    </nav>
  );
}
