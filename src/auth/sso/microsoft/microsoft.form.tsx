/**
 * "Sign in with Microsoft" in the Admin Console: the tenant instead of an issuer, and where the
 * Microsoft Entra admin center takes the redirect URI and the client secret.
 */
import { Field } from '../../../web/components/forms.js';
import { OidcClientFields, RedirectUriRegistration } from '../oidc/oidc.form.js';
import { formReader, type KindFormProps, type ProviderEndpoints } from '../provider-kind.js';

export const TENANT_LABEL = 'Directory (tenant) ID';

export function MicrosoftForm(props: KindFormProps) {
  return (
    <>
      <Field
        name="tenant"
        label={TENANT_LABEL}
        value={formReader(props.values).text('tenant')}
        errors={props.errors}
        required
        autocomplete="off"
        hint="The Directory (tenant) ID, a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47, from the Overview page of the app registration in the Microsoft Entra admin center (not a domain name). Only accounts of this tenant can sign in."
      />
      <OidcClientFields {...props} />
    </>
  );
}

export function MicrosoftRegistration(props: { endpoints: ProviderEndpoints }) {
  return (
    <RedirectUriRegistration endpoints={props.endpoints}>
      <p>
        In the Microsoft Entra admin center: App registrations → New registration, add this redirect URI, then
        create a client secret under Certificates &amp; secrets.
      </p>
    </RedirectUriRegistration>
  );
}
