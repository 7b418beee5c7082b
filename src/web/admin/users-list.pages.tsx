/**
 * Admin Console → Users: the list, with quick find, a source filter, sortable columns and pages.
 */
import type { UserSort } from '../../users/users.repository.js';
import type { PresentedUser } from '../../users/user.presenter.js';
import { DataTable, type Column } from '../components/data-table.js';
import { Field, Notice } from '../components/forms.js';
import { AdminPage, SelectField, userHref, type AdminFrame } from './admin.pages.js';

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

/** The sort keys are the repository's (`USER_SORTS`): the list is paged, so the query sorts. */
const COLUMNS: Column<PresentedUser>[] = [
  {
    header: 'Username',
    sort: 'username',
    cell: (user) => <a href={userHref(user.username)}>{user.username}</a>,
  },
  { header: 'Full name', sort: 'full_name', cell: (user) => user.fullName },
  { header: 'Email', sort: 'email', cell: (user) => user.email },
  { header: 'Department', sort: 'department', cell: (user) => user.department },
  { header: 'Office', sort: 'office', cell: (user) => user.office },
  { header: 'Source', cell: (user) => user.source },
  { header: 'Status', cell: (user) => <StatusBadges user={user} /> },
];

export function StatusBadges({ user }: { user: PresentedUser }) {
  const badges = [user.disabled && 'Disabled', user.isAdmin && 'Admin'].filter(Boolean);
  return (
    <>
      {badges.map((badge) => (
        <span class="badge">{badge}</span>
      ))}
    </>
  );
}

export function UsersListPage(props: {
  frame: AdminFrame;
  query: UserListQuery;
  users: PresentedUser[];
  hasMore: boolean;
  sources: { id: number; name: string }[];
  notice?: string;
}) {
  const { query } = props;
  const sourceOptions = [
    { value: 'all', label: 'All users' },
    { value: 'internal', label: 'Internal users' },
    ...props.sources.map((s) => ({ value: String(s.id), label: s.name })),
  ];
  return (
    <AdminPage frame={props.frame} title="Users" section="users">
      <h1>Users</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      <p>
        <a class="button" href="/admin/create-internal-user">
          Create internal user
        </a>
      </p>
      <nav aria-label="Actions" class="actions">
        <h2 class="visually-hidden">Actions</h2>
        <a href="/admin/batch-import">Batch import</a>
      </nav>
      <form method="get" action="/admin/users" class="toolbar" role="search" aria-label="Find users">
        <Field
          name="q"
          label="Quick find"
          type="search"
          value={query.q}
          hint="Start of a username, full name, email or card number"
          maxLength={200}
        />
        <SelectField name="source" label="Source" value={query.source} options={sourceOptions} />
        {(query.sort !== DEFAULT_LIST.sort || query.dir !== DEFAULT_LIST.dir) && (
          <>
            <input type="hidden" name="sort" value={query.sort} />
            <input type="hidden" name="dir" value={query.dir} />
          </>
        )}
        <button type="submit">Find</button>
      </form>
      <DataTable
        caption={`Users, page ${query.page}`}
        captionHidden
        columns={COLUMNS}
        rows={props.users}
        empty="No users match."
        sorting={{
          current: { key: query.sort, dir: query.dir },
          path: '/admin/users',
          params: listParams({ ...query, sort: DEFAULT_LIST.sort, dir: DEFAULT_LIST.dir }),
        }}
      />
      {(query.page > 1 || props.hasMore) && (
        <nav class="pager" aria-label="Pages of users">
          {query.page > 1 && (
            <a href={usersListHref({ ...query, page: query.page - 1 })}>
              Previous<span class="visually-hidden"> page</span>
            </a>
          )}
          {props.hasMore && (
            <a href={usersListHref({ ...query, page: query.page + 1 })}>
              Next<span class="visually-hidden"> page</span>
            </a>
          )}
        </nav>
      )}
    </AdminPage>
  );
}
