/**
 * Admin Console → Users → a user's Details tab: the editable details (with Internal User Settings
 * for internal users) and the Sign-in security section.
 */
import type { AccountLock } from '../../auth/throttle.service.js';
import { SOURCE_OWNED_FIELDS, type UserDetails } from '../../users/user-details.js';
import type { PresentedUser } from '../../users/user.presenter.js';
import { CsrfField, ErrorSummary, Field, Notice, TextArea, type FieldErrors } from '../components/forms.js';
import { AdminPage, userHref, type AdminFrame } from './admin.pages.js';
import { StatusBadges } from './users-list.pages.js';

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

export const DETAIL_LABELS: Record<string, string> = Object.fromEntries([
  ...DETAIL_FIELDS.map((f) => [f.name, f.label]),
  ['notes', 'Notes'],
]);

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
