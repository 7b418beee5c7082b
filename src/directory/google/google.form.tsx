/**
 * The Google Workspace (Directory API) source form of the Admin Console and its mapping between the
 * posted form and the input that google.input.ts validates. The service account's JSON key goes in
 * a field that is never filled back in: a stored one is only mentioned, with its account's address.
 *
 *   googleForm.input(googleForm.values(request.body), request.body); // GoogleSourceInput
 */
import { adminEnglish } from '../../i18n/admin-translator.js';
import { choiceOptions, optionalInt, secretHint, textValues } from '../../web/components/form-values.js';
import { Checkbox, Field, SelectField, TextArea } from '../../web/components/forms.js';
import { checked, field } from '../../web/render.js';
import { useAdminTranslator } from '../../web/components/translation.js';
import type { SourceForm, SourceFormProps } from '../kind.js';
import { GOOGLE_SCOPES } from './google.credentials.js';
import { GOOGLE_DEFAULTS, GOOGLE_USERNAME_FROM } from './google.config.js';
import type { GoogleSourceInput, PresentedGoogleConfig } from './google.input.js';

const GOOGLE_TEXT_FIELDS = [
  'name',
  'adminEmail',
  'customer',
  'domain',
  'usernameFrom',
  'pageSize',
  'timeoutMs',
  'apiUrl',
] as const;

/** The Google form as typed, without the service account key. */
export type GoogleFormValues = Record<(typeof GOOGLE_TEXT_FIELDS)[number], string> & {
  importGroups: boolean;
};

// Module-level English: the Admin Console always renders in English.
const GOOGLE_LABELS: Record<string, string> = {
  name: adminEnglish.t('admin.googleSource.label.name'),
  serviceAccountKey: adminEnglish.t('admin.googleSource.label.serviceAccountKey'),
  adminEmail: adminEnglish.t('admin.googleSource.label.adminEmail'),
  customer: adminEnglish.t('admin.googleSource.label.customer'),
  domain: adminEnglish.t('admin.googleSource.label.domain'),
  usernameFrom: adminEnglish.t('admin.googleSource.label.usernameFrom'),
  importGroups: adminEnglish.t('admin.googleSource.label.importGroups'),
  pageSize: adminEnglish.t('admin.googleSource.label.pageSize'),
  timeoutMs: adminEnglish.t('admin.googleSource.label.timeoutMs'),
  apiUrl: adminEnglish.t('admin.googleSource.label.apiUrl'),
};

type GoogleFieldsProps = SourceFormProps<GoogleFormValues, PresentedGoogleConfig>;

function GoogleFields(props: GoogleFieldsProps) {
  return (
    <>
      <GoogleSetupCard />
      <GoogleAccountCard {...props} />
      <GoogleUsersCard {...props} />
    </>
  );
}

/** What to set up in the Google Cloud and Admin consoles before the form can work. */
function GoogleSetupCard() {
  const t = useAdminTranslator();
  return (
    <section class="card" aria-labelledby="google-setup-title">
      <h2 id="google-setup-title">{t.t('admin.googleSource.setup')}</h2>
      <ol>
        <li>{t.t('admin.googleSource.setup.project')}</li>
        <li>{t.t('admin.googleSource.setup.account')}</li>
        <li>
          {t.t('admin.googleSource.setup.delegation')}
          <ul>
            {GOOGLE_SCOPES.map((scope) => (
              <li>
                <code>{scope}</code>
              </li>
            ))}
          </ul>
        </li>
        <li>{t.t('admin.googleSource.setup.admin')}</li>
      </ol>
      <p>{t.t('admin.googleSource.setup.signIn')}</p>
    </section>
  );
}

/** The service account and the administrator it acts as; the key is never filled back in. */
function GoogleAccountCard({ values, errors, stored, secretNotResent }: GoogleFieldsProps) {
  const t = useAdminTranslator();
  const email = stored?.serviceAccountEmail;
  const keyHint = stored?.hasServiceAccountKey
    ? email
      ? t.t('admin.googleSource.keyStoredOf', { email })
      : t.t('admin.googleSource.keyStored')
    : secretHint(false, secretNotResent, t.t('admin.googleSource.keyHint'));
  return (
    <section class="card" aria-labelledby="google-account-title">
      <h2 id="google-account-title">{t.t('admin.googleSource.account')}</h2>
      <Field
        name="name"
        label={GOOGLE_LABELS.name!}
        value={values.name}
        errors={errors}
        required
        maxLength={100}
        hint={t.t('admin.googleSource.nameHint')}
      />
      <TextArea
        name="serviceAccountKey"
        label={GOOGLE_LABELS.serviceAccountKey!}
        errors={errors}
        rows={6}
        hint={keyHint}
      />
      <Field
        name="adminEmail"
        label={GOOGLE_LABELS.adminEmail!}
        type="email"
        value={values.adminEmail}
        errors={errors}
        required
        hint={t.t('admin.googleSource.adminEmailHint')}
      />
    </section>
  );
}

