/**
 * The settings every OpenID Connect kind shares (generic OIDC, Microsoft, Google): how they are
 * stored, checked, shown and audited. A kind built with `oidcKind` only says where its issuer
 * comes from and what its form adds; the client secret is required when a provider is added, kept
 * when the edit form leaves it empty, and never leaves this module.
 *
 *   export const googleKind = oidcKind({ name: 'google', label: 'Google', issuer: () => …, … });
 */
import type { JSX } from 'preact';
import {
  readConfig,
  validated,
  type FieldErrors,
  type FormReader,
  type KindFormProps,
  type KindValues,
  type ProviderEndpoints,
  type ProviderKind,
} from '../provider-kind.js';

/** What an OpenID Connect provider's `config` column holds (besides `allowedDomains`). */
export interface OidcProviderConfig {
  /** Microsoft only: the directory (tenant) id the issuer is built from. */
  tenant: string;
  issuer: string;
  clientId: string;
  /** Never presented, logged or audited. */
  clientSecret: string;
  /** Space-separated; always includes `openid`. */
  scopes: string;
  /** The ID token claim that holds the provider's immutable id for the user (`oid`, `sub`). */
  externalIdClaim: string;
  /** The ID token claim that holds the username (`preferred_username`, `email`). */
  usernameClaim: string;
  /** Drop "@domain" from the username claim (alice@example.org → alice). */
  stripDomain: boolean;
}

export function decodeOidcConfig(json: string): OidcProviderConfig {
  const config = readConfig(json);
  return {
    tenant: config.text('tenant'),
    issuer: config.text('issuer'),
    clientId: config.text('clientId'),
    clientSecret: config.text('clientSecret'),
    scopes: config.text('scopes'),
    externalIdClaim: config.text('externalIdClaim'),
    usernameClaim: config.text('usernameClaim'),
    stripDomain: config.flag('stripDomain'),
  };
}

const CLAIM = /^[A-Za-z0-9_.:/-]{1,100}$/;
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]{1,100}$/;

export const OIDC_LABELS = {
  clientId: 'Client ID',
  clientSecret: 'Client secret',
  scopes: 'Scopes',
  externalIdClaim: 'Immutable id claim',
  usernameClaim: 'Username claim',
  stripDomain: 'Remove "@domain" from the username',
} as const;

/** The form fields of every OIDC kind, before the kind's own (tenant, issuer). */
const OIDC_DEFAULTS: KindValues = {
  clientId: '',
  clientSecret: '',
  scopes: 'openid profile email',
  externalIdClaim: 'sub',
  usernameClaim: 'preferred_username',
  stripDomain: false,
};

/** The client fields every OIDC kind checks the same way, after its issuer. */
function validateClient(
  values: FormReader,
  where: { issuer: string; tenant: string },
  previous: OidcProviderConfig | undefined,
  fields: FieldErrors,
): OidcProviderConfig {
  const { issuer, tenant } = where;
  const clientId = values.text('clientId').trim();
  if (clientId === '')
    fields.clientId = 'Enter the client ID (application ID) the provider gave this application.';
  else if (clientId.length > 255 || !/^[\x21-\x7E]+$/.test(clientId))
    fields.clientId = 'The client ID is at most 255 printable characters without spaces.';
  // Empty on edit keeps the stored secret: the form never shows it, so it cannot send it back.
  const typedSecret = values.text('clientSecret');
  let clientSecret = previous?.clientSecret ?? '';
  if (typedSecret !== '') {
    if (typedSecret.length > 1024 || /[\p{Cc}]/u.test(typedSecret))
      fields.clientSecret = 'The client secret is at most 1024 characters, on one line.';
    else clientSecret = typedSecret;
  } else if (!clientSecret)
    fields.clientSecret = 'Enter the client secret the provider gave this application.';
  else if (
    previous &&
    (previous.issuer !== issuer || previous.tenant !== tenant || previous.clientId !== clientId)
  ) {
    // The stored secret is only ever sent to the provider it was typed for: a changed issuer
    // could otherwise be an attacker's token endpoint collecting it.
    fields.clientSecret = 'Enter the client secret again: the issuer changed.';
  }

  const scopeList = values.text('scopes').trim().split(/\s+/).filter(Boolean);
  const badScope = scopeList.find((scope) => !SCOPE_TOKEN.test(scope));
  if (badScope !== undefined) fields.scopes = `"${badScope.slice(0, 40)}" is not a valid scope.`;
  else if (!scopeList.includes('openid'))
    fields.scopes = 'The scopes must include openid (for example: openid profile email).';
  const externalIdClaim = values.text('externalIdClaim').trim();
  if (!CLAIM.test(externalIdClaim))
    fields.externalIdClaim =
      'Enter the ID token claim that holds the immutable user id, such as oid (Microsoft) or sub.';
  const usernameClaim = values.text('usernameClaim').trim();
  if (!CLAIM.test(usernameClaim))
    fields.usernameClaim =
      'Enter the ID token claim that holds the username, such as preferred_username or email.';
  return {
    tenant,
    issuer,
    clientId,
    clientSecret,
    scopes: [...new Set(scopeList)].join(' '),
    externalIdClaim,
    usernameClaim,
    stripDomain: values.flag('stripDomain'),
  };
}

