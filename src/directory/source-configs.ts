/**
 * What an administrator types for a directory source (custom program, LDAP, Entra ID, Google
 * Workspace), checked field by field into the configuration stored for it, and what the audit log
 * may say about it (never a secret). sources.service.ts stores and uses the result.
 *
 *   const { name, config } = await ldapConfig(nameProblem, input); // ValidationError naming each bad field
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { accessSync, constants, statSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import { isLoopbackHost } from '../hosts.js';
import path from 'node:path';
import { Cron } from 'croner';
import { FilterParser } from 'ldapts';
import { SourceError, ValidationError } from '../errors.js';
import { parseServiceAccountKey } from './google/google.client.js';
import {
  GOOGLE_DEFAULTS,
  GOOGLE_USERNAME_FROM,
  googleConfig,
  type GoogleSourceConfig,
  type GoogleUsernameFrom,
} from './google/google.config.js';
import {
  ENTRA_DEFAULTS,
  ENTRA_USERNAME_FROM,
  entraConfig,
  type EntraSourceConfig,
  type EntraUsernameFrom,
} from './graph/graph.config.js';
import {
  isLdapPreset,
  ldapConfigFromPreset,
  type LdapAttributeMap,
  type LdapPreset,
  type LdapSourceConfig,
} from './ldap/ldap.config.js';

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

export interface SyncOptionsInput {
  missingPolicy: string;
  maxRemovals: number;
  maxRemovalsPercent: number;
  schedule: string;
  importDisabled: boolean;
  importGroups: string[];
}

/** An LDAP configuration as a page may show it: everything but the bind password. */
export type PresentedLdapConfig = Omit<LdapSourceConfig, 'bindPassword'> & { hasBindPassword: boolean };

const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9-]*(;[A-Za-z0-9-]+)*$|^\d+(\.\d+)+$/;

export function executableProblem(file: string): string | null {
  if (!path.isAbsolute(file)) return 'Give the absolute path of the program.';
  try {
    if (!statSync(file).isFile()) return 'This path is not a file.';
    accessSync(file, constants.X_OK);
    return null;
  } catch {
    return 'No executable program at this path (check that it exists and is executable by the server).';
  }
}

export function filterProblem(filter: string): string | null {
  if (filter === '') return null;
  try {
    FilterParser.parseString(filter);
    return null;
  } catch (error) {
    return `This is not a valid LDAP filter (${(error as Error).message}). Filters look like (objectClass=person).`;
  }
}

/** Validates a cron expression for the sync schedule; '' means on demand only. */
export function scheduleProblem(schedule: string): string | null {
  if (schedule === '') return null;
  try {
    new Cron(schedule, { paused: true }).stop();
    return null;
  } catch {
    return 'This is not a valid schedule. Use a cron expression such as "0 2 * * *" (every night at 02:00), or leave it empty for on demand only.';
  }
}

export function integerIn(value: number | undefined, min: number, max: number): boolean {
  return value === undefined || (Number.isInteger(value) && value >= min && value <= max);
}

// ---------------------------------------------------------------------------------------------
// Cloud sources: Microsoft Entra ID (Graph) and Google Workspace (Directory API)

/** What an administrator types for a Microsoft Entra ID source. Empty secret fields keep the stored ones when editing. */
export interface EntraSourceInput {
  name: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  certificatePem: string;
  privateKeyPem: string;
  usernameFrom?: string;
  importGroups?: boolean;
  pageSize?: number;
  timeoutMs?: number;
  graphUrl?: string;
  loginUrl?: string;
}

/** What an administrator types for a Google Workspace source. An empty key keeps the stored one when editing. */
export interface GoogleSourceInput {
  name: string;
  serviceAccountKey: string;
  adminEmail: string;
  customer?: string;
  domain?: string;
  usernameFrom?: string;
  importGroups?: boolean;
  pageSize?: number;
  timeoutMs?: number;
  apiUrl?: string;
}

