/**
 * The Google Workspace source's credentials: the service account's JSON key, the RS256 JWT
 * (node:crypto) with which it impersonates `adminEmail` (domain-wide delegation), and what the
 * token endpoint's refusals mean. Nothing here ever quotes the key.
 *
 *   const { key, privateKey } = loadServiceAccount(config.serviceAccountKey);
 *   const assertion = signServiceAccountJwt(key, privateKey, config.adminEmail, Math.floor(Date.now() / 1000));
 */
import { createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { SourceError } from '../../errors.js';
import type { ServiceAccountKey } from './google.config.js';

/** What the service account asks for: read-only users, groups and group members. */
export const GOOGLE_SCOPES = [
  'https://www.googleapis.com/auth/admin.directory.user.readonly',
  'https://www.googleapis.com/auth/admin.directory.group.readonly',
  'https://www.googleapis.com/auth/admin.directory.group.member.readonly',
] as const;

export type ParsedServiceAccountKey = ServiceAccountKey & { client_id?: string };

/** Parses a service account's JSON key; throws SourceError (never quoting the key) when it is not one. */
export function parseServiceAccountKey(json: string): ParsedServiceAccountKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new SourceError(
      'The service account key is not JSON. Upload the key file downloaded from the Google Cloud console (IAM → Service accounts → Keys → Add key → JSON).',
    );
  }
  const key = parsed as Partial<ServiceAccountKey> & { client_id?: unknown };
  const missing = (['client_email', 'private_key', 'token_uri'] as const).filter(
    (name) => typeof key?.[name] !== 'string' || key[name] === '',
  );
  if (missing.length > 0)
    throw new SourceError(
      `The service account key lacks ${missing.join(', ')}: it is not a service account's JSON key.`,
    );
  return {
    ...(key as ServiceAccountKey),
    client_id: typeof key.client_id === 'string' ? key.client_id : undefined,
  };
}

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** The signed assertion of the JWT bearer grant (RFC 7523) that Google's token endpoint takes. */
export function signServiceAccountJwt(
  key: ServiceAccountKey,
  privateKey: KeyObject,
  subject: string,
  nowSeconds: number,
): string {
  const header = { alg: 'RS256', typ: 'JWT', ...(key.private_key_id ? { kid: key.private_key_id } : {}) };
  const claims = {
    iss: key.client_email,
    sub: subject,
    scope: GOOGLE_SCOPES.join(' '),
    aud: key.token_uri,
    iat: nowSeconds,
    exp: nowSeconds + 3600,
    jti: randomUUID(),
  };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

/** The key and its private key, read once; a key that cannot be read is a SourceError. */
export function loadServiceAccount(json: string): { key: ParsedServiceAccountKey; privateKey: KeyObject } {
  const key = parseServiceAccountKey(json);
  try {
    return { key, privateKey: createPrivateKey(key.private_key) };
  } catch {
    throw new SourceError(
      `The private key in the service account key of ${key.client_email} cannot be read. Create a new JSON key for the service account and upload it.`,
    );
  }
}

/** Google's token endpoint errors, in words that say what to fix. */
export function tokenProblem(
  sa: ParsedServiceAccountKey,
  adminEmail: string,
  status: number,
  json: { error?: unknown; error_description?: unknown },
): string {
  const error = typeof json.error === 'string' ? json.error : `HTTP ${status}`;
  const description = typeof json.error_description === 'string' ? json.error_description.slice(0, 300) : '';
  const said = description ? ` (Google said: ${error}: ${description})` : ` (${error})`;
  if (error === 'unauthorized_client') {
    return `Google refused the token: domain-wide delegation is not set up for this client id${sa.client_id ? ` (${sa.client_id})` : ''} with these scopes. In the Admin console, under Security → Access and data control → API controls → Manage domain-wide delegation, add the client id with the scopes ${GOOGLE_SCOPES.join(',')}${said}.`;
  }
  if (error === 'invalid_client') {
    return `Google does not accept the service account ${sa.client_email} or its key: the key may have been deleted or disabled, or the service account removed. Create a new JSON key and upload it${said}.`;
  }
  if (error === 'invalid_grant' && /signature/i.test(description)) {
    return `Google refused the signature of the service account ${sa.client_email}: the key is not (or no longer) one of its keys. Create a new JSON key and upload it${said}.`;
  }
  if (error === 'invalid_grant') {
    return `Google refused to let ${sa.client_email} act as ${adminEmail}: check that the administrator email is an existing user of the Workspace account, and that this server's clock is right${said}.`;
  }
  return `Google refused the token request of ${sa.client_email}${said}.`;
}