/** What makes one OIDC kind differ from another. */
export interface OidcKindSpec {
  name: string;
  label: string;
  hostedDomains?: { readonly whyDomains: string };
  /** The kind's own fields and the defaults it changes (slug, displayName, claims…). */
  defaults: KindValues;
  /** The kind's own text fields (tenant, issuer), checked by `issuer`. */
  ownFields: readonly string[];
  labels: Readonly<Record<string, string>>;
  domainsHint: string;
  /** The issuer (and Microsoft's tenant) from the form, with an error per own field. */
  issuer(values: FormReader, fields: FieldErrors): { issuer: string; tenant: string };
  /** The own fields of an edit form, from the stored config. */
  ownValues(config: OidcProviderConfig): KindValues;
  Form(props: KindFormProps): JSX.Element;
  Registration(props: { endpoints: ProviderEndpoints }): JSX.Element;
}

export function oidcKind(spec: OidcKindSpec): ProviderKind<OidcProviderConfig> {
  return {
    name: spec.name,
    label: spec.label,
    protocol: 'oidc',
    ...(spec.hostedDomains ? { hostedDomains: spec.hostedDomains } : {}),
    defaults: { ...OIDC_DEFAULTS, ...spec.defaults },
    textFields: [...spec.ownFields, 'clientId', 'clientSecret', 'scopes', 'externalIdClaim', 'usernameClaim'],
    checkboxFields: ['stripDomain'],
    secretFields: ['clientSecret'],
    labels: { ...spec.labels, ...OIDC_LABELS },
    domainsHint: spec.domainsHint,
    decode: decodeOidcConfig,
    validate(values, previous) {
      const fields: FieldErrors = {};
      const where = spec.issuer(values, fields);
      return validated(validateClient(values, where, previous, fields), fields);
    },
    formValues: (config) => ({
      ...spec.ownValues(config),
      clientId: config.clientId,
      clientSecret: '',
      scopes: config.scopes,
      externalIdClaim: config.externalIdClaim,
      usernameClaim: config.usernameClaim,
      stripDomain: config.stripDomain,
    }),
    summary: (config) => ({
      issuer: config.issuer,
      clientId: config.clientId,
      hasClientSecret: Boolean(config.clientSecret),
    }),
    auditable: (config) => ({
      issuer: config.issuer,
      clientId: config.clientId,
      scopes: config.scopes,
      externalIdClaim: config.externalIdClaim,
      usernameClaim: config.usernameClaim,
    }),
    auditChange: (previous, next) => ({ clientSecretChanged: previous.clientSecret !== next.clientSecret }),
    Form: spec.Form,
    Registration: spec.Registration,
  };
}

/** The hint under "Allowed email domains" for an OIDC kind, with what the kind adds. */
export const oidcDomainsHint = (extra = '') =>
  `One per line or comma separated, such as example.org. Needed to create users on demand: only identities whose email address is in one of these domains (and verified by the provider) are created.${extra}`;
