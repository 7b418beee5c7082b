/** Admin Console → Users → a user → Change Password (internal users only). */
import type { PresentedUser } from '../../users/user.presenter.js';
import { Checkbox, CsrfField, ErrorSummary, Field, type FieldErrors } from '../components/forms.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { useAdminTranslator } from '../components/translation.js';
import { AdminPage, userHref, type AdminFrame, BackLink } from './admin.pages.js';

// Module-level English: the Admin Console always renders in English.
const LABELS = {
  password: adminEnglish.t('admin.users.field.newPassword'),
  confirmPassword: adminEnglish.t('admin.users.field.confirmPassword'),
};

export function ChangePasswordPage(props: {
  frame: AdminFrame;
  user: PresentedUser;
  mustChange?: boolean;
  passwordHint: string;
  errors?: FieldErrors;
}) {
  const t = useAdminTranslator();
  const { user, frame } = props;
  const name = user.username;
  return (
    <AdminPage frame={frame} title={t.t('admin.users.password.title', { name })} section="users">
      <BackLink href={userHref(name)} label={t.t('admin.users.password.back', { name })} />
      <h1>{t.t('admin.users.password.title', { name })}</h1>
      <p>{t.t('admin.users.password.intro', { name })}</p>
      <ErrorSummary errors={props.errors} labels={LABELS} />
      <form method="post" action={userHref(user.username, '/password')} class="card" novalidate>
        <CsrfField token={frame.csrfToken} />
        <Field
          name="password"
          label={LABELS.password}
          type="password"
          errors={props.errors}
          autocomplete="new-password"
          required
          hint={props.passwordHint}
        />
        <Field
          name="confirmPassword"
          label={LABELS.confirmPassword}
          type="password"
          errors={props.errors}
          autocomplete="new-password"
          required
        />
        <Checkbox
          name="mustChangePassword"
          label={t.t('admin.users.field.mustChangePassword')}
          checked={props.mustChange}
        />
        <div class="actions">
          <button type="submit">{t.t('admin.users.password.change')}</button>
          <a href={userHref(name)}>{t.t('admin.users.password.cancel')}</a>
        </div>
      </form>
    </AdminPage>
  );
}
