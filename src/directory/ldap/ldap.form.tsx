/**
 * The LDAP / Active Directory source form of the Admin Console (directory type, connection, search,
 * attribute mapping, password changes) and its mapping between the posted form and the input that
 * ldap.input.ts validates. The page around it (title, test results, buttons) is generic.
 *
 *   ldapForm.input(ldapForm.values(request.body), request.body); // LdapSourceInput
 */
import { DataTable, type Column } from '../../web/components/data-table.js';
import { Checkbox, Field, SelectField, TextArea } from '../../web/components/forms.js';
import { lines, optionalInt } from '../../web/components/form-values.js';
import { checked, field } from '../../web/render.js';
import type { SourceForm, SourceFormProps } from '../kind.js';
import { isLdapPreset, LDAP_PRESETS, type LdapAttributeMap, type LdapPreset } from './ldap.config.js';
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

export const ATTRIBUTE_KEYS = [
  'username',
  'externalId',
  'fullName',
  'email',
  'department',
  'office',
  'cardNumber',
  'cardNumber2',
  'otherEmails',
  'homeFolder',
  'cardPin',
] as const satisfies readonly (keyof LdapAttributeMap)[];

const ATTRIBUTE_LABELS: Record<keyof LdapAttributeMap, string> = {
  username: 'Username attribute',
  externalId: 'Immutable id attribute',
  fullName: 'Full name attribute',
  email: 'Email attribute',
  department: 'Department attribute',
  office: 'Office attribute',
  cardNumber: 'Primary card/ID number attribute',
  cardNumber2: 'Secondary card/ID number attribute',
  otherEmails: 'Other emails attribute',
  homeFolder: 'Home folder attribute',
  cardPin: 'Card/ID PIN attribute (digits)',
};

/** The form as typed: text fields by name (attributes as `attributes.<key>`), and two checkboxes. */
export type LdapFormValues = Record<
  (typeof LDAP_TEXT_FIELDS)[number] | `attributes.${keyof LdapAttributeMap}`,
  string
> & { startTls: boolean; allowPasswordChange: boolean };

const LDAP_LABELS: Record<string, string> = {
  name: 'Name',
  preset: 'Directory type',
  allowPasswordChange: 'Allow users to change their directory password here',
  urls: 'Server URLs',
  caCertificate: 'CA certificate',
  bindDn: 'Bind DN',
  bindPassword: 'Bind password',
  baseDns: 'Base DNs',
  userFilter: 'User filter',
  groupFilter: 'Group filter',
  groupMemberAttributes: 'Group member attributes',
  pageSize: 'Page size',
  connectTimeoutMs: 'Connect timeout (milliseconds)',
  timeoutMs: 'Operation timeout (milliseconds)',
  ...Object.fromEntries(ATTRIBUTE_KEYS.map((key) => [`attributes.${key}`, ATTRIBUTE_LABELS[key]])),
};

const PRESET_ORDER: LdapPreset[] = ['active-directory', 'openldap', 'edirectory'];

/**
 * What a field left empty becomes, for each directory type: "Empty: sAMAccountName (Active
 * Directory), uid (OpenLDAP / Unix), cn (eDirectory)." — or one value when they all agree.
 */
function presetDefaultsHint(pick: (preset: (typeof LDAP_PRESETS)[LdapPreset]) => string): string {
  const values = PRESET_ORDER.map((p) => pick(LDAP_PRESETS[p]) || 'not imported');
  if (values.every((v) => v === values[0])) return `Empty: ${values[0]}.`;
  return `Empty: ${PRESET_ORDER.map((p, i) => `${values[i]} (${LDAP_PRESETS[p].label})`).join(', ')}.`;
}

type PresetRow = [string, (p: (typeof LDAP_PRESETS)[LdapPreset]) => string];

