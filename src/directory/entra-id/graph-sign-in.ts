/**
 * How Quire signs in to Microsoft Entra ID as the source's app registration: the client assertion
 * a certificate signs, and what Entra's sign-in error codes mean for the administrator.
 *
 *   form.set('client_assertion', clientAssertion(config, tokenUrl));
 *   throw new SourceError(`… refused Quire's sign-in: ${signInProblem(status, body)}.`);
 */
import { createHash, createPrivateKey, randomUUID, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { SourceError } from '../../errors.js';
import type { EntraSourceConfig } from './graph.config.js';

/** Client assertions live 5 minutes (Entra accepts at most 10). */
const ASSERTION_LIFETIME_S = 300;

/** What each Entra ID sign-in error code means for the administrator who configured the source. */
const AADSTS_MESSAGES = new Map<number, string>([
  [
    7000215,
    'the client secret is wrong or expired. Create a new client secret under the app registration’s Certificates & secrets and enter its Value (not its Secret ID)',
  ],
  [
    7000222,
    'the client secret has expired. Create a new client secret under the app registration’s Certificates & secrets',
  ],
  [
    700016,
    'no application with this client id exists in the tenant. Check the Application (client) ID and the Directory (tenant) ID',
  ],
  [
    90002,
    'the tenant was not found. Check the Directory (tenant) ID, or use the tenant’s verified domain such as contoso.onmicrosoft.com',
  ],
  [
    900023,
    'the tenant id is not valid. Use the Directory (tenant) ID (a GUID) or a verified domain such as contoso.onmicrosoft.com',
  ],
  [
    700027,
    'the certificate signature was refused: the certificate is not uploaded to the app registration, or the private key does not belong to it',
  ],
  [700024, 'the client assertion is not within its valid time range: check this server’s clock'],
  [7000112, 'the application is disabled in the tenant'],
  [
    7000216,
    'neither a client secret nor a certificate was accepted: enter a client secret, or a certificate and its private key',
  ],
  [
    500011,
    'Microsoft Graph is not known in this tenant: check the Graph URL for your cloud (https://graph.microsoft.com for the global cloud)',
  ],
  [50126, 'the credentials were refused'],
  [90014, 'a required field is missing from the token request'],
]);

export function clientAssertion(config: EntraSourceConfig, tokenUrl: string): string {
  let certificate: X509Certificate;
  let key: KeyObject;
  try {
    certificate = new X509Certificate(config.certificatePem);
  } catch {
    throw new SourceError(
      'The certificate of the Entra ID source is not a PEM certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----).',
    );
  }
  try {
    key = createPrivateKey(config.privateKeyPem);
  } catch {
    // The parser's message could quote the key: say only what is wrong.
    throw new SourceError(
      'The private key of the Entra ID source is not a PEM private key (-----BEGIN PRIVATE KEY----- …), or it is encrypted.',
    );
  }
  if (!certificate.checkPrivateKey(key))
    throw new SourceError('The private key of the Entra ID source does not belong to its certificate.');
  const now = Math.floor(Date.now() / 1000);
  const header = {
    alg: 'RS256',
    typ: 'JWT',
    x5t: createHash('sha1').update(certificate.raw).digest('base64url'),
  };
  const claims = {
    aud: tokenUrl,
    iss: config.clientId,
    sub: config.clientId,
    jti: randomUUID(),
    nbf: now,
    iat: now,
    exp: now + ASSERTION_LIFETIME_S,
  };
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

export function signInProblem(status: number, body: Record<string, unknown> | null): string {
  if (!body) return `the token endpoint answered HTTP ${status} without an OAuth error`;
  const description = typeof body.error_description === 'string' ? body.error_description : '';
  const codes = Array.isArray(body.error_codes) ? body.error_codes.map(Number) : [];
  const code = codes[0] ?? Number(/AADSTS(\d+)/.exec(description)?.[1] ?? Number.NaN);
  const known = AADSTS_MESSAGES.get(code);
  if (known) return `${known} (AADSTS${code})`;
  // Entra's description ends with trace and correlation ids: keep the first sentence.
  const first = description
    .split(/\r?\n/)[0]!
    .replace(/\s*Trace ID:.*$/i, '')
    .slice(0, 300);
  if (body.error === 'invalid_client')
    return `the client credentials were refused (${first || 'invalid_client'}). Check the client secret or certificate`;
  return `${String(body.error ?? `HTTP ${status}`)}${first ? `: ${first}` : ''}`;
}
