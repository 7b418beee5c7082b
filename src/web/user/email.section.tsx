/**
 * An internal user's email address under Change Details, and the form that changes it.
 */
import type { PresentedUser } from '../../users/user.presenter.js';
import { CsrfField, Field, type FieldErrors } from '../components/forms.js';
import { useTranslator } from '../components/translation.js';

/** An internal user's email address: changed only through a link sent to the new address. */
export function EmailSection(props: {
  user: PresentedUser;
  csrfToken: string;
  /** An email change waiting for its link. */
  pendingEmail?: string;
  errors?: FieldErrors;
}) {
  const t = useTranslator();
  return (
    <section class="card" aria-labelledby="email-title">
      <h2 id="email-title">{t.t('user.email.title')}</h2>
      <p>
        {props.user.email
          ? t.rich('user.email.current', { email: <strong>{props.user.email}</strong> })
          : t.t('user.email.none')}
      </p>
      {props.pendingEmail && (
        <div class="notice notice-info" role="status">
          <p>{t.rich('user.email.pending', { email: <strong>{props.pendingEmail}</strong> })}</p>
          <form method="post" action="/user/change-details/email/cancel">
            <CsrfField token={props.csrfToken} />
            <button type="submit" class="button-secondary">
              {t.t('user.email.cancel')}
            </button>
          </form>
        </div>
      )}
      <form method="post" action="/user/change-details/email" novalidate>
        <CsrfField token={props.csrfToken} />
        <Field
          name="email"
          label={t.t('user.email.newEmail')}
          type="email"
          errors={props.errors}
          autocomplete="email"
          required
          maxLength={254}
          hint={t.t('user.email.newEmailHint')}
        />
        <Field
          name="emailCurrentPassword"
          label={t.t('user.email.currentPassword')}
          type="password"
          errors={props.errors}
          autocomplete="current-password"
          required
        />
        <button type="submit">{t.t('user.email.submit')}</button>
      </form>
    </section>
  );
}
