/**
 * Admin Console pages beyond users and User/Group Sync: Options and the Audit Log.
 */
import { When } from '../components/when.js';
import {
  Checkbox,
  CsrfField,
  ErrorSummary,
  Field,
  Notice,
  SelectField,
  TextArea,
  type FieldErrors,
} from '../components/forms.js';
import { DataTable, type Column } from '../components/data-table.js';
import { AdminPage, type AdminFrame } from './admin.pages.js';
import type { AuditEntry } from '../../audit/audit.repository.js';
import type { Options } from '../../settings/settings.service.js';
import { SHIPPED_LANGUAGES } from '../../i18n/languages.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { useAdminTranslator } from '../components/translation.js';

/** Labels are English at module level: the Admin Console always renders in English. */
/** The Options form's values as typed (strings), for showing the form again. */
export type OptionValues = Record<keyof Options, string>;

export function optionValues(options: Options): OptionValues {
  return Object.fromEntries(
    Object.entries(options).map(([key, value]) => [key, String(value)]),
  ) as OptionValues;
}

const OPTION_LABELS: Record<keyof Options, string> = {
  organizationName: adminEnglish.t('admin.options.organizationName'),
  passwordHelpText: adminEnglish.t('admin.options.passwordHelpText'),
  defaultLanguage: adminEnglish.t('admin.options.defaultLanguage'),
  minPasswordLength: adminEnglish.t('admin.options.minPasswordLength'),
  rejectCommonPasswords: adminEnglish.t('admin.options.rejectCommonPasswords'),
  rejectUsernamePassword: adminEnglish.t('admin.options.rejectUsernamePassword'),
  passwordHistory: adminEnglish.t('admin.options.passwordHistory'),
  lockoutFailures: adminEnglish.t('admin.options.lockoutFailures'),
  lockoutDelaySeconds: adminEnglish.t('admin.options.lockoutDelaySeconds'),
  lockoutMaxDelayMinutes: adminEnglish.t('admin.options.lockoutMaxDelayMinutes'),
  lockoutResetHours: adminEnglish.t('admin.options.lockoutResetHours'),
  selfRegistration: adminEnglish.t('admin.options.selfRegistration'),
  registrationEmailDomains: adminEnglish.t('admin.options.registrationEmailDomains'),
  webServicesAllowedAddresses: adminEnglish.t('admin.options.webServicesAllowedAddresses'),
  currency: adminEnglish.t('admin.options.currency'),
  timeZone: adminEnglish.t('admin.options.timeZone'),
};

