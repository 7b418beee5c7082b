/**
 * What an administrator types for a Google Workspace source (web form, CLI), checked field by
 * field into the configuration stored for it, and what the audit log may say about it.
 *
 *   const config = googleConfigFrom(input, existing); // ValidationError naming each bad field
 */
import { createPrivateKey } from 'node:crypto';
import { SourceError, ValidationError } from '../../errors.js';
import { DOMAIN, integerIn, serviceUrlProblem } from '../field-checks.js';
import { parseServiceAccountKey } from './google.credentials.js';
import {
  GOOGLE_DEFAULTS,
  GOOGLE_USERNAME_FROM,
  googleConfig,
  type GoogleSourceConfig,
  type GoogleUsernameFrom,
} from './google.config.js';

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

/** A Google configuration as a page may show it: the service account's address, never its key. */
export type PresentedGoogleConfig = Omit<GoogleSourceConfig, 'serviceAccountKey'> & {
  hasServiceAccountKey: boolean;
  serviceAccountEmail: string;
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The validated Google configuration, or a ValidationError naming each bad field. */
export function googleConfigFrom(
  input: GoogleSourceInput,
  existing?: GoogleSourceConfig,
): GoogleSourceConfig {
  const fields: Record<string, string> = {};
  const serviceAccountKey = input.serviceAccountKey.trim() || existing?.serviceAccountKey || '';
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
    (apiUrl.replace(/\/+$/, '') || GOOGLE_DEFAULTS.apiUrl) !== googleConfig(existing).apiUrl;
  if (apiMoved && input.serviceAccountKey.trim() === '' && !fields.serviceAccountKey)
    fields.serviceAccountKey = 'Upload the JSON key again: the API URL changed.';
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return googleConfig({
    serviceAccountKey,
    adminEmail,
    customer,
    domain,
    usernameFrom: usernameFrom as GoogleUsernameFrom,
    importGroups: input.importGroups,
    pageSize: input.pageSize,
    timeoutMs: input.timeoutMs,
    apiUrl: apiUrl.replace(/\/+$/, ''),
  });
}

/** What the audit log may say about a Google configuration: never the key. */
export const auditableGoogle = (c: GoogleSourceConfig) => ({
  serviceAccount: parseServiceAccountKey(c.serviceAccountKey).client_email,
  adminEmail: c.adminEmail,
  customer: c.customer,
  domain: c.domain,
  usernameFrom: c.usernameFrom,
  importGroups: c.importGroups,
  apiUrl: c.apiUrl,
});
