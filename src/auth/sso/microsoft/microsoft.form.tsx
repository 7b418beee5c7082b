/**
 * "Sign in with Microsoft" in the Admin Console: the tenant instead of an issuer, and where the
 * Microsoft Entra admin center takes the redirect URI and the client secret.
 */
import { Field } from '../../../web/components/forms.js';
import { adminEnglish } from '../../../i18n/admin-translator.js';
import { useAdminTranslator } from '../../../web/components/translation.js';
import { OidcClientFields, RedirectUriRegistration } from '../oidc/oidc.form.js';
import { formReader, type KindFormProps, type ProviderEndpoints } from '../provider-kind.js';

export const TENANT_LABEL = adminEnglish.t('admin.signInKinds.microsoft.tenant');

export function MicrosoftForm(props: KindFormProps) {
  const t = useAdminTranslator();
  return (
    <>
      <Field
        name="tenant"
        label={TENANT_LABEL}
        value={formReader(props.values).text('tenant')}
        errors={props.errors}
        required
        autocomplete="off"
        hint={t.t('admin.signInKinds.microsoft.tenantHint')}
      />
      <OidcClientFields {...props} />
    </>
  );
}

export function MicrosoftRegistration(props: { endpoints: ProviderEndpoints }) {
  const t = useAdminTranslator();
  return (
    <RedirectUriRegistration endpoints={props.endpoints}>
      <p>{t.t('admin.signInKinds.microsoft.register')}</p>
    </RedirectUriRegistration>
  );
}
