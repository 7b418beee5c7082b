/** Admin Console → Users → Create internal user. */
import { Checkbox, CsrfField, ErrorSummary, Field, TextArea, type FieldErrors } from '../components/forms.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { WELCOME_LINK_DAYS } from '../../passwords/admin-link.js';
import { useAdminTranslator } from '../components/translation.js';
import { AdminPage, type AdminFrame } from './admin.pages.js';
import { DETAIL_FIELDS, DETAIL_LABELS, type DetailValues } from './users-details.pages.js';

export interface NewUserValues extends DetailValues {
  username: string;
  mustChangePassword: boolean;
  isAdmin: boolean;
  /** "Email the new user their log-in link": the password may then be left empty. */
  emailLink: boolean;
}

// Module-level English: the Admin Console always renders in English.
const LABELS = {
  username: adminEnglish.t('admin.users.field.username'),
  password: adminEnglish.t('admin.users.field.password'),
  confirmPassword: adminEnglish.t('admin.users.field.confirmPassword'),
  emailLink: adminEnglish.t('admin.users.new.emailLink'),
};
const NEW_USER_LABELS: Record<string, string> = { ...DETAIL_LABELS, ...LABELS };

export function NewUserPage(props: {
  frame: AdminFrame;
  values?: NewUserValues;
  passwordHint: string;
  /** The log-in link box is offered only when mail can be sent. */
  mailConfigured: boolean;
  errors?: FieldErrors;
}) {
  const t = useAdminTranslator();
  const values = props.values;
  return (
    <AdminPage frame={props.frame} title={t.t('admin.users.new.title')} section="users">
      <h1>{t.t('admin.users.new.title')}</h1>
      <p>{t.t('admin.users.new.intro')}</p>
      <ErrorSummary errors={props.errors} labels={NEW_USER_LABELS} />
      <form method="post" action="/admin/create-internal-user" class="card" novalidate>
        <CsrfField token={props.frame.csrfToken} />
        <Field
          name="username"
          label={LABELS.username}
          value={values?.username}
          errors={props.errors}
          autocomplete="off"
          required
          maxLength={64}
          hint={t.t('admin.users.new.usernameHint')}
        />
        <div class="grid-2">
          {DETAIL_FIELDS.map((f) => (
            <Field
              name={f.name}
              label={f.label}
              type={f.type}
              value={values?.[f.name]}
              errors={props.errors}
              autocomplete="off"
            />
          ))}
        </div>
        <TextArea
          name="notes"
          label={t.t('admin.users.field.notes')}
          value={values?.notes}
          errors={props.errors}
        />
        {props.mailConfigured && (
          <Checkbox
            name="emailLink"
            label={LABELS.emailLink}
            checked={values?.emailLink}
            errors={props.errors}
            hint={t.t('admin.users.new.emailLinkHint', { days: WELCOME_LINK_DAYS })}
          />
        )}
        <Field
          name="password"
          label={LABELS.password}
          type="password"
          errors={props.errors}
          autocomplete="new-password"
          required={!props.mailConfigured}
          hint={
            props.mailConfigured
              ? `${props.passwordHint} ${t.t('admin.users.new.passwordOptional')}`
              : props.passwordHint
          }
        />
        <Field
          name="confirmPassword"
          label={LABELS.confirmPassword}
          type="password"
          errors={props.errors}
          autocomplete="new-password"
          required={!props.mailConfigured}
        />
        <Checkbox
          name="mustChangePassword"
          label={t.t('admin.users.field.mustChangePassword')}
          checked={values?.mustChangePassword}
        />
        <Checkbox
          name="isAdmin"
          label={t.t('admin.users.new.grantAdmin')}
          checked={values?.isAdmin}
          hint={t.t('admin.users.new.grantAdminHint')}
        />
        <div class="actions">
          <button type="submit">{t.t('admin.users.new.create')}</button>
          <a href="/admin/users">{t.t('admin.users.new.cancel')}</a>
        </div>
      </form>
    </AdminPage>
  );
}
