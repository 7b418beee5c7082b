/**
 * Admin Console pages beyond users and User/Group Sync: Options.
 */
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
import { AdminPage, type AdminFrame } from './admin.pages.js';
import type { Options } from '../../settings/settings.service.js';
import { SHIPPED_LANGUAGES } from '../../i18n/languages.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { useAdminTranslator } from '../components/translation.js';

/** The Options form's values as typed (strings), for showing the form again. */
export type OptionValues = Record<keyof Options, string>;

export function optionValues(options: Options): OptionValues {
  return Object.fromEntries(
    Object.entries(options).map(([key, value]) => [key, String(value)]),
  ) as OptionValues;
}

/** Labels are English at module level: the Admin Console always renders in English. */
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
  requireAdminTwoFactor: adminEnglish.t('admin.twoFactor.requireForAdmins'),
  selfRegistration: adminEnglish.t('admin.options.selfRegistration'),
  registrationEmailDomains: adminEnglish.t('admin.options.registrationEmailDomains'),
  webServicesAllowedAddresses: adminEnglish.t('admin.options.webServicesAllowedAddresses'),
  currency: adminEnglish.t('admin.options.currency'),
  timeZone: adminEnglish.t('admin.options.timeZone'),
  printServerAddresses: adminEnglish.t('admin.options.printServerAddresses'),
  heldJobExpiryMinutes: adminEnglish.t('admin.options.heldJobExpiryMinutes'),
};

/** What each part of the Options form needs: the typed values and any errors against them. */
type OptionFieldsProps = { values: OptionValues; errors?: FieldErrors };

export function OptionsPage(props: {
  frame: AdminFrame;
  values: OptionValues;
  /** Whether a mail server is set up: without one, reset and registration cannot work. */
  mailConfigured: boolean;
  errors?: FieldErrors;
  notice?: string;
}) {
  const t = useAdminTranslator();
  const fields: OptionFieldsProps = { values: props.values, errors: props.errors };
  return (
    <AdminPage frame={props.frame} title={t.t('admin.options.title')} section="options">
      <h1>{t.t('admin.options.title')}</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      {!props.mailConfigured && (
        <MailNeededNotice registrationOn={props.values.selfRegistration === 'true'} />
      )}
      <ErrorSummary errors={props.errors} labels={OPTION_LABELS} />
      <form method="post" action="/admin/options" class="card" novalidate>
        <CsrfField token={props.frame.csrfToken} />
        <GeneralOptionFields {...fields} />
        <PasswordPolicyFieldset {...fields} />
        <LockoutFieldset {...fields} />
        <RegistrationFieldset {...fields} />
        <PrintingFieldset {...fields} />
        <button type="submit">{t.t('admin.options.save')}</button>
      </form>
    </AdminPage>
  );
}

/** Shown on Options and Operations while no mail server is set up. */
function MailNeededNotice(props: { registrationOn: boolean }) {
  const t = useAdminTranslator();
  return (
    <Notice kind="warning">
      {t.rich('admin.mailNeeded.options', {
        email: <a href="/admin/options/email">{t.t('admin.mailNeeded.setUp')}</a>,
      })}
      {props.registrationOn && <> {t.t('admin.mailNeeded.registrationOn')}</>}
    </Notice>
  );
}

/** A required whole-number option. */
function NumberOption(props: OptionFieldsProps & { name: keyof Options; hint: string }) {
  return (
    <Field
      name={props.name}
      label={OPTION_LABELS[props.name]}
      type="number"
      value={props.values[props.name]}
      errors={props.errors}
      required
      hint={props.hint}
    />
  );
}

/** The options outside any fieldset: organization, language, money and time. */
function GeneralOptionFields({ values, errors }: OptionFieldsProps) {
  const t = useAdminTranslator();
  return (
    <>
      <Field
        name="organizationName"
        label={OPTION_LABELS.organizationName}
        value={values.organizationName}
        errors={errors}
        required
        maxLength={100}
        hint={t.t('admin.options.organizationNameHint')}
      />
      <TextArea
        name="passwordHelpText"
        label={OPTION_LABELS.passwordHelpText}
        value={values.passwordHelpText}
        errors={errors}
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
        errors={errors}
        required
        maxLength={3}
        hint={t.t('admin.options.currencyHint')}
      />
      <Field
        name="timeZone"
        label={OPTION_LABELS.timeZone}
        value={values.timeZone}
        errors={errors}
        maxLength={64}
        hint={t.t('admin.options.timeZoneHint', { zone: Intl.DateTimeFormat().resolvedOptions().timeZone })}
      />
    </>
  );
}

