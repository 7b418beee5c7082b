/**
 * Self-registration pages: the Register form, "check your email", the activation button the
 * emailed link opens, and what the visitor sees when the link is no good.
 */
import { CsrfField, ErrorSummary, Field, Notice, type FieldErrors } from '../components/forms.js';
import { Layout } from '../components/layout.js';
import { useTranslator } from '../components/translation.js';
import type { MessageKey, Translator } from '../../i18n/translator.js';

export interface RegisterValues {
  username: string;
  fullName: string;
  email: string;
}

function labelsOf(t: Translator) {
  return {
    username: t.t('register.username'),
    fullName: t.t('register.fullName'),
    email: t.t('register.email'),
    password: t.t('register.password'),
    confirmPassword: t.t('register.confirmPassword'),
  };
}

function emailHint(t: Translator, domains: string[]): string {
  if (domains.length === 0) return t.t('register.emailHint');
  if (domains.length === 1) return t.t('register.emailHintDomain', { domain: domains[0]! });
  return t.t('register.emailHintDomains', { domains: domains.join(', ') });
}

export function RegisterPage(props: {
  organization: string;
  csrfToken: string;
  values?: RegisterValues;
  errors?: FieldErrors;
  domains: string[];
  passwordHint: string;
}) {
  const t = useTranslator();
  const labels = labelsOf(t);
  const v = props.values;
  return (
    <Layout title={t.t('register.title')} organization={props.organization} area="user">
      <section class="card narrow">
        <h1>{t.t('register.title')}</h1>
        <p>{t.t('register.intro')}</p>
        <ErrorSummary errors={props.errors} labels={labels} />
        <form method="post" action="/user/register" novalidate>
          <CsrfField token={props.csrfToken} />
          <Field
            name="username"
            label={labels.username}
            value={v?.username}
            errors={props.errors}
            autocomplete="username"
            required
            maxLength={64}
            hint={t.t('register.usernameHint')}
          />
          <Field
            name="fullName"
            label={labels.fullName}
            value={v?.fullName}
            errors={props.errors}
            autocomplete="name"
            required
            maxLength={200}
          />
          <Field
            name="email"
            label={labels.email}
            type="email"
            value={v?.email}
            errors={props.errors}
            autocomplete="email"
            required
            maxLength={254}
            hint={emailHint(t, props.domains)}
          />
          <Field
            name="password"
            label={labels.password}
            type="password"
            errors={props.errors}
            autocomplete="new-password"
            required
            hint={props.passwordHint}
          />
          <Field
            name="confirmPassword"
            label={labels.confirmPassword}
            type="password"
            errors={props.errors}
            autocomplete="new-password"
            required
          />
          <button type="submit">{t.t('register.submit')}</button>
        </form>
        <p>{t.rich('register.haveAccount', { logIn: <a href="/user/login">{t.t('user.logIn')}</a> })}</p>
      </section>
    </Layout>
  );
}

/** After registering: the link is on its way (or could not be sent). */
export function RegisterSentPage(props: { organization: string; delivered: boolean }) {
  const t = useTranslator();
  const title = t.t(props.delivered ? 'register.sent.title' : 'register.notSent.title');
  return (
    <Layout title={title} organization={props.organization} area="user">
      <section class="card narrow">
        <h1>{title}</h1>
        {props.delivered ? (
          <>
            <Notice kind="success">{t.t('register.sent.notice')}</Notice>
            <p>{t.t('register.sent.text')}</p>
          </>
        ) : (
          <>
            <Notice kind="error">{t.t('register.notSent.notice')}</Notice>
            <p>{t.t('register.notSent.text')}</p>
          </>
        )}
        <p>
          <a href="/user/login">{t.t('user.backToLogin')}</a>
        </p>
      </section>
    </Layout>
  );
}

/** What the emailed link opens: one button, so that a mail scanner fetching links activates nothing. */
/** Registration is on but no mail server is set up: the confirming link could never arrive. */
export function RegisterUnavailablePage(props: { organization: string; passwordHelpText: string }) {
  const t = useTranslator();
  const title = t.t('user.register.noMail.title');
  return (
    <Layout title={title} organization={props.organization} area="user">
      <section class="card narrow">
        <h1>{title}</h1>
        <Notice kind="info">
          {t.t('user.register.noMail.notice', { organization: props.organization })}
        </Notice>
        {props.passwordHelpText && <p class="help-text">{props.passwordHelpText}</p>}
        <p>
          <a href="/user/login">{t.t('user.backToLogin')}</a>
        </p>
      </section>
    </Layout>
  );
}

export function ActivatePage(props: { organization: string; csrfToken: string; action: string }) {
  const t = useTranslator();
  return (
    <Layout title={t.t('register.activate.title')} organization={props.organization} area="user">
      <section class="card narrow">
        <h1>{t.t('register.activate.title')}</h1>
        <p>{t.t('register.activate.text')}</p>
        <form method="post" action={props.action}>
          <CsrfField token={props.csrfToken} />
          <button type="submit">{t.t('register.activate.submit')}</button>
        </form>
      </section>
    </Layout>
  );
}

export function VerifiedPage(props: { organization: string; username: string }) {
  const t = useTranslator();
  return (
    <Layout title={t.t('register.verified.title')} organization={props.organization} area="user">
      <section class="card narrow">
        <h1>{t.t('register.verified.title')}</h1>
        <Notice kind="success">
          {t.rich('register.verified.notice', { username: <strong>{props.username}</strong> })}
        </Notice>
        <p>
          <a href="/user/login">{t.t('user.logIn')}</a>
        </p>
      </section>
    </Layout>
  );
}

const LINK_PROBLEMS = {
  invalid: { title: 'register.link.invalid.title', text: 'register.link.invalid.text' },
  expired: { title: 'register.link.expired.title', text: 'register.link.expired.text' },
  taken: { title: 'register.link.taken.title', text: 'register.link.taken.text' },
} as const satisfies Record<string, { title: MessageKey; text: MessageKey }>;

export type LinkProblem = keyof typeof LINK_PROBLEMS;

export function LinkProblemPage(props: { organization: string; problem: LinkProblem }) {
  const t = useTranslator();
  const title = t.t(LINK_PROBLEMS[props.problem].title);
  const text = t.t(LINK_PROBLEMS[props.problem].text);
  return (
    <Layout title={title} organization={props.organization} area="user">
      <section class="card narrow">
        <h1>{title}</h1>
        <p>{text}</p>
        <p>
          <a href="/user/register">{t.t('register.submit')}</a> ·{' '}
          <a href="/user/login">{t.t('user.logIn')}</a>
        </p>
      </section>
    </Layout>
  );
}
