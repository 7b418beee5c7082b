/**
 * Pages of the single sign-on flow: what a user sees when a sign-in through an identity provider
 * does not complete. Every message is plain text (preact escapes it, including whatever the
 * provider put in `error_description`), with a way back to the password form, which always works.
 * The words come from the catalog, in the request's language (the admin area's are English).
 *
 *   <SsoErrorPage organization="Example School" status={400} message={SSO_EXPIRED} area="user" />
 */
import type { LocalText } from '../../i18n/local-text.js';
import type { MessageKey } from '../../i18n/translator.js';
import { Layout } from '../components/layout.js';
import { useTranslator } from '../components/translation.js';

const TITLES = new Map<number, MessageKey>([
  [400, 'sso.title.incomplete'],
  [401, 'sso.title.unverified'],
  [403, 'sso.title.refused'],
  [404, 'sso.title.notFound'],
  [429, 'sso.title.tooMany'],
  [503, 'sso.title.unavailable'],
]);

export function SsoErrorPage(props: {
  organization: string;
  status: number;
  message: LocalText;
  area: 'user' | 'admin';
}) {
  const t = useTranslator();
  const title = t.t(TITLES.get(props.status) ?? 'sso.title.incomplete');
  const login = props.area === 'admin' ? '/admin/login' : '/user/login';
  return (
    <Layout title={title} organization={props.organization} area={props.area}>
      <section class="card narrow" aria-labelledby="sso-error-title">
        <h1 id="sso-error-title">{title}</h1>
        <p class="sso-error-message">{props.message.in(t)}</p>
        <p>
          <a href={login}>{t.t('sso.backToSignIn')}</a>
        </p>
        {props.area === 'user' && (
          <p>
            {t.rich('sso.administrators', {
              adminLogin: <a href="/admin/login">{t.t('login.adminTitle')}</a>,
            })}
          </p>
        )}
      </section>
    </Layout>
  );
}
