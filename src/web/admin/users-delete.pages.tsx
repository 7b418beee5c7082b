/** Admin Console → Users → a user → Delete: the confirmation page. */
import type { PresentedUser } from '../../users/user.presenter.js';
import { CsrfField } from '../components/forms.js';
import { useAdminTranslator } from '../components/translation.js';
import { AdminPage, userHref, type AdminFrame } from './admin.pages.js';

export function DeleteUserPage(props: { frame: AdminFrame; user: PresentedUser }) {
  const t = useAdminTranslator();
  const { user, frame } = props;
  const name = user.username;
  const who = user.fullName
    ? t.t('admin.users.delete.nameWithFullName', { name, fullName: user.fullName })
    : name;
  return (
    <AdminPage frame={frame} title={t.t('admin.users.delete.title', { name })} section="users">
      <h1>{t.t('admin.users.delete.heading', { name })}</h1>
      <section class="card">
        <p>{t.t('admin.users.delete.warning', { who })}</p>
        {!user.internal && <p>{t.t('admin.users.delete.comesBack', { source: user.source })}</p>}
        {name === frame.adminName ? (
          <p>
            {t.t('admin.users.self.noDelete')} <a href={userHref(name)}>{t.t('admin.users.self.back')}</a>
          </p>
        ) : (
          <form method="post" action={userHref(name, '/delete')} class="actions">
            <CsrfField token={frame.csrfToken} />
            <button type="submit" class="button-danger">
              {t.t('admin.users.delete.confirm', { name })}
            </button>
            <a href={userHref(name)}>{t.t('admin.users.delete.cancel', { name })}</a>
          </form>
        )}
      </section>
    </AdminPage>
  );
}
