/**
 * Admin Console → Options → Email: the mail server, the From address, "Send test email" and the
 * last delivery failure. The SMTP password is never put on the page, only whether one is saved.
 */
import { When } from '../components/when.js';
import type { MailFailure, MailSettingsView } from '../../mail/mail.service.js';
import {
  CsrfField,
  ErrorSummary,
  Field,
  Notice,
  SelectField,
  type FieldErrors,
} from '../components/forms.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { useAdminTranslator } from '../components/translation.js';
import { AdminPage, type AdminFrame } from './admin.pages.js';

export const EMAIL_PAGE = '/admin/options/email';

/** The form as typed (the password is never sent back). */
export interface MailFormValues {
  host: string;
  port: string;
  security: string;
  user: string;
  from: string;
}

// Module-level English: the Admin Console always renders in English.
const LABELS = {
  host: adminEnglish.t('admin.mail.host'),
  port: adminEnglish.t('admin.mail.port'),
  security: adminEnglish.t('admin.mail.security'),
  user: adminEnglish.t('admin.mail.user'),
  password: adminEnglish.t('admin.mail.password'),
  from: adminEnglish.t('admin.mail.from'),
  to: adminEnglish.t('admin.mail.to'),
};
const SECURITY_OPTIONS = [
  { value: 'starttls', label: adminEnglish.t('admin.mail.security.starttls') },
  { value: 'tls', label: adminEnglish.t('admin.mail.security.tls') },
  { value: 'none', label: adminEnglish.t('admin.mail.security.none') },
];

export function mailFormValues(view: MailSettingsView): MailFormValues {
  return {
    host: view.host,
    port: view.port === null ? '' : String(view.port),
    security: view.security,
    user: view.user,
    from: view.from,
  };
}

export interface MailPageProps {
  frame: AdminFrame;
  view: MailSettingsView;
  values: MailFormValues;
  errors?: FieldErrors;
  notice?: string;
  /** The address typed for "Send test email" and how the attempt went. */
  testTo?: string;
  testErrors?: FieldErrors;
  testResult?: { ok: boolean; message: string };
}

function LastFailure({ failure }: { failure: MailFailure }) {
  const t = useAdminTranslator();
  return (
    <Notice kind="warning">
      <p>{t.rich('admin.mail.lastFailure', { at: <When at={failure.at} /> })}</p>
      <p>
        <code>{failure.message}</code>
      </p>
    </Notice>
  );
}

export function MailPage(props: MailPageProps) {
  const t = useAdminTranslator();
  const { view } = props;
  const locked = view.configured.server;
  return (
    <AdminPage frame={props.frame} title={t.t('admin.mail.title')} section="options" tab={EMAIL_PAGE}>
      <h1>{t.t('admin.mail.title')}</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      {locked && (
        <Notice kind="info">
          {t.rich('admin.mail.serverLocked', { variable: <code>QUIRE_SMTP_URL</code> })}
        </Notice>
      )}
      {!locked && view.configured.from && (
        <Notice kind="info">
          {t.rich('admin.mail.fromLocked', { variable: <code>QUIRE_MAIL_FROM</code> })}
        </Notice>
      )}
      {view.lastFailure && <LastFailure failure={view.lastFailure} />}
      <MailServerForm {...props} />
      <TestMailForm {...props} />
    </AdminPage>
  );
}

/** The mail server settings; read-only when the server's configuration sets them. */
function MailServerForm(props: MailPageProps) {
  const t = useAdminTranslator();
  const { view, values, errors } = props;
  const locked = view.configured.server;
  const securityLabel =
    SECURITY_OPTIONS.find((option) => option.value === values.security)?.label ?? values.security;
  return (
    <section class="card" aria-labelledby="mail-server-title">
      <h2 id="mail-server-title">{t.t('admin.mail.server')}</h2>
      <p>{t.t('admin.mail.serverIntro')}</p>
      <ErrorSummary errors={errors} labels={LABELS} />
      <form method="post" action={EMAIL_PAGE} novalidate>
        <CsrfField token={props.frame.csrfToken} />
        <Field
          name="host"
          label={LABELS.host}
          value={values.host}
          errors={errors}
          readOnly={locked}
          maxLength={253}
          hint={t.t('admin.mail.hostHint')}
        />
        {locked ? (
          <Field name="security" label={LABELS.security} value={securityLabel} readOnly />
        ) : (
          <SelectField
            name="security"
            label={LABELS.security}
            value={values.security}
            options={SECURITY_OPTIONS}
          />
        )}
        {errors?.security && <p class="field-error">{errors.security}</p>}
        <Field
          name="port"
          label={LABELS.port}
          type="number"
          value={values.port}
          errors={errors}
          readOnly={locked}
          hint={t.t('admin.mail.portHint')}
        />
        <Field
          name="user"
          label={LABELS.user}
          value={values.user}
          errors={errors}
          readOnly={locked}
          autocomplete="off"
          maxLength={254}
          hint={t.t('admin.mail.userHint')}
        />
        {!locked && (
          <Field
            name="password"
            label={LABELS.password}
            type="password"
            errors={errors}
            autocomplete="new-password"
            hint={view.hasPassword ? t.t('admin.mail.passwordSaved') : t.t('admin.mail.passwordHint')}
          />
        )}
        <Field
          name="from"
          label={LABELS.from}
          type="email"
          value={values.from}
          errors={errors}
          readOnly={locked || view.configured.from}
          maxLength={254}
          hint={t.t('admin.mail.fromHint')}
        />
        {!locked && <button type="submit">{t.t('admin.mail.save')}</button>}
      </form>
    </section>
  );
}

/** "Send test email" with the saved settings, and how the last attempt went. */
function TestMailForm(props: MailPageProps) {
  const t = useAdminTranslator();
  return (
    <section class="card" aria-labelledby="mail-test-title">
      <h2 id="mail-test-title">{t.t('admin.mail.test')}</h2>
      {props.testResult && (
        <Notice kind={props.testResult.ok ? 'success' : 'error'}>{props.testResult.message}</Notice>
      )}
      <ErrorSummary errors={props.testErrors} labels={LABELS} />
      <form method="post" action={`${EMAIL_PAGE}/test`} novalidate>
        <CsrfField token={props.frame.csrfToken} />
        <Field
          name="to"
          label={LABELS.to}
          type="email"
          value={props.testTo ?? ''}
          errors={props.testErrors}
          required
          maxLength={254}
          hint={t.t('admin.mail.testHint')}
        />
        <button type="submit">{t.t('admin.mail.test')}</button>
      </form>
    </section>
  );
}
