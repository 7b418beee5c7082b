/**
 * The Microsoft Entra ID (Graph) source form of the Admin Console and its mapping between the
 * posted form and the input that entra-id.input.ts validates. The client secret and the private
 * key go in fields that are never filled back in: a stored one is only mentioned ("A secret is
 * stored; leave empty to keep it").
 *
 *   entraIdForm.input(entraIdForm.values(request.body), request.body); // EntraSourceInput
 */
import { adminEnglish } from '../../i18n/admin-translator.js';
import { choiceOptions, optionalInt, secretHint, textValues } from '../../web/components/form-values.js';
import { Checkbox, Field, SelectField, TextArea } from '../../web/components/forms.js';
import { checked, field } from '../../web/render.js';
import { useAdminTranslator } from '../../web/components/translation.js';
import type { SourceForm, SourceFormProps } from '../kind.js';
import type { EntraSourceInput, PresentedEntraConfig } from './entra-id.input.js';
import { ENTRA_DEFAULTS, ENTRA_USERNAME_FROM } from './graph.config.js';

const ENTRA_TEXT_FIELDS = [
  'name',
  'tenantId',
  'clientId',
  'certificatePem',
  'usernameFrom',
  'pageSize',
  'timeoutMs',
  'graphUrl',
  'loginUrl',
] as const;

/** The Entra form as typed, without its secrets (the client secret and private key are never sent back). */
export type EntraFormValues = Record<(typeof ENTRA_TEXT_FIELDS)[number], string> & { importGroups: boolean };

// Module-level English: the Admin Console always renders in English.
const ENTRA_LABELS: Record<string, string> = {
  name: adminEnglish.t('admin.entraSource.label.name'),
  tenantId: adminEnglish.t('admin.entraSource.label.tenantId'),
  clientId: adminEnglish.t('admin.entraSource.label.clientId'),
  clientSecret: adminEnglish.t('admin.entraSource.label.clientSecret'),
  certificatePem: adminEnglish.t('admin.entraSource.label.certificatePem'),
  privateKeyPem: adminEnglish.t('admin.entraSource.label.privateKeyPem'),
  usernameFrom: adminEnglish.t('admin.entraSource.label.usernameFrom'),
  importGroups: adminEnglish.t('admin.entraSource.label.importGroups'),
  pageSize: adminEnglish.t('admin.entraSource.label.pageSize'),
  timeoutMs: adminEnglish.t('admin.entraSource.label.timeoutMs'),
  graphUrl: adminEnglish.t('admin.entraSource.label.graphUrl'),
  loginUrl: adminEnglish.t('admin.entraSource.label.loginUrl'),
};

type EntraFieldsProps = SourceFormProps<EntraFormValues, PresentedEntraConfig>;

function EntraFields(props: EntraFieldsProps) {
  return (
    <>
      <EntraSetupCard />
      <EntraAppCard {...props} />
      <EntraCredentialCard {...props} />
      <EntraUsersCard {...props} />
      <EntraCloudCard {...props} />
    </>
  );
}

/** What to register in the Microsoft Entra admin center before the form can work. */
function EntraSetupCard() {
  const t = useAdminTranslator();
  return (
    <section class="card" aria-labelledby="entra-setup-title">
      <h2 id="entra-setup-title">{t.t('admin.entraSource.setup')}</h2>
      <ol>
        <li>{t.t('admin.entraSource.setup.register')}</li>
        <li>
          {t.rich('admin.entraSource.setup.permissions', {
            application: <strong>{t.t('admin.entraSource.setup.application')}</strong>,
            users: <code>User.Read.All</code>,
            members: <code>GroupMember.Read.All</code>,
          })}
        </li>
        <li>{t.t('admin.entraSource.setup.secret')}</li>
        <li>{t.t('admin.entraSource.setup.ids')}</li>
      </ol>
      <p>{t.t('admin.entraSource.setup.signIn')}</p>
    </section>
  );
}

function EntraAppCard({ values, errors }: EntraFieldsProps) {
  const t = useAdminTranslator();
  return (
    <section class="card" aria-labelledby="entra-app-title">
      <h2 id="entra-app-title">{t.t('admin.entraSource.app')}</h2>
      <Field
        name="name"
        label={ENTRA_LABELS.name!}
        value={values.name}
        errors={errors}
        required
        maxLength={100}
        hint={t.t('admin.entraSource.nameHint')}
      />
      <Field
        name="tenantId"
        label={ENTRA_LABELS.tenantId!}
        value={values.tenantId}
        errors={errors}
        required
        hint={t.t('admin.entraSource.tenantIdHint')}
      />
      <Field
        name="clientId"
        label={ENTRA_LABELS.clientId!}
        value={values.clientId}
        errors={errors}
        required
        hint={t.t('admin.entraSource.clientIdHint')}
      />
    </section>
  );
}