export function OptionsPage(props: {
  frame: AdminFrame;
  values: OptionValues;
  errors?: FieldErrors;
  notice?: string;
}) {
  const t = useAdminTranslator();
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
    <AdminPage frame={props.frame} title={t.t('admin.options.title')} section="options">
      <h1>{t.t('admin.options.title')}</h1>
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
          hint={t.t('admin.options.organizationNameHint')}
        />
        <TextArea
          name="passwordHelpText"
          label={OPTION_LABELS.passwordHelpText}
          value={values.passwordHelpText}
          errors={props.errors}
          hint={t.t('admin.options.passwordHelpTextHint')}
        />
        <SelectField
          name="defaultLanguage"
          label={OPTION_LABELS.defaultLanguage}
          value={values.defaultLanguage}
          options={[...SHIPPED_LANGUAGES].map(([code, language]) => ({ value: code, label: language.name }))}
        />
        <p class="hint">{t.t('admin.options.defaultLanguageHint')}</p>
        <Field
          name="currency"
          label={OPTION_LABELS.currency}
          value={values.currency}
          errors={props.errors}
          required
          maxLength={3}
          hint={t.t('admin.options.currencyHint')}
        />
        <Field
          name="timeZone"
          label={OPTION_LABELS.timeZone}
          value={values.timeZone}
          errors={props.errors}
          maxLength={64}
          hint={t.t('admin.options.timeZoneHint', { zone: Intl.DateTimeFormat().resolvedOptions().timeZone })}
        />
        <fieldset>
          <legend>{t.t('admin.options.passwordPolicy')}</legend>
          {number('minPasswordLength', t.t('admin.options.minPasswordLengthHint'))}
          {/* Tells the route that the checkboxes below were on the form, so an unticked one means off. */}
          <input type="hidden" name="passwordRules" value="shown" />
          <Checkbox
            name="rejectCommonPasswords"
            label={OPTION_LABELS.rejectCommonPasswords}
            checked={values.rejectCommonPasswords === 'true'}
            errors={props.errors}
            hint={t.t('admin.options.rejectCommonPasswordsHint')}
          />
          <Checkbox
            name="rejectUsernamePassword"
            label={OPTION_LABELS.rejectUsernamePassword}
            checked={values.rejectUsernamePassword === 'true'}
            errors={props.errors}
            hint={t.t('admin.options.recommended')}
          />
          {number('passwordHistory', t.t('admin.options.passwordHistoryHint'))}
        </fieldset>
        <fieldset>
          <legend>{t.t('admin.options.lockout')}</legend>
          <p>{t.t('admin.options.lockoutIntro')}</p>
          {number('lockoutFailures', t.t('admin.options.lockoutFailuresHint'))}
          {number('lockoutDelaySeconds', t.t('admin.options.lockoutDelaySecondsHint'))}
          {number('lockoutMaxDelayMinutes', t.t('admin.options.lockoutMaxDelayMinutesHint'))}
          {number('lockoutResetHours', t.t('admin.options.lockoutResetHoursHint'))}
        </fieldset>
        <fieldset>
          <legend>{t.t('admin.options.registration')}</legend>
          <p>{t.t('admin.options.registrationIntro')}</p>
          <input type="hidden" name="registrationRules" value="shown" />
          <Checkbox
            name="selfRegistration"
            label={OPTION_LABELS.selfRegistration}
            checked={values.selfRegistration === 'true'}
            errors={props.errors}
            hint={t.t('admin.options.selfRegistrationHint')}
          />
          <TextArea
            name="registrationEmailDomains"
            label={OPTION_LABELS.registrationEmailDomains}
            value={values.registrationEmailDomains}
            errors={props.errors}
            rows={3}
            hint={t.t('admin.options.registrationEmailDomainsHint')}
          />
        </fieldset>
        <button type="submit">{t.t('admin.options.save')}</button>
      </form>
    </AdminPage>
  );
}

/** An audit entry as the page shows it: the stored fields and the id used for paging. */
export type AuditEntryView = AuditEntry & { id: number };

/** Not sortable: the log pages by id, newest first ("Older entries"). */
const AUDIT_COLUMNS: Column<AuditEntryView>[] = [
  { header: 'When', cell: (entry) => <When at={entry.at} /> },
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
  const t = useAdminTranslator();
  return (
    <AdminPage frame={props.frame} title={t.t('admin.audit.title')} section="audit">
      <h1>{t.t('admin.audit.title')}</h1>
      <form method="get" action="/admin/audit" class="toolbar" aria-label={t.t('admin.audit.filter')}>
        <Field
          name="user"
          label={t.t('admin.audit.user')}
          type="search"
          value={props.user}
          hint={t.t('admin.audit.userHint')}
          maxLength={200}
        />
        <SelectField
          name="action"
          label={t.t('admin.audit.action')}
          value={props.action}
          options={[
            { value: '', label: t.t('admin.audit.allActions') },
            ...props.actions.map((a) => ({ value: a, label: a })),
          ]}
        />
        <button type="submit">{t.t('admin.audit.submitFilter')}</button>
      </form>
      <DataTable
        caption="Audit log entries, newest first"
        captionHidden
        columns={AUDIT_COLUMNS}
        rows={props.entries}
        empty={t.t('admin.audit.empty')}
      />
      {props.olderHref && (
        <nav class="pager" aria-label={t.t('admin.audit.pages')}>
          <a href={props.olderHref}>{t.t('admin.audit.older')}</a>
        </nav>
      )}
    </AdminPage>
  );
}
