/**
 * "Sign in with Google" in the Admin Console: Google's issuer is fixed, so only the client fields,
 * and where the Google Cloud console takes the redirect URI.
 */
import { OidcClientFields, RedirectUriRegistration } from '../oidc/oidc.form.js';
import type { KindFormProps, ProviderEndpoints } from '../provider-kind.js';
import { useAdminTranslator } from '../../../web/components/translation.js';

export function GoogleForm(props: KindFormProps) {
  return <OidcClientFields {...props} />;
}

export function GoogleRegistration(props: { endpoints: ProviderEndpoints }) {
  const t = useAdminTranslator();
  return (
    <RedirectUriRegistration endpoints={props.endpoints}>
      <p>{t.t('admin.signInKinds.google.register')}</p>
    </RedirectUriRegistration>
  );
}
