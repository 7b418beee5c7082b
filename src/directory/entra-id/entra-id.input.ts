/**
 * What an administrator types for a Microsoft Entra ID source (web form, CLI), checked field by
 * field into the configuration stored for it, and what the audit log may say about it.
 *
 *   const config = entraConfigFrom(input, existing); // ValidationError naming each bad field
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { ValidationError } from '../../errors.js';
import { DOMAIN, integerIn, serviceUrlProblem } from '../field-checks.js';
import {
  ENTRA_DEFAULTS,
  ENTRA_USERNAME_FROM,
  entraConfig,
  type EntraSourceConfig,
  type EntraUsernameFrom,
} from './graph.config.js';

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

/** An Entra configuration as a page may show it: no client secret, no private key (the certificate is public). */
export type PresentedEntraConfig = Omit<EntraSourceConfig, 'clientSecret' | 'privateKeyPem'> & {
  hasClientSecret: boolean;
  hasPrivateKey: boolean;
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

type EntraCredential = Pick<EntraSourceConfig, 'clientSecret' | 'certificatePem' | 'privateKeyPem'>;

/**
 * The one credential the form leaves the source with, adding a problem to `fields` for each bad
 * field; also the secret and key as typed (empty when kept).
 */
function credentialFrom(
  input: EntraSourceInput,
  existing: EntraSourceConfig | undefined,
  fields: Record<string, string>,
) {
  // Exactly one credential. Empty fields keep what is stored; a typed secret replaces a stored certificate.
  const secret = input.clientSecret.trim();
  const pastedCertificate = input.certificatePem.replace(/\r\n/g, '\n').trim();
  // The certificate is shown back (edit form, source list --json, REST API): a private key pasted
  // with it would be shown too. Refused, and only the CERTIFICATE blocks are ever stored.
  if (pastedCertificate.includes('PRIVATE KEY'))
    fields.certificatePem = 'Paste only the certificate here; the private key goes in its own field.';
  const certificatePem = certificateBlocks(pastedCertificate) || pastedCertificate;
  const typedKey = input.privateKeyPem.replace(/\r\n/g, '\n').trim();
  let credential: EntraCredential = {
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
    const cert = certificatePem || existing?.certificatePem || '';
    const key = typedKey || existing?.privateKeyPem || '';
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
  } else if (existing?.clientSecret || existing?.privateKeyPem) {
    credential = {
      clientSecret: existing.clientSecret,
      certificatePem: existing.certificatePem,
      privateKeyPem: existing.privateKeyPem,
    };
  } else {
    fields.clientSecret = 'Enter a client secret, or a certificate and its private key.';
  }
  return { credential, secret, typedKey };
}

/**
 * Why a kept credential may not follow an edit: the tenant, the sign-in URL or the Graph URL
 * changed (null when none did).
 */
function credentialMoved(
  existing: EntraSourceConfig,
  typed: { tenantId: string; graphUrl: string; loginUrl: string },
): string | null {
  const before = entraConfig(existing);
  const signInMoved =
    typed.tenantId.toLowerCase() !== before.tenantId.toLowerCase() ||
    (typed.loginUrl.replace(/\/+$/, '') || ENTRA_DEFAULTS.loginUrl) !== before.loginUrl;
  const graphMoved = (typed.graphUrl.replace(/\/+$/, '') || ENTRA_DEFAULTS.graphUrl) !== before.graphUrl;
  if (signInMoved) return 'the tenant or sign-in URL changed';
  return graphMoved ? 'the Graph URL changed' : null;
}

/**
 * A kept secret or key goes only where it went before: whoever can edit a source must not
 * redirect the stored credential (or a client assertion signed with it) to an endpoint of theirs.
 */
function askCredentialAgain(
  reason: string,
  typed: { secret: string; typedKey: string; credential: EntraCredential },
  fields: Record<string, string>,
): void {
  if (!typed.secret && typed.credential.clientSecret && !fields.clientSecret)
    fields.clientSecret = `Enter the client secret again: ${reason}.`;
  if (!typed.typedKey && typed.credential.privateKeyPem && !fields.privateKeyPem)
    fields.privateKeyPem = `Enter the private key again: ${reason}.`;
}

/** The validated Entra configuration, or a ValidationError naming each bad field. */
export function entraConfigFrom(input: EntraSourceInput, existing?: EntraSourceConfig): EntraSourceConfig {
  const fields: Record<string, string> = {};
  const tenantId = input.tenantId.trim();
  if (!GUID.test(tenantId) && !DOMAIN.test(tenantId))
    fields.tenantId =
      'Enter the directory (tenant) id, a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47, or a domain such as contoso.onmicrosoft.com.';
  const clientId = input.clientId.trim();
  if (!GUID.test(clientId))
    fields.clientId =
      'Enter the application (client) id of the app registration, a GUID such as 1b2c3d4e-0000-4000-8000-123456789abc.';
  const { credential, secret, typedKey } = credentialFrom(input, existing, fields);
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
  if (existing) {
    const moved = credentialMoved(existing, { tenantId, graphUrl, loginUrl });
    if (moved) askCredentialAgain(moved, { secret, typedKey, credential }, fields);
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return entraConfig({
    tenantId,
    clientId,
    ...credential,
    usernameFrom: usernameFrom as EntraUsernameFrom,
    importGroups: input.importGroups,
    pageSize: input.pageSize,
    timeoutMs: input.timeoutMs,
    graphUrl: graphUrl.replace(/\/+$/, ''),
    loginUrl: loginUrl.replace(/\/+$/, ''),
  });
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
