/**
 * The LDAP / Active Directory source form of the Admin Console (directory type, connection, search,
 * attribute mapping, password changes) and its mapping between the posted form and the input that
 * ldap.input.ts validates. The page around it (title, test results, buttons) is generic.
 *
 *   ldapForm.input(ldapForm.values(request.body), request.body); // LdapSourceInput
 */
import { adminEnglish } from '../../i18n/admin-translator.js';
import { DataTable, type Column } from '../../web/components/data-table.js';
import { Checkbox, Field, SelectField, TextArea } from '../../web/components/forms.js';
import { lines, optionalInt } from '../../web/components/form-values.js';
import { checked, field } from '../../web/render.js';
import { useAdminTranslator } from '../../web/components/translation.js';
import type { SourceForm, SourceFormProps } from '../kind.js';
import {
  ATTRIBUTE_KEYS,
  isLdapPreset,
  LDAP_PRESETS,
  type LdapAttributeMap,
  type LdapPreset,
} from './ldap.config.js';
import type { LdapSourceInput, PresentedLdapConfig } from './ldap.input.js';

export const LDAP_TEXT_FIELDS = [
  'name',
  'preset',
  'urls',
  'caCertificate',
  'bindDn',
  'baseDns',
  'userFilter',
  'groupFilter',
  'groupMemberAttributes',
  'pageSize',
  'connectTimeoutMs',
  'timeoutMs',
] as const;

// Module-level English: the Admin Console always renders in English.
const ATTRIBUTE_LABELS: Record<keyof LdapAttributeMap, string> = {
  username: adminEnglish.t('admin.ldapSource.attr.username'),
  externalId: adminEnglish.t('admin.ldapSource.attr.externalId'),
  fullName: adminEnglish.t('admin.ldapSource.attr.fullName'),
  email: adminEnglish.t('admin.ldapSource.attr.email'),
  department: adminEnglish.t('admin.ldapSource.attr.department'),
  office: adminEnglish.t('admin.ldapSource.attr.office'),
  cardNumber: adminEnglish.t('admin.ldapSource.attr.cardNumber'),
  cardNumber2: adminEnglish.t('admin.ldapSource.attr.cardNumber2'),
  otherEmails: adminEnglish.t('admin.ldapSource.attr.otherEmails'),
  homeFolder: adminEnglish.t('admin.ldapSource.attr.homeFolder'),
  cardPin: adminEnglish.t('admin.ldapSource.attr.cardPin'),
};

/** The form as typed: text fields by name (attributes as `attributes.<key>`), and two checkboxes. */
export type LdapFormValues = Record<
  (typeof LDAP_TEXT_FIELDS)[number] | `attributes.${keyof LdapAttributeMap}`,
  string
> & { startTls: boolean; allowPasswordChange: boolean };

const LDAP_LABELS: Record<string, string> = {
  name: adminEnglish.t('admin.ldapSource.label.name'),
  preset: adminEnglish.t('admin.ldapSource.label.preset'),
  allowPasswordChange: adminEnglish.t('admin.ldapSource.label.allowPasswordChange'),
  urls: adminEnglish.t('admin.ldapSource.label.urls'),
  caCertificate: adminEnglish.t('admin.ldapSource.label.caCertificate'),
  bindDn: adminEnglish.t('admin.ldapSource.label.bindDn'),
  bindPassword: adminEnglish.t('admin.ldapSource.label.bindPassword'),
  baseDns: adminEnglish.t('admin.ldapSource.label.baseDns'),
  userFilter: adminEnglish.t('admin.ldapSource.label.userFilter'),
  groupFilter: adminEnglish.t('admin.ldapSource.label.groupFilter'),
  groupMemberAttributes: adminEnglish.t('admin.ldapSource.label.groupMemberAttributes'),
  pageSize: adminEnglish.t('admin.ldapSource.label.pageSize'),
  connectTimeoutMs: adminEnglish.t('admin.ldapSource.label.connectTimeoutMs'),
  timeoutMs: adminEnglish.t('admin.ldapSource.label.timeoutMs'),
  ...Object.fromEntries(ATTRIBUTE_KEYS.map((key) => [`attributes.${key}`, ATTRIBUTE_LABELS[key]])),
};

