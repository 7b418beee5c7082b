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
import { adminEnglish } from '../../i18n/admin-translator.js';
import { useAdminTranslator } from '../components/translation.js';
import { AdminPage, type AdminFrame, BackLink } from './admin.pages.js';

/** A directory source as the form's list offers it. */
export interface SourceChoice {
  id: number;
  name: string;
}

export const SSO_PAGE = '/admin/options/single-sign-on';
export const newProviderHref = (preset: string) => `${SSO_PAGE}/new?preset=${preset}`;
export const providerHref = (id: number) => `${SSO_PAGE}/${id}`;

/** The labels of the fields every provider has (the kind adds its own); English, like the console. */
export const SSO_LABELS = {
  preset: adminEnglish.t('admin.identityProviders.label.preset'),
  slug: adminEnglish.t('admin.identityProviders.label.slug'),
  displayName: adminEnglish.t('admin.identityProviders.label.displayName'),
  sourceId: adminEnglish.t('admin.identityProviders.label.sourceId'),
  matchBy: adminEnglish.t('admin.identityProviders.label.matchBy'),
  createOnDemand: adminEnglish.t('admin.identityProviders.label.createOnDemand'),
  enabled: adminEnglish.t('admin.identityProviders.label.enabled'),
  onUserPage: adminEnglish.t('admin.identityProviders.label.onUserPage'),
  onAdminPage: adminEnglish.t('admin.identityProviders.label.onAdminPage'),
  allowedDomains: adminEnglish.t('admin.identityProviders.label.allowedDomains'),
} satisfies Record<string, string>;

function ProviderList({ frame, providers }: { frame: AdminFrame; providers: PresentedIdentityProvider[] }) {
  const t = useAdminTranslator();
  const columns: Column<PresentedIdentityProvider>[] = [
    {
      header: t.t('admin.identityProviders.column.name'),
      cell: (p) => (
        <>
          <a href={providerHref(p.id)}>{p.displayName}</a> <code>{p.slug}</code>
        </>
      ),
    },
    { header: t.t('admin.identityProviders.column.kind'), cell: (p) => p.presetLabel },
    { header: t.t('admin.identityProviders.column.issuer'), cell: (p) => <code>{p.issuer}</code> },
    { header: t.t('admin.identityProviders.column.users'), cell: (p) => <UsersCell provider={p} /> },
    {
      header: t.t('admin.identityProviders.column.offeredOn'),
      cell: (p) =>
        [
          p.onUserPage ? t.t('admin.identityProviders.offeredOn.user') : '',
          p.onAdminPage ? t.t('admin.identityProviders.offeredOn.admin') : '',
        ]
          .filter(Boolean)
          .join(', ') || t.t('admin.identityProviders.offeredOn.nowhere'),
    },
    {
      header: t.t('admin.identityProviders.column.status'),
      cell: (p) =>
        t.t(p.enabled ? 'admin.identityProviders.status.enabled' : 'admin.identityProviders.status.disabled'),
    },
    {
      header: <span class="visually-hidden">{t.t('admin.identityProviders.column.actions')}</span>,
      cell: (p) => (
        <form method="post" action={`${providerHref(p.id)}/remove`}>
          <CsrfField token={frame.csrfToken} />
          <button
            type="submit"
            class="button-secondary"
            aria-label={t.t('admin.identityProviders.removeLabel', { name: p.displayName })}
          >
            {t.t('admin.identityProviders.remove')}
          </button>
        </form>
      ),
    },
  ];
  return (
    <DataTable
      caption={t.t('admin.identityProviders.caption')}
      captionHidden
      columns={columns}
      rows={providers}
      empty={t.t('admin.identityProviders.none')}
    />
  );
}

/** Whom a provider signs in: matched how, in which source, and whether it creates users. */
function UsersCell({ provider: p }: { provider: PresentedIdentityProvider }) {
  const t = useAdminTranslator();
  return (
    <>
      {t.t(
        p.matchBy === 'external-id'
          ? 'admin.identityProviders.matchBy.externalId'
          : 'admin.identityProviders.matchBy.username',
      )}
      {p.sourceName ? t.t('admin.identityProviders.inSource', { source: p.sourceName }) : ''}
      {p.createOnDemand ? t.t('admin.identityProviders.onDemand') : ''}
    </>
  );
}

