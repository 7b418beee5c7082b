/**
 * The stored configuration of a Google Workspace source, read through the Admin SDK Directory API
 * with a service account that has domain-wide delegation: the service account signs a JWT that
 * impersonates an administrator (`adminEmail`) and exchanges it for an access token.
 *
 *   const config = googleConfig({ serviceAccountKey: readFileSync('key.json', 'utf8'), adminEmail: 'admin@example.org' });
 */
/**
 * Where the username comes from: the primary email's local part. Quire's usernames never contain
 * "@", so the whole address is not an option; users of several domains with the same local part
 * are reported as duplicates by the sync, never merged.
 */
import { storedConfig } from '../config-reader.js';

export type GoogleUsernameFrom = 'email-local-part';

export const GOOGLE_USERNAME_FROM: Record<GoogleUsernameFrom, string> = {
  'email-local-part': 'The part of the primary email before @ (alice)',
};

/** The fields of a service account's JSON key that Quire uses. */
export interface ServiceAccountKey {
  type: 'service_account';
  client_email: string;
  private_key: string;
  private_key_id?: string;
  /** Where the signed JWT is exchanged for a token (https://oauth2.googleapis.com/token). */
  token_uri: string;
}

export interface GoogleSourceConfig {
  /** The service account's JSON key as downloaded from the Google Cloud console. Never shown back, never logged. */
  serviceAccountKey: string;
  /** The administrator the service account acts as (domain-wide delegation needs one). */
  adminEmail: string;
  /** 'my_customer' (the administrator's own account) or a customer id such as C01abc123. */
  customer: string;
  /** Only this domain's users, when set (otherwise every domain of the customer). */
  domain: string;
  usernameFrom: GoogleUsernameFrom;
  /** Read groups and their members. */
  importGroups: boolean;
  /** Users per page, 1–500 (the Directory API's maximum). */
  pageSize: number;
  timeoutMs: number;
  /** https://admin.googleapis.com */
  apiUrl: string;
}

export const GOOGLE_DEFAULTS = {
  customer: 'my_customer',
  usernameFrom: 'email-local-part',
  importGroups: true,
  pageSize: 500,
  timeoutMs: 60_000,
  apiUrl: 'https://admin.googleapis.com',
} as const satisfies Partial<GoogleSourceConfig>;

export function googleConfig(
  input: Pick<GoogleSourceConfig, 'serviceAccountKey' | 'adminEmail'> & Partial<GoogleSourceConfig>,
): GoogleSourceConfig {
  return {
    serviceAccountKey: input.serviceAccountKey,
    adminEmail: input.adminEmail,
    customer: input.customer || GOOGLE_DEFAULTS.customer,
    domain: input.domain ?? '',
    usernameFrom: input.usernameFrom ?? GOOGLE_DEFAULTS.usernameFrom,
    importGroups: input.importGroups ?? GOOGLE_DEFAULTS.importGroups,
    pageSize: input.pageSize ?? GOOGLE_DEFAULTS.pageSize,
    timeoutMs: input.timeoutMs ?? GOOGLE_DEFAULTS.timeoutMs,
    apiUrl: input.apiUrl || GOOGLE_DEFAULTS.apiUrl,
  };
}

/** The stored configuration, checked field by field; a field an older row lacks takes its default. */
export function decodeGoogleConfig(json: unknown): GoogleSourceConfig {
  const stored = storedConfig(json, 'Google Workspace');
  return googleConfig({
    serviceAccountKey: stored.string('serviceAccountKey'),
    adminEmail: stored.string('adminEmail'),
    customer: stored.string('customer', ''),
    domain: stored.string('domain', ''),
    usernameFrom: stored.oneOf('usernameFrom', GOOGLE_USERNAME_FROM, GOOGLE_DEFAULTS.usernameFrom),
    importGroups: stored.boolean('importGroups', GOOGLE_DEFAULTS.importGroups),
    pageSize: stored.number('pageSize', GOOGLE_DEFAULTS.pageSize),
    timeoutMs: stored.number('timeoutMs', GOOGLE_DEFAULTS.timeoutMs),
    apiUrl: stored.string('apiUrl', ''),
  });
}