const PRESET_ORDER: LdapPreset[] = ['active-directory', 'openldap', 'edirectory'];

/**
 * What a field left empty becomes, for each directory type: "Empty: sAMAccountName (Active
 * Directory), uid (OpenLDAP / Unix), cn (eDirectory)." — or one value when they all agree.
 */
function presetDefaultsHint(pick: (preset: (typeof LDAP_PRESETS)[LdapPreset]) => string): string {
  const t = adminEnglish;
  const values = PRESET_ORDER.map((p) => pick(LDAP_PRESETS[p]) || t.t('admin.ldapSource.notImported'));
  if (values.every((v) => v === values[0]))
    return t.t('admin.ldapSource.emptyDefault', { value: values[0]! });
  const each = PRESET_ORDER.map((p, i) =>
    t.t('admin.ldapSource.presetValue', { value: values[i]!, preset: LDAP_PRESETS[p].label }),
  );
  return t.t('admin.ldapSource.emptyDefault', { value: each.join(', ') });
}

type PresetRow = [string, (p: (typeof LDAP_PRESETS)[LdapPreset]) => string];

function PresetDefaults() {
  const t = useAdminTranslator();
  const rows: PresetRow[] = [
    [LDAP_LABELS.userFilter!, (p) => p.userFilter],
    [LDAP_LABELS.groupFilter!, (p) => p.groupFilter],
    [LDAP_LABELS.groupMemberAttributes!, (p) => p.groupMemberAttributes.join(', ')],
    ...ATTRIBUTE_KEYS.map((key): PresetRow => [
      ATTRIBUTE_LABELS[key],
      (p) => p.attributes[key] || t.t('admin.ldapSource.notImported'),
    ]),
  ];
  return (
    <details class="preset-defaults">
      <summary>{t.t('admin.ldapSource.defaults.summary')}</summary>
      <DataTable
        caption={t.t('admin.ldapSource.defaults.caption')}
        captionHidden
        columns={[
          { header: t.t('admin.ldapSource.defaults.field'), rowHeader: true, cell: ([label]) => label },
          ...PRESET_ORDER.map((p): Column<PresetRow> => ({
            header: LDAP_PRESETS[p].label,
            cell: ([, pick]) => <code>{pick(LDAP_PRESETS[p])}</code>,
          })),
        ]}
        rows={rows}
      />
    </details>
  );
}

type LdapFieldsProps = SourceFormProps<LdapFormValues, PresentedLdapConfig>;

/** A form value as text, for a field's `value`. */
const textOf = (values: LdapFormValues) => (name: keyof LdapFormValues) => String(values[name] ?? '');

function LdapFields(props: LdapFieldsProps) {
  return (
    <>
      <LdapDirectoryCard {...props} />
      <LdapConnectionCard {...props} />
      <LdapSearchCard {...props} />
      <LdapAttributesCard {...props} />
      <LdapPasswordsCard {...props} />
    </>
  );
}

function LdapDirectoryCard({ values, errors }: LdapFieldsProps) {
  const t = useAdminTranslator();
  const text = textOf(values);
  return (
    <section class="card" aria-labelledby="ldap-source-title">
      <h2 id="ldap-source-title">{t.t('admin.ldapSource.directory')}</h2>
      <Field
        name="name"
        label={LDAP_LABELS.name!}
        value={text('name')}
        errors={errors}
        required
        maxLength={100}
        hint={t.t('admin.ldapSource.nameHint')}
      />
      <SelectField
        name="preset"
        label={LDAP_LABELS.preset!}
        value={text('preset')}
        options={PRESET_ORDER.map((p) => ({ value: p, label: LDAP_PRESETS[p].label }))}
      />
      <PresetDefaults />
    </section>
  );
}

