/**
 * The Admin Console form fields every OpenID Connect kind shares (client ID and secret, scopes,
 * claims), the redirect URI to register at the provider, and the generic OIDC kind's own issuer
 * field. The secret field is always empty: a stored secret is never put back on a page.
 *
 *   <OidcClientFields values={values} errors={errors} hasSecret={true} />
 */
import type { ComponentChildren } from 'preact';
import { Checkbox, Field } from '../../../web/components/forms.js';
import { adminEnglish } from '../../../i18n/admin-translator.js';
import { useAdminTranslator } from '../../../web/components/translation.js';
import { formReader, type KindFormProps, type ProviderEndpoints } from '../provider-kind.js';
import { OIDC_LABELS } from './oidc.config.js';

export function OidcClientFields({ values, errors, hasSecret }: KindFormProps) {
  const t = useAdminTranslator();
  const form = formReader(values);
  return (
    <>
      <Field
        name="clientId"
        label={OIDC_LABELS.clientId}
        value={form.text('clientId')}
        errors={errors}
        required
        autocomplete="off"
      />
      <Field
        name="clientSecret"
        label={OIDC_LABELS.clientSecret}
        type="password"
        errors={errors}
        required={!hasSecret}
        autocomplete="new-password"
        hint={t.t(hasSecret ? 'admin.signInKinds.oidc.secretStored' : 'admin.signInKinds.oidc.secretHint')}
      />
      <Field
        name="scopes"
        label={OIDC_LABELS.scopes}
        value={form.text('scopes')}
        errors={errors}
        hint={t.t('admin.signInKinds.oidc.scopesHint')}
      />
      <Field
        name="externalIdClaim"
        label={OIDC_LABELS.externalIdClaim}
        value={form.text('externalIdClaim')}
        errors={errors}
        hint={t.t('admin.signInKinds.oidc.externalIdClaimHint')}
      />
      <Field
        name="usernameClaim"
        label={OIDC_LABELS.usernameClaim}
        value={form.text('usernameClaim')}
        errors={errors}
        hint={t.t('admin.signInKinds.oidc.usernameClaimHint')}
      />
      <Checkbox
        name="stripDomain"
        label={OIDC_LABELS.stripDomain}
        checked={form.flag('stripDomain')}
        errors={errors}
        hint={t.t('admin.signInKinds.oidc.stripDomainHint')}
      />
    </>
  );
}

/** The redirect URI an OIDC provider must know, and where the kind's console enters it. */
export function RedirectUriRegistration(props: {
  endpoints: ProviderEndpoints;
  children?: ComponentChildren;
}) {
  const t = useAdminTranslator();
  return (
    <>
      <dl class="details">
        <dt>{t.t('admin.signInKinds.oidc.redirectUri')}</dt>
        <dd>
          <code id="redirect-uri">{props.endpoints.redirectUri}</code>
        </dd>
      </dl>
      {props.children}
    </>
  );
}

export const ISSUER_LABEL = adminEnglish.t('admin.signInKinds.oidc.issuer');

/** The generic OIDC kind's fields: its issuer, then the shared client fields. */
export function OidcForm(props: KindFormProps) {
  const t = useAdminTranslator();
  return (
    <>
      <Field
        name="issuer"
        label={ISSUER_LABEL}
        value={formReader(props.values).text('issuer')}
        errors={props.errors}
        required
        autocomplete="off"
        hint={t.t('admin.signInKinds.oidc.issuerHint')}
      />
      <OidcClientFields {...props} />
    </>
  );
}
