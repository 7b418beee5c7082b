/**
 * The Google Workspace (Directory API) source form of the Admin Console and its mapping between the
 * posted form and the input that google.input.ts validates. The service account's JSON key goes in
 * a field that is never filled back in: a stored one is only mentioned, with its account's address.
 *
 *   googleForm.input(googleForm.values(request.body), request.body); // GoogleSourceInput
 */
import { choiceOptions, optionalInt, secretHint, textValues } from '../../web/components/form-values.js';
import { Checkbox, Field, SelectField, TextArea } from '../../web/components/forms.js';
import { checked, field } from '../../web/render.js';
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

const GOOGLE_LABELS: Record<string, string> = {
  name: 'Name',
  serviceAccountKey: 'Service account key (JSON)',
  adminEmail: 'Administrator email',
  customer: 'Customer ID',
  domain: 'Domain',
  usernameFrom: 'Username',
  importGroups: 'Import groups',
  pageSize: 'Page size',
  timeoutMs: 'Timeout (milliseconds)',
  apiUrl: 'Directory API URL',
};

function GoogleFields(props: SourceFormProps<GoogleFormValues, PresentedGoogleConfig>) {
  const { values, errors, stored } = props;
  const keyHint = stored?.hasServiceAccountKey
    ? `A key${stored.serviceAccountEmail ? ` of ${stored.serviceAccountEmail}` : ''} is stored; leave empty to keep it.`
    : secretHint(
        false,
        props.secretNotResent,
        'Paste the whole JSON key file. It is stored for the server’s own use and never shown again.',
      );
  return (
    <>
      <section class="card" aria-labelledby="google-setup-title">
        <h2 id="google-setup-title">Before you start</h2>
        <ol>
          <li>
            In the Google Cloud console, choose or create a project and enable the Admin SDK API (APIs &amp;
            Services → Library → Admin SDK API).
          </li>
          <li>
            Under IAM &amp; Admin → Service accounts, create a service account; under its Keys, add a JSON key
            and download it.
          </li>
          <li>
            In the Google Admin console, under Security → Access and data control → API controls → Manage
            domain-wide delegation, add the service account's client ID with these scopes:
            <ul>
              {GOOGLE_SCOPES.map((scope) => (
                <li>
                  <code>{scope}</code>
                </li>
              ))}
            </ul>
          </li>
          <li>
            Give the email of an administrator allowed to read users and groups: the service account acts as
            this administrator.
          </li>
        </ol>
        <p>
          Users of this source sign in with “Sign in with Google”; their passwords stay in Google Workspace
          and are never checked or stored here.
        </p>
      </section>

      <section class="card" aria-labelledby="google-account-title">
        <h2 id="google-account-title">Service account</h2>
        <Field
          name="name"
          label={GOOGLE_LABELS.name!}
          value={values.name}
          errors={errors}
          required
          maxLength={100}
          hint='Such as "Example Workspace"; shown on the pages of its users.'
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
          hint="Such as admin@example.org."
        />
      </section>

      <section class="card" aria-labelledby="google-users-title">
        <h2 id="google-users-title">Users and groups</h2>
        <div class="grid-2">
          <Field
            name="customer"
            label={GOOGLE_LABELS.customer!}
            value={values.customer}
            errors={errors}
            hint="Empty: my_customer (the administrator's own account)."
          />
          <Field
            name="domain"
            label={`${GOOGLE_LABELS.domain} (optional)`}
            value={values.domain}
            errors={errors}
            hint="Only users of this domain. Empty: every domain of the account."
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
          hint="Groups and their members, nested groups included."
        />
        <div class="grid-2">
          <Field
            name="pageSize"
            label={GOOGLE_LABELS.pageSize!}
            type="number"
            value={values.pageSize}
            errors={errors}
            hint="Users per page, 1 to 500. Empty: 500."
          />
          <Field
            name="timeoutMs"
            label={GOOGLE_LABELS.timeoutMs!}
            type="number"
            value={values.timeoutMs}
            errors={errors}
            hint="Per request. Empty: 60000 (one minute)."
          />
        </div>
        <Field
          name="apiUrl"
          label={`${GOOGLE_LABELS.apiUrl} (optional)`}
          value={values.apiUrl}
          errors={errors}
          hint="Empty: https://admin.googleapis.com."
        />
      </section>
    </>
  );
}

const googleFormValues = (body: unknown): GoogleFormValues => ({
  ...textValues(GOOGLE_TEXT_FIELDS, body),
  importGroups: checked(body, 'importGroups'),
});

export const googleForm: SourceForm<GoogleSourceInput, PresentedGoogleConfig, GoogleFormValues> = {
  placement: 'page',
  addTitle: 'Add Google Workspace source',
  labels: GOOGLE_LABELS,
  testTexts: {
    noUsers: 'The directory returned no users.',
    noGroups: 'The directory returned no groups (or groups are not imported).',
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