/** Where the directory is and how Quire signs in to it; the bind password is never shown. */
function LdapConnectionCard(props: LdapFieldsProps) {
  const t = useAdminTranslator();
  const { values, errors } = props;
  const text = textOf(values);
  const hasStoredPassword = props.stored?.hasBindPassword ?? false;
  const passwordHint = hasStoredPassword
    ? t.t('admin.ldapSource.passwordStored')
    : props.secretNotResent
      ? t.t('admin.ldapSource.passwordNotResent')
      : t.t('admin.ldapSource.passwordHint');
  return (
    <section class="card" aria-labelledby="ldap-connection-title">
      <h2 id="ldap-connection-title">{t.t('admin.ldapSource.connection')}</h2>
      <TextArea
        name="urls"
        label={LDAP_LABELS.urls!}
        value={text('urls')}
        errors={errors}
        rows={3}
        hint={t.t('admin.ldapSource.urlsHint')}
      />
      <Checkbox
        name="startTls"
        label={t.t('admin.ldapSource.label.startTls')}
        checked={values.startTls}
        hint={t.t('admin.ldapSource.startTlsHint')}
      />
      <TextArea
        name="caCertificate"
        label={t.t('admin.ldapSource.optional', { label: LDAP_LABELS.caCertificate! })}
        value={text('caCertificate')}
        errors={errors}
        rows={4}
        hint={t.t('admin.ldapSource.caCertificateHint')}
      />
      <Field
        name="bindDn"
        label={LDAP_LABELS.bindDn!}
        value={text('bindDn')}
        errors={errors}
        required
        hint={t.t('admin.ldapSource.bindDnHint')}
      />
      <Field
        name="bindPassword"
        label={LDAP_LABELS.bindPassword!}
        type="password"
        errors={errors}
        autocomplete="new-password"
        required={!hasStoredPassword}
        hint={passwordHint}
      />
      <div class="grid-2">
        <Field
          name="connectTimeoutMs"
          label={LDAP_LABELS.connectTimeoutMs!}
          type="number"
          value={text('connectTimeoutMs')}
          errors={errors}
          hint={t.t('admin.ldapSource.connectTimeoutHint')}
        />
        <Field
          name="timeoutMs"
          label={LDAP_LABELS.timeoutMs!}
          type="number"
          value={text('timeoutMs')}
          errors={errors}
          hint={t.t('admin.ldapSource.timeoutHint')}
        />
      </div>
    </section>
  );
}

function LdapSearchCard({ values, errors }: LdapFieldsProps) {
  const t = useAdminTranslator();
  const text = textOf(values);
  const memberDefaults = presetDefaultsHint((p) =>
    p.groupMemberAttributes.join(t.t('admin.ldapSource.groupMemberAttributesJoin')),
  );
  return (
    <section class="card" aria-labelledby="ldap-search-title">
      <h2 id="ldap-search-title">{t.t('admin.ldapSource.search')}</h2>
      <TextArea
        name="baseDns"
        label={LDAP_LABELS.baseDns!}
        value={text('baseDns')}
        errors={errors}
        rows={3}
        hint={t.t('admin.ldapSource.baseDnsHint')}
      />
      <Field
        name="userFilter"
        label={LDAP_LABELS.userFilter!}
        value={text('userFilter')}
        errors={errors}
        hint={t.t('admin.ldapSource.userFilterHint')}
      />
      <Field
        name="groupFilter"
        label={LDAP_LABELS.groupFilter!}
        value={text('groupFilter')}
        errors={errors}
        hint={t.t('admin.ldapSource.groupFilterHint')}
      />
      <Field
        name="groupMemberAttributes"
        label={LDAP_LABELS.groupMemberAttributes!}
        value={text('groupMemberAttributes')}
        errors={errors}
        hint={t.t('admin.ldapSource.groupMemberAttributesHint', { defaults: memberDefaults })}
      />
      <Field
        name="pageSize"
        label={LDAP_LABELS.pageSize!}
        type="number"
        value={text('pageSize')}
        errors={errors}
        hint={t.t('admin.ldapSource.pageSizeHint')}
      />
    </section>
  );
}

