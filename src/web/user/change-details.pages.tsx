/**
 * Change Details: Change Password for internal users (or where the password is managed, for
 * standard users), the email address, the language and the sessions. Every word comes from the
 * catalog (useTranslator).
 */
import type { PresentedSession } from '../../sessions/session.presenter.js';
import { ErrorSummary, Field, Notice, CsrfField, type FieldErrors } from '../components/forms.js';
import { useTranslator } from '../components/translation.js';
import type { Translator } from '../../i18n/translator.js';
import { EmailSection } from './email.section.js';
import { LanguageSection } from './language.section.js';
import { SessionsSection } from './sessions.section.js';
import { NewPasswordFields } from './signed-out.pages.js';
import { Frame, type UserFrame } from './user-frame.js';

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
      {u.internal && (
        <EmailSection
          user={u}
          csrfToken={props.csrfToken}
          pendingEmail={props.pendingEmail}
          errors={props.errors}
        />
      )}
      <section class="card" aria-labelledby="two-factor-title">
        <h2 id="two-factor-title">{t.t('twoFactor.title')}</h2>
        <p>{t.t('twoFactor.intro')}</p>
        <p>
          <a href="/user/two-factor">{t.t('twoFactor.changeDetailsLink')}</a>
        </p>
      </section>
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
