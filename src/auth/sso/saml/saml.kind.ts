/**
 * SAML 2.0 identity providers (AD FS, Shibboleth, any IdP that speaks only SAML): the IdP's entity
 * id, single sign-on URL and signing certificates, and which attributes hold the user's names.
 * Certificates are checked when saved (readable, unexpired) so a bad paste shows on the form, not
 * at the next sign-in.
 */
import { X509Certificate } from 'node:crypto';
import { readConfig, urlProblem, validated, type FieldErrors, type ProviderKind } from '../provider-kind.js';
import type { SamlProviderConfig } from './saml.config.js';
import { SAML_LABELS, SamlForm, SamlRegistration } from './saml.form.js';

/** Splits pasted PEM text into certificate blocks. */
export function pemBlocks(text: string): string[] {
  return [...text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)].map((m) =>
    m[0].replace(/\r\n/g, '\n'),
  );
}

export function decodeSamlConfig(json: string): SamlProviderConfig {
  const config = readConfig(json);
  return {
    idpEntityId: config.text('idpEntityId'),
    idpSsoUrl: config.text('idpSsoUrl'),
    idpCertificates: config.texts('idpCertificates'),
    usernameAttribute: config.text('usernameAttribute'),
    externalIdAttribute: config.text('externalIdAttribute'),
    emailAttribute: config.text('emailAttribute'),
    fullNameAttribute: config.text('fullNameAttribute'),
    clockSkewSeconds: config.number('clockSkewSeconds', 60),
  };
}

/** Why the pasted certificates are refused, or null. */
function certificatesProblem(blocks: string[], now: Date): string | null {
  if (blocks.length === 0)
    return 'Paste the identity provider’s signing certificate (PEM, beginning with -----BEGIN CERTIFICATE-----).';
  for (const [index, pem] of blocks.entries()) {
    let validTo: Date;
    try {
      validTo = new Date(new X509Certificate(pem).validTo);
    } catch {
      return `Certificate ${index + 1} could not be read. Paste it again, whole, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.`;
    }
    if (validTo.getTime() < now.getTime())
      return `Certificate ${index + 1} expired on ${validTo.toISOString().slice(0, 10)}. Paste the provider’s current signing certificate.`;
  }
  return null;
}

const ATTRIBUTES = [
  ['usernameAttribute', 'username'],
  ['externalIdAttribute', 'immutable id'],
  ['emailAttribute', 'email address'],
  ['fullNameAttribute', 'full name'],
] as const;

export const samlKind: ProviderKind<SamlProviderConfig> = {
  name: 'saml',
  label: 'SAML 2.0',
  protocol: 'saml',
  defaults: {
    idpEntityId: '',
    idpSsoUrl: '',
    idpCertificates: '',
    usernameAttribute: '',
    externalIdAttribute: '',
    emailAttribute: 'email',
    fullNameAttribute: 'displayName',
    clockSkewSeconds: '60',
  },
  textFields: [
    'idpEntityId',
    'idpSsoUrl',
    'idpCertificates',
    ...ATTRIBUTES.map(([name]) => name),
    'clockSkewSeconds',
  ],
  checkboxFields: [],
  secretFields: [],
  labels: SAML_LABELS,
  domainsHint:
    'One per line or comma separated, such as example.org. Needed to create users on demand: only identities whose email address is in one of these domains are created.',
  decode: decodeSamlConfig,

  validate(values, _previous, { clock }) {
    const fields: FieldErrors = {};
    const idpEntityId = values.text('idpEntityId').trim();
    if (idpEntityId === '')
      fields.idpEntityId =
        'Enter the identity provider’s entity ID (the Issuer of its responses), from its metadata.';
    else if (idpEntityId.length > 1024 || !/^[\x21-\x7E]+$/.test(idpEntityId))
      fields.idpEntityId = 'The entity ID is at most 1024 printable characters without spaces.';
    const idpSsoUrl = values.text('idpSsoUrl').trim();
    const urlIssue = urlProblem(idpSsoUrl, 'single sign-on URL');
    if (urlIssue) fields.idpSsoUrl = urlIssue;
    const blocks = pemBlocks(values.text('idpCertificates'));
    const certificateIssue = certificatesProblem(blocks, clock.now());
    if (certificateIssue) fields.idpCertificates = certificateIssue;
    const attributes = new Map<string, string>();
    for (const [name, label] of ATTRIBUTES) {
      const value = values.text(name).trim();
      if (value.length > 200 || /[\p{Cc}]/u.test(value))
        fields[name] = `The ${label} attribute is at most 200 characters, on one line.`;
      attributes.set(name, value);
    }
    const skew = values.text('clockSkewSeconds').trim() || '60';
    const clockSkewSeconds = /^[0-9]{1,3}$/.test(skew) ? Number(skew) : NaN;
    if (!(clockSkewSeconds >= 0 && clockSkewSeconds <= 300))
      fields.clockSkewSeconds = 'Enter a number of seconds from 0 to 300 (60 is usual).';
    return validated(
      {
        idpEntityId,
        idpSsoUrl,
        idpCertificates: blocks,
        usernameAttribute: attributes.get('usernameAttribute') ?? '',
        externalIdAttribute: attributes.get('externalIdAttribute') ?? '',
        emailAttribute: attributes.get('emailAttribute') ?? '',
        fullNameAttribute: attributes.get('fullNameAttribute') ?? '',
        clockSkewSeconds,
      },
      fields,
    );
  },

  formValues: (config) => ({
    idpEntityId: config.idpEntityId,
    idpSsoUrl: config.idpSsoUrl,
    idpCertificates: config.idpCertificates.join('\n'),
    usernameAttribute: config.usernameAttribute,
    externalIdAttribute: config.externalIdAttribute,
    emailAttribute: config.emailAttribute,
    fullNameAttribute: config.fullNameAttribute,
    clockSkewSeconds: String(config.clockSkewSeconds),
  }),
  summary: (config) => ({ issuer: config.idpEntityId, clientId: '', hasClientSecret: false }),
  auditable: (config) => ({
    issuer: config.idpEntityId,
    idpSsoUrl: config.idpSsoUrl,
    certificates: config.idpCertificates.length,
  }),
  auditChange: () => ({}),
  Form: SamlForm,
  Registration: SamlRegistration,
};