function GoogleUsersCard({ values, errors }: GoogleFieldsProps) {
  const t = useAdminTranslator();
  return (
    <section class="card" aria-labelledby="google-users-title">
      <h2 id="google-users-title">{t.t('admin.googleSource.users')}</h2>
      <div class="grid-2">
        <Field
          name="customer"
          label={GOOGLE_LABELS.customer!}
          value={values.customer}
          errors={errors}
          hint={t.t('admin.googleSource.customerHint')}
        />
        <Field
          name="domain"
          label={t.t('admin.googleSource.optional', { label: GOOGLE_LABELS.domain! })}
          value={values.domain}
          errors={errors}
          hint={t.t('admin.googleSource.domainHint')}
        />
      </div>
      <SelectField
        name="usernameFrom"
        label={GOOGLE_LABELS.usernameFrom!}
        value={values.usernameFrom}
        options={choiceOptions(GOOGLE_USERNAME_FROM)}
      />
      <Checkbox
        name="importGroups"
        label={GOOGLE_LABELS.importGroups!}
        checked={values.importGroups}
        errors={errors}
        hint={t.t('admin.googleSource.importGroupsHint')}
      />
      <div class="grid-2">
        <Field
          name="pageSize"
          label={GOOGLE_LABELS.pageSize!}
          type="number"
          value={values.pageSize}
          errors={errors}
          hint={t.t('admin.googleSource.pageSizeHint')}
        />
        <Field
          name="timeoutMs"
          label={GOOGLE_LABELS.timeoutMs!}
          type="number"
          value={values.timeoutMs}
          errors={errors}
          hint={t.t('admin.googleSource.timeoutHint')}
        />
      </div>
      <Field
        name="apiUrl"
        label={t.t('admin.googleSource.optional', { label: GOOGLE_LABELS.apiUrl! })}
        value={values.apiUrl}
        errors={errors}
        hint={t.t('admin.googleSource.apiUrlHint')}
      />
    </section>
  );
}

const googleFormValues = (body: unknown): GoogleFormValues => ({
  ...textValues(GOOGLE_TEXT_FIELDS, body),
  importGroups: checked(body, 'importGroups'),
});

export const googleForm: SourceForm<GoogleSourceInput, PresentedGoogleConfig, GoogleFormValues> = {
  addTitle: adminEnglish.t('admin.googleSource.addTitle'),
  labels: GOOGLE_LABELS,
  testTexts: {
    noUsers: adminEnglish.t('admin.googleSource.test.noUsers'),
    noGroups: adminEnglish.t('admin.googleSource.test.noGroups'),
  },
  secretFields: ['serviceAccountKey'],
  values: googleFormValues,
  empty: () => ({ ...googleFormValues({}), usernameFrom: GOOGLE_DEFAULTS.usernameFrom, importGroups: true }),
  fromConfig: (name, c) => ({
    name,
    adminEmail: c.adminEmail,
    customer: c.customer === GOOGLE_DEFAULTS.customer ? '' : c.customer,
    domain: c.domain,
    usernameFrom: c.usernameFrom,
    importGroups: c.importGroups,
    pageSize: String(c.pageSize),
    timeoutMs: String(c.timeoutMs),
    apiUrl: c.apiUrl === GOOGLE_DEFAULTS.apiUrl ? '' : c.apiUrl,
  }),
  input: (values, body) => ({
    name: values.name,
    serviceAccountKey: field(body, 'serviceAccountKey'),
    adminEmail: values.adminEmail,
    customer: values.customer,
    domain: values.domain,
    usernameFrom: values.usernameFrom,
    importGroups: values.importGroups,
    pageSize: optionalInt(values.pageSize),
    timeoutMs: optionalInt(values.timeoutMs),
    apiUrl: values.apiUrl,
  }),
  Fields: GoogleFields,
};
