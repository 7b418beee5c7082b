/**
 * Pages of the single sign-on flow: what a user sees when a sign-in through an identity provider
 * does not complete. Every message is plain text (preact escapes it, including whatever the
 * provider put in `error_description`), with a way back to the password form, which always works.
 *
 *   <SsoErrorPage organization="Example School" status={400} message={SSO_EXPIRED} area="user" />
 */
import { Layout } from '../components/layout.js';

const TITLES: Record<number, string> = {
  400: 'Sign-in could not be completed',
  401: 'Sign-in could not be verified',
  403: 'Sign-in refused',
  404: 'Sign-in option not found',
  429: 'Too many sign-in attempts',
  503: 'Sign-in not available',
};

export function SsoErrorPage(props: {
  organization: string;
  status: number;
  message: string;
  area: 'user' | 'admin';
}) {
  const title = TITLES[props.status] ?? 'Sign-in could not be completed';
  const login = props.area === 'admin' ? '/admin/login' : '/user/login';
  return (
    <Layout title={title} organization={props.organization} area={props.area}>
      <section class="card narrow" aria-labelledby="sso-error-title">
        <h1 id="sso-error-title">{title}</h1>
        <p class="sso-error-message">{props.message}</p>
        <p>
          <a href={login}>Back to the sign-in page</a>
        </p>
        {props.area === 'user' && (
          <p>
            Administrators: <a href="/admin/login">Admin Console log in</a>
          </p>
        )}
      </section>
    </Layout>
  );
}
