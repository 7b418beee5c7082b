/**
 * Admin Console → Users: the list, with quick find, a source filter, sortable columns and pages.
 */
import type { UserSort } from '../../users/users.repository.js';
import type { PresentedUser } from '../../users/user.presenter.js';
import { DataTable, type Column } from '../components/data-table.js';
import { Field, Notice, SelectField } from '../components/forms.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { useAdminTranslator } from '../components/translation.js';
import { AdminPage, userHref, type AdminFrame } from './admin.pages.js';

export const USERS_PER_PAGE = 50;

/** The validated query of the Users list. */
export interface UserListQuery {
  q: string;
  /** 'all', 'internal' or a source id. */
  source: string;
  sort: UserSort;
  dir: 'asc' | 'desc';
  page: number;
}

const DEFAULT_LIST: UserListQuery = { q: '', source: 'all', sort: 'username', dir: 'asc', page: 1 };

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
const COLUMNS: Column<PresentedUser>[] = [
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
  { header: adminEnglish.t('admin.users.column.status'), cell: (user) => <StatusBadges user={user} /> },
];

/** The presenter names an internal user's source 'Internal' for the CLI and APIs; pages say it here. */
function UserSource({ user }: { user: PresentedUser }) {
  const t = useAdminTranslator();
  return <>{user.internal ? t.t('admin.users.internalSource') : user.source}</>;
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
  users: PresentedUser[];
  hasMore: boolean;
  sources: { id: number; name: string }[];
  notice?: string;
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
      <FindUsersForm query={query} sources={props.sources} />
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
function FindUsersForm({ query, sources }: Pick<UsersListProps, 'query' | 'sources'>) {
  const t = useAdminTranslator();
  const sourceOptions = [
    { value: 'all', label: t.t('admin.users.list.allUsers') },
    { value: 'internal', label: t.t('admin.users.list.internalUsers') },
    ...sources.map((s) => ({ value: String(s.id), label: s.name })),
  ];
  return (
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
      {(query.sort !== DEFAULT_LIST.sort || query.dir !== DEFAULT_LIST.dir) && (
        <>
          <input type="hidden" name="sort" value={query.sort} />
          <input type="hidden" name="dir" value={query.dir} />
        </>
      )}
      <button type="submit">{t.t('admin.users.list.find')}</button>
    </form>
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