function PresetDefaults() {
  const rows: PresetRow[] = [
    ['User filter', (p) => p.userFilter],
    ['Group filter', (p) => p.groupFilter],
    ['Group member attributes', (p) => p.groupMemberAttributes.join(', ')],
    ...ATTRIBUTE_KEYS.map((key): PresetRow => [
      ATTRIBUTE_LABELS[key],
      (p) => p.attributes[key] || 'not imported',
    ]),
  ];
  return (
    <details class="preset-defaults">
      <summary>What each directory type fills in for a field left empty</summary>
      <DataTable
        caption="Defaults of each directory type"
        captionHidden
        columns={[
          { header: 'Field', rowHeader: true, cell: ([label]) => label },
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

function LdapFields(props: SourceFormProps<LdapFormValues, PresentedLdapConfig>) {
  const { values, errors } = props;
  const hasStoredPassword = props.stored?.hasBindPassword ?? false;
  const text = (name: keyof LdapFormValues) => String(values[name] ?? '');
  const passwordHint = hasStoredPassword
    ? 'A password is stored; leave empty to keep it.'
    : props.secretNotResent
      ? 'Passwords are never sent back to the browser: type it again before you save.'
      : 'The password of the bind account. It is stored for the server’s own use and never shown again.';
  return (
    <>
      <section class="card" aria-labelledby="ldap-source-title">
        <h2 id="ldap-source-title">Directory</h2>
        <Field
          name="name"
          label={LDAP_LABELS.name!}
          value={text('name')}
          errors={errors}
          required
          maxLength={100}
          hint='Such as "Staff Directory"; shown on the pages of its users.'
        />
        <SelectField
          name="preset"
          label={LDAP_LABELS.preset!}
          value={text('preset')}
          options={PRESET_ORDER.map((p) => ({ value: p, label: LDAP_PRESETS[p].label }))}
        />
        <PresetDefaults />
      </section>

      <section class="card" aria-labelledby="ldap-connection-title">
        <h2 id="ldap-connection-title">Connection</h2>
        <TextArea
          name="urls"
          label={LDAP_LABELS.urls!}
          value={text('urls')}
          errors={errors}
          rows={3}
          hint="One per line, in failover order: the next one is tried when a server cannot be reached. ldaps://dc1.example.org, or ldap://host:389 with StartTLS."
        />
        <Checkbox
          name="startTls"
          label="Use StartTLS"
          checked={values.startTls}
          hint="For ldap:// URLs: upgrade the connection to TLS before signing in. ldaps:// URLs are encrypted from the start."
        />
        <TextArea
          name="caCertificate"
          label={`${LDAP_LABELS.caCertificate} (optional)`}
          value={text('caCertificate')}
          errors={errors}
          rows={4}
          hint="PEM, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----: a private CA to trust besides the system's."
        />
        <Field
          name="bindDn"
          label={LDAP_LABELS.bindDn!}
          value={text('bindDn')}
          errors={errors}
          required
          hint="The account Quire reads the directory with: a DN such as cn=quire,ou=services,dc=example,dc=org, or user@domain for Active Directory."
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
            hint="Empty: 10000 (10 seconds)."
          />
          <Field
            name="timeoutMs"
            label={LDAP_LABELS.timeoutMs!}
            type="number"
            value={text('timeoutMs')}
            errors={errors}
            hint="Per search or sign-in. Empty: 60000 (one minute)."
          />
        </div>
      </section>

      <section class="card" aria-labelledby="ldap-search-title">
        <h2 id="ldap-search-title">Users and groups</h2>
        <TextArea
          name="baseDns"
          label={LDAP_LABELS.baseDns!}
          value={text('baseDns')}
          errors={errors}
          rows={3}
          hint="One per line; users and groups are searched under each, such as OU=Staff,DC=example,DC=org."
        />
        <Field
          name="userFilter"
          label={LDAP_LABELS.userFilter!}
          value={text('userFilter')}
          errors={errors}
          hint="An LDAP filter. Empty: the directory type's default (see the table above)."
        />
        <Field
          name="groupFilter"
          label={LDAP_LABELS.groupFilter!}
          value={text('groupFilter')}
          errors={errors}
          hint="Empty: the directory type's default (see the table above)."
        />
        <Field
          name="groupMemberAttributes"
          label={LDAP_LABELS.groupMemberAttributes!}
          value={text('groupMemberAttributes')}
          errors={errors}
          hint={`Attributes of a group that list its members, separated by commas. ${presetDefaultsHint((p) => p.groupMemberAttributes.join(' and '))}`}
        />
        <Field
          name="pageSize"
          label={LDAP_LABELS.pageSize!}
          type="number"
          value={text('pageSize')}
          errors={errors}
          hint="Entries per page of a search, 1 to 5000. Empty: 500."
        />
      </section>

      <section class="card" aria-labelledby="ldap-attributes-title">
        <h2 id="ldap-attributes-title">Attribute mapping</h2>
        <p>
          Which directory attribute fills each user field. The immutable id identifies a user even after a
          rename, so a renamed account stays the same user here.
        </p>
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

      <section class="card" aria-labelledby="ldap-passwords-title">
        <h2 id="ldap-passwords-title">Passwords</h2>
        <Checkbox
          name="allowPasswordChange"
          label="Allow users to change their directory password here"
          checked={values.allowPasswordChange}
          errors={errors}
          hint="Off: the user pages say where the password is managed and show no password form. On: users change their directory password under Change Details, with their current one."
        />
      </section>
    </>
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
  placement: 'page',
  addTitle: 'Add LDAP / Active Directory source',
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
