/**
 * Admin Console → Options → Single sign-on: the identity providers users may sign in with (one
 * "Add" button per kind in auth/sso/provider-kinds.ts), and the add/edit form of one: the fields
 * every provider has around the kind's own form. The pages show what to register at the provider
 * (the kind's `Registration`: a redirect URI, or SAML metadata and ACS URLs) and never a secret:
 * the edit form's secret fields are always empty ("leave empty to keep").
 *
 *   <SingleSignOnPage frame={frame} providers={await identityProviders.list()} />
 */
import type { PresentedIdentityProvider } from '../../auth/sso/identity-providers.service.js';
import {
  providerEndpoints,
  type IdentityProviderInput,
  type ProviderKind,
} from '../../auth/sso/provider-kind.js';
import { PROVIDER_KINDS } from '../../auth/sso/provider-kinds.js';
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
import { AdminPage, type AdminFrame } from './admin.pages.js';

/** A directory source as the form's list offers it. */
export interface SourceChoice {
  id: number;
  name: string;
}

export const SSO_PAGE = '/admin/options/single-sign-on';
export const newProviderHref = (preset: string) => `${SSO_PAGE}/new?preset=${preset}`;
export const providerHref = (id: number) => `${SSO_PAGE}/${id}`;

/** The labels of the fields every provider has (the kind adds its own). */
export const SSO_LABELS = {
  preset: 'Kind',
  slug: 'Short name',
  displayName: 'Name on the sign-in button',
  sourceId: 'Directory source',
  matchBy: 'Match users by',
  createOnDemand: 'Create users on demand',
  enabled: 'Enabled',
  onUserPage: 'Offer on the User Web Interface sign-in page',
  onAdminPage: 'Offer on the Admin Console sign-in page',
  allowedDomains: 'Allowed email domains',
} satisfies Record<string, string>;

function ProviderList({ frame, providers }: { frame: AdminFrame; providers: PresentedIdentityProvider[] }) {
  const columns: Column<PresentedIdentityProvider>[] = [
    {
      header: 'Name',
      cell: (p) => (
        <>
          <a href={providerHref(p.id)}>{p.displayName}</a> <code>{p.slug}</code>
        </>
      ),
    },
    { header: 'Kind', cell: (p) => p.presetLabel },
    { header: 'Issuer', cell: (p) => <code>{p.issuer}</code> },
    {
      header: 'Users',
      cell: (p) => (
        <>
          {p.matchBy === 'external-id' ? 'By immutable id' : 'By username'}
          {p.sourceName ? ` in ${p.sourceName}` : ''}
          {p.createOnDemand ? '; created on demand' : ''}
        </>
      ),
    },
    {
      header: 'Offered on',
      cell: (p) =>
        [p.onUserPage ? 'User Web Interface' : '', p.onAdminPage ? 'Admin Console' : '']
          .filter(Boolean)
          .join(', ') || 'Nowhere',
    },
    { header: 'Status', cell: (p) => (p.enabled ? 'Enabled' : 'Disabled') },
    {
      header: <span class="visually-hidden">Actions</span>,
      cell: (p) => (
        <form method="post" action={`${providerHref(p.id)}/remove`}>
          <CsrfField token={frame.csrfToken} />
          <button type="submit" class="button-secondary" aria-label={`Remove ${p.displayName}`}>
            Remove
          </button>
        </form>
      ),
    },
  ];
  return (
    <DataTable
      caption="Single sign-on providers"
      captionHidden
      columns={columns}
      rows={providers}
      empty="No single sign-on provider yet. Users sign in with their username and password."
    />
  );
}

export function SingleSignOnPage(props: {
  frame: AdminFrame;
  providers: PresentedIdentityProvider[];
  notice?: string;
}) {
  return (
    <AdminPage frame={props.frame} title="Single sign-on" section="options" tab={SSO_PAGE}>
      <h1>Single sign-on</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      <section class="card" aria-labelledby="providers-title">
        <h2 id="providers-title">Identity providers</h2>
        <p>
          Users can sign in through these providers instead of typing a password here. The username and
          password form stays on every sign-in page, so internal and directory users — and administrators, if
          a provider is down — can always sign in.
        </p>
        <ProviderList frame={props.frame} providers={props.providers} />
      </section>
      <section class="card" aria-labelledby="add-title">
        <h2 id="add-title">Add a provider</h2>
        <div class="actions">
          {[...PROVIDER_KINDS.values()].map((kind) => (
            <a class="button button-secondary" href={newProviderHref(kind.name)}>
              Add {kind.label}
            </a>
          ))}
        </div>
      </section>
    </AdminPage>
  );
}

