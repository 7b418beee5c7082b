/**
 * Signed-in pages of the User Web Interface: Summary and Change Details (with Change Password for
 * internal users, or where the password is managed for standard users, the email address, the
 * language and the sessions). Every word comes from the catalog (useTranslator).
 */
import { SHIPPED_LANGUAGES } from '../../i18n/languages.js';
import type { PresentedSession } from '../../sessions/session.presenter.js';
import type { PresentedUser } from '../../users/user.presenter.js';
import { DataTable, type Column } from '../components/data-table.js';
import { CsrfField, ErrorSummary, Field, Notice, type FieldErrors } from '../components/forms.js';
import { Layout, type NavLink } from '../components/layout.js';
import { useTranslator } from '../components/translation.js';
import type { Translator } from '../../i18n/translator.js';
import { NewPasswordFields } from './signed-out.pages.js';

export interface UserFrame {
  organization: string;
  csrfToken: string;
  user: PresentedUser;
  /** May use the Admin Console (granted, or through an admin group). */
  adminAccess: boolean;
}

function nav(t: Translator, current: string, adminAccess: boolean): NavLink[] {
  const links: NavLink[] = [
    { href: '/user/summary', label: t.t('user.nav.summary') },
    { href: '/user/change-details', label: t.t('user.nav.changeDetails') },
  ];
  if (adminAccess) links.push({ href: '/admin', label: t.t('user.nav.adminConsole') });
  return links.map((l) => ({ ...l, current: l.href === current }));
}

function Frame(props: UserFrame & { title: string; current: string; children: preact.ComponentChildren }) {
  const t = useTranslator();
  return (
    <Layout
      title={props.title}
      organization={props.organization}
      area="user"
      nav={nav(t, props.current, props.adminAccess)}
      signedInAs={props.user.username}
      csrfToken={props.csrfToken}
    >
      {props.children}
    </Layout>
  );
}

