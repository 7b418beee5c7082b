/**
 * The sign-in form of the User Web Interface and the Admin Console.
 */
import { CsrfField, ErrorSummary, Field, Notice } from './forms.js';
import { Layout } from './layout.js';

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
}

export function LoginPage(props: LoginPageProps) {
  const action = props.area === 'admin' ? '/admin/login' : '/user/login';
  return (
    <Layout title="Log in" organization={props.organization} area={props.area}>
      <section class="card narrow">
        <h1>{props.area === 'admin' ? 'Admin Console log in' : 'Log in'}</h1>
        {props.notice && <Notice kind="info">{props.notice}</Notice>}
        {props.error && <ErrorSummary errors={{ _form: props.error }} />}
        <form method="post" action={action} novalidate>
          <CsrfField token={props.csrfToken} />
          {props.next && <input type="hidden" name="next" value={props.next} />}
          <Field name="username" label="Username" value={props.username} autocomplete="username" required autofocus={!props.username} maxLength={200} />
          <Field name="password" label="Password" type="password" autocomplete="current-password" required />
          <button type="submit">Log in</button>
        </form>
        <p>
          <a href="/user/forgot-password">Forgot your password?</a>
        </p>
        {props.canRegister && props.area === 'user' && (
          <p>
            New here? <a href="/user/register">Register</a>
          </p>
        )}
      </section>
    </Layout>
  );
}
