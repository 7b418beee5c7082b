/**
 * Admin Console user pages: the Users list, Create internal user, a user's Details tab (with
 * Internal User Settings for internal users), Change Password and the delete confirmation.
 */
import type { AccountLock } from '../../auth/throttle.service.js';
import type { UserSort } from '../../users/users.repository.js';
import { SOURCE_OWNED_FIELDS, type UserDetails } from '../../users/user-details.js';
import type { PresentedUser } from '../../users/user.presenter.js';
import {
  Checkbox,
  CsrfField,
  ErrorSummary,
  Field,
  Notice,
  TextArea,
  type FieldErrors,
} from '../components/forms.js';
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

/** The Users list address for a query, leaving out defaults so links stay short. */
export function usersListHref(query: UserListQuery): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_LIST) as (keyof UserListQuery)[]) {
    if (query[key] !== DEFAULT_LIST[key]) params.set(key, String(query[key]));
  }
  const search = params.toString();
  return search ? `/admin/users?${search}` : '/admin/users';
}

/** The editable details, in form order, with the service's field names. */
export const DETAIL_FIELDS: { name: Exclude<keyof UserDetails, 'notes'>; label: string; type?: 'email' }[] = [
  { name: 'fullName', label: 'Full name' },
  { name: 'email', label: 'Email', type: 'email' },
  { name: 'department', label: 'Department' },
  { name: 'office', label: 'Office' },
  { name: 'cardNumber', label: 'Primary card/ID number' },
  { name: 'cardNumber2', label: 'Secondary card/ID number' },
  { name: 'usernameAlias', label: 'Username alias' },
  { name: 'homeFolder', label: 'Home folder' },
];

export type DetailValues = Record<keyof UserDetails, string>;

const DETAIL_LABELS: Record<string, string> = Object.fromEntries([
  ...DETAIL_FIELDS.map((f) => [f.name, f.label]),
  ['notes', 'Notes'],
]);

const COLUMNS: { label: string; sort?: UserSort }[] = [
  { label: 'Username', sort: 'username' },
  { label: 'Full name', sort: 'full_name' },
  { label: 'Email', sort: 'email' },
  { label: 'Department', sort: 'department' },
  { label: 'Office', sort: 'office' },
  { label: 'Source' },
  { label: 'Status' },
];