/** A client secret or a certificate with its key; neither is ever filled back in. */
function EntraCredentialCard(props: EntraFieldsProps) {
  const t = useAdminTranslator();
  const { values, errors } = props;
  const typed = Boolean(props.secretNotResent);
  return (
    <section class="card" aria-labelledby="entra-credential-title">
      <h2 id="entra-credential-title">{t.t('admin.entraSource.credential')}</h2>
      <p>{t.t('admin.entraSource.credentialIntro')}</p>
      <Field
        name="clientSecret"
        label={ENTRA_LABELS.clientSecret!}
        type="password"
        errors={errors}
        autocomplete="new-password"
        hint={secretHint(
          props.stored?.hasClientSecret ?? false,
          typed,
          t.t('admin.entraSource.clientSecretHint'),
        )}
      />
      <TextArea
        name="certificatePem"
        label={t.t('admin.entraSource.certificateLabel', { label: ENTRA_LABELS.certificatePem! })}
        value={values.certificatePem}
        errors={errors}
        rows={4}
        hint={t.t('admin.entraSource.certificateHint')}
      />
      <TextArea
        name="privateKeyPem"
        label={ENTRA_LABELS.privateKeyPem!}
        errors={errors}
        rows={4}
        hint={
          props.stored?.hasPrivateKey
            ? t.t('admin.entraSource.keyStored')
            : secretHint(false, typed, t.t('admin.entraSource.keyHint'))
        }
      />
    </section>
  );
}

function EntraUsersCard({ values, errors }: EntraFieldsProps) {
  const t = useAdminTranslator();
  return (
    <section class="card" aria-labelledby="entra-users-title">
      <h2 id="entra-users-title">{t.t('admin.entraSource.users')}</h2>
      <SelectField
        name="usernameFrom"
        label={ENTRA_LABELS.usernameFrom!}
        value={values.usernameFrom}
        options={choiceOptions(ENTRA_USERNAME_FROM)}
      />
      <Checkbox
        name="importGroups"
        label={ENTRA_LABELS.importGroups!}
        checked={values.importGroups}
        errors={errors}
        hint={t.t('admin.entraSource.importGroupsHint')}
      />
      <div class="grid-2">
        <Field
          name="pageSize"
          label={ENTRA_LABELS.pageSize!}
          type="number"
          value={values.pageSize}
          errors={errors}
          hint={t.t('admin.entraSource.pageSizeHint')}
        />
        <Field
          name="timeoutMs"
          label={ENTRA_LABELS.timeoutMs!}
          type="number"
          value={values.timeoutMs}
          errors={errors}
          hint={t.t('admin.entraSource.timeoutHint')}
        />
      </div>
    </section>
  );
}

function EntraCloudCard({ values, errors }: EntraFieldsProps) {
  const t = useAdminTranslator();
  return (
    <section class="card" aria-labelledby="entra-cloud-title">
      <h2 id="entra-cloud-title">{t.t('admin.entraSource.clouds')}</h2>
      <div class="grid-2">
        <Field
          name="graphUrl"
          label={ENTRA_LABELS.graphUrl!}
          value={values.graphUrl}
          errors={errors}
          hint={t.t('admin.entraSource.graphUrlHint')}
        />
        <Field
          name="loginUrl"
          label={ENTRA_LABELS.loginUrl!}
          value={values.loginUrl}
          errors={errors}
          hint={t.t('admin.entraSource.loginUrlHint')}
        />
      </div>
    </section>
  );
}

const entraFormValues = (body: unknown): EntraFormValues => ({
  ...textValues(ENTRA_TEXT_FIELDS, body),
  importGroups: checked(body, 'importGroups'),
});

export const entraIdForm: SourceForm<EntraSourceInput, PresentedEntraConfig, EntraFormValues> = {
  addTitle: adminEnglish.t('admin.entraSource.addTitle'),
  labels: ENTRA_LABELS,
  testTexts: {
    noUsers: adminEnglish.t('admin.entraSource.test.noUsers'),
    noGroups: adminEnglish.t('admin.entraSource.test.noGroups'),
  },
  secretFields: ['clientSecret', 'privateKeyPem'],
  values: entraFormValues,
  empty: () => ({ ...entraFormValues({}), usernameFrom: ENTRA_DEFAULTS.usernameFrom, importGroups: true }),
  fromConfig: (name, c) => ({
    name,
    tenantId: c.tenantId,
    clientId: c.clientId,
    certificatePem: c.certificatePem,
    usernameFrom: c.usernameFrom,
    importGroups: c.importGroups,
    pageSize: String(c.pageSize),
    timeoutMs: String(c.timeoutMs),
    // Defaults stay empty on the form, so that "Empty: …" in the hints stays true.
    graphUrl: c.graphUrl === ENTRA_DEFAULTS.graphUrl ? '' : c.graphUrl,
    loginUrl: c.loginUrl === ENTRA_DEFAULTS.loginUrl ? '' : c.loginUrl,
  }),
  input: (values, body) => ({
    name: values.name,
    tenantId: values.tenantId,
    clientId: values.clientId,
    clientSecret: field(body, 'clientSecret'),
    certificatePem: values.certificatePem,
    privateKeyPem: field(body, 'privateKeyPem'),
    usernameFrom: values.usernameFrom,
    importGroups: values.importGroups,
    pageSize: optionalInt(values.pageSize),
    timeoutMs: optionalInt(values.timeoutMs),
    graphUrl: values.graphUrl,
    loginUrl: values.loginUrl,
  }),
  /** A private key pasted into the certificate field (refused) is not echoed in the page. */
  shownBack: (values) =>
    values.certificatePem.includes('PRIVATE KEY') ? { ...values, certificatePem: '' } : values,
  Fields: EntraFields,
};
