/**
 * The stored configuration of an LDAP / Active Directory source, and the presets that fill
 * sensible defaults for the three directory families administrators meet.
 *
 *   const config = ldapConfigFromPreset('active-directory', { urls: ['ldaps://dc1.example.org'], … });
 */
import { storedConfig } from '../config-reader.js';

export type LdapPreset = 'active-directory' | 'openldap' | 'edirectory';

/** Which directory attribute feeds each Quire field ('' = not imported). */
export interface LdapAttributeMap {
  /** The immutable id: objectGUID, entryUUID, GUID. */
  externalId: string;
  username: string;
  fullName: string;
  email: string;
  department: string;
  office: string;
  cardNumber: string;
  cardNumber2: string;
  /**
   * PaperCut's ldap.schema.other-emails-field, user-pin-field, and the home folder. Not imported
   * by any preset, and absent from configurations stored before they existed.
   */
  otherEmails?: string;
  homeFolder?: string;
  cardPin?: string;
}

/** The fields an attribute can be mapped to, in the form's and the CLI's order. */
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

/** How the directory says that an account is disabled. */
export type DisabledRule = 'ad-user-account-control' | 'edirectory-login-disabled' | 'none';

export interface LdapSourceConfig {
  preset: LdapPreset;
  /** Tried in order; the next one when a server cannot be reached (failover). */
  urls: string[];
  /** ldap:// URLs upgrade with StartTLS (ldaps:// URLs are TLS from the start). */
  startTls: boolean;
  /** PEM of a CA to trust in addition to the system's; '' for the system's only. */
  caCertificate: string;
  bindDn: string;
  /** Stored for the server's own use; never shown back on a page, never logged. */
  bindPassword: string;
  baseDns: string[];
  userFilter: string;
  groupFilter: string;
  /** Attributes of a group entry that list its members (DNs, or usernames for memberUid). */
  groupMemberAttributes: string[];
  attributes: LdapAttributeMap;
  disabledRule: DisabledRule;
  pageSize: number;
  connectTimeoutMs: number;
  /** Per operation. */
  timeoutMs: number;
  /** Off by default: directory users get no password form. */
  allowPasswordChange: boolean;
}

export const LDAP_PRESETS: Record<
  LdapPreset,
  {
    label: string;
    userFilter: string;
    groupFilter: string;
    groupMemberAttributes: string[];
    attributes: LdapAttributeMap;
    disabledRule: DisabledRule;
  }
> = {
  'active-directory': {
    label: 'Active Directory',
    userFilter: '(&(objectCategory=person)(objectClass=user))',
    groupFilter: '(objectClass=group)',
    groupMemberAttributes: ['member'],
    attributes: {
      externalId: 'objectGUID',
      username: 'sAMAccountName',
      fullName: 'displayName',
      email: 'mail',
      department: 'department',
      office: 'physicalDeliveryOfficeName',
      cardNumber: '',
      cardNumber2: '',
    },
    disabledRule: 'ad-user-account-control',
  },
  openldap: {
    label: 'OpenLDAP / Unix',
    userFilter: '(|(objectClass=inetOrgPerson)(objectClass=posixAccount))',
    groupFilter: '(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=posixGroup))',
    groupMemberAttributes: ['member', 'uniqueMember', 'memberUid'],
    attributes: {
      externalId: 'entryUUID',
      username: 'uid',
      fullName: 'cn',
      email: 'mail',
      department: 'departmentNumber',
      office: 'physicalDeliveryOfficeName',
      cardNumber: '',
      cardNumber2: '',
    },
    disabledRule: 'none',
  },
  edirectory: {
    label: 'eDirectory',
    userFilter: '(objectClass=inetOrgPerson)',
    groupFilter: '(objectClass=groupOfNames)',
    groupMemberAttributes: ['member'],
    attributes: {
      externalId: 'GUID',
      username: 'cn',
      fullName: 'fullName',
      email: 'mail',
      department: 'ou',
      office: 'l',
      cardNumber: '',
      cardNumber2: '',
    },
    disabledRule: 'edirectory-login-disabled',
  },
};