function SortableHeader({ column, query }: { column: (typeof COLUMNS)[number]; query: UserListQuery }) {
  if (!column.sort) return <th scope="col">{column.label}</th>;
  const current = query.sort === column.sort;
  const dir = current && query.dir === 'asc' ? 'desc' : 'asc';
  return (
    <th scope="col" aria-sort={current ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <a href={usersListHref({ ...query, sort: column.sort, dir, page: 1 })}>
        {column.label}
        <span class="visually-hidden">{`, sort ${dir === 'asc' ? 'ascending' : 'descending'}`}</span>
      </a>
    </th>
  );
}

function StatusBadges({ user }: { user: PresentedUser }) {
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
        {query.sort !== 'username' && <input type="hidden" name="sort" value={query.sort} />}
        {query.dir !== 'asc' && <input type="hidden" name="dir" value={query.dir} />}
        <button type="submit">Find</button>
      </form>
      {props.users.length === 0 ? (
        <p>No users match.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Users, page {query.page}</caption>
            <thead>
              <tr>
                {COLUMNS.map((column) => (
                  <SortableHeader column={column} query={query} />
                ))}
              </tr>
            </thead>
            <tbody>
              {props.users.map((user) => (
                <tr>
                  <td>
                    <a href={userHref(user.username)}>{user.username}</a>
                  </td>
                  <td>{user.fullName}</td>
                  <td>{user.email}</td>
                  <td>{user.department}</td>
                  <td>{user.office}</td>
                  <td>{user.source}</td>
                  <td>
                    <StatusBadges user={user} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
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

export interface NewUserValues extends DetailValues {
  username: string;
  mustChangePassword: boolean;
  isAdmin: boolean;
}

const NEW_USER_LABELS: Record<string, string> = {
  ...DETAIL_LABELS,
  username: 'Username',
  password: 'Password',
  confirmPassword: 'Confirm password',
};

export function NewUserPage(props: {
  frame: AdminFrame;
  values?: NewUserValues;
  passwordHint: string;
  errors?: FieldErrors;
}) {
  const values = props.values;
  return (
    <AdminPage frame={props.frame} title="Create internal user" section="users">
      <h1>Create internal user</h1>
      <p>
        An internal user's password is stored in Quire. Users from a directory source are added by User/Group
        Sync instead.
      </p>
      <ErrorSummary errors={props.errors} labels={NEW_USER_LABELS} />
      <form method="post" action="/admin/create-internal-user" class="card" novalidate>
        <CsrfField token={props.frame.csrfToken} />
        <Field
          name="username"
          label="Username"
          value={values?.username}
          errors={props.errors}
          autocomplete="off"
          required
          maxLength={64}
          hint='Not case-sensitive. May not contain "/", "\" or "@".'
        />
        <div class="grid-2">
          {DETAIL_FIELDS.map((f) => (
            <Field
              name={f.name}
              label={f.label}
              type={f.type}
              value={values?.[f.name]}
              errors={props.errors}
              autocomplete="off"
            />
          ))}
        </div>
        <TextArea name="notes" label="Notes" value={values?.notes} errors={props.errors} />
        <Field
          name="password"
          label="Password"
          type="password"
          errors={props.errors}
          autocomplete="new-password"
          required
          hint={props.passwordHint}
        />
        <Field
          name="confirmPassword"
          label="Confirm password"
          type="password"
          errors={props.errors}
          autocomplete="new-password"
          required
        />
        <Checkbox
          name="mustChangePassword"
          label="User must change password at next sign-in"
          checked={values?.mustChangePassword}
        />
        <Checkbox
          name="isAdmin"
          label="Grant admin rights"
          checked={values?.isAdmin}
          hint="Administrators can use this Admin Console."
        />
        <div class="actions">
          <button type="submit">Create user</button>
          <a href="/admin/users">Cancel and go back to Users</a>
        </div>
      </form>
    </AdminPage>
  );
}

function UserHeading({ user }: { user: PresentedUser }) {
  return (
    <>
      <p>
        <a href="/admin/users">Back to Users</a>
      </p>
      <h1>
        User {user.username} <StatusBadges user={user} />
      </h1>
    </>
  );
}

/** What the Sign-in security section shows. */
export interface AccountSecurity {
  activeSessions: number;
  lock: AccountLock | null;
}

export interface UserPageProps {
  frame: AdminFrame;
  user: PresentedUser;
  security: AccountSecurity;
  /** Entered values after a refused save; otherwise the stored ones are shown. */
  values?: DetailValues;
  errors?: FieldErrors;
  notice?: string;
  /** Why the last action was refused (ConflictError message). */
  problem?: string;
}

export function UserPage(props: UserPageProps) {
  const { user, frame } = props;
  const values: DetailValues = props.values ?? user;
  const owned = (name: string) => !user.internal && (SOURCE_OWNED_FIELDS as readonly string[]).includes(name);
  return (
    <AdminPage frame={frame} title={`User ${user.username}`} section="users">
      <UserHeading user={user} />
      <nav aria-label="User pages">
        <ul class="tabs">
          <li>
            <a href={userHref(user.username)} aria-current="page">
              Details
            </a>
          </li>
        </ul>
      </nav>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      {props.problem && <Notice kind="error">{props.problem}</Notice>}

      <section class="card" aria-labelledby="details-title">
        <h2 id="details-title">Details</h2>
        {!user.internal && (
          <p>
            The full name, email, department, office and card numbers come from {user.source} and are
            read-only here.
          </p>
        )}
        <ErrorSummary errors={props.errors} labels={DETAIL_LABELS} />
        <form method="post" action={userHref(user.username)} novalidate>
          <CsrfField token={frame.csrfToken} />
          <div class="grid-2">
            {DETAIL_FIELDS.map((f) => (
              <Field
                name={f.name}
                label={f.label}
                type={f.type}
                value={owned(f.name) ? user[f.name] : values[f.name]}
                errors={props.errors}
                readOnly={owned(f.name)}
                autocomplete="off"
              />
            ))}
          </div>
          <TextArea
            name="notes"
            label="Notes"
            value={values.notes}
            errors={props.errors}
            hint="Only administrators see these notes."
          />
          <button type="submit">Save details</button>
        </form>
      </section>

      {user.internal ? (
        <section class="card" aria-labelledby="internal-title">
          <h2 id="internal-title">Internal User Settings</h2>
          <p class="banner">This is an internally managed user</p>
          <p>
            Their password is stored in Quire.
            {user.mustChangePassword && ' They must change it at their next sign-in.'}
          </p>
          <p>
            <a href={userHref(user.username, '/password')}>Change Password</a>
          </p>
        </section>
      ) : (
        <section class="card" aria-labelledby="source-title">
          <h2 id="source-title">Directory source</h2>
          <p>This user is synchronized from {user.source}.</p>
          <p>Their password is managed by {user.source}; reset it in that system.</p>
        </section>
      )}

      <SecuritySection user={user} security={props.security} csrfToken={frame.csrfToken} />

      <section class="card" aria-labelledby="account-title">
        <h2 id="account-title">Account</h2>
        <dl class="details">
          <dt>Status</dt>
          <dd>{user.disabled ? 'Disabled: this user cannot sign in.' : 'Enabled'}</dd>
          <dt>Admin rights</dt>
          <dd>{user.isAdmin ? 'Yes: this user can use the Admin Console.' : 'No'}</dd>
          <dt>Created</dt>
          <dd>
            <time datetime={user.createdAt}>{user.createdAt}</time>
          </dd>
        </dl>
        <div class="actions">
          <form method="post" action={userHref(user.username, user.disabled ? '/enable' : '/disable')}>
            <CsrfField token={frame.csrfToken} />
            <button type="submit" class="button-secondary">
              {user.disabled ? 'Enable user' : 'Disable user'}
            </button>
          </form>
          <form method="post" action={userHref(user.username, '/admin')}>
            <CsrfField token={frame.csrfToken} />
            {!user.isAdmin && <input type="hidden" name="grant" value="on" />}
            <button type="submit" class="button-secondary">
              {user.isAdmin ? 'Revoke admin rights' : 'Grant admin rights'}
            </button>
          </form>
          <a class="button button-danger" href={userHref(user.username, '/delete')}>
            Delete user
          </a>
        </div>
      </section>
    </AdminPage>
  );
}

function SecuritySection(props: { user: PresentedUser; security: AccountSecurity; csrfToken: string }) {
  const { user, security } = props;
  const { lock } = security;
  return (
    <section class="card" aria-labelledby="security-title">
      <h2 id="security-title">Sign-in security</h2>
      <dl class="details">
        <dt>Active sessions</dt>
        <dd>
          {security.activeSessions === 0
            ? 'None: not signed in anywhere.'
            : security.activeSessions === 1
              ? 'Signed in in 1 browser.'
              : `Signed in in ${security.activeSessions} browsers.`}
        </dd>
        <dt>Sign-in lock</dt>
        <dd>
          {!lock ? (
            'Not locked: no recent failed sign-ins.'
          ) : lock.lockedUntil ? (
            <>
              Locked after {lock.failures} failed sign-ins: every attempt is refused until{' '}
              <time datetime={lock.lockedUntil}>{lock.lockedUntil}</time>.
            </>
          ) : (
            `Not locked: ${lock.failures} recent failed sign-in${lock.failures === 1 ? '' : 's'}.`
          )}
        </dd>
      </dl>
      <div class="actions">
        {security.activeSessions > 0 && (
          <form method="post" action={userHref(user.username, '/end-sessions')}>
            <CsrfField token={props.csrfToken} />
            <button type="submit" class="button-secondary">
              End all sessions
            </button>
          </form>
        )}
        {lock && (
          <form method="post" action={userHref(user.username, '/clear-lock')}>
            <CsrfField token={props.csrfToken} />
            <button type="submit" class="button-secondary">
              {lock.lockedUntil ? 'Clear lock' : 'Clear failed sign-ins'}
            </button>
          </form>
        )}
      </div>
    </section>
  );
}

export function ChangePasswordPage(props: {
  frame: AdminFrame;
  user: PresentedUser;
  mustChange?: boolean;
  passwordHint: string;
  errors?: FieldErrors;
}) {
  const { user, frame } = props;
  return (
    <AdminPage frame={frame} title={`Change Password for ${user.username}`} section="users">
      <p>
        <a href={userHref(user.username)}>Back to user {user.username}</a>
      </p>
      <h1>Change Password for {user.username}</h1>
      <p>Setting a new password signs {user.username} out everywhere.</p>
      <ErrorSummary
        errors={props.errors}
        labels={{ password: 'New password', confirmPassword: 'Confirm password' }}
      />
      <form method="post" action={userHref(user.username, '/password')} class="card" novalidate>
        <CsrfField token={frame.csrfToken} />
        <Field
          name="password"
          label="New password"
          type="password"
          errors={props.errors}
          autocomplete="new-password"
          required
          hint={props.passwordHint}
        />
        <Field
          name="confirmPassword"
          label="Confirm password"
          type="password"
          errors={props.errors}
          autocomplete="new-password"
          required
        />
        <Checkbox
          name="mustChangePassword"
          label="User must change password at next sign-in"
          checked={props.mustChange}
        />
        <div class="actions">
          <button type="submit">Change Password</button>
          <a href={userHref(user.username)}>Cancel</a>
        </div>
      </form>
    </AdminPage>
  );
}

export function DeleteUserPage(props: { frame: AdminFrame; user: PresentedUser }) {
  const { user, frame } = props;
  return (
    <AdminPage frame={frame} title={`Delete user ${user.username}`} section="users">
      <h1>Delete user {user.username}?</h1>
      <section class="card">
        <p>
          {user.username}
          {user.fullName && ` (${user.fullName})`} will be removed from Quire and signed out everywhere. This
          cannot be undone.
        </p>
        {!user.internal && (
          <p>
            A user from {user.source} comes back at the next synchronization while the source still lists
            them.
          </p>
        )}
        <form method="post" action={userHref(user.username, '/delete')} class="actions">
          <CsrfField token={frame.csrfToken} />
          <button type="submit" class="button-danger">
            Delete user {user.username}
          </button>
          <a href={userHref(user.username)}>Cancel and keep {user.username}</a>
        </form>
      </section>
    </AdminPage>
  );
}
