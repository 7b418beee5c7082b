/**
 * What an administrator types for an LDAP / Active Directory source (web form, CLI), checked field
 * by field into the configuration stored for it, and what the audit log may say about it.
 *
 *   const config = await ldapConfig(input, existing); // ValidationError naming each bad field
 */
import { X509Certificate } from 'node:crypto';
import { ValidationError } from '../../errors.js';
import { integerIn } from '../field-checks.js';
import {
  isLdapPreset,
  ldapConfigFromPreset,
  type LdapAttributeMap,
  type LdapPreset,
  type LdapSourceConfig,
} from './ldap.config.js';

export interface LdapSourceInput {
  name: string;
  preset: string;
  urls: string[];
  startTls?: boolean;
  caCertificate?: string;
  bindDn: string;
  /** '' when editing keeps the stored password. */
  bindPassword: string;
  baseDns: string[];
  userFilter?: string;
  groupFilter?: string;
  groupMemberAttributes?: string[];
  attributes?: Partial<LdapAttributeMap>;
  pageSize?: number;
  connectTimeoutMs?: number;
  timeoutMs?: number;
  allowPasswordChange?: boolean;
}

/** An LDAP configuration as a page may show it: everything but the bind password. */
export type PresentedLdapConfig = Omit<LdapSourceConfig, 'bindPassword'> & { hasBindPassword: boolean };

const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9-]*(;[A-Za-z0-9-]+)*$|^\d+(\.\d+)+$/;

export async function filterProblem(filter: string): Promise<string | null> {
  if (filter === '') return null;
  // Loaded here, not at the top: ldapts loads when an LDAP source is saved or used (lazy-client.ts).
  const { FilterParser } = await import('ldapts');
  try {
    FilterParser.parseString(filter);
    return null;
  } catch (error) {
    return `This is not a valid LDAP filter (${(error as Error).message}). Filters look like (objectClass=person).`;
  }
}

/** The first server URL that is not ldap:// or ldaps:// with a host, as a problem; null when all are. */
function urlsProblem(urls: string[]): string | null {
  for (const url of urls) {
    let parsed: URL | null;
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    if (!parsed || !['ldap:', 'ldaps:'].includes(parsed.protocol) || !parsed.hostname)
      return `"${url}" is not an LDAP URL. Use ldap://host[:port] (with StartTLS) or ldaps://host[:port].`;
  }
  return null;
}

function isPemCertificate(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}

/**
 * The attribute names as typed (trimmed), adding a problem to `fields` for each bad one; a form
 * that shows the attributes must name the username and immutable-id attributes.
 */
function attributesFrom(
  typed: LdapSourceInput['attributes'],
  fields: Record<string, string>,
): Partial<LdapAttributeMap> {
  const attributes = Object.fromEntries(
    Object.entries(typed ?? {}).map(([k, v]) => [k, (v ?? '').trim()]),
  ) as Partial<LdapAttributeMap>;
  for (const [key, value] of Object.entries(attributes)) {
    if (value && !ATTRIBUTE_NAME.test(value))
      fields[`attributes.${key}`] = `"${value}" is not an attribute name.`;
  }
  if (typed && (attributes.username ?? '') === '')
    fields['attributes.username'] = 'Enter the attribute that holds the username.';
  if (typed && (attributes.externalId ?? '') === '')
    fields['attributes.externalId'] =
      'Enter the attribute that holds the immutable id (objectGUID, entryUUID, GUID).';
  return attributes;
}

/** The validated LDAP configuration, or a ValidationError naming each bad field. */
export async function ldapConfig(
  input: LdapSourceInput,
  existing?: LdapSourceConfig,
): Promise<LdapSourceConfig> {
  const fields: Record<string, string> = {};
  if (!isLdapPreset(input.preset)) fields.preset = 'Choose Active Directory, OpenLDAP / Unix or eDirectory.';
  const urls = input.urls.map((u) => u.trim()).filter(Boolean);
  if (urls.length === 0) fields.urls = 'Enter at least one server URL, such as ldaps://dc1.example.org.';
  const urlIssue = urlsProblem(urls);
  if (urlIssue) fields.urls = urlIssue;
  const caCertificate = (input.caCertificate ?? '').trim();
  if (caCertificate && !isPemCertificate(caCertificate))
    fields.caCertificate =
      'This is not a PEM certificate. Paste the CA certificate, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.';
  const bindDn = input.bindDn.trim();
  if (bindDn === '')
    fields.bindDn =
      'Enter the DN (or, for Active Directory, user@domain) of the account Quire reads the directory with.';
  const bindPassword = input.bindPassword !== '' ? input.bindPassword : (existing?.bindPassword ?? '');
  if (bindPassword === '') fields.bindPassword = 'Enter the password of the bind account.';
  const baseDns = input.baseDns.map((d) => d.trim()).filter(Boolean);
  if (baseDns.length === 0) fields.baseDns = 'Enter at least one base DN, such as DC=example,DC=org.';
  const userFilter = (input.userFilter ?? '').trim();
  const groupFilter = (input.groupFilter ?? '').trim();
  const userFilterIssue = await filterProblem(userFilter);
  if (userFilterIssue) fields.userFilter = userFilterIssue;
  const groupFilterIssue = await filterProblem(groupFilter);
  if (groupFilterIssue) fields.groupFilter = groupFilterIssue;
  const attributes = attributesFrom(input.attributes, fields);
  if (!integerIn(input.pageSize, 1, 5000))
    fields.pageSize = 'The page size is a whole number from 1 to 5000.';
  if (!integerIn(input.connectTimeoutMs, 100, 600_000))
    fields.connectTimeoutMs = 'The connect timeout is from 100 to 600000 milliseconds.';
  if (!integerIn(input.timeoutMs, 100, 3_600_000))
    fields.timeoutMs = 'The operation timeout is from 100 to 3600000 milliseconds.';
  // Active Directory takes unicodePwd only over TLS; offering the form otherwise would only fail.
  const encrypted =
    input.startTls === true || (urls.length > 0 && urls.every((u) => u.toLowerCase().startsWith('ldaps://')));
  if (input.allowPasswordChange && input.preset === 'active-directory' && !encrypted) {
    fields.allowPasswordChange =
      'Active Directory accepts password changes only over an encrypted connection: use ldaps:// URLs or StartTLS.';
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const memberAttributes = (input.groupMemberAttributes ?? []).map((a) => a.trim()).filter(Boolean);
  return ldapConfigFromPreset(input.preset as LdapPreset, {
    urls,
    startTls: input.startTls ?? false,
    caCertificate,
    bindDn,
    bindPassword,
    baseDns,
    userFilter,
    groupFilter,
    groupMemberAttributes: memberAttributes,
    attributes: Object.fromEntries(
      Object.entries(attributes).filter(([k, v]) => v !== '' || !['username', 'externalId'].includes(k)),
    ),
    pageSize: input.pageSize,
    connectTimeoutMs: input.connectTimeoutMs,
    timeoutMs: input.timeoutMs,
    allowPasswordChange: input.allowPasswordChange ?? false,
  });
}

/** What the audit log may say about an LDAP configuration: never the password. */
export const auditableLdap = (c: LdapSourceConfig) => ({
  preset: c.preset,
  urls: c.urls,
  startTls: c.startTls,
  bindDn: c.bindDn,
  baseDns: c.baseDns,
  userFilter: c.userFilter,
  groupFilter: c.groupFilter,
  allowPasswordChange: c.allowPasswordChange,
});
