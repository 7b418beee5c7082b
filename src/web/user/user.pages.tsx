/**
 * Pages of the User Web Interface: Summary, Change Details (with Change Password for internal
 * users, or where the password is managed for standard users), Forgot your password.
 */
import type { PresentedSession } from '../../sessions/session.presenter.js';
import type { PresentedUser } from '../../users/user.presenter.js';
import { CsrfField, ErrorSummary, Field, Notice, type FieldErrors } from '../components/forms.js';
import { Layout, type NavLink } from '../components/layout.js';

export interface UserFrame {
  organization: string;
  csrfToken: string;
  user: PresentedUser;
}

function nav(current: string, user: PresentedUser): NavLink[] {
  const links: NavLink[] = [
    { href: '/user/summary', label: 'Summary' },
    { href: '/user/change-details', label: 'Change Details' },
  ];
  if (user.isAdmin) links.push({ href: '/admin', label: 'Admin Console' });
  return links.map((l) => ({ ...l, current: l.href === current }));
}

function Frame(props: UserFrame & { title: string; current: string; children: preact.ComponentChildren }) {
  return (
    <Layout title={props.title} organization={props.organization} area="user" nav={nav(props.current, props.user)} signedInAs={props.user.username} csrfToken={props.csrfToken}>
      {props.children}
    </Layout>
  );
}

export function SummaryPage(props: UserFrame) {
  const u = props.user;
  return (
    <Frame {...props} title="Summary" current="/user/summary">
      <h1>Summary</h1>
      <section class="card">
        <h2>Account</h2>
        <dl class="details">
          <dt>Username</dt>
          <dd>{u.username}</dd>
          <dt>Full name</dt>
          <dd>{u.fullName || '—'}</dd>
          <dt>Email</dt>
          <dd>{u.email || '—'}</dd>
          <dt>Department</dt>
          <dd>{u.department || '—'}</dd>
          <dt>Office</dt>
          <dd>{u.office || '—'}</dd>
          <dt>Card/ID number</dt>
          <dd>{u.cardNumber ? 'On file' : '—'}</dd>
          <dt>Account type</dt>
          <dd>{u.internal ? 'Internal user (password managed in Quire)' : `Synchronized from ${u.source}`}</dd>
        </dl>
      </section>
    </Frame>
  );
}

/** For a standard user: who manages the password, and whether the source lets them change it here. */
export interface DirectoryPassword {
  /** "Active Directory", "OpenLDAP / Unix", or the source's name. */
  label: string;
  sourceName: string;
  canChangePassword: boolean;
}

/** Which success notice Change Details shows after a redirect (fixed texts only). */
export const CHANGE_DETAILS_DONE = ['password', 'sessions'] as const;
export type ChangeDetailsDone = (typeof CHANGE_DETAILS_DONE)[number];

export interface ChangeDetailsProps extends UserFrame {
  passwordHelpText: string;
  directory?: DirectoryPassword;
  /** The user's active sessions, this browser's included. */
  sessions: PresentedSession[];
  errors?: FieldErrors;
  done?: ChangeDetailsDone;
  required?: boolean;
}

function SessionsSection(props: { sessions: PresentedSession[]; csrfToken: string }) {
  const others = props.sessions.filter((s) => !s.current).length;
  return (
    <section class="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Where you are signed in</h2>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">Your active sessions, most recently seen first</caption>
          <thead>
            <tr>
              <th scope="col">Browser</th>
              <th scope="col">Address</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last seen</th>
            </tr>
          </thead>
          <tbody>
            {props.sessions.map((session) => (
              <tr>
                <td>
                  {session.browser}
                  {session.current && ' '}
                  {session.current && <span class="badge">This session</span>}
                </td>
                <td>{session.ip}</td>
                <td>
                  <time datetime={session.signedInAt}>{session.signedInAt}</time>
                </td>
                <td>
                  <time datetime={session.lastSeenAt}>{session.lastSeenAt}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {others > 0 ? (
        <form method="post" action="/user/change-details/sessions/sign-out-others">
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="button-secondary">
            Sign out all other sessions ({others})
          </button>
        </form>
      ) : (
        <p>You are not signed in anywhere else.</p>
      )}
    </section>
  );
}

export function ChangeDetailsPage(props: ChangeDetailsProps) {
  const u = props.user;
  return (
    <Frame {...props} title="Change Details" current="/user/change-details">
      <h1>Change Details</h1>
      {props.required && u.mustChangePassword && <Notice kind="warning">You must change your password before you continue.</Notice>}
      {props.done === 'password' && <Notice kind="success">Your password was changed. You were signed out everywhere else.</Notice>}
      {props.done === 'sessions' && <Notice kind="success">You were signed out everywhere else.</Notice>}
      {u.internal || props.directory?.canChangePassword ? (
        <section class="card" aria-labelledby="change-password-title">
          <h2 id="change-password-title">Change Password</h2>
          {!u.internal && props.directory && <p>This changes your password in {props.directory.label} ({props.directory.sourceName}), for every system that uses it.</p>}
          <ErrorSummary errors={props.errors} labels={{ currentPassword: 'Current password', newPassword: 'New password', confirmPassword: 'Confirm new password' }} />
          <form method="post" action="/user/change-details/password" novalidate>
            <CsrfField token={props.csrfToken} />
            <input type="text" name="username" value={u.username} autocomplete="username" hidden readOnly aria-hidden="true" tabIndex={-1} />
            <Field name="currentPassword" label="Current password" type="password" errors={props.errors} autocomplete="current-password" required />
            <Field
              name="newPassword"
              label="New password"
              type="password"
              errors={props.errors}
              autocomplete="new-password"
              hint={u.internal ? 'At least the minimum length your organisation sets; a long passphrase is best. Very common passwords are refused.' : 'Your directory’s password policy applies (length, complexity, history).'}
              required
            />
            <Field name="confirmPassword" label="Confirm new password" type="password" errors={props.errors} autocomplete="new-password" required />
            <button type="submit">Change Password</button>
          </form>
        </section>
      ) : (
        <section class="card" aria-labelledby="password-managed-title">
          <h2 id="password-managed-title">Your password</h2>
          <p class="banner">
            Your password is managed by {props.directory?.label ?? u.source}
            {props.directory && props.directory.label !== props.directory.sourceName ? ` (${props.directory.sourceName})` : ''}.
          </p>
          <p>It cannot be changed here. Change it where you sign in to your organisation's other systems.</p>
          {props.passwordHelpText && <p class="help-text">{props.passwordHelpText}</p>}
        </section>
      )}
      <SessionsSection sessions={props.sessions} csrfToken={props.csrfToken} />
    </Frame>
  );
}

export function ForgotPasswordPage(props: { organization: string; passwordHelpText: string }) {
  return (
    <Layout title="Forgot your password?" organization={props.organization} area="user">
      <section class="card narrow">
        <h1>Forgot your password?</h1>
        <p>{props.passwordHelpText}</p>
        <p>
          <a href="/user/login">Back to Log in</a>
        </p>
      </section>
    </Layout>
  );
}
