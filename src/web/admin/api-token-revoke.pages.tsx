/**
 * Admin Console → Options → Web services → a token → Revoke: the confirmation page. Revoking is
 * for good, so the list links here and only this page's form (a POST with the CSRF token) revokes.
 * Works without JavaScript.
 */
import type { PresentedApiToken } from '../../api-tokens/api-token.presenter.js';
import { CsrfField, Notice } from '../components/forms.js';
import { useAdminTranslator } from '../components/translation.js';
import { When } from '../components/when.js';
import { AdminPage, type AdminFrame } from './admin.pages.js';
import { revokeTokenAction, WEB_SERVICES_PAGE } from './api-tokens.pages.js';

export function RevokeTokenPage({ frame, token }: { frame: AdminFrame; token: PresentedApiToken }) {
  const t = useAdminTranslator();
  const name = token.name;
  const title = t.t('admin.apiTokens.revokeTitle', { name });
  return (
    <AdminPage frame={frame} title={title} section="options" tab={WEB_SERVICES_PAGE}>
      <h1>{title}</h1>
      <p>
        <a href={WEB_SERVICES_PAGE}>{t.t('admin.apiTokens.back')}</a>
      </p>
      <section class="card">
        {token.revokedAt ? (
          <Notice kind="info">{t.t('admin.apiTokens.alreadyRevoked', { name })}</Notice>
        ) : (
          <>
            <p>{t.t('admin.apiTokens.revokeWarning', { name })}</p>
            <p>{t.t('admin.apiTokens.revokeScopes', { scopes: token.scopes.join(', ') })}</p>
            {token.lastUsedAt && (
              <p>
                {t.rich('admin.apiTokens.revokeLastUsed', { when: <When at={token.lastUsedAt} relative /> })}
              </p>
            )}
            <form method="post" action={revokeTokenAction(token.id)} class="actions">
              <CsrfField token={frame.csrfToken} />
              <button type="submit" class="button-danger">
                {t.t('admin.apiTokens.revokeConfirm', { name })}
              </button>
              <a href={WEB_SERVICES_PAGE}>{t.t('admin.apiTokens.revokeCancel')}</a>
            </form>
          </>
        )}
      </section>
    </AdminPage>
  );
}