export function SummaryPage(props: UserFrame) {
  const t = useTranslator();
  const u = props.user;
  const none = t.t('user.none');
  return (
    <Frame {...props} title={t.t('user.summary.title')} current="/user/summary">
      <h1>{t.t('user.summary.title')}</h1>
      <section class="card">
        <h2>{t.t('user.summary.account')}</h2>
        <dl class="details">
          <dt>{t.t('user.summary.username')}</dt>
          <dd>{u.username}</dd>
          <dt>{t.t('user.summary.fullName')}</dt>
          <dd>{u.fullName || none}</dd>
          <dt>{t.t('user.summary.email')}</dt>
          <dd>{u.email || none}</dd>
          <dt>{t.t('user.summary.department')}</dt>
          <dd>{u.department || none}</dd>
          <dt>{t.t('user.summary.office')}</dt>
          <dd>{u.office || none}</dd>
          <dt>{t.t('user.summary.cardNumber')}</dt>
          <dd>{u.cardNumber ? t.t('user.summary.cardOnFile') : none}</dd>
          <dt>{t.t('user.summary.accountType')}</dt>
          <dd>
            {u.internal ? t.t('user.summary.internal') : t.t('user.summary.synced', { source: u.source })}
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
export const CHANGE_DETAILS_DONE = [
  'password',
  'sessions',
  'email-sent',
  'email-cancelled',
  'language',
] as const;
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
  /** The user's stored language, or null (automatic). */
  language: string | null;
}

function sessionColumns(t: Translator): Column<PresentedSession>[] {
  return [
    {
      header: t.t('user.sessions.browser'),
      cell: (session) => (
        <>
          {session.browser}
          {session.current && ' '}
          {session.current && <span class="badge">{t.t('user.sessions.thisSession')}</span>}
        </>
      ),
    },
    { header: t.t('user.sessions.address'), cell: (session) => session.ip },
    {
      header: t.t('user.sessions.signedIn'),
      cell: (session) => <time datetime={session.signedInAt}>{t.dateTime(session.signedInAt)}</time>,
    },
    {
      header: t.t('user.sessions.lastSeen'),
      cell: (session) => <time datetime={session.lastSeenAt}>{t.dateTime(session.lastSeenAt)}</time>,
    },
  ];
}

function SessionsSection(props: { sessions: PresentedSession[]; csrfToken: string }) {
  const t = useTranslator();
  const others = props.sessions.filter((s) => !s.current).length;
  return (
    <section class="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t.t('user.sessions.title')}</h2>
      <DataTable
        caption={t.t('user.sessions.caption')}
        captionHidden
        columns={sessionColumns(t)}
        rows={props.sessions}
      />
      {others > 0 ? (
        <form method="post" action="/user/change-details/sessions/sign-out-others">
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="button-secondary">
            {t.t('user.sessions.signOutOthers', { count: others })}
          </button>
        </form>
      ) : (
        <p>{t.t('user.sessions.noOthers')}</p>
      )}
    </section>
  );
}

function labelsOf(t: Translator): Record<string, string> {
  return {
    currentPassword: t.t('user.changePassword.currentPassword'),
    newPassword: t.t('user.changePassword.newPassword'),
    confirmPassword: t.t('user.changePassword.confirmPassword'),
    email: t.t('user.email.newEmail'),
    emailCurrentPassword: t.t('user.email.currentPassword'),
    language: t.t('user.language.title'),
  };
}

const DONE_NOTICES = new Map([
  ['password', 'user.changeDetails.done.password'],
  ['sessions', 'user.changeDetails.done.sessions'],
  ['email-sent', 'user.changeDetails.done.emailSent'],
  ['email-cancelled', 'user.changeDetails.done.emailCancelled'],
  ['language', 'user.changeDetails.done.language'],
] as const satisfies readonly (readonly [ChangeDetailsDone, string])[]);

export function ChangeDetailsPage(props: ChangeDetailsProps) {
  const t = useTranslator();
  const u = props.user;
  const done = props.done && DONE_NOTICES.get(props.done);
  return (
    <Frame {...props} title={t.t('user.changeDetails.title')} current="/user/change-details">
      <h1>{t.t('user.changeDetails.title')}</h1>
      {props.required && u.mustChangePassword && (
        <Notice kind="warning">{t.t('user.changeDetails.mustChange')}</Notice>
      )}
      {done && <Notice kind="success">{t.t(done)}</Notice>}
      <ErrorSummary errors={props.errors} labels={labelsOf(t)} />
      {u.internal || props.directory?.canChangePassword ? (
        <PasswordSection {...props} />
      ) : (
        <section class="card" aria-labelledby="password-managed-title">
          <h2 id="password-managed-title">{t.t('user.password.title')}</h2>
          <p class="banner">
            {props.directory && props.directory.label !== props.directory.sourceName
              ? t.t('user.password.managedByIn', {
                  label: props.directory.label,
                  source: props.directory.sourceName,
                })
              : t.t('user.password.managedBy', { label: props.directory?.label ?? u.source })}
          </p>
          <p>{t.t('user.password.notHere')}</p>
          {props.passwordHelpText && <p class="help-text">{props.passwordHelpText}</p>}
        </section>
      )}
      {u.internal && <EmailSection {...props} />}
      <LanguageSection language={props.language} csrfToken={props.csrfToken} errors={props.errors} />
      <SessionsSection sessions={props.sessions} csrfToken={props.csrfToken} />
    </Frame>
  );
}

function PasswordSection(props: ChangeDetailsProps) {
  const t = useTranslator();
  const u = props.user;
  return (
    <section class="card" aria-labelledby="change-password-title">
      <h2 id="change-password-title">{t.t('user.changePassword.title')}</h2>
      {!u.internal && props.directory && (
        <p>
          {t.t('user.changePassword.directoryIntro', {
            label: props.directory.label,
            source: props.directory.sourceName,
          })}
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
          label={t.t('user.changePassword.currentPassword')}
          type="password"
          errors={props.errors}
          autocomplete="current-password"
          required
        />
        <NewPasswordFields
          errors={props.errors}
          hint={u.internal ? props.passwordHint : t.t('user.changePassword.directoryHint')}
        />
        <button type="submit">{t.t('user.changePassword.submit')}</button>
      </form>
    </section>
  );
}

/** An internal user's email address: changed only through a link sent to the new address. */
function EmailSection(props: ChangeDetailsProps) {
  const t = useTranslator();
  return (
    <section class="card" aria-labelledby="email-title">
      <h2 id="email-title">{t.t('user.email.title')}</h2>
      <p>
        {props.user.email
          ? t.rich('user.email.current', { email: <strong>{props.user.email}</strong> })
          : t.t('user.email.none')}
      </p>
      {props.pendingEmail && (
        <div class="notice notice-info" role="status">
          <p>{t.rich('user.email.pending', { email: <strong>{props.pendingEmail}</strong> })}</p>
          <form method="post" action="/user/change-details/email/cancel">
            <CsrfField token={props.csrfToken} />
            <button type="submit" class="button-secondary">
              {t.t('user.email.cancel')}
            </button>
          </form>
        </div>
      )}
      <form method="post" action="/user/change-details/email" novalidate>
        <CsrfField token={props.csrfToken} />
        <Field
          name="email"
          label={t.t('user.email.newEmail')}
          type="email"
          errors={props.errors}
          autocomplete="email"
          required
          maxLength={254}
          hint={t.t('user.email.newEmailHint')}
        />
        <Field
          name="emailCurrentPassword"
          label={t.t('user.email.currentPassword')}
          type="password"
          errors={props.errors}
          autocomplete="current-password"
          required
        />
        <button type="submit">{t.t('user.email.submit')}</button>
      </form>
    </section>
  );
}

/** The user's language for these pages and for mail; "automatic" stores nothing (null). */
function LanguageSection(props: { language: string | null; csrfToken: string; errors?: FieldErrors }) {
  const t = useTranslator();
  const error = props.errors?.language;
  return (
    <section class="card" aria-labelledby="language-title">
      <h2 id="language-title">{t.t('user.language.title')}</h2>
      <form method="post" action="/user/change-details/language">
        <CsrfField token={props.csrfToken} />
        <div class={`field${error ? ' field-invalid' : ''}`}>
          <label for="field-language">{t.t('user.language.label')}</label>
          {error && (
            <p class="field-error" id="field-language-error">
              {error}
            </p>
          )}
          <select
            id="field-language"
            name="language"
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'field-language-error' : undefined}
          >
            <option value="" selected={props.language === null}>
              {t.t('user.language.automatic')}
            </option>
            {[...SHIPPED_LANGUAGES].map(([code, language]) => (
              // The name in its own language, marked so, for a screen reader to pronounce it.
              <option value={code} lang={code} selected={props.language === code}>
                {language.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t.t('user.language.submit')}</button>
      </form>
    </section>
  );
}