function PasswordPolicyFieldset(props: OptionFieldsProps) {
  const t = useAdminTranslator();
  const { values, errors } = props;
  return (
    <fieldset>
      <legend>{t.t('admin.options.passwordPolicy')}</legend>
      <NumberOption {...props} name="minPasswordLength" hint={t.t('admin.options.minPasswordLengthHint')} />
      {/* Tells the route that the checkboxes below were on the form, so an unticked one means off. */}
      <input type="hidden" name="passwordRules" value="shown" />
      <Checkbox
        name="rejectCommonPasswords"
        label={OPTION_LABELS.rejectCommonPasswords}
        checked={values.rejectCommonPasswords === 'true'}
        errors={errors}
        hint={t.t('admin.options.rejectCommonPasswordsHint')}
      />
      <Checkbox
        name="rejectUsernamePassword"
        label={OPTION_LABELS.rejectUsernamePassword}
        checked={values.rejectUsernamePassword === 'true'}
        errors={errors}
        hint={t.t('admin.options.recommended')}
      />
      <NumberOption {...props} name="passwordHistory" hint={t.t('admin.options.passwordHistoryHint')} />
    </fieldset>
  );
}

function LockoutFieldset(props: OptionFieldsProps) {
  const t = useAdminTranslator();
  return (
    <fieldset>
      <legend>{t.t('admin.options.lockout')}</legend>
      <p>{t.t('admin.options.lockoutIntro')}</p>
      <NumberOption {...props} name="lockoutFailures" hint={t.t('admin.options.lockoutFailuresHint')} />
      <NumberOption
        {...props}
        name="lockoutDelaySeconds"
        hint={t.t('admin.options.lockoutDelaySecondsHint')}
      />
      <NumberOption
        {...props}
        name="lockoutMaxDelayMinutes"
        hint={t.t('admin.options.lockoutMaxDelayMinutesHint')}
      />
      <NumberOption {...props} name="lockoutResetHours" hint={t.t('admin.options.lockoutResetHoursHint')} />
      {/* Like passwordRules: an unticked box on this form means off. */}
      <input type="hidden" name="twoFactorRules" value="shown" />
      <Checkbox
        name="requireAdminTwoFactor"
        label={OPTION_LABELS.requireAdminTwoFactor}
        checked={props.values.requireAdminTwoFactor === 'true'}
        errors={props.errors}
        hint={t.t('admin.twoFactor.requireForAdminsHint')}
      />
    </fieldset>
  );
}

function RegistrationFieldset({ values, errors }: OptionFieldsProps) {
  const t = useAdminTranslator();
  return (
    <fieldset>
      <legend>{t.t('admin.options.registration')}</legend>
      <p>{t.t('admin.options.registrationIntro')}</p>
      {/* Like passwordRules: an unticked self-registration box on this form means off. */}
      <input type="hidden" name="registrationRules" value="shown" />
      <Checkbox
        name="selfRegistration"
        label={OPTION_LABELS.selfRegistration}
        checked={values.selfRegistration === 'true'}
        errors={errors}
        hint={t.t('admin.options.selfRegistrationHint')}
      />
      <TextArea
        name="registrationEmailDomains"
        label={OPTION_LABELS.registrationEmailDomains}
        value={values.registrationEmailDomains}
        errors={errors}
        rows={3}
        hint={t.t('admin.options.registrationEmailDomainsHint')}
      />
    </fieldset>
  );
}

/** Held jobs' expiry and the print servers trusted to say who prints (print/print-jobs.service.ts). */
function PrintingFieldset(props: OptionFieldsProps) {
  const t = useAdminTranslator();
  return (
    <fieldset>
      <legend>{t.t('admin.options.printing')}</legend>
      <p>{t.t('admin.options.printingIntro')}</p>
      <NumberOption
        {...props}
        name="heldJobExpiryMinutes"
        hint={t.t('admin.options.heldJobExpiryMinutesHint')}
      />
      <TextArea
        name="printServerAddresses"
        label={OPTION_LABELS.printServerAddresses}
        value={props.values.printServerAddresses}
        errors={props.errors}
        rows={2}
        hint={t.t('admin.options.printServerAddressesHint')}
      />
    </fieldset>
  );
}
