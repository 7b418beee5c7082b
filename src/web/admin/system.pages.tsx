/**
 * Admin Console pages beyond users and User/Group Sync: Options and the Audit Log.
 */
import {
  Checkbox,
  CsrfField,
  ErrorSummary,
  Field,
  Notice,
  TextArea,
  type FieldErrors,
} from '../components/forms.js';
import { DataTable, type Column } from '../components/data-table.js';
import { AdminPage, SelectField, type AdminFrame } from './admin.pages.js';
import type { AuditEntry } from '../../audit/audit.repository.js';
import type { Options } from '../../settings/settings.service.js';
import { SHIPPED_LANGUAGES } from '../../i18n/languages.js';
import { english } from '../../i18n/translator.js';

/** The Options form's values as typed (strings), for showing the form again. */
export type OptionValues = Record<keyof Options, string>;

export function optionValues(options: Options): OptionValues {
  return Object.fromEntries(
    Object.entries(options).map(([key, value]) => [key, String(value)]),
  ) as OptionValues;
}

const OPTION_LABELS: Record<keyof Options, string> = {
  organizationName: 'Organisation name',
  passwordHelpText: 'Password help text',
  defaultLanguage: english.t('admin.options.defaultLanguage'),
  minPasswordLength: 'Minimum password length',
  rejectCommonPasswords: 'Refuse common passwords',
  rejectUsernamePassword: 'Refuse the username as the password',
  passwordHistory: 'Remember previous passwords',
  lockoutFailures: 'Failed sign-ins before a delay',
  lockoutDelaySeconds: 'First delay (seconds)',
  lockoutMaxDelayMinutes: 'Maximum delay (minutes)',
  lockoutResetHours: 'Forget failures after (hours)',
  selfRegistration: 'Allow users to register themselves',
  registrationEmailDomains: 'Allowed email domains',
  webServicesAllowedAddresses: 'Allowed addresses',
};