function LdapAttributesCard({ values, errors }: LdapFieldsProps) {
  const t = useAdminTranslator();
  const text = textOf(values);
  return (
    <section class="card" aria-labelledby="ldap-attributes-title">
      <h2 id="ldap-attributes-title">{t.t('admin.ldapSource.attributes')}</h2>
      <p>{t.t('admin.ldapSource.attributesIntro')}</p>
      <div class="grid-2">
        {ATTRIBUTE_KEYS.map((key) => (
          <Field
            name={`attributes.${key}`}
            label={ATTRIBUTE_LABELS[key]}
            value={text(`attributes.${key}`)}
            errors={errors}
            hint={presetDefaultsHint((p) => p.attributes[key] ?? '')}
          />
        ))}
      </div>
    </section>
  );
}

function LdapPasswordsCard({ values, errors }: LdapFieldsProps) {
  const t = useAdminTranslator();
  return (
    <section class="card" aria-labelledby="ldap-passwords-title">
      <h2 id="ldap-passwords-title">{t.t('admin.ldapSource.passwords')}</h2>
      <Checkbox
        name="allowPasswordChange"
        label={LDAP_LABELS.allowPasswordChange!}
        checked={values.allowPasswordChange}
        errors={errors}
        hint={t.t('admin.ldapSource.allowPasswordChangeHint')}
      />
    </section>
  );
}

function ldapFormValues(body: unknown): LdapFormValues {
  const values = {
    startTls: checked(body, 'startTls'),
    allowPasswordChange: checked(body, 'allowPasswordChange'),
  } as LdapFormValues;
  for (const name of LDAP_TEXT_FIELDS) values[name] = field(body, name);
  for (const key of ATTRIBUTE_KEYS) values[`attributes.${key}`] = field(body, `attributes.${key}`);
  return values;
}

export const ldapForm: SourceForm<LdapSourceInput, PresentedLdapConfig, LdapFormValues> = {
  addTitle: adminEnglish.t('admin.ldapSource.addTitle'),
  labels: LDAP_LABELS,
  secretFields: ['bindPassword'],
  values: ldapFormValues,
  empty: () => ({ ...ldapFormValues({}), preset: 'active-directory' }),
  fromConfig(name, c) {
    const values: LdapFormValues = {
      ...ldapFormValues({}),
      name,
      preset: c.preset,
      urls: c.urls.join('\n'),
      startTls: c.startTls,
      caCertificate: c.caCertificate,
      bindDn: c.bindDn,
      baseDns: c.baseDns.join('\n'),
      userFilter: c.userFilter,
      groupFilter: c.groupFilter,
      groupMemberAttributes: c.groupMemberAttributes.join(', '),
      pageSize: String(c.pageSize),
      connectTimeoutMs: String(c.connectTimeoutMs),
      timeoutMs: String(c.timeoutMs),
      allowPasswordChange: c.allowPasswordChange,
    };
    for (const key of ATTRIBUTE_KEYS) values[`attributes.${key}`] = c.attributes[key] ?? '';
    return values;
  },
  /**
   * An attribute field left empty takes the chosen directory type's default: without JavaScript
   * the form cannot fill them in when the type changes.
   */
  input(values, body) {
    const defaults = isLdapPreset(values.preset) ? LDAP_PRESETS[values.preset].attributes : undefined;
    return {
      name: values.name,
      preset: values.preset,
      urls: lines(values.urls),
      startTls: values.startTls,
      // Browsers send textarea lines with CRLF; PEM is stored with plain newlines.
      caCertificate: values.caCertificate.replace(/\r\n/g, '\n'),
      bindDn: values.bindDn,
      bindPassword: field(body, 'bindPassword'),
      baseDns: lines(values.baseDns),
      userFilter: values.userFilter,
      groupFilter: values.groupFilter,
      groupMemberAttributes: values.groupMemberAttributes.split(/[\s,]+/).filter(Boolean),
      attributes:
        defaults &&
        Object.fromEntries(
          ATTRIBUTE_KEYS.map((key) => [key, values[`attributes.${key}`].trim() || defaults[key]]),
        ),
      pageSize: optionalInt(values.pageSize),
      connectTimeoutMs: optionalInt(values.connectTimeoutMs),
      timeoutMs: optionalInt(values.timeoutMs),
      allowPasswordChange: values.allowPasswordChange,
    };
  },
  Fields: LdapFields,
};
