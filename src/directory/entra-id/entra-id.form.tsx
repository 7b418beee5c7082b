/**
 * The Microsoft Entra ID (Graph) source form of the Admin Console and its mapping between the
 * posted form and the input that entra-id.input.ts validates. The client secret and the private
 * key go in fields that are never filled back in: a stored one is only mentioned ("A secret is
 * stored; leave empty to keep it").
 *
 *   entraIdForm.input(entraIdForm.values(request.body), request.body); // EntraSourceInput
 */
import { choiceOptions, optionalInt, secretHint, textValues } from '../../web/components/form-values.js';
import { Checkbox, Field, SelectField, TextArea } from '../../web/components/forms.js';
import { checked, field } from '../../web/render.js';
import type { SourceForm, SourceFormProps } from '../kind.js';
import type { EntraSourceInput, PresentedEntraConfig } from './entra-id.input.js';
import { ENTRA_DEFAULTS, ENTRA_USERNAME_FROM } from './graph.config.js';

const ENTRA_TEXT_FIELDS = [
  'name',
  'tenantId',
  'clientId',
  'certificatePem',
  'usernameFrom',
  'pageSize',
  'timeoutMs',
  'graphUrl',
  'loginUrl',
] as const;

/** The Entra form as typed, without its secrets (the client secret and private key are never sent back). */
export type EntraFormValues = Record<(typeof ENTRA_TEXT_FIELDS)[number], string> & { importGroups: boolean };

const ENTRA_LABELS: Record<string, string> = {
  name: 'Name',
  tenantId: 'Directory (tenant) ID',
  clientId: 'Application (client) ID',
  clientSecret: 'Client secret',
  certificatePem: 'Certificate',
  privateKeyPem: 'Private key of the certificate',
  usernameFrom: 'Username',
  importGroups: 'Import groups',
  pageSize: 'Page size',
  timeoutMs: 'Timeout (milliseconds)',
  graphUrl: 'Microsoft Graph URL',
  loginUrl: 'Sign-in URL',
};

function EntraFields(props: SourceFormProps<EntraFormValues, PresentedEntraConfig>) {
  const { values, errors } = props;
  const stored = {
    hasSecret: props.stored?.hasClientSecret ?? false,
    hasKey: props.stored?.hasPrivateKey ?? false,
  };
  return (
    <>
      <section class="card" aria-labelledby="entra-setup-title">
        <h2 id="entra-setup-title">Before you start</h2>
        <ol>
          <li>
            In the Microsoft Entra admin center, open App registrations → New registration, and register an
            application for Quire (single tenant, no redirect URI needed for synchronization).
          </li>
          <li>
            Under API permissions, add the Microsoft Graph <strong>application</strong> permissions{' '}
            <code>User.Read.All</code> and <code>GroupMember.Read.All</code>, then select “Grant admin
            consent”. Without admin consent, reading users fails.
          </li>
          <li>
            Under Certificates &amp; secrets, create a client secret (note its expiry date), or upload a
            certificate whose private key you give below.
          </li>
          <li>
            Copy the Directory (tenant) ID and the Application (client) ID from the app's Overview page.
          </li>
        </ol>
        <p>
          Users of this source sign in with “Sign in with Microsoft”; their passwords stay in Microsoft 365
          and are never checked or stored here.
        </p>
      </section>

      <section class="card" aria-labelledby="entra-app-title">
        <h2 id="entra-app-title">Tenant and application</h2>
        <Field
          name="name"
          label={ENTRA_LABELS.name!}
          value={values.name}
          errors={errors}
          required
          maxLength={100}
          hint='Such as "Contoso"; shown on the pages of its users.'
        />
        <Field
          name="tenantId"
          label={ENTRA_LABELS.tenantId!}
          value={values.tenantId}
          errors={errors}
          required
          hint="A GUID, or a verified domain such as contoso.onmicrosoft.com."
        />
        <Field
          name="clientId"
          label={ENTRA_LABELS.clientId!}
          value={values.clientId}
          errors={errors}
          required
          hint="The GUID of the app registration."
        />
      </section>

      <section class="card" aria-labelledby="entra-credential-title">
        <h2 id="entra-credential-title">Credential</h2>
        <p>Give a client secret, or a certificate with its private key — not both.</p>
        <Field
          name="clientSecret"
          label={ENTRA_LABELS.clientSecret!}
          type="password"
          errors={errors}
          autocomplete="new-password"
          hint={secretHint(
            stored.hasSecret,
            Boolean(props.secretNotResent),
            'The secret’s Value (not its ID). It is stored for the server’s own use and never shown again.',
          )}
        />
        <TextArea
          name="certificatePem"
          label={`${ENTRA_LABELS.certificatePem} (instead of a secret)`}
          value={values.certificatePem}
          errors={errors}
          rows={4}
          hint="PEM, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----: the certificate uploaded to the app registration."
        />
        <TextArea
          name="privateKeyPem"
          label={ENTRA_LABELS.privateKeyPem!}
          errors={errors}
          rows={4}
          hint={
            stored.hasKey
              ? 'A private key is stored; leave empty to keep it.'
              : secretHint(
                  false,
                  Boolean(props.secretNotResent),
                  'Unencrypted PEM RSA key (-----BEGIN PRIVATE KEY-----). Never shown again.',
                )
          }
        />
      </section>

      <section class="card" aria-labelledby="entra-users-title">
        <h2 id="entra-users-title">Users and groups</h2>
        <SelectField
          name="usernameFrom"
          label={ENTRA_LABELS.usernameFrom!}
          value={values.usernameFrom}
          options={choiceOptions(ENTRA_USERNAME_FROM)}
        />
        <Checkbox
          name="importGroups"
          label={ENTRA_LABELS.importGroups!}
          checked={values.importGroups}
          errors={errors}
          hint="Groups and their members (needs GroupMember.Read.All)."
        />
        <div class="grid-2">
          <Field
            name="pageSize"
            label={ENTRA_LABELS.pageSize!}
            type="number"
            value={values.pageSize}
            errors={errors}
            hint="Users per Graph page, 1 to 999. Empty: 999."
          />
          <Field
            name="timeoutMs"
            label={ENTRA_LABELS.timeoutMs!}
            type="number"
            value={values.timeoutMs}
            errors={errors}
            hint="Per request. Empty: 60000 (one minute)."
          />
        </div>
      </section>

      <section class="card" aria-labelledby="entra-cloud-title">
        <h2 id="entra-cloud-title">National clouds (optional)</h2>
        <div class="grid-2">
          <Field
            name="graphUrl"
            label={ENTRA_LABELS.graphUrl!}
            value={values.graphUrl}
            errors={errors}
            hint="Empty: https://graph.microsoft.com (global service)."
          />
          <Field
            name="loginUrl"
            label={ENTRA_LABELS.loginUrl!}
            value={values.loginUrl}
            errors={errors}
            hint="Empty: https://login.microsoftonline.com."
          />
        </div>
      </section>
    </>
  );
}