export function OptionsPage(props: {
  frame: AdminFrame;
  values: OptionValues;
  errors?: FieldErrors;
  notice?: string;
}) {
  const { values } = props;
  const number = (name: keyof Options, hint: string) => (
    <Field
      name={name}
      label={OPTION_LABELS[name]}
      type="number"
      value={values[name]}
      errors={props.errors}
      required
      hint={hint}
    />
  );
  return (
    <AdminPage frame={props.frame} title="Options" section="options">
      <h1>Options</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      <ErrorSummary errors={props.errors} labels={OPTION_LABELS} />
      <form method="post" action="/admin/options" class="card" novalidate>
        <CsrfField token={props.frame.csrfToken} />
        <Field
          name="organizationName"
          label={OPTION_LABELS.organizationName}
          value={values.organizationName}
          errors={props.errors}
          required
          maxLength={100}
          hint="Shown at the top of every page."
        />
        <TextArea
          name="passwordHelpText"
          label={OPTION_LABELS.passwordHelpText}
          value={values.passwordHelpText}
          errors={props.errors}
          hint='Shown to standard users and on "Forgot your password?", e.g. "Contact the IT Service Desk, ext. 4357".'
        />
        <SelectField
          name="defaultLanguage"
          label={OPTION_LABELS.defaultLanguage}
          value={values.defaultLanguage}
          options={[...SHIPPED_LANGUAGES].map(([code, language]) => ({ value: code, label: language.name }))}
        />
        <p class="hint">{english.t('admin.options.defaultLanguageHint')}</p>
        <fieldset>
          <legend>Password policy for internal users</legend>
          {number('minPasswordLength', 'From 1 to 64. At least 8 is the default; 15 or more is recommended.')}
          {/* Tells the route that the checkboxes below were on the form, so an unticked one means off. */}
          <input type="hidden" name="passwordRules" value="shown" />
          <Checkbox
            name="rejectCommonPasswords"
            label={OPTION_LABELS.rejectCommonPasswords}
            checked={values.rejectCommonPasswords === 'true'}
            errors={props.errors}
            hint="About 49,000 passwords most often seen in leaks. Recommended."
          />
          <Checkbox
            name="rejectUsernamePassword"
            label={OPTION_LABELS.rejectUsernamePassword}
            checked={values.rejectUsernamePassword === 'true'}
            errors={props.errors}
            hint="Recommended."
          />
          {number(
            'passwordHistory',
            'A new password may not be any of this many most recent passwords, the current one included. From 0 (off, the default) to 24.',
          )}
        </fieldset>
        <fieldset>
          <legend>Sign-in lockout</legend>
          <p>
            After this many failed sign-ins for one username, each further attempt must wait: the first delay,
            then twice as long after every further failure, up to the maximum. The same applies to a username
            that does not exist, so a delay never tells anyone whether an account exists. A successful sign-in
            or an administrator ("Clear lock" on the user page) clears the count.
          </p>
          {number('lockoutFailures', 'Default 5.')}
          {number('lockoutDelaySeconds', 'Default 60 seconds.')}
          {number('lockoutMaxDelayMinutes', 'Default 15 minutes.')}
          {number(
            'lockoutResetHours',
            'Failures are forgotten after this long without another failure. Default 12 hours.',
          )}
        </fieldset>
        <fieldset>
          <legend>Internal users: self-registration</legend>
          <p>
            When allowed, the Log in page offers "Register". A visitor chooses a username and password and
            must enter an email address: the account is created as an internal user only after the link
            emailed to that address is followed (it works once, for 24 hours). A name that any user already
            has, including a user synced from a directory source, cannot be registered. An email server must
            be set up under Email.
          </p>
          <input type="hidden" name="registrationRules" value="shown" />
          <Checkbox
            name="selfRegistration"
            label={OPTION_LABELS.selfRegistration}
            checked={values.selfRegistration === 'true'}
            errors={props.errors}
            hint="Off by default."
          />
          <TextArea
            name="registrationEmailDomains"
            label={OPTION_LABELS.registrationEmailDomains}
            value={values.registrationEmailDomains}
            errors={props.errors}
            rows={3}
            hint="One per line, such as example.org. Only addresses at exactly these domains may register. Leave empty to allow any domain."
          />
        </fieldset>
        <button type="submit">Save options</button>
      </form>
    </AdminPage>
  );
}

/** An audit entry as the page shows it: the stored fields and the id used for paging. */
export type AuditEntryView = AuditEntry & { id: number };

/** Not sortable: the log pages by id, newest first ("Older entries"). */
const AUDIT_COLUMNS: Column<AuditEntryView>[] = [
  { header: 'When', cell: (entry) => <time datetime={entry.at}>{entry.at}</time> },
  { header: 'Who', cell: (entry) => entry.actor },
  { header: 'What', cell: (entry) => entry.action },
  { header: 'Target', cell: (entry) => entry.target },
  { header: 'Source address', cell: (entry) => entry.ip },
  { header: 'Details', cell: (entry) => entry.details && <code>{entry.details}</code> },
];

export function AuditLogPage(props: {
  frame: AdminFrame;
  user: string;
  action: string;
  actions: string[];
  entries: AuditEntryView[];
  olderHref?: string;
}) {
  return (
    <AdminPage frame={props.frame} title="Audit Log" section="audit">
      <h1>Audit Log</h1>
      <form method="get" action="/admin/audit" class="toolbar" aria-label="Filter the audit log">
        <Field
          name="user"
          label="User"
          type="search"
          value={props.user}
          hint="Who acted or was acted on"
          maxLength={200}
        />
        <SelectField
          name="action"
          label="Action"
          value={props.action}
          options={[
            { value: '', label: 'All actions' },
            ...props.actions.map((a) => ({ value: a, label: a })),
          ]}
        />
        <button type="submit">Filter</button>
      </form>
      <DataTable
        caption="Audit log entries, newest first"
        captionHidden
        columns={AUDIT_COLUMNS}
        rows={props.entries}
        empty="No entries match."
      />
      {props.olderHref && (
        <nav class="pager" aria-label="Pages of the audit log">
          <a href={props.olderHref}>Older entries</a>
        </nav>
      )}
    </AdminPage>
  );
}
