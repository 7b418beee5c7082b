/**
 * The sign-in form of the User Web Interface and the Admin Console.
 */
import type { SignInOption } from '../../auth/sso/identity-providers.service.js';
import { CsrfField, ErrorSummary, Field, Notice } from './forms.js';
import { Layout } from './layout.js';
import { useTranslator } from './translation.js';

export interface LoginPageProps {
  area: 'user' | 'admin';
  organization: string;
  csrfToken: string;
  next?: string;
  username?: string;
  error?: string;
  notice?: string;
  /** Self-registration is on: offer "Register" (User Web Interface only). */
  canRegister?: boolean;
  /**
   * false when no mail server is set up: a reset link could never arrive, so "Forgot your
   * password?" is replaced by the advice to ask an administrator.
   */
  resetByEmail?: boolean;
  /** Single sign-on providers offered in this area: "Sign in with …" below the password form. */
  providers?: SignInOption[];
}

/** Where a "Sign in with …" link starts the provider's flow. */
export function signInWithHref(option: SignInOption, area: 'user' | 'admin', next?: string): string {
  const query = new URLSearchParams({ area, ...(next ? { next } : {}) });
  return `/auth/${option.protocol}/${encodeURIComponent(option.slug)}/start?${query}`;
}

export function LoginPage(props: LoginPageProps) {
  const t = useTranslator();
  const action = props.area === 'admin' ? '/admin/login' : '/user/login';
  return (
    <Layout title={t.t('login.title')} organization={props.organization} area={props.area}>
      <section class="card narrow">
        <h1>{t.t(props.area === 'admin' ? 'login.adminTitle' : 'login.title')}</h1>
        {props.notice && <Notice kind="info">{props.notice}</Notice>}
        {props.error && <ErrorSummary errors={{ _form: props.error }} />}
        <form method="post" action={action} novalidate>
          <CsrfField token={props.csrfToken} />
          {props.next && <input type="hidden" name="next" value={props.next} />}
          <Field
            name="username"
            label={t.t('login.username')}
            value={props.username}
            autocomplete="username"
            required
            autofocus={!props.username}
            maxLength={200}
          />
          <Field
            name="password"
            label={t.t('login.password')}
            type="password"
            autocomplete="current-password"
            required
          />
          <button type="submit">{t.t('login.submit')}</button>
        </form>
        {props.providers && props.providers.length > 0 && (
          <nav class="sign-in-with" aria-label={t.t('login.otherWays')}>
            {props.providers.map((option) => (
              <p>
                <a class="button button-secondary" href={signInWithHref(option, props.area, props.next)}>
                  {t.t('login.signInWith', { provider: option.displayName })}
                </a>
              </p>
            ))}
          </nav>
        )}
        {props.resetByEmail === false ? (
          <p class="help-text">{t.t('login.askAdministrator')}</p>
        ) : (
          <p>
            <a href="/user/forgot-password">{t.t('login.forgotPassword')}</a>
          </p>
        )}
        {props.canRegister && props.area === 'user' && (
          <p>{t.rich('login.newHere', { register: <a href="/user/register">{t.t('login.register')}</a> })}</p>
        )}
      </section>
    </Layout>
  );
}
