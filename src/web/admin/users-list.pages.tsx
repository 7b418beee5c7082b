/**
 * Admin Console → Users: the list, with quick find, filters (source, restriction, balance, status,
 * department), the count, sortable columns (balance included), pages, bulk actions and CSV.
 */
import { DEFAULT_LIST, listParams, type UserListQuery } from './users-list-query.js';
import type { PresentedUser } from '../../users/user.presenter.js';
import { DataTable, type Column } from '../components/data-table.js';
import { useFormats } from '../components/formats.js';
import { Notice, type FieldErrors } from '../components/forms.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { useAdminTranslator } from '../components/translation.js';
import { AdminPage, userHref, type AdminFrame } from './admin.pages.js';
import { BulkForm, selectColumn, type BulkFormState } from './users-bulk.pages.js';
import { FindUsersForm } from './users-find.pages.js';
import { UsersPager } from './users-pager.pages.js';

/** A listed user with their personal account; balance and restricted are null before it is opened. */
export interface ListedUser extends PresentedUser {
  balance: number | null;
  restricted: boolean | null;
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

/**
 * Every user's status — Locked (known on the user's page), Disabled or Enabled — and Admin when
 * they have admin rights.
 */
export function StatusBadges({ user, locked = false }: { user: PresentedUser; locked?: boolean }) {
  const t = useAdminTranslator();
  const status = locked
    ? t.t('admin.users.statusLocked')
    : t.t(user.disabled ? 'admin.users.statusDisabled' : 'admin.users.statusEnabled');
  const badges = [
    status,
    user.expired && t.t('admin.expiry.badge'),
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
  /** How many users match, counted up to `countBound + 1`. */
  count: number;
  countBound: number;
  sources: { id: number; name: string }[];
  notice?: string;
  /** A filter that could not be read (the balance), by field. */
  errors?: FieldErrors;
  /** A bulk action's form refused (400): its errors and the users that were ticked. */
  bulk?: BulkFormState;
}

export function UsersListPage(props: UsersListProps) {
  const t = useAdminTranslator();
  const { query } = props;
  const selected = new Set(props.bulk?.selected ?? []);
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
        <a href={usersCsvHref(query)}>{t.t('admin.users.list.csv')}</a>
      </nav>
      <FindUsersForm query={query} sources={props.sources} errors={props.errors} />
      <p role="status">
        {props.count > props.countBound
          ? t.t('admin.users.list.countMore', { bound: props.countBound })
          : t.t('admin.users.list.count', { count: props.count })}
      </p>
      <BulkForm frame={props.frame} query={query} users={props.users} state={props.bulk}>
        <DataTable
          caption={t.t('admin.users.list.caption', { page: query.page })}
          captionHidden
          columns={[selectColumn(selected), ...COLUMNS]}
          rows={props.users}
          empty={t.t('admin.users.list.empty')}
          sorting={{
            current: { key: query.sort, dir: query.dir },
            path: '/admin/users',
            params: listParams({ ...query, sort: DEFAULT_LIST.sort, dir: DEFAULT_LIST.dir }),
          }}
        />
      </BulkForm>
      <UsersPager query={query} hasMore={props.hasMore} count={props.count} countBound={props.countBound} />
    </AdminPage>
  );
}

/** The CSV download of the list as filtered: every matching user, whatever the page or its size. */
function usersCsvHref(query: UserListQuery): string {
  const params = listParams({ ...query, page: DEFAULT_LIST.page, size: DEFAULT_LIST.size });
  const search = params.toString();
  return search ? `/admin/users.csv?${search}` : '/admin/users.csv';
}
