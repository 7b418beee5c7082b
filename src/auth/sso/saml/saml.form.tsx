/**
 * A SAML 2.0 provider in the Admin Console: the IdP's settings from its metadata, and the service
 * provider metadata and ACS URLs to register there.
 */
import { Field, TextArea } from '../../../web/components/forms.js';
import { formReader, type KindFormProps, type ProviderEndpoints } from '../provider-kind.js';

export const SAML_LABELS = {
  idpEntityId: 'Identity provider entity ID',
  idpSsoUrl: 'Single sign-on URL',
  idpCertificates: 'Signing certificates',
  usernameAttribute: 'Username attribute',
  externalIdAttribute: 'Immutable id attribute',
  emailAttribute: 'Email attribute',
  fullNameAttribute: 'Full name attribute',
  clockSkewSeconds: 'Accepted clock difference (seconds)',
} as const;

export function SamlForm({ values, errors }: KindFormProps) {
  const form = formReader(values);
  return (
    <>
      <Field
        name="idpEntityId"
        label={SAML_LABELS.idpEntityId}
        value={form.text('idpEntityId')}
        errors={errors}
        required
        autocomplete="off"
        hint="The Issuer of the provider's responses, from its metadata."
      />
      <Field
        name="idpSsoUrl"
        label={SAML_LABELS.idpSsoUrl}
        value={form.text('idpSsoUrl')}
        errors={errors}
        required
        autocomplete="off"
        hint="Where users are sent with the sign-in request (HTTP-Redirect binding)."
      />
      <TextArea
        name="idpCertificates"
        label={SAML_LABELS.idpCertificates}
        value={form.text('idpCertificates')}
        errors={errors}
        rows={6}
        hint="PEM, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----. Paste two during a certificate rollover."
      />
      <Field
        name="usernameAttribute"
        label={SAML_LABELS.usernameAttribute}
        value={form.text('usernameAttribute')}
        errors={errors}
        hint="Empty: the NameID."
      />
      <Field
        name="externalIdAttribute"
        label={SAML_LABELS.externalIdAttribute}
        value={form.text('externalIdAttribute')}
        errors={errors}
        hint="Empty: the NameID."
      />
      <Field
        name="emailAttribute"
        label={SAML_LABELS.emailAttribute}
        value={form.text('emailAttribute')}
        errors={errors}
      />
      <Field
        name="fullNameAttribute"
        label={SAML_LABELS.fullNameAttribute}
        value={form.text('fullNameAttribute')}
        errors={errors}
      />
      <Field
        name="clockSkewSeconds"
        label={SAML_LABELS.clockSkewSeconds}
        value={form.text('clockSkewSeconds')}
        errors={errors}
        hint="0 to 300; 60 is usual."
      />
    </>
  );
}

export function SamlRegistration({ endpoints }: { endpoints: ProviderEndpoints }) {
  return (
    <dl class="details">
      <dt>Service provider metadata (entity ID)</dt>
      <dd>
        <code id="saml-metadata-url">{endpoints.samlMetadataUrl}</code>
      </dd>
      <dt>Assertion Consumer Service (ACS) URL</dt>
      <dd>
        <code id="saml-acs-url">{endpoints.samlAcsUrl}</code>
      </dd>
    </dl>
  );
}
