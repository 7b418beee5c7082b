/**
 * Signed-out pages of the User Web Interface: "Forgot your password?", the reset link's pages and
 * the pages of the link that confirms a new email address. Every word comes from the catalog.
 */
import { CsrfField, ErrorSummary, Field, Notice, type FieldErrors } from '../components/forms.js';
import { Layout } from '../components/layout.js';
import { useTranslator } from '../components/translation.js';

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

function BackToLogin() {
  const t = useTranslator();
  return (
    <p>
      <a href="/user/login">{t.t('user.backToLogin')}</a>
    </p>
  );
}

export interface ForgotPasswordProps {
  organization: string;
  passwordHelpText: string;
  csrfToken: string;
  /** false when no mail server is set up: no form (no link could arrive), only whom to ask. */
  byEmail: boolean;
  identifier?: string;
  errors?: FieldErrors;
}

export function ForgotPasswordPage(props: ForgotPasswordProps) {
  const t = useTranslator();
  const label = t.t('user.forgot.identifier');
  if (!props.byEmail)
    return (
      <SignedOutCard title={t.t('user.forgot.title')} organization={props.organization}>
        <Notice kind="info">{t.t('user.forgot.noMail')}</Notice>
        {props.passwordHelpText && <p class="help-text">{props.passwordHelpText}</p>}
        <BackToLogin />
      </SignedOutCard>
    );
  return (
    <SignedOutCard title={t.t('user.forgot.title')} organization={props.organization}>
      <p>{t.t('user.forgot.intro', { organization: props.organization })}</p>
      <ErrorSummary errors={props.errors} labels={{ identifier: label }} />
      <form method="post" action="/user/forgot-password" novalidate>
        <CsrfField token={props.csrfToken} />
        <Field
          name="identifier"
          label={label}
          value={props.identifier}
          errors={props.errors}
          autocomplete="username"
          required
          autofocus
          maxLength={254}
        />
        <button type="submit">{t.t('user.forgot.submit')}</button>
      </form>
      {props.passwordHelpText && <p class="help-text">{props.passwordHelpText}</p>}
      <BackToLogin />
    </SignedOutCard>
  );
}

/** The one answer to every request, whether or not an account matched (no user enumeration). */
export function ResetRequestedPage(props: { organization: string; passwordHelpText: string }) {
  const t = useTranslator();
  return (
    <SignedOutCard title={t.t('user.resetRequested.title')} organization={props.organization}>
      <Notice kind="info">{t.t('user.resetRequested.notice')}</Notice>
      <p>{t.t('user.resetRequested.noMessage')}</p>
      {props.passwordHelpText && <p class="help-text">{props.passwordHelpText}</p>}
      <BackToLogin />
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
export function NewPasswordFields(props: { errors?: FieldErrors; hint: string; autofocus?: boolean }) {
  const t = useTranslator();
  return (
    <>
      <Field
        name="newPassword"
        label={t.t('user.changePassword.newPassword')}
        type="password"
        errors={props.errors}
        autocomplete="new-password"
        hint={props.hint}
        required
        autofocus={props.autofocus}
      />
      <Field
        name="confirmPassword"
        label={t.t('user.changePassword.confirmPassword')}
        type="password"
        errors={props.errors}
        autocomplete="new-password"
        required
      />
    </>
  );
}

export function ResetPasswordPage(props: ResetPasswordProps) {
  const t = useTranslator();
  return (
    <SignedOutCard title={t.t('user.reset.title')} organization={props.organization}>
      <ErrorSummary
        errors={props.errors}
        labels={{
          newPassword: t.t('user.changePassword.newPassword'),
          confirmPassword: t.t('user.changePassword.confirmPassword'),
        }}
      />
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.csrfToken} />
        <NewPasswordFields errors={props.errors} hint={props.passwordHint} autofocus />
        <button type="submit">{t.t('user.reset.submit')}</button>
      </form>
      <p>{t.t('user.reset.signsOut')}</p>
    </SignedOutCard>
  );
}

export function ResetLinkInvalidPage(props: { organization: string }) {
  const t = useTranslator();
  return (
    <SignedOutCard title={t.t('user.resetInvalid.title')} organization={props.organization}>
      <Notice kind="error">{t.t('user.resetInvalid.notice')}</Notice>
      <p>
        <a href="/user/forgot-password">{t.t('user.resetInvalid.askAgain')}</a>
      </p>
      <BackToLogin />
    </SignedOutCard>
  );
}

export function ResetDonePage(props: { organization: string }) {
  const t = useTranslator();
  return (
    <SignedOutCard title={t.t('user.resetDone.title')} organization={props.organization}>
      <Notice kind="success">{t.t('user.resetDone.notice')}</Notice>
      <p>
        <a href="/user/login">{t.t('user.logIn')}</a>
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
  const t = useTranslator();
  return (
    <SignedOutCard title={t.t('user.confirmEmail.title')} organization={props.organization}>
      <p>
        {t.rich('user.confirmEmail.question', {
          email: <strong>{props.newEmail}</strong>,
          username: <strong>{props.username}</strong>,
        })}
      </p>
      <form method="post" action={props.action}>
        <CsrfField token={props.csrfToken} />
        <button type="submit">{t.t('user.confirmEmail.submit')}</button>
      </form>
    </SignedOutCard>
  );
}

function BackToChangeDetails() {
  const t = useTranslator();
  return (
    <p>
      <a href="/user/change-details">{t.t('user.backToChangeDetails')}</a>
    </p>
  );
}

export function EmailConfirmedPage(props: { organization: string }) {
  const t = useTranslator();
  return (
    <SignedOutCard title={t.t('user.emailConfirmed.title')} organization={props.organization}>
      <Notice kind="success">{t.t('user.emailConfirmed.notice')}</Notice>
      <BackToChangeDetails />
    </SignedOutCard>
  );
}

export function EmailLinkInvalidPage(props: { organization: string }) {
  const t = useTranslator();
  return (
    <SignedOutCard title={t.t('user.emailLinkInvalid.title')} organization={props.organization}>
      <Notice kind="error">{t.t('user.emailLinkInvalid.notice')}</Notice>
      <BackToChangeDetails />
    </SignedOutCard>
  );
}