const entraFormValues = (body: unknown): EntraFormValues => ({
  ...textValues(ENTRA_TEXT_FIELDS, body),
  importGroups: checked(body, 'importGroups'),
});

export const entraIdForm: SourceForm<EntraSourceInput, PresentedEntraConfig, EntraFormValues> = {
  placement: 'page',
  addTitle: 'Add Microsoft Entra ID source',
  labels: ENTRA_LABELS,
  testTexts: {
    noUsers: 'The directory returned no users.',
    noGroups: 'The directory returned no groups (or groups are not imported).',
  },
  secretFields: ['clientSecret', 'privateKeyPem'],
  values: entraFormValues,
  empty: () => ({ ...entraFormValues({}), usernameFrom: ENTRA_DEFAULTS.usernameFrom, importGroups: true }),
  fromConfig: (name, c) => ({
    name,
    tenantId: c.tenantId,
    clientId: c.clientId,
    certificatePem: c.certificatePem,
    usernameFrom: c.usernameFrom,
    importGroups: c.importGroups,
    pageSize: String(c.pageSize),
    timeoutMs: String(c.timeoutMs),
    // Defaults stay empty on the form, so that "Empty: …" in the hints stays true.
    graphUrl: c.graphUrl === ENTRA_DEFAULTS.graphUrl ? '' : c.graphUrl,
    loginUrl: c.loginUrl === ENTRA_DEFAULTS.loginUrl ? '' : c.loginUrl,
  }),
  input: (values, body) => ({
    name: values.name,
    tenantId: values.tenantId,
    clientId: values.clientId,
    clientSecret: field(body, 'clientSecret'),
    certificatePem: values.certificatePem,
    privateKeyPem: field(body, 'privateKeyPem'),
    usernameFrom: values.usernameFrom,
    importGroups: values.importGroups,
    pageSize: optionalInt(values.pageSize),
    timeoutMs: optionalInt(values.timeoutMs),
    graphUrl: values.graphUrl,
    loginUrl: values.loginUrl,
  }),
  /** A private key pasted into the certificate field (refused) is not echoed in the page. */
  shownBack: (values) =>
    values.certificatePem.includes('PRIVATE KEY') ? { ...values, certificatePem: '' } : values,
  Fields: EntraFields,
};