export const LDAP_DEFAULTS = { pageSize: 500, connectTimeoutMs: 10_000, timeoutMs: 60_000 } as const;

export function isLdapPreset(value: string): value is LdapPreset {
  return Object.hasOwn(LDAP_PRESETS, value);
}

/** A full configuration from a preset plus what the administrator typed; typed values win. */
export function ldapConfigFromPreset(
  preset: LdapPreset,
  input: Pick<LdapSourceConfig, 'urls' | 'bindDn' | 'bindPassword' | 'baseDns'> &
    Partial<Omit<LdapSourceConfig, 'attributes'>> & { attributes?: Partial<LdapAttributeMap> },
): LdapSourceConfig {
  const defaults = LDAP_PRESETS[preset];
  return {
    preset,
    urls: input.urls,
    startTls: input.startTls ?? false,
    caCertificate: input.caCertificate ?? '',
    bindDn: input.bindDn,
    bindPassword: input.bindPassword,
    baseDns: input.baseDns,
    userFilter: input.userFilter || defaults.userFilter,
    groupFilter: input.groupFilter || defaults.groupFilter,
    groupMemberAttributes: input.groupMemberAttributes?.length
      ? input.groupMemberAttributes
      : defaults.groupMemberAttributes,
    attributes: {
      ...defaults.attributes,
      ...Object.fromEntries(Object.entries(input.attributes ?? {}).filter(([, v]) => v !== undefined)),
    },
    disabledRule: input.disabledRule ?? defaults.disabledRule,
    pageSize: input.pageSize ?? LDAP_DEFAULTS.pageSize,
    connectTimeoutMs: input.connectTimeoutMs ?? LDAP_DEFAULTS.connectTimeoutMs,
    timeoutMs: input.timeoutMs ?? LDAP_DEFAULTS.timeoutMs,
    allowPasswordChange: input.allowPasswordChange ?? false,
  };
}

const DISABLED_RULES: Record<DisabledRule, true> = {
  'ad-user-account-control': true,
  'edirectory-login-disabled': true,
  none: true,
};

/** The stored configuration, checked field by field; a field an older row lacks takes the preset's default. */
export function decodeLdapConfig(json: unknown): LdapSourceConfig {
  const stored = storedConfig(json, 'LDAP');
  const preset = stored.oneOf('preset', LDAP_PRESETS);
  const defaults = LDAP_PRESETS[preset];
  const mapped = stored.texts('attributes');
  const attributes: LdapAttributeMap = {
    ...defaults.attributes,
    ...mapped,
    externalId: mapped.externalId ?? defaults.attributes.externalId,
    username: mapped.username ?? defaults.attributes.username,
    fullName: mapped.fullName ?? defaults.attributes.fullName,
    email: mapped.email ?? defaults.attributes.email,
    department: mapped.department ?? defaults.attributes.department,
    office: mapped.office ?? defaults.attributes.office,
    cardNumber: mapped.cardNumber ?? defaults.attributes.cardNumber,
    cardNumber2: mapped.cardNumber2 ?? defaults.attributes.cardNumber2,
  };
  return {
    preset,
    urls: stored.strings('urls'),
    startTls: stored.boolean('startTls', false),
    caCertificate: stored.string('caCertificate', ''),
    bindDn: stored.string('bindDn'),
    bindPassword: stored.string('bindPassword'),
    baseDns: stored.strings('baseDns'),
    userFilter: stored.string('userFilter', defaults.userFilter),
    groupFilter: stored.string('groupFilter', defaults.groupFilter),
    groupMemberAttributes: stored.strings('groupMemberAttributes', defaults.groupMemberAttributes),
    attributes,
    disabledRule: stored.oneOf('disabledRule', DISABLED_RULES, defaults.disabledRule),
    pageSize: stored.number('pageSize', LDAP_DEFAULTS.pageSize),
    connectTimeoutMs: stored.number('connectTimeoutMs', LDAP_DEFAULTS.connectTimeoutMs),
    timeoutMs: stored.number('timeoutMs', LDAP_DEFAULTS.timeoutMs),
    allowPasswordChange: stored.boolean('allowPasswordChange', false),
  };
}
