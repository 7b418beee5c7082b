/**
 * Admin Console pages of User/Group Sync for the cloud directory sources: the Microsoft Entra ID
 * (Graph) form and the Google Workspace (Directory API) form, new and edit, each with Save and
 * "Test settings". Secrets — the client secret, the certificate's private key, the service
 * account's JSON key — go in fields that are never filled back in: a stored one is only
 * mentioned ("A secret is stored; leave empty to keep it").
 *
 *   <GoogleSourcePage frame={frame} values={emptyGoogleForm()} stored={{ hasKey: false }} />
 */
import type { ComponentChildren } from 'preact';
import { GOOGLE_SCOPES } from '../../directory/google/google.client.js';
import { GOOGLE_USERNAME_FROM } from '../../directory/google/google.config.js';
import { ENTRA_USERNAME_FROM } from '../../directory/graph/graph.config.js';
import { Checkbox, CsrfField, ErrorSummary, Field, TextArea, type FieldErrors } from '../components/forms.js';
import { AdminPage, SelectField, type AdminFrame } from './admin.pages.js';
import { SourceFormActions, TestResults, type LdapTestResult } from './ldap-source.pages.js';

export const ENTRA_TEXT_FIELDS = [
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
export const GOOGLE_TEXT_FIELDS = [
  'name',
  'adminEmail',
  'customer',
  'domain',
  'usernameFrom',
  'pageSize',
  'timeoutMs',
  'apiUrl',
] as const;

/** The Entra form as typed, without its secrets (the client secret and private key are never sent back). */
export type EntraFormValues = Record<(typeof ENTRA_TEXT_FIELDS)[number], string> & { importGroups: boolean };
/** The Google form as typed, without the service account key. */
export type GoogleFormValues = Record<(typeof GOOGLE_TEXT_FIELDS)[number], string> & {
  importGroups: boolean;
};

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

/** What is stored for a saved source's secrets: whether each is there (never the values). */
export interface StoredSecrets {
  hasSecret: boolean;
  hasKey: boolean;
  /** The service account's address (Google; not a secret), to say which key is stored. */
  serviceAccountEmail?: string;
}

function secretHint(stored: boolean, typed: boolean, fresh: string): string {
  if (stored) return 'A secret is stored; leave empty to keep it.';
  if (typed) return 'Secrets are never sent back to the browser: enter it again before you save or test.';
  return fresh;
}

/** The frame both cloud forms share: title, back link, test results, error summary, buttons. */
function CloudSourceForm(props: {
  frame: AdminFrame;
  title: string;
  action: string;
  labels: Record<string, string>;
  errors?: FieldErrors;
  test?: LdapTestResult;
  children: ComponentChildren;
}) {
  return (
    <AdminPage frame={props.frame} title={props.title} section="sources">
      <p>
        <a href="/admin/sources">Back to User/Group Sync</a>
      </p>
      <h1>{props.title}</h1>
      {props.test && (
        <TestResults
          result={props.test}
          noUsers="The directory returned no users."
          noGroups="The directory returned no groups (or groups are not imported)."
        />
      )}
      <ErrorSummary errors={props.errors} labels={props.labels} />
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.frame.csrfToken} />
        {props.children}
        <SourceFormActions />
      </form>
    </AdminPage>
  );
}

const usernameOptions = (choices: Record<string, string>) =>
  Object.entries(choices).map(([value, label]) => ({ value, label }));

// ---------------------------------------------------------------------------------------------
// Microsoft Entra ID

export function EntraSourcePage(props: {
  frame: AdminFrame;
  sourceId?: number;
  sourceName?: string;
  values: EntraFormValues;
  stored: StoredSecrets;
  /** A secret or key was typed on the form just sent; it is not sent back. */
  secretNotResent?: boolean;
  errors?: FieldErrors;
  test?: LdapTestResult;
}) {
  const { values, errors, stored } = props;
  const editing = props.sourceId !== undefined;
  const title = editing ? `Edit ${props.sourceName ?? 'source'}` : 'Add Microsoft Entra ID source';
  return (
    <CloudSourceForm
      frame={props.frame}
      title={title}
      action={editing ? `/admin/sources/${props.sourceId}/edit-entra` : '/admin/sources/new-entra'}
      labels={ENTRA_LABELS}
      errors={errors}
      test={props.test}
    >
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
          options={usernameOptions(ENTRA_USERNAME_FROM)}
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
    </CloudSourceForm>
  );
}

// ---------------------------------------------------------------------------------------------
// Google Workspace

export function GoogleSourcePage(props: {
  frame: AdminFrame;
  sourceId?: number;
  sourceName?: string;
  values: GoogleFormValues;
  stored: StoredSecrets;
  secretNotResent?: boolean;
  errors?: FieldErrors;
  test?: LdapTestResult;
}) {
  const { values, errors, stored } = props;
  const editing = props.sourceId !== undefined;
  const title = editing ? `Edit ${props.sourceName ?? 'source'}` : 'Add Google Workspace source';
  const keyHint = stored.hasKey
    ? `A key${stored.serviceAccountEmail ? ` of ${stored.serviceAccountEmail}` : ''} is stored; leave empty to keep it.`
    : secretHint(
        false,
        Boolean(props.secretNotResent),
        'Paste the whole JSON key file. It is stored for the server’s own use and never shown again.',
      );
  return (
    <CloudSourceForm
      frame={props.frame}
      title={title}
      action={editing ? `/admin/sources/${props.sourceId}/edit-google` : '/admin/sources/new-google'}
      labels={GOOGLE_LABELS}
      errors={errors}
      test={props.test}
    >
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
          options={usernameOptions(GOOGLE_USERNAME_FROM)}
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
    </CloudSourceForm>
  );
}