/** An Entra configuration as a page may show it: no client secret, no private key (the certificate is public). */
export type PresentedEntraConfig = Omit<EntraSourceConfig, 'clientSecret' | 'privateKeyPem'> & {
  hasClientSecret: boolean;
  hasPrivateKey: boolean;
};
/** A Google configuration as a page may show it: the service account's address, never its key. */
export type PresentedGoogleConfig = Omit<GoogleSourceConfig, 'serviceAccountKey'> & {
  hasServiceAccountKey: boolean;
  serviceAccountEmail: string;
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Private and link-local networks: an endpoint URL there would let whoever edits a source make the
 * server send requests (with credentials) into the internal network, such as a cloud metadata
 * service at 169.254.169.254. Only IP literals are checked, without DNS resolution; loopback stays
 * allowed for the tests' local servers.
 */
const PRIVATE_NETWORKS = new BlockList();
for (const [network, prefix] of [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['169.254.0.0', 16],
] as const)
  PRIVATE_NETWORKS.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  PRIVATE_NETWORKS.addSubnet(network, prefix, 'ipv6');

/** A cloud endpoint must be https:// and not a private address; plain http:// only on loopback, where tests run their local servers. */
export function serviceUrlProblem(url: string, example: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `This is not a URL. Use one such as ${example}.`;
  }
  // The URL parser has already normalised 0x0a.1, 167772161 and [::ffff:10.0.0.1] to their address.
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const family = isIP(host);
  if (family !== 0 && PRIVATE_NETWORKS.check(host, family === 4 ? 'ipv4' : 'ipv6')) {
    return `${host} is a private or link-local address. This URL is only for a national cloud, such as ${example}.`;
  }
  if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)))
    return null;
  return `Use an https:// URL, such as ${example}.`;
}

/** Only the CERTIFICATE blocks of a PEM text (a pasted chain keeps every certificate). */
export function certificateBlocks(pem: string): string {
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []).join('\n');
}

/** The problem with a certificate and its private key for Graph's client assertion (RS256), or null. */
export function certificateProblem(
  certificatePem: string,
  privateKeyPem: string,
): { field: 'certificatePem' | 'privateKeyPem'; message: string } | null {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch {
    return {
      field: 'certificatePem',
      message:
        'This is not a PEM certificate. Paste it from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.',
    };
  }
  try {
    const key = createPrivateKey(privateKeyPem);
    if (key.asymmetricKeyType !== 'rsa')
      return {
        field: 'privateKeyPem',
        message: 'Microsoft Entra ID needs an RSA key for certificate credentials.',
      };
    if (!certificate.checkPrivateKey(key))
      return { field: 'privateKeyPem', message: 'This private key does not belong to the certificate.' };
  } catch {
    return {
      field: 'privateKeyPem',
      message: 'This is not a readable, unencrypted PEM private key (-----BEGIN PRIVATE KEY----- …).',
    };
  }
  return null;
}

/** Why a source name cannot be used (empty, too long, taken by another source), or null. */
export type NameProblem = (name: string, exceptId?: number) => Promise<string | null>;

