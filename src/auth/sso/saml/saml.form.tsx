/**
 * A SAML 2.0 provider in the Admin Console: the IdP's settings from its metadata, and the service
 * provider metadata and ACS URLs to register there.
 */
import { Field, TextArea } from '../../../web/components/forms.js';
import { adminEnglish } from '../../../i18n/admin-translator.js';
import { useAdminTranslator } from '../../../web/components/translation.js';
import { formReader, type KindFormProps, type ProviderEndpoints } from '../provider-kind.js';

export const SAML_LABELS = {
  idpEntityId: adminEnglish.t('admin.signInKinds.saml.idpEntityId'),
  idpSsoUrl: adminEnglish.t('admin.signInKinds.saml.idpSsoUrl'),
  idpCertificates: adminEnglish.t('admin.signInKinds.saml.idpCertificates'),
  usernameAttribute: adminEnglish.t('admin.signInKinds.saml.usernameAttribute'),
  externalIdAttribute: adminEnglish.t('admin.signInKinds.saml.externalIdAttribute'),
  emailAttribute: adminEnglish.t('admin.signInKinds.saml.emailAttribute'),
  fullNameAttribute: adminEnglish.t('admin.signInKinds.saml.fullNameAttribute'),
  clockSkewSeconds: adminEnglish.t('admin.signInKinds.saml.clockSkewSeconds'),
} as const;

export function SamlForm({ values, errors }: KindFormProps) {
  const t = useAdminTranslator();
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
        hint={t.t('admin.signInKinds.saml.idpEntityIdHint')}
      />
      <Field
        name="idpSsoUrl"
        label={SAML_LABELS.idpSsoUrl}
        value={form.text('idpSsoUrl')}
        errors={errors}
        required
        autocomplete="off"
        hint={t.t('admin.signInKinds.saml.idpSsoUrlHint')}
      />
      <TextArea
        name="idpCertificates"
        label={SAML_LABELS.idpCertificates}
        value={form.text('idpCertificates')}
        errors={errors}
        rows={6}
        hint={t.t('admin.signInKinds.saml.idpCertificatesHint')}
      />
      <Field
        name="usernameAttribute"
        label={SAML_LABELS.usernameAttribute}
        value={form.text('usernameAttribute')}
        errors={errors}
        hint={t.t('admin.signInKinds.saml.nameIdHint')}
      />
      <Field
        name="externalIdAttribute"
        label={SAML_LABELS.externalIdAttribute}
        value={form.text('externalIdAttribute')}
        errors={errors}
        hint={t.t('admin.signInKinds.saml.nameIdHint')}
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
        hint={t.t('admin.signInKinds.saml.clockSkewSecondsHint')}
      />
    </>
  );
}

export function SamlRegistration({ endpoints }: { endpoints: ProviderEndpoints }) {
  const t = useAdminTranslator();
  return (
    <dl class="details">
      <dt>{t.t('admin.signInKinds.saml.metadataUrl')}</dt>
      <dd>
        <code id="saml-metadata-url">{endpoints.samlMetadataUrl}</code>
      </dd>
      <dt>{t.t('admin.signInKinds.saml.acsUrl')}</dt>
      <dd>
        <code id="saml-acs-url">{endpoints.samlAcsUrl}</code>
      </dd>
    </dl>
  );
}
