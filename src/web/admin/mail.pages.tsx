/**
 * Admin Console → Options → Email: the mail server, the From address, "Send test email" and the
 * last delivery failure. The SMTP password is never put on the page, only whether one is saved.
 */
import type { MailFailure, MailSettingsView } from '../../mail/mail.service.js';
import { CsrfField, ErrorSummary, Field, Notice, type FieldErrors } from '../components/forms.js';
import { AdminPage, SelectField, type AdminFrame } from './admin.pages.js';

export const EMAIL_PAGE = '/admin/options/email';

/** The form as typed (the password is never sent back). */
export interface MailFormValues {
  host: string;
  port: string;
  security: string;
  user: string;
  from: string;
}

const LABELS = {
  host: 'Mail server (SMTP host)',
  port: 'Port',
  security: 'Security',
  user: 'User name',
  password: 'Password',
  from: 'From address',
  to: 'Send to',
};
const SECURITY_OPTIONS = [
  { value: 'starttls', label: 'STARTTLS (usually port 587)' },
  { value: 'tls', label: 'TLS (usually port 465)' },
  { value: 'none', label: 'None: plain SMTP, for a local relay only (usually port 25)' },
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
  return (
    <Notice kind="warning">
      <p>
        The last message that could not be sent failed at <time datetime={failure.at}>{failure.at}</time>:
      </p>
      <p>
        <code>{failure.message}</code>
      </p>
    </Notice>
  );
}

export function MailPage(props: MailPageProps) {
  const { view, values, errors } = props;
  const locked = view.configured.server;
  const securityLabel =
    SECURITY_OPTIONS.find((option) => option.value === values.security)?.label ?? values.security;
  return (
    <AdminPage frame={props.frame} title="Email" section="options" tab={EMAIL_PAGE}>
      <h1>Email</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      {locked && (
        <Notice kind="info">
          The mail server is set by <code>QUIRE_SMTP_URL</code> in the server's configuration, which wins over
          this page, so these fields are read-only. Change the configuration and restart Quire to change them.
        </Notice>
      )}
      {!locked && view.configured.from && (
        <Notice kind="info">
          The From address is set by <code>QUIRE_MAIL_FROM</code> in the server's configuration, which wins
          over this page.
        </Notice>
      )}
      {view.lastFailure && <LastFailure failure={view.lastFailure} />}

      <section class="card" aria-labelledby="mail-server-title">
        <h2 id="mail-server-title">Mail server</h2>
        <p>
          Quire sends password reset links and account notices through this server. Leave the host empty to
          send no mail.
        </p>
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
            hint="For example smtp.example.org."
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
            hint="Leave empty for the usual port of the security mode."
          />
          <Field
            name="user"
            label={LABELS.user}
            value={values.user}
            errors={errors}
            readOnly={locked}
            autocomplete="off"
            maxLength={254}
            hint="Leave empty if the server accepts mail without signing in."
          />
          {!locked && (
            <Field
              name="password"
              label={LABELS.password}
              type="password"
              errors={errors}
              autocomplete="new-password"
              hint={
                view.hasPassword
                  ? 'A password is saved. Leave this empty to keep it.'
                  : 'Used only with a user name.'
              }
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
            hint="The address messages come from, such as print@example.org. The organisation's name is shown as the sender."
          />
          {!locked && <button type="submit">Save email settings</button>}
        </form>
      </section>

      <section class="card" aria-labelledby="mail-test-title">
        <h2 id="mail-test-title">Send test email</h2>
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
            hint="Sends a short message with the saved settings."
          />
          <button type="submit">Send test email</button>
        </form>
      </section>
    </AdminPage>
  );
}