/** The validated LDAP configuration, or a ValidationError naming each bad field. */
export async function ldapConfig(
  nameProblem: NameProblem,
  input: LdapSourceInput,
  existing?: { id: number; config: LdapSourceConfig },
): Promise<{ name: string; config: LdapSourceConfig }> {
  const fields: Record<string, string> = {};
  const name = input.name.trim();
  const nameIssue = await nameProblem(name, existing?.id);
  if (nameIssue) fields.name = nameIssue;
  if (!isLdapPreset(input.preset)) fields.preset = 'Choose Active Directory, OpenLDAP / Unix or eDirectory.';
  const urls = input.urls.map((u) => u.trim()).filter(Boolean);
  if (urls.length === 0) fields.urls = 'Enter at least one server URL, such as ldaps://dc1.example.org.';
  for (const url of urls) {
    let parsed: URL | null;
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    if (!parsed || !['ldap:', 'ldaps:'].includes(parsed.protocol) || !parsed.hostname) {
      fields.urls = `"${url}" is not an LDAP URL. Use ldap://host[:port] (with StartTLS) or ldaps://host[:port].`;
      break;
    }
  }
  const caCertificate = (input.caCertificate ?? '').trim();
  if (caCertificate) {
    try {
      new X509Certificate(caCertificate);
    } catch {
      fields.caCertificate =
        'This is not a PEM certificate. Paste the CA certificate, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.';
    }
  }
  const bindDn = input.bindDn.trim();
  if (bindDn === '')
    fields.bindDn =
      'Enter the DN (or, for Active Directory, user@domain) of the account Quire reads the directory with.';
  const bindPassword = input.bindPassword !== '' ? input.bindPassword : (existing?.config.bindPassword ?? '');
  if (bindPassword === '') fields.bindPassword = 'Enter the password of the bind account.';
  const baseDns = input.baseDns.map((d) => d.trim()).filter(Boolean);
  if (baseDns.length === 0) fields.baseDns = 'Enter at least one base DN, such as DC=example,DC=org.';
  const userFilter = (input.userFilter ?? '').trim();
  const groupFilter = (input.groupFilter ?? '').trim();
  const userFilterIssue = filterProblem(userFilter);
  if (userFilterIssue) fields.userFilter = userFilterIssue;
  const groupFilterIssue = filterProblem(groupFilter);
  if (groupFilterIssue) fields.groupFilter = groupFilterIssue;
  const attributes = Object.fromEntries(
    Object.entries(input.attributes ?? {}).map(([k, v]) => [k, (v ?? '').trim()]),
  ) as Partial<LdapAttributeMap>;
  for (const [key, value] of Object.entries(attributes)) {
    if (value && !ATTRIBUTE_NAME.test(value))
      fields[`attributes.${key}`] = `"${value}" is not an attribute name.`;
  }
  if (input.attributes && (attributes.username ?? '') === '')
    fields['attributes.username'] = 'Enter the attribute that holds the username.';
  if (input.attributes && (attributes.externalId ?? '') === '')
    fields['attributes.externalId'] =
      'Enter the attribute that holds the immutable id (objectGUID, entryUUID, GUID).';
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
  return {
    name,
    config: ldapConfigFromPreset(input.preset as LdapPreset, {
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
    }),
  };
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

/** The validated Entra configuration, or a ValidationError naming each bad field. */
export async function entraConfigFrom(
  nameProblem: NameProblem,
  input: EntraSourceInput,
  existing?: { id: number; config: EntraSourceConfig },
): Promise<{ name: string; config: EntraSourceConfig }> {
  const fields: Record<string, string> = {};
  const name = input.name.trim();
  const nameIssue = await nameProblem(name, existing?.id);
  if (nameIssue) fields.name = nameIssue;
  const tenantId = input.tenantId.trim();
  if (!GUID.test(tenantId) && !DOMAIN.test(tenantId))
    fields.tenantId =
      'Enter the directory (tenant) id, a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47, or a domain such as contoso.onmicrosoft.com.';
  const clientId = input.clientId.trim();
  if (!GUID.test(clientId))
    fields.clientId =
      'Enter the application (client) id of the app registration, a GUID such as 1b2c3d4e-0000-4000-8000-123456789abc.';
  // Exactly one credential. Empty fields keep what is stored; a typed secret replaces a stored certificate.
  const secret = input.clientSecret.trim();
  const pastedCertificate = input.certificatePem.replace(/\r\n/g, '\n').trim();
  // The certificate is shown back (edit form, source list --json, REST API): a private key pasted
  // with it would be shown too. Refused, and only the CERTIFICATE blocks are ever stored.
  if (pastedCertificate.includes('PRIVATE KEY'))
    fields.certificatePem = 'Paste only the certificate here; the private key goes in its own field.';
  const certificatePem = certificateBlocks(pastedCertificate) || pastedCertificate;
  const typedKey = input.privateKeyPem.replace(/\r\n/g, '\n').trim();
  let credential: Pick<EntraSourceConfig, 'clientSecret' | 'certificatePem' | 'privateKeyPem'> = {
    clientSecret: '',
    certificatePem: '',
    privateKeyPem: '',
  };
  if (secret && (certificatePem || typedKey)) {
    fields.clientSecret =
      'Use either a client secret or a certificate with its private key, not both: clear the certificate and key fields, or the secret.';
  } else if (secret) {
    credential.clientSecret = secret;
  } else if (certificatePem || typedKey) {
    const cert = certificatePem || existing?.config.certificatePem || '';
    const key = typedKey || existing?.config.privateKeyPem || '';
    if (fields.certificatePem) {
      // Already refused (a private key in the certificate field).
    } else if (!cert)
      fields.certificatePem = 'Paste the certificate registered with the app, or use a client secret.';
    else if (!key) fields.privateKeyPem = 'Paste the private key of the certificate.';
    else {
      const problem = certificateProblem(cert, key);
      if (problem) fields[problem.field] = problem.message;
    }
    credential = { clientSecret: '', certificatePem: cert, privateKeyPem: key };
  } else if (existing?.config.clientSecret || existing?.config.privateKeyPem) {
    credential = {
      clientSecret: existing.config.clientSecret,
      certificatePem: existing.config.certificatePem,
      privateKeyPem: existing.config.privateKeyPem,
    };
  } else {
    fields.clientSecret = 'Enter a client secret, or a certificate and its private key.';
  }
  const usernameFrom = input.usernameFrom || 'upn-local-part';
  if (!Object.hasOwn(ENTRA_USERNAME_FROM, usernameFrom))
    fields.usernameFrom = `Choose one of ${Object.keys(ENTRA_USERNAME_FROM).join(', ')}.`;
  if (!integerIn(input.pageSize, 1, 999)) fields.pageSize = 'The page size is a whole number from 1 to 999.';
  if (!integerIn(input.timeoutMs, 1000, 600_000))
    fields.timeoutMs = 'The timeout is from 1000 to 600000 milliseconds.';
  const graphUrl = (input.graphUrl ?? '').trim();
  const loginUrl = (input.loginUrl ?? '').trim();
  const graphIssue = graphUrl && serviceUrlProblem(graphUrl, 'https://graph.microsoft.com');
  if (graphIssue) fields.graphUrl = graphIssue;
  const loginIssue = loginUrl && serviceUrlProblem(loginUrl, 'https://login.microsoftonline.com');
  if (loginIssue) fields.loginUrl = loginIssue;
  // A kept secret or key goes only where it went before: whoever can edit a source must not
  // redirect the stored credential (or a client assertion signed with it) to an endpoint of theirs.
  if (existing) {
    const before = entraConfig(existing.config);
    const signInMoved =
      tenantId.toLowerCase() !== before.tenantId.toLowerCase() ||
      (loginUrl.replace(/\/+$/, '') || ENTRA_DEFAULTS.loginUrl) !== before.loginUrl;
    const graphMoved = (graphUrl.replace(/\/+$/, '') || ENTRA_DEFAULTS.graphUrl) !== before.graphUrl;
    const reason = signInMoved ? 'the tenant or sign-in URL changed' : 'the Graph URL changed';
    if (signInMoved || graphMoved) {
      if (!secret && credential.clientSecret && !fields.clientSecret)
        fields.clientSecret = `Enter the client secret again: ${reason}.`;
      if (!typedKey && credential.privateKeyPem && !fields.privateKeyPem)
        fields.privateKeyPem = `Enter the private key again: ${reason}.`;
    }
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return {
    name,
    config: entraConfig({
      tenantId,
      clientId,
      ...credential,
      usernameFrom: usernameFrom as EntraUsernameFrom,
      importGroups: input.importGroups,
      pageSize: input.pageSize,
      timeoutMs: input.timeoutMs,
      graphUrl: graphUrl.replace(/\/+$/, ''),
      loginUrl: loginUrl.replace(/\/+$/, ''),
    }),
  };
}

/** The validated Google configuration, or a ValidationError naming each bad field. */
export async function googleConfigFrom(
  nameProblem: NameProblem,
  input: GoogleSourceInput,
  existing?: { id: number; config: GoogleSourceConfig },
): Promise<{ name: string; config: GoogleSourceConfig }> {
  const fields: Record<string, string> = {};
  const name = input.name.trim();
  const nameIssue = await nameProblem(name, existing?.id);
  if (nameIssue) fields.name = nameIssue;
  const serviceAccountKey = input.serviceAccountKey.trim() || existing?.config.serviceAccountKey || '';
  if (serviceAccountKey === '')
    fields.serviceAccountKey = 'Upload or paste the JSON key of the service account.';
  else {
    try {
      const key = parseServiceAccountKey(serviceAccountKey);
      createPrivateKey(key.private_key);
      const tokenIssue = serviceUrlProblem(key.token_uri, 'https://oauth2.googleapis.com/token');
      if (tokenIssue) fields.serviceAccountKey = `The key's token_uri is not usable: ${tokenIssue}`;
    } catch (error) {
      // The parser's messages never quote the key.
      fields.serviceAccountKey =
        error instanceof SourceError
          ? error.message
          : 'The private key in this JSON key cannot be read. Create a new JSON key for the service account.';
    }
  }
  const adminEmail = input.adminEmail.trim();
  if (!EMAIL.test(adminEmail))
    fields.adminEmail =
      'Enter the email address of a Google Workspace administrator, such as admin@example.org.';
  const customer = (input.customer ?? '').trim();
  if (customer && !/^[A-Za-z0-9_]{1,64}$/.test(customer))
    fields.customer =
      'Enter my_customer, or the customer id shown under Account → Account settings (such as C01abc123).';
  const domain = (input.domain ?? '').trim().toLowerCase();
  if (domain && !DOMAIN.test(domain))
    fields.domain = 'Enter a domain such as example.org, or leave empty for every domain of the account.';
  const usernameFrom = input.usernameFrom || 'email-local-part';
  if (!Object.hasOwn(GOOGLE_USERNAME_FROM, usernameFrom))
    fields.usernameFrom = `Choose one of ${Object.keys(GOOGLE_USERNAME_FROM).join(', ')}.`;
  if (!integerIn(input.pageSize, 1, 500)) fields.pageSize = 'The page size is a whole number from 1 to 500.';
  if (!integerIn(input.timeoutMs, 1000, 600_000))
    fields.timeoutMs = 'The timeout is from 1000 to 600000 milliseconds.';
  const apiUrl = (input.apiUrl ?? '').trim();
  const apiIssue = apiUrl && serviceUrlProblem(apiUrl, 'https://admin.googleapis.com');
  if (apiIssue) fields.apiUrl = apiIssue;
  // The access token a kept key obtains goes only where it went before (a new key brings its own token_uri).
  const apiMoved =
    existing !== undefined &&
    (apiUrl.replace(/\/+$/, '') || GOOGLE_DEFAULTS.apiUrl) !== googleConfig(existing.config).apiUrl;
  if (apiMoved && input.serviceAccountKey.trim() === '' && !fields.serviceAccountKey)
    fields.serviceAccountKey = 'Upload the JSON key again: the API URL changed.';
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return {
    name,
    config: googleConfig({
      serviceAccountKey,
      adminEmail,
      customer,
      domain,
      usernameFrom: usernameFrom as GoogleUsernameFrom,
      importGroups: input.importGroups,
      pageSize: input.pageSize,
      timeoutMs: input.timeoutMs,
      apiUrl: apiUrl.replace(/\/+$/, ''),
    }),
  };
}

/** What the audit log may say about a cloud configuration: never a secret or a key. */
export const auditableEntra = (c: EntraSourceConfig) => ({
  tenantId: c.tenantId,
  clientId: c.clientId,
  credential: c.clientSecret ? 'client secret' : 'certificate',
  usernameFrom: c.usernameFrom,
  importGroups: c.importGroups,
  graphUrl: c.graphUrl,
});
export const auditableGoogle = (c: GoogleSourceConfig) => ({
  serviceAccount: parseServiceAccountKey(c.serviceAccountKey).client_email,
  adminEmail: c.adminEmail,
  customer: c.customer,
  domain: c.domain,
  usernameFrom: c.usernameFrom,
  importGroups: c.importGroups,
  apiUrl: c.apiUrl,
});
