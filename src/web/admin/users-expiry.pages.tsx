/**
 * Admin Console → a user's Details → Account expiry: when a guest's or visitor's account stops
 * working, and the form that sets or removes the day (users/account-expiry.ts).
 *
 *   <ExpirySection user={user} timeZone="Europe/Berlin" csrfToken={token} />
 */
import type { PresentedUser } from '../../users/user.presenter.js';
import { CsrfField, ErrorSummary, Field, type FieldErrors } from '../components/forms.js';
import { useFormats } from '../components/formats.js';
import { useAdminTranslator } from '../components/translation.js';
import { userHref } from './admin.pages.js';

export function ExpirySection(props: {
  user: PresentedUser;
  /** The organisation's time zone, named in the hint. */
  timeZone: string;
  csrfToken: string;
  /** The day as typed, after a refused save. */
  value?: string;
  errors?: FieldErrors;
}) {
  const t = useAdminTranslator();
  const f = useFormats();
  const { user } = props;
  const label = t.t('admin.expiry.field');
  const state =
    user.expiryDate === null
      ? t.t('admin.expiry.never')
      : t.t(user.expired ? 'admin.expiry.expiredOn' : 'admin.expiry.until', {
          date: f.day(user.expiryDate),
        });
  return (
    <section class="card" aria-labelledby="expiry-title">
      <h2 id="expiry-title">{t.t('admin.expiry.title')}</h2>
      <p>{t.t('admin.expiry.intro')}</p>
      <dl class="details">
        <dt>{t.t('admin.expiry.state')}</dt>
        <dd>{state}</dd>
      </dl>
      <ErrorSummary errors={props.errors} labels={{ expiryDate: label }} />
      <form method="post" action={userHref(user.username, '/expiry')} novalidate>
        <CsrfField token={props.csrfToken} />
        <Field
          name="expiryDate"
          label={label}
          type="date"
          value={props.value ?? user.expiryDate ?? ''}
          errors={props.errors}
          hint={t.t('admin.expiry.hint', { zone: props.timeZone })}
        />
        <button type="submit" class="button-secondary">
          {t.t('admin.expiry.save')}
        </button>
      </form>
    </section>
  );
}
