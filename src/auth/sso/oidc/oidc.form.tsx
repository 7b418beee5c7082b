/**
 * The Admin Console form fields every OpenID Connect kind shares (client ID and secret, scopes,
 * claims), the redirect URI to register at the provider, and the generic OIDC kind's own issuer
 * field. The secret field is always empty: a stored secret is never put back on a page.
 *
 *   <OidcClientFields values={values} errors={errors} hasSecret={true} />
 */
import type { ComponentChildren } from 'preact';
import { Checkbox, Field } from '../../../web/components/forms.js';
import { formReader, type KindFormProps, type ProviderEndpoints } from '../provider-kind.js';
import { OIDC_LABELS } from './oidc.config.js';

export function OidcClientFields({ values, errors, hasSecret }: KindFormProps) {
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
        hint={
          hasSecret
            ? 'A secret is stored and never shown. Leave empty to keep it; type a new one to replace it.'
            : 'Shown once by the provider when you create it.'
        }
      />
      <Field
        name="scopes"
        label={OIDC_LABELS.scopes}
        value={form.text('scopes')}
        errors={errors}
        hint="Separated by spaces; must include openid."
      />
      <Field
        name="externalIdClaim"
        label={OIDC_LABELS.externalIdClaim}
        value={form.text('externalIdClaim')}
        errors={errors}
        hint="The ID token claim that never changes for a user: oid for Microsoft, sub for Google."
      />
      <Field
        name="usernameClaim"
        label={OIDC_LABELS.usernameClaim}
        value={form.text('usernameClaim')}
        errors={errors}
        hint="The ID token claim matched against Quire usernames, such as preferred_username or email."
      />
      <Checkbox
        name="stripDomain"
        label={OIDC_LABELS.stripDomain}
        checked={form.flag('stripDomain')}
        errors={errors}
        hint="alice@example.org is matched as alice."
      />
    </>
  );
}

/** The redirect URI an OIDC provider must know, and where the kind's console enters it. */
export function RedirectUriRegistration(props: {
  endpoints: ProviderEndpoints;
  children?: ComponentChildren;
}) {
  return (
    <>
      <dl class="details">
        <dt>Redirect URI (type: Web)</dt>
        <dd>
          <code id="redirect-uri">{props.endpoints.redirectUri}</code>
        </dd>
      </dl>
      {props.children}
    </>
  );
}

export const ISSUER_LABEL = 'Issuer URL';

/** The generic OIDC kind's fields: its issuer, then the shared client fields. */
export function OidcForm(props: KindFormProps) {
  return (
    <>
      <Field
        name="issuer"
        label={ISSUER_LABEL}
        value={formReader(props.values).text('issuer')}
        errors={props.errors}
        required
        autocomplete="off"
        hint="The provider's issuer, such as https://idp.example.org/realms/staff. Quire reads its /.well-known/openid-configuration."
      />
      <OidcClientFields {...props} />
    </>
  );
}
