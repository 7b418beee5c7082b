/**
 * Pages of the User Web Interface: Summary, Change Details (with Change Password for internal
 * users, or where the password is managed for standard users), Forgot your password and the
 * reset-link pages.
 */
import type { PresentedSession } from '../../sessions/session.presenter.js';
import type { PresentedUser } from '../../users/user.presenter.js';
import { CsrfField, ErrorSummary, Field, Notice, type FieldErrors } from '../components/forms.js';
import { Layout, type NavLink } from '../components/layout.js';

export interface UserFrame {
  organization: string;
  csrfToken: string;
  user: PresentedUser;
  /** May use the Admin Console (granted, or through an admin group). */
  adminAccess: boolean;
}

function nav(current: string, adminAccess: boolean): NavLink[] {
  const links: NavLink[] = [
    { href: '/user/summary', label: 'Summary' },
    { href: '/user/change-details', label: 'Change Details' },
  ];
  if (adminAccess) links.push({ href: '/admin', label: 'Admin Console' });
  return links.map((l) => ({ ...l, current: l.href === current }));
}

function Frame(props: UserFrame & { title: string; current: string; children: preact.ComponentChildren }) {
  return (
    <Layout
      title={props.title}
      organization={props.organization}
      area="user"
      nav={nav(props.current, props.adminAccess)}
      signedInAs={props.user.username}
      csrfToken={props.csrfToken}
    >
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
          <dd>
            {u.internal ? 'Internal user (password managed in Quire)' : `Synchronized from ${u.source}`}
          </dd>
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
export const CHANGE_DETAILS_DONE = ['password', 'sessions', 'email-sent', 'email-cancelled'] as const;
export type ChangeDetailsDone = (typeof CHANGE_DETAILS_DONE)[number];

export interface ChangeDetailsProps extends UserFrame {
  passwordHelpText: string;
  /** The password policy in words (Options), under the new-password field. */
  passwordHint: string;
  /** An internal user's email change waiting for its link. */
  pendingEmail?: string;
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

const CHANGE_DETAILS_LABELS = {
  currentPassword: 'Current password',
  newPassword: 'New password',
  confirmPassword: 'Confirm new password',
  email: 'New email address',
  emailCurrentPassword: 'Current password',
};

export function ChangeDetailsPage(props: ChangeDetailsProps) {
  const u = props.user;
  return (
    <Frame {...props} title="Change Details" current="/user/change-details">
      <h1>Change Details</h1>
      {props.required && u.mustChangePassword && (
        <Notice kind="warning">You must change your password before you continue.</Notice>
      )}
      {props.done === 'password' && (
        <Notice kind="success">Your password was changed. You were signed out everywhere else.</Notice>
      )}
      {props.done === 'sessions' && <Notice kind="success">You were signed out everywhere else.</Notice>}
      {props.done === 'email-sent' && (
        <Notice kind="success">
          We sent a link to your new email address. Your address changes when you follow it.
        </Notice>
      )}
      {props.done === 'email-cancelled' && (
        <Notice kind="success">The email change was cancelled; its link no longer works.</Notice>
      )}
      <ErrorSummary errors={props.errors} labels={CHANGE_DETAILS_LABELS} />
      {u.internal || props.directory?.canChangePassword ? (
        <section class="card" aria-labelledby="change-password-title">
          <h2 id="change-password-title">Change Password</h2>
          {!u.internal && props.directory && (
            <p>
              This changes your password in {props.directory.label} ({props.directory.sourceName}), for every
              system that uses it.
            </p>
          )}
          <form method="post" action="/user/change-details/password" novalidate>
            <CsrfField token={props.csrfToken} />
            <input
              type="text"
              name="username"
              value={u.username}
              autocomplete="username"
              hidden
              readOnly
              aria-hidden="true"
              tabIndex={-1}
            />
            <Field
              name="currentPassword"
              label="Current password"
              type="password"
              errors={props.errors}
              autocomplete="current-password"
              required
            />
            <NewPasswordFields
              errors={props.errors}
              hint={
                u.internal
                  ? props.passwordHint
                  : 'Your directory’s password policy applies (length, complexity, history).'
              }
            />
            <button type="submit">Change Password</button>
          </form>
        </section>
      ) : (
        <section class="card" aria-labelledby="password-managed-title">
          <h2 id="password-managed-title">Your password</h2>
          <p class="banner">
            Your password is managed by {props.directory?.label ?? u.source}
            {props.directory && props.directory.label !== props.directory.sourceName
              ? ` (${props.directory.sourceName})`
              : ''}
            .
          </p>
          <p>It cannot be changed here. Change it where you sign in to your organisation's other systems.</p>
          {props.passwordHelpText && <p class="help-text">{props.passwordHelpText}</p>}
        </section>
      )}
      {u.internal && <EmailSection {...props} />}
      <SessionsSection sessions={props.sessions} csrfToken={props.csrfToken} />
    </Frame>
  );
}

/** An internal user's email address: changed only through a link sent to the new address. */
function EmailSection(props: ChangeDetailsProps) {
  return (
    <section class="card" aria-labelledby="email-title">
      <h2 id="email-title">Email address</h2>
      <p>
        {props.user.email ? (
          <>
            Your email address is <strong>{props.user.email}</strong>. Password reset links are sent there.
          </>
        ) : (
          'You have no email address, so a forgotten password cannot be reset by email.'
        )}
      </p>
      {props.pendingEmail && (
        <div class="notice notice-info" role="status">
          <p>
            A confirmation link was sent to <strong>{props.pendingEmail}</strong>. Your address changes when
            you follow it (within 24 hours).
          </p>
          <form method="post" action="/user/change-details/email/cancel">
            <CsrfField token={props.csrfToken} />
            <button type="submit" class="button-secondary">
              Cancel this change
            </button>
          </form>
        </div>
      )}
      <form method="post" action="/user/change-details/email" novalidate>
        <CsrfField token={props.csrfToken} />
        <Field
          name="email"
          label="New email address"
          type="email"
          errors={props.errors}
          autocomplete="email"
          required
          maxLength={254}
          hint="We send a link to this address; it changes when you follow it, and your current address gets a notice."
        />
        <Field
          name="emailCurrentPassword"
          label="Current password"
          type="password"
          errors={props.errors}
          autocomplete="current-password"
          required
        />
        <button type="submit">Send confirmation link</button>
      </form>
    </section>
  );
}

function SignedOutCard(props: { title: string; organization: string; children: preact.ComponentChildren }) {
  return (
    <Layout title={props.title} organization={props.organization} area="user">
      <section class="card narrow">
        <h1>{props.title}</h1>
        {props.children}
      </section>
    </Layout>
  );
}

export interface ForgotPasswordProps {
  organization: string;
  passwordHelpText: string;
  csrfToken: string;
  identifier?: string;
  errors?: FieldErrors;
}

export function ForgotPasswordPage(props: ForgotPasswordProps) {
  return (
    <SignedOutCard title="Forgot your password?" organization={props.organization}>
      <p>
        If your account is managed in {props.organization}, enter your username or email address and we will
        send you a link to choose a new password.
      </p>
      <ErrorSummary errors={props.errors} labels={{ identifier: 'Username or email' }} />
      <form method="post" action="/user/forgot-password" novalidate>
        <CsrfField token={props.csrfToken} />
        <Field
          name="identifier"
          label="Username or email"
          value={props.identifier}
          errors={props.errors}
          autocomplete="username"
          required
          autofocus
          maxLength={254}
        />
        <button type="submit">Send reset link</button>
      </form>
      {props.passwordHelpText && <p class="help-text">{props.passwordHelpText}</p>}
      <p>
        <a href="/user/login">Back to Log in</a>
      </p>
    </SignedOutCard>
  );
}

/** The one answer to every request, whether or not an account matched (no user enumeration). */
export function ResetRequestedPage(props: { organization: string; passwordHelpText: string }) {
  return (
    <SignedOutCard title="Check your email" organization={props.organization}>
      <Notice kind="info">
        If an internal account matches, we sent a link to its email address. The link works once, for one
        hour.
      </Notice>
      <p>
        No message after a few minutes? Check your spam folder. Accounts whose password is managed by your
        organisation's directory, and accounts without an email address, get no message.
      </p>
      {props.passwordHelpText && <p class="help-text">{props.passwordHelpText}</p>}
      <p>
        <a href="/user/login">Back to Log in</a>
      </p>
    </SignedOutCard>
  );
}

export interface ResetPasswordProps {
  organization: string;
  csrfToken: string;
  /** The link's own path, which the form posts back to. */
  action: string;
  passwordHint: string;
  errors?: FieldErrors;
}

/** New password and its confirmation, as Change Details and the reset page ask for them. */
function NewPasswordFields(props: { errors?: FieldErrors; hint: string; autofocus?: boolean }) {
  return (
    <>
      <Field
        name="newPassword"
        label="New password"
        type="password"
        errors={props.errors}
        autocomplete="new-password"
        hint={props.hint}
        required
        autofocus={props.autofocus}
      />
      <Field
        name="confirmPassword"
        label="Confirm new password"
        type="password"
        errors={props.errors}
        autocomplete="new-password"
        required
      />
    </>
  );
}

export function ResetPasswordPage(props: ResetPasswordProps) {
  return (
    <SignedOutCard title="Choose a new password" organization={props.organization}>
      <ErrorSummary
        errors={props.errors}
        labels={{ newPassword: 'New password', confirmPassword: 'Confirm new password' }}
      />
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.csrfToken} />
        <NewPasswordFields errors={props.errors} hint={props.passwordHint} autofocus />
        <button type="submit">Set new password</button>
      </form>
      <p>Setting a new password signs you out everywhere.</p>
    </SignedOutCard>
  );
}

export function ResetLinkInvalidPage(props: { organization: string }) {
  return (
    <SignedOutCard title="This link cannot be used" organization={props.organization}>
      <Notice kind="error">
        This password reset link is not valid: it has been used already, a newer link replaced it, it is more
        than an hour old, or it was not copied completely.
      </Notice>
      <p>
        <a href="/user/forgot-password">Ask for a new link</a>
      </p>
      <p>
        <a href="/user/login">Back to Log in</a>
      </p>
    </SignedOutCard>
  );
}

export function ResetDonePage(props: { organization: string }) {
  return (
    <SignedOutCard title="Your password was changed" organization={props.organization}>
      <Notice kind="success">
        Your new password is set. You were signed out everywhere; log in with the new password.
      </Notice>
      <p>
        <a href="/user/login">Log in</a>
      </p>
    </SignedOutCard>
  );
}

/** The emailed email-change link: a button, so that a mail scanner fetching the link changes nothing. */
export function ConfirmEmailPage(props: {
  organization: string;
  csrfToken: string;
  action: string;
  username: string;
  newEmail: string;
}) {
  return (
    <SignedOutCard title="Confirm your new email address" organization={props.organization}>
      <p>
        Use <strong>{props.newEmail}</strong> as the email address of the account{' '}
        <strong>{props.username}</strong>?
      </p>
      <form method="post" action={props.action}>
        <CsrfField token={props.csrfToken} />
        <button type="submit">Confirm email address</button>
      </form>
    </SignedOutCard>
  );
}

export function EmailConfirmedPage(props: { organization: string }) {
  return (
    <SignedOutCard title="Your email address was changed" organization={props.organization}>
      <Notice kind="success">
        The new address is saved. Your previous address was told about the change.
      </Notice>
      <p>
        <a href="/user/change-details">Back to Change Details</a>
      </p>
    </SignedOutCard>
  );
}

export function EmailLinkInvalidPage(props: { organization: string }) {
  return (
    <SignedOutCard title="This link cannot be used" organization={props.organization}>
      <Notice kind="error">
        This confirmation link is not valid: it has been used already, a newer request or a cancellation
        replaced it, it is more than 24 hours old, or it was not copied completely.
      </Notice>
      <p>
        <a href="/user/change-details">Back to Change Details</a>
      </p>
    </SignedOutCard>
  );
}
