/**
 * Admin Console → Users → an internal user → Details → Internal User Settings: the banner, the
 * Change Password link and "Send password reset email" — or why no email can be sent.
 *
 *   <InternalUserSection user={user} mailConfigured={true} csrfToken={frame.csrfToken} />
 */
import { adminLinkProblem, RESET_LINK_MINUTES } from '../../passwords/admin-link.js';
import type { PresentedUser } from '../../users/user.presenter.js';
import { CsrfField } from '../components/forms.js';
import { useAdminTranslator } from '../components/translation.js';
import { userHref } from './admin.pages.js';

export function InternalUserSection(props: {
  user: PresentedUser;
  mailConfigured: boolean;
  csrfToken: string;
}) {
  const t = useAdminTranslator();
  const { user } = props;
  const problem = adminLinkProblem(user, props.mailConfigured);
  return (
    <section class="card" aria-labelledby="internal-title">
      <h2 id="internal-title">{t.t('admin.users.internal.title')}</h2>
      <p class="banner">{t.t('admin.users.internal.banner')}</p>
      <p>{t.t('admin.users.internal.password', { mustChange: user.mustChangePassword ? 'yes' : 'no' })}</p>
      <div class="actions">
        <a href={userHref(user.username, '/password')}>{t.t('admin.users.internal.changePassword')}</a>
        {problem === null && (
          <form method="post" action={userHref(user.username, '/send-reset-email')}>
            <CsrfField token={props.csrfToken} />
            <button type="submit" class="button-secondary" aria-describedby="reset-email-hint">
              {t.t('admin.userMail.send')}
            </button>
          </form>
        )}
      </div>
      {problem === null ? (
        <p class="hint" id="reset-email-hint">
          {t.t('admin.userMail.hint', { email: user.email, minutes: RESET_LINK_MINUTES })}
        </p>
      ) : (
        <p>
          {t.t(problem, { name: user.username })}
          {problem === 'admin.userMail.noMailServer' && (
            <>
              {' '}
              <a href="/admin/options/email">{t.t('admin.mailNeeded.setUp')}</a>
            </>
          )}
        </p>
      )}
    </section>
  );
}