export function SingleSignOnPage(props: {
  frame: AdminFrame;
  providers: PresentedIdentityProvider[];
  notice?: string;
}) {
  const t = useAdminTranslator();
  return (
    <AdminPage
      frame={props.frame}
      title={t.t('admin.identityProviders.title')}
      section="options"
      tab={SSO_PAGE}
    >
      <h1>{t.t('admin.identityProviders.title')}</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      <section class="card" aria-labelledby="providers-title">
        <h2 id="providers-title">{t.t('admin.identityProviders.providers')}</h2>
        <p>{t.t('admin.identityProviders.intro')}</p>
        <ProviderList frame={props.frame} providers={props.providers} />
      </section>
      <section class="card" aria-labelledby="add-title">
        <h2 id="add-title">{t.t('admin.identityProviders.add')}</h2>
        <div class="actions">
          {[...PROVIDER_KINDS.values()].map((kind) => (
            <a class="button button-secondary" href={newProviderHref(kind.name)}>
              {t.t('admin.identityProviders.addKind', { kind: kind.label })}
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
  const t = useAdminTranslator();
  const error = errors?.sourceId;
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for="field-sourceId">{SSO_LABELS.sourceId}</label>
      <p class="hint" id="field-sourceId-hint">
        {t.t('admin.identityProviders.sourceHint')}
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
          {t.t('admin.identityProviders.sourceNone')}
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
  const t = useAdminTranslator();
  const choices = [
    { value: 'external-id', label: t.t('admin.identityProviders.matchBy.choice.externalId') },
    { value: 'username', label: t.t('admin.identityProviders.matchBy.choice.username') },
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
  const t = useAdminTranslator();
  const { kind, values } = props;
  const title =
    props.id === undefined
      ? t.t('admin.identityProviders.form.addTitle', { kind: kind.label })
      : t.t('admin.identityProviders.form.editTitle', { name: values.displayName || kind.label });
  const slug = values.slug.trim().toLowerCase() || t.t('admin.identityProviders.form.slugPlaceholder');
  const endpoints = providerEndpoints(props.publicUrl, slug);
  return (
    <AdminPage frame={props.frame} title={title} section="options" tab={SSO_PAGE}>
      <BackLink href={SSO_PAGE} label={t.t('admin.identityProviders.form.back')} />
      <h1>{title}</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      <section class="card" aria-labelledby="register-title">
        <h2 id="register-title">{t.t('admin.identityProviders.form.register')}</h2>
        <kind.Registration endpoints={endpoints} />
      </section>
      <section class="card" aria-labelledby="settings-title">
        <h2 id="settings-title">{t.t('admin.identityProviders.form.settings')}</h2>
        <ProviderSettingsForm {...props} />
      </section>
    </AdminPage>
  );
}

/** The fields every provider has around the kind's own form, and the Add or Save button. */
function ProviderSettingsForm(props: ProviderFormPageProps) {
  const t = useAdminTranslator();
  const { kind, values, errors } = props;
  const action = props.id === undefined ? `${SSO_PAGE}/new` : providerHref(props.id);
  return (
    <>
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
          hint={t.t('admin.identityProviders.form.displayNameHint')}
        />
        <Field
          name="slug"
          label={SSO_LABELS.slug}
          value={values.slug}
          errors={errors}
          required
          maxLength={32}
          autocomplete="off"
          hint={t.t('admin.identityProviders.form.slugHint')}
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
          hint={t.t('admin.identityProviders.form.createOnDemandHint')}
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
          hint={t.t('admin.identityProviders.form.onAdminPageHint')}
        />
        <button type="submit">
          {t.t(
            props.id === undefined
              ? 'admin.identityProviders.form.addSubmit'
              : 'admin.identityProviders.form.saveSubmit',
          )}
        </button>
      </form>
    </>
  );
}
