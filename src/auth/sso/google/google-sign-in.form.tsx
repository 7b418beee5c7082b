/**
 * "Sign in with Google" in the Admin Console: Google's issuer is fixed, so only the client fields,
 * and where the Google Cloud console takes the redirect URI.
 */
import { OidcClientFields, RedirectUriRegistration } from '../oidc/oidc.form.js';
import type { KindFormProps, ProviderEndpoints } from '../provider-kind.js';

export function GoogleForm(props: KindFormProps) {
  return <OidcClientFields {...props} />;
}

export function GoogleRegistration(props: { endpoints: ProviderEndpoints }) {
  return (
    <RedirectUriRegistration endpoints={props.endpoints}>
      <p>
        In the Google Cloud console: APIs &amp; Services → Credentials → Create credentials → OAuth client ID
        (Web application), and add this redirect URI.
      </p>
    </RedirectUriRegistration>
  );
}
