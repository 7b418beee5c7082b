/**
 * Self-registration pages: the Register form, "check your email", the activation button the
 * emailed link opens, and what the visitor sees when the link is no good.
 */
import { CsrfField, ErrorSummary, Field, Notice, type FieldErrors } from '../components/forms.js';
import { Layout } from '../components/layout.js';

export interface RegisterValues {
  username: string;
  fullName: string;
  email: string;
}

const LABELS: Record<string, string> = {
  username: 'Username',
  fullName: 'Full name',
  email: 'Email',
  password: 'Password',
  confirmPassword: 'Confirm password',
};

export function RegisterPage(props: {
  organization: string;
  csrfToken: string;
  values?: RegisterValues;
  errors?: FieldErrors;
  domains: string[];
  passwordHint: string;
}) {
  const v = props.values;
  const domainHint =
    props.domains.length === 0
      ? ''
      : props.domains.length === 1
        ? ` It must be an address at ${props.domains[0]}.`
        : ` It must be an address at one of: ${props.domains.join(', ')}.`;
  return (
    <Layout title="Register" organization={props.organization} area="user">
      <section class="card narrow">
        <h1>Register</h1>
        <p>Create an account. We email you a link; the account works once you have opened it.</p>
        <ErrorSummary errors={props.errors} labels={LABELS} />
        <form method="post" action="/user/register" novalidate>
          <CsrfField token={props.csrfToken} />
          <Field
            name="username"
            label={LABELS.username!}
            value={v?.username}
            errors={props.errors}
            autocomplete="username"
            required
            maxLength={64}
            hint='Up to 64 characters, without "/", "\" or "@".'
          />
          <Field
            name="fullName"
            label={LABELS.fullName!}
            value={v?.fullName}
            errors={props.errors}
            autocomplete="name"
            required
            maxLength={200}
          />
          <Field
            name="email"
            label={LABELS.email!}
            type="email"
            value={v?.email}
            errors={props.errors}
            autocomplete="email"
            required
            maxLength={254}
            hint={`The activation link is sent here.${domainHint}`}
          />
          <Field
            name="password"
            label={LABELS.password!}
            type="password"
            errors={props.errors}
            autocomplete="new-password"
            required
            hint={props.passwordHint}
          />
          <Field
            name="confirmPassword"
            label={LABELS.confirmPassword!}
            type="password"
            errors={props.errors}
            autocomplete="new-password"
            required
          />
          <button type="submit">Register</button>
        </form>
        <p>
          Already have an account? <a href="/user/login">Log in</a>
        </p>
      </section>
    </Layout>
  );
}

/** After registering: the link is on its way (or could not be sent). */
export function RegisterSentPage(props: { organization: string; delivered: boolean }) {
  return (
    <Layout
      title={props.delivered ? 'Check your email' : 'Email not sent'}
      organization={props.organization}
      area="user"
    >
      <section class="card narrow">
        {props.delivered ? (
          <>
            <h1>Check your email</h1>
            <Notice kind="success">We sent a link to the email address you entered.</Notice>
            <p>
              Open it within 24 hours to activate your account; until then you cannot log in. If no message
              arrives, look in your spam folder, or register again.
            </p>
          </>
        ) : (
          <>
            <h1>Email not sent</h1>
            <Notice kind="error">We could not send the activation email, so no account was created.</Notice>
            <p>Please try again later. If it keeps happening, tell your administrator.</p>
          </>
        )}
        <p>
          <a href="/user/login">Back to Log in</a>
        </p>
      </section>
    </Layout>
  );
}

/** What the emailed link opens: one button, so that a mail scanner fetching links activates nothing. */
export function ActivatePage(props: { organization: string; csrfToken: string; action: string }) {
  return (
    <Layout title="Activate your account" organization={props.organization} area="user">
      <section class="card narrow">
        <h1>Activate your account</h1>
        <p>Your email address is confirmed once you activate the account.</p>
        <form method="post" action={props.action}>
          <CsrfField token={props.csrfToken} />
          <button type="submit">Activate my account</button>
        </form>
      </section>
    </Layout>
  );
}

export function VerifiedPage(props: { organization: string; username: string }) {
  return (
    <Layout title="Account activated" organization={props.organization} area="user">
      <section class="card narrow">
        <h1>Account activated</h1>
        <Notice kind="success">
          Your account <strong>{props.username}</strong> is ready.
        </Notice>
        <p>
          <a href="/user/login">Log in</a>
        </p>
      </section>
    </Layout>
  );
}

const LINK_PROBLEMS = {
  invalid: {
    title: 'This link does not work',
    text: 'The link is not valid or has already been used. If you already activated your account, log in; otherwise register again.',
  },
  expired: {
    title: 'This link has expired',
    text: 'Activation links work for 24 hours. Please register again.',
  },
  taken: {
    title: 'This username is no longer free',
    text: 'Someone else took this username before the account was activated. Please register again with another username.',
  },
} as const;

export type LinkProblem = keyof typeof LINK_PROBLEMS;

export function LinkProblemPage(props: { organization: string; problem: LinkProblem }) {
  const { title, text } = LINK_PROBLEMS[props.problem];
  return (
    <Layout title={title} organization={props.organization} area="user">
      <section class="card narrow">
        <h1>{title}</h1>
        <p>{text}</p>
        <p>
          <a href="/user/register">Register</a> · <a href="/user/login">Log in</a>
        </p>
      </section>
    </Layout>
  );
}
