/**
 * The stored configuration of a Microsoft Entra ID (Office 365) source, read through Microsoft
 * Graph with an app registration's client credentials (a client secret or a certificate).
 *
 *   const config = entraConfig({ tenantId: 'contoso.onmicrosoft.com', clientId: '…', clientSecret: '…' });
 */
/**
 * Where the username comes from. Quire's usernames never contain "@" (DESIGN: usernames), so the
 * whole userPrincipalName is not an option; users of several domains with the same local part are
 * reported as duplicates by the sync, never merged.
 */
import { storedConfig } from '../config-reader.js';

export type EntraUsernameFrom = 'upn-local-part' | 'sam-account-name';

export const ENTRA_USERNAME_FROM: Record<EntraUsernameFrom, string> = {
  'upn-local-part': 'The part of userPrincipalName before @ (alice)',
  'sam-account-name': 'onPremisesSamAccountName (synced from Active Directory)',
};

export interface EntraSourceConfig {
  /** Directory (tenant) id: a GUID or a verified domain such as contoso.onmicrosoft.com. */
  tenantId: string;
  /** Application (client) id of the app registration. */
  clientId: string;
  /** Client secret; '' when a certificate is used. Never shown back, never logged. */
  clientSecret: string;
  /** PEM certificate registered with the app, and its private key; '' when a secret is used. The key is never shown back. */
  certificatePem: string;
  privateKeyPem: string;
  usernameFrom: EntraUsernameFrom;
  /** Read groups and their members (GroupMember.Read.All). */
  importGroups: boolean;
  /** Users per Graph page, 1–999 (Graph's maximum for users). */
  pageSize: number;
  /** Per request. */
  timeoutMs: number;
  /** https://graph.microsoft.com, or a national cloud's (graph.microsoft.us…). */
  graphUrl: string;
  /** https://login.microsoftonline.com, or a national cloud's (login.microsoftonline.us…). */
  loginUrl: string;
}

export const ENTRA_DEFAULTS = {
  usernameFrom: 'upn-local-part',
  importGroups: true,
  pageSize: 999,
  timeoutMs: 60_000,
  graphUrl: 'https://graph.microsoft.com',
  loginUrl: 'https://login.microsoftonline.com',
} as const satisfies Partial<EntraSourceConfig>;

/** A full configuration from what the administrator typed; defaults fill the rest. */
export function entraConfig(
  input: Pick<EntraSourceConfig, 'tenantId' | 'clientId'> & Partial<EntraSourceConfig>,
): EntraSourceConfig {
  return {
    tenantId: input.tenantId,
    clientId: input.clientId,
    clientSecret: input.clientSecret ?? '',
    certificatePem: input.certificatePem ?? '',
    privateKeyPem: input.privateKeyPem ?? '',
    usernameFrom: input.usernameFrom ?? ENTRA_DEFAULTS.usernameFrom,
    importGroups: input.importGroups ?? ENTRA_DEFAULTS.importGroups,
    pageSize: input.pageSize ?? ENTRA_DEFAULTS.pageSize,
    timeoutMs: input.timeoutMs ?? ENTRA_DEFAULTS.timeoutMs,
    graphUrl: input.graphUrl || ENTRA_DEFAULTS.graphUrl,
    loginUrl: input.loginUrl || ENTRA_DEFAULTS.loginUrl,
  };
}

/** The stored configuration, checked field by field; a field an older row lacks takes its default. */
export function decodeEntraConfig(json: unknown): EntraSourceConfig {
  const stored = storedConfig(json, 'Microsoft Entra ID');
  return entraConfig({
    tenantId: stored.string('tenantId'),
    clientId: stored.string('clientId'),
    clientSecret: stored.string('clientSecret', ''),
    certificatePem: stored.string('certificatePem', ''),
    privateKeyPem: stored.string('privateKeyPem', ''),
    usernameFrom: stored.oneOf('usernameFrom', ENTRA_USERNAME_FROM, ENTRA_DEFAULTS.usernameFrom),
    importGroups: stored.boolean('importGroups', ENTRA_DEFAULTS.importGroups),
    pageSize: stored.number('pageSize', ENTRA_DEFAULTS.pageSize),
    timeoutMs: stored.number('timeoutMs', ENTRA_DEFAULTS.timeoutMs),
    graphUrl: stored.string('graphUrl', ''),
    loginUrl: stored.string('loginUrl', ''),
  });
}