function SourceSelect({
  sources,
  value,
  errors,
}: {
  sources: SourceChoice[];
  value: string;
  errors?: FieldErrors;
}) {
  const error = errors?.sourceId;
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for="field-sourceId">{SSO_LABELS.sourceId}</label>
      <p class="hint" id="field-sourceId-hint">
        The synced source whose users this provider signs in (and where users created on demand are added).
      </p>
      {error && (
        <p class="field-error" id="field-sourceId-error">
          {error}
        </p>
      )}
      <select
        id="field-sourceId"
        name="sourceId"
        aria-describedby={`field-sourceId-hint${error ? ' field-sourceId-error' : ''}`}
        aria-invalid={error ? 'true' : undefined}
      >
        <option value="" selected={value === ''}>
          None: match any user by username
        </option>
        {sources.map((source) => (
          <option value={String(source.id)} selected={value === String(source.id)}>
            {source.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function MatchByField({ value, errors }: { value: string; errors?: FieldErrors }) {
  const error = errors?.matchBy;
  const choices = [
    { value: 'external-id', label: 'Immutable id (recommended: survives renames)' },
    { value: 'username', label: 'Username' },
  ];
  return (
    <fieldset
      id="field-matchBy"
      class={`field${error ? ' field-invalid' : ''}`}
      aria-describedby={error ? 'field-matchBy-error' : undefined}
    >
      <legend>{SSO_LABELS.matchBy}</legend>
      {error && (
        <p class="field-error" id="field-matchBy-error">
          {error}
        </p>
      )}
      {choices.map((choice) => (
        <div class="field field-checkbox">
          <input
            id={`field-matchBy-${choice.value}`}
            type="radio"
            name="matchBy"
            value={choice.value}
            checked={value === choice.value}
          />
          <label for={`field-matchBy-${choice.value}`}>{choice.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

export interface ProviderFormPageProps {
  frame: AdminFrame;
  kind: ProviderKind<object>;
  /** Undefined while adding. */
  id?: number;
  values: IdentityProviderInput;
  sources: SourceChoice[];
  publicUrl: string;
  /** Editing a provider that has a secret stored. */
  hasClientSecret?: boolean;
  errors?: FieldErrors;
  notice?: string;
}

export function ProviderFormPage(props: ProviderFormPageProps) {
  const { kind, values, errors } = props;
  const title =
    props.id === undefined ? `Add ${kind.label} sign-in` : `Edit ${values.displayName || kind.label}`;
  const endpoints = providerEndpoints(props.publicUrl, values.slug.trim().toLowerCase() || '<short name>');
  const action = props.id === undefined ? `${SSO_PAGE}/new` : providerHref(props.id);
  return (
    <AdminPage frame={props.frame} title={title} section="options" tab={SSO_PAGE}>
      <p>
        <a href={SSO_PAGE}>← Single sign-on</a>
      </p>
      <h1>{title}</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      <section class="card" aria-labelledby="register-title">
        <h2 id="register-title">Register Quire at the provider</h2>
        <kind.Registration endpoints={endpoints} />
      </section>
      <section class="card" aria-labelledby="settings-title">
        <h2 id="settings-title">Settings</h2>
        <ErrorSummary errors={errors} labels={{ ...SSO_LABELS, ...kind.labels }} />
        <form method="post" action={action} novalidate>
          <CsrfField token={props.frame.csrfToken} />
          <input type="hidden" name="preset" value={kind.name} />
          <Field
            name="displayName"
            label={SSO_LABELS.displayName}
            value={values.displayName}
            errors={errors}
            required
            maxLength={64}
            hint={'Users see "Sign in with" followed by this name.'}
          />
          <Field
            name="slug"
            label={SSO_LABELS.slug}
            value={values.slug}
            errors={errors}
            required
            maxLength={32}
            autocomplete="off"
            hint="Lower-case letters, digits and hyphens; part of the addresses above. Changing it means registering the new addresses at the provider."
          />
          <kind.Form values={values} errors={errors} hasSecret={props.hasClientSecret ?? false} />
          <SourceSelect sources={props.sources} value={values.sourceId} errors={errors} />
          <MatchByField value={values.matchBy} errors={errors} />
          <input type="hidden" name="flagsShown" value="shown" />
          <Checkbox
            name="createOnDemand"
            label={SSO_LABELS.createOnDemand}
            checked={values.createOnDemand}
            errors={errors}
            hint="Off: only users already synced from the source can sign in. On: an unknown identity whose email address is in an allowed domain becomes a new user of the source."
          />
          <TextArea
            name="allowedDomains"
            label={SSO_LABELS.allowedDomains}
            value={values.allowedDomains}
            errors={errors}
            rows={3}
            hint={kind.domainsHint}
          />
          <Checkbox name="enabled" label={SSO_LABELS.enabled} checked={values.enabled} errors={errors} />
          <Checkbox
            name="onUserPage"
            label={SSO_LABELS.onUserPage}
            checked={values.onUserPage}
            errors={errors}
          />
          <Checkbox
            name="onAdminPage"
            label={SSO_LABELS.onAdminPage}
            checked={values.onAdminPage}
            errors={errors}
            hint="This only shows the button; administrators who signed in with any method can open the Admin Console. Only users with administrator access get in through it; the password form stays for when the provider is down."
          />
          <button type="submit">{props.id === undefined ? 'Add provider' : 'Save provider'}</button>
        </form>
      </section>
    </AdminPage>
  );
}
