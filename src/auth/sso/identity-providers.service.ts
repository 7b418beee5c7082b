/**
 * Single sign-on providers: "Sign in with Microsoft", "Sign in with Google", any OpenID Connect
 * provider, and SAML 2.0 identity providers' settings. Each field is validated on its own, so the
 * Admin Console form can show every problem beside its field. An OIDC client secret is required
 * when a provider is added, kept when the edit form leaves it empty, and never leaves this module:
 * presented providers, form values and audit records only say whether one is set.
 *
 *   const form = providerDefaults('microsoft');               // Microsoft's issuer pattern, claims, scopes
 *   const row = await providers.create({ ...form, tenant: '…', clientId: '…', clientSecret: '…' }, actor);
 *   const shown = await providers.listForArea('user');        // the sign-in page's "Sign in with …" links
 */
import { X509Certificate } from 'node:crypto';
import { isLoopbackHost } from '../../hosts.js';
import type { AuditService } from '../../audit/audit.service.js';
import type { IdentityProviderRow, SourceRow } from '../../db/schema.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { Clock } from '../../ports.js';
import type { Actor } from '../../users/users.service.js';
import type { IdentityProvidersRepository } from './identity-providers.repository.js';
import type { SamlProviderConfig } from './saml.js';

export const PRESETS = ['microsoft', 'google', 'oidc', 'saml'] as const;
export type ProviderPreset = (typeof PRESETS)[number];
export const PRESET_LABELS: Record<ProviderPreset, string> = {
  microsoft: 'Microsoft',
  google: 'Google',
  oidc: 'OpenID Connect',
  saml: 'SAML 2.0',
};

/** What an OpenID Connect provider's `config` column holds. */
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
  /** Lower-case email domains an identity must belong to before a user is created on demand (absent in rows saved before it existed). */
  allowedDomains?: string[];
}

/** What a SAML provider's `config` column holds: the protocol settings plus Quire's own. */
export type StoredSamlConfig = SamlProviderConfig & { allowedDomains?: string[] };

/** Everything the add/edit form holds, as typed. */
export interface IdentityProviderInput {
  preset: ProviderPreset;
  slug: string;
  displayName: string;
  /** A source id, or '' for none. */
  sourceId: string;
  matchBy: string;
  createOnDemand: boolean;
  enabled: boolean;
  onUserPage: boolean;
  onAdminPage: boolean;
  // OpenID Connect
  tenant: string;
  issuer: string;
  clientId: string;
  /** '' on edit keeps the stored secret. */
  clientSecret: string;
  scopes: string;
  externalIdClaim: string;
  usernameClaim: string;
  stripDomain: boolean;
  /** Email domains for on-demand creation (and Google's `hd`), one per line or comma separated. */
  allowedDomains: string;
  // SAML 2.0
  idpEntityId: string;
  idpSsoUrl: string;
  /** PEM blocks, one after another. */
  idpCertificates: string;
  usernameAttribute: string;
  externalIdAttribute: string;
  emailAttribute: string;
  fullNameAttribute: string;
  clockSkewSeconds: string;
}

/** A provider as pages show it: never the client secret. */
export interface PresentedIdentityProvider {
  id: number;
  slug: string;
  displayName: string;
  protocol: 'oidc' | 'saml';
  preset: ProviderPreset;
  presetLabel: string;
  /** OIDC issuer or SAML IdP entity id. */
  issuer: string;
  clientId: string;
  hasClientSecret: boolean;
  sourceId: number | null;
  sourceName: string | null;
  matchBy: 'external-id' | 'username';
  createOnDemand: boolean;
  enabled: boolean;
  onUserPage: boolean;
  onAdminPage: boolean;
  /** What the administrator registers at the provider. */
  endpoints: ProviderEndpoints;
}

export interface ProviderEndpoints {
  /** OIDC: the redirect URI. */
  redirectUri: string;
  /** SAML: the SP entity id (and metadata URL) and the Assertion Consumer Service URL. */
  samlMetadataUrl: string;
  samlAcsUrl: string;
}

/** A "Sign in with …" link of a sign-in page. */
export interface SignInOption {
  slug: string;
  displayName: string;
  protocol: 'oidc' | 'saml';
}

export const MICROSOFT_ISSUER = (tenant: string) => `https://login.microsoftonline.com/${tenant}/v2.0`;
export const GOOGLE_ISSUER = 'https://accounts.google.com';
/** Microsoft's multi-tenant issuers have a `{tenantid}` placeholder no ID token matches. */
const MULTI_TENANT = new Set(['common', 'organizations', 'consumers']);

const EMPTY: IdentityProviderInput = {
  preset: 'oidc',
  slug: '',
  displayName: '',
  sourceId: '',
  matchBy: 'username',
  createOnDemand: false,
  enabled: true,
  onUserPage: true,
  onAdminPage: false,
  tenant: '',
  issuer: '',
  clientId: '',
  clientSecret: '',
  scopes: 'openid profile email',
  externalIdClaim: 'sub',
  usernameClaim: 'preferred_username',
  stripDomain: false,
  allowedDomains: '',
  idpEntityId: '',
  idpSsoUrl: '',
  idpCertificates: '',
  usernameAttribute: '',
  externalIdAttribute: '',
  emailAttribute: 'email',
  fullNameAttribute: 'displayName',
  clockSkewSeconds: '60',
};

/** The add form of a preset, filled with the provider's usual settings. */
export function providerDefaults(preset: ProviderPreset): IdentityProviderInput {
  switch (preset) {
    case 'microsoft':
      return {
        ...EMPTY,
        preset,
        slug: 'microsoft',
        displayName: 'Microsoft',
        externalIdClaim: 'oid',
        usernameClaim: 'preferred_username',
        stripDomain: true,
      };
    case 'google':
      return {
        ...EMPTY,
        preset,
        slug: 'google',
        displayName: 'Google',
        issuer: GOOGLE_ISSUER,
        externalIdClaim: 'sub',
        usernameClaim: 'email',
        stripDomain: true,
      };
    case 'saml':
      return { ...EMPTY, preset, scopes: '', externalIdClaim: '', usernameClaim: '' };
    default:
      return { ...EMPTY, preset };
  }
}

export function isPreset(value: string): value is ProviderPreset {
  return (PRESETS as readonly string[]).includes(value);
}

export function providerEndpoints(publicUrl: string, slug: string): ProviderEndpoints {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    redirectUri: `${base}/auth/oidc/${slug}/callback`,
    samlMetadataUrl: `${base}/auth/saml/${slug}/metadata`,
    samlAcsUrl: `${base}/auth/saml/${slug}/acs`,
  };
}

export function parseOidcConfig(row: IdentityProviderRow): OidcProviderConfig {
  return JSON.parse(row.config) as OidcProviderConfig;
}

export function parseSamlConfig(row: IdentityProviderRow): StoredSamlConfig {
  return JSON.parse(row.config) as StoredSamlConfig;
}

/** The provider's allowed email domains, lower-case ([] when none are set). */
export function allowedDomainsOf(row: IdentityProviderRow): string[] {
  const config = JSON.parse(row.config) as { allowedDomains?: unknown };
  return Array.isArray(config.allowedDomains)
    ? config.allowedDomains.filter((d): d is string => typeof d === 'string')
    : [];
}

/** True when `email` is an address in one of `domains` (compared case-insensitively). */
export function emailInDomains(email: string, domains: readonly string[]): boolean {
  const at = email.lastIndexOf('@');
  return at > 0 && domains.includes(email.slice(at + 1).toLowerCase());
}

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;
/** Entra's Directory (tenant) ID: the issuer in its discovery document always uses this GUID, never a domain. */
const TENANT_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why a provider URL is refused, or null. */
function urlProblem(raw: string, what: string): string | null {
  if (raw === '') return `Enter the ${what}.`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `The ${what} must be a full address such as https://idp.example.org/.`;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname)))
    return `The ${what} must start with https:// (plain http:// only for this machine).`;
  if (url.username || url.password) return `The ${what} may not contain a user name or password.`;
  if (url.hash) return `The ${what} may not contain a # fragment.`;
  return null;
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;
const CLAIM = /^[A-Za-z0-9_.:/-]{1,100}$/;
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]{1,100}$/;
const ONE_LINE = /^[^\p{Cc}]*$/u;

/** Splits pasted PEM text into certificate blocks. */
export function pemBlocks(text: string): string[] {
  return [...text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)].map((m) =>
    m[0].replace(/\r\n/g, '\n'),
  );
}

export interface IdentityProvidersServiceDeps {
  repository: IdentityProvidersRepository;
  sources: { findById(id: number): Promise<SourceRow | undefined>; names(): Promise<Map<number, string>> };
  audit: AuditService;
  clock: Clock;
  publicUrl: string;
}

export function createIdentityProvidersService(deps: IdentityProvidersServiceDeps) {
  const { repository, sources, audit, clock, publicUrl } = deps;

  async function mustFind(id: number): Promise<IdentityProviderRow> {
    const row = await repository.findById(id);
    if (!row) throw new NotFoundError('There is no such single sign-on provider. It may have been removed.');
    return row;
  }

  function present(row: IdentityProviderRow, names: Map<number, string>): PresentedIdentityProvider {
    const oidc = row.protocol === 'oidc' ? parseOidcConfig(row) : null;
    const saml = row.protocol === 'saml' ? parseSamlConfig(row) : null;
    return {
      id: row.id,
      slug: row.slug,
      displayName: row.display_name,
      protocol: row.protocol,
      preset: row.preset,
      presetLabel: PRESET_LABELS[row.preset],
      issuer: oidc?.issuer ?? saml?.idpEntityId ?? '',
      clientId: oidc?.clientId ?? '',
      hasClientSecret: Boolean(oidc?.clientSecret),
      sourceId: row.source_id,
      sourceName: row.source_id === null ? null : (names.get(row.source_id) ?? null),
      matchBy: row.match_by,
      createOnDemand: row.create_on_demand === 1,
      enabled: row.enabled === 1,
      onUserPage: row.on_user_page === 1,
      onAdminPage: row.on_admin_page === 1,
      endpoints: providerEndpoints(publicUrl, row.slug),
    };
  }

  /**
   * Checks every field and returns the row to store, or throws ValidationError with a message per
   * field. `existing` is the stored provider when editing (its secret is kept when none is typed).
   */
  async function validate(input: IdentityProviderInput, existing?: IdentityProviderRow) {
    const fields: Record<string, string> = {};
    const preset = input.preset;
    if (!isPreset(preset))
      throw new ValidationError({ preset: 'Choose Microsoft, Google, OpenID Connect or SAML 2.0.' });
    if (existing && existing.preset !== preset)
      fields.preset = 'The kind of a provider cannot change. Remove it and add another.';

    const slug = input.slug.trim().toLowerCase();
    if (!SLUG.test(slug))
      fields.slug =
        'Use 1–32 lower-case letters, digits and hyphens, such as "microsoft" (it becomes part of the redirect URI).';
    else {
      const other = await repository.findBySlug(slug);
      if (other && other.id !== existing?.id)
        fields.slug = `Another provider already uses "${slug}". Choose another short name.`;
    }
    const displayName = input.displayName.trim();
    if (displayName === '') fields.displayName = 'Enter the name users see, as in "Sign in with Microsoft".';
    else if ([...displayName].length > 64) fields.displayName = 'The name is at most 64 characters.';
    else if (!ONE_LINE.test(displayName)) fields.displayName = 'The name must be on one line.';

    let sourceId: number | null = null;
    if (input.sourceId.trim() !== '') {
      const id = /^[1-9][0-9]{0,8}$/.test(input.sourceId.trim()) ? Number(input.sourceId.trim()) : NaN;
      if (Number.isNaN(id) || !(await sources.findById(id)))
        fields.sourceId = 'Choose one of the directory sources listed, or none.';
      else sourceId = id;
    }
    const matchBy: 'external-id' | 'username' | null =
      input.matchBy === 'external-id' || input.matchBy === 'username' ? input.matchBy : null;
    if (!matchBy) fields.matchBy = 'Choose how a signed-in identity is matched to a user.';
    else if (matchBy === 'external-id' && sourceId === null && !fields.sourceId)
      fields.matchBy =
        'Matching by immutable id needs the directory source whose users this provider signs in.';
    if (input.createOnDemand && sourceId === null && !fields.sourceId)
      fields.createOnDemand = 'Creating users on demand needs the directory source to create them in.';

    // Google (and any multi-organisation issuer) vouches for every account it has: the domains say
    // which of them are this organisation's.
    const allowedDomains = [
      ...new Set(
        input.allowedDomains
          .split(/[\s,]+/)
          .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
          .filter(Boolean),
      ),
    ];
    const badDomain = allowedDomains.find((d) => !DOMAIN.test(d));
    if (badDomain !== undefined)
      fields.allowedDomains = `"${badDomain.slice(0, 60)}" is not a domain name; enter domains such as example.org, one per line.`;
    else if (input.createOnDemand && allowedDomains.length === 0)
      fields.allowedDomains =
        'Creating users on demand needs the email domains whose users may be created, such as example.org.';
    else if (preset === 'google' && matchBy === 'username' && allowedDomains.length === 0)
      fields.allowedDomains =
        'Matching Google accounts by username needs your Google Workspace domains, such as example.org: any Google account could otherwise sign in as one of your users.';

    let config: OidcProviderConfig | StoredSamlConfig;
    if (preset === 'saml') {
      config = { ...validateSaml(input, fields), allowedDomains };
    } else {
      const previous = existing?.protocol === 'oidc' ? parseOidcConfig(existing) : undefined;
      config = { ...validateOidc(input, preset, fields, previous), allowedDomains };
    }
    if (Object.keys(fields).length > 0) throw new ValidationError(fields);
    return {
      slug,
      display_name: displayName,
      protocol: preset === 'saml' ? ('saml' as const) : ('oidc' as const),
      preset,
      config: JSON.stringify(config),
      source_id: sourceId,
      match_by: matchBy!,
      create_on_demand: input.createOnDemand ? (1 as const) : (0 as const),
      enabled: input.enabled ? (1 as const) : (0 as const),
      on_user_page: input.onUserPage ? (1 as const) : (0 as const),
      on_admin_page: input.onAdminPage ? (1 as const) : (0 as const),
    };
  }

  function validateOidc(
    input: IdentityProviderInput,
    preset: Exclude<ProviderPreset, 'saml'>,
    fields: Record<string, string>,
    previous?: OidcProviderConfig,
  ): OidcProviderConfig {
    let tenant = '';
    let issuer: string;
    if (preset === 'microsoft') {
      tenant = input.tenant.trim();
      if (tenant === '')
        fields.tenant =
          'Enter the Directory (tenant) ID shown on the app registration’s Overview page in the Microsoft Entra admin center.';
      else if (MULTI_TENANT.has(tenant.toLowerCase()))
        fields.tenant = `"${tenant}" signs in accounts of any organisation. Enter your own Directory (tenant) ID instead.`;
      else if (!TENANT_GUID.test(tenant)) {
        fields.tenant =
          'Enter the Directory (tenant) ID, a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47, not a domain: Microsoft Entra admin center → Overview (or the app registration’s Overview page) → Directory (tenant) ID.';
      } else tenant = tenant.toLowerCase();
      issuer = MICROSOFT_ISSUER(tenant);
    } else if (preset === 'google') {
      issuer = GOOGLE_ISSUER;
    } else {
      // Kept as typed: the provider's discovery document must name exactly this issuer.
      issuer = input.issuer.trim();
      const problem = urlProblem(issuer, 'issuer URL');
      if (problem) fields.issuer = problem;
      else if (new URL(issuer).search) fields.issuer = 'The issuer URL may not contain a ? query.';
    }
    const clientId = input.clientId.trim();
    if (clientId === '')
      fields.clientId = 'Enter the client ID (application ID) the provider gave this application.';
    else if (clientId.length > 255 || !/^[\x21-\x7E]+$/.test(clientId))
      fields.clientId = 'The client ID is at most 255 printable characters without spaces.';
    // Empty on edit keeps the stored secret: the form never shows it, so it cannot send it back.
    const typedSecret = input.clientSecret;
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

    const scopeList = input.scopes.trim().split(/\s+/).filter(Boolean);
    const badScope = scopeList.find((scope) => !SCOPE_TOKEN.test(scope));
    if (badScope !== undefined) fields.scopes = `"${badScope.slice(0, 40)}" is not a valid scope.`;
    else if (!scopeList.includes('openid'))
      fields.scopes = 'The scopes must include openid (for example: openid profile email).';
    const externalIdClaim = input.externalIdClaim.trim();
    if (!CLAIM.test(externalIdClaim))
      fields.externalIdClaim =
        'Enter the ID token claim that holds the immutable user id, such as oid (Microsoft) or sub.';
    const usernameClaim = input.usernameClaim.trim();
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
      stripDomain: input.stripDomain,
    };
  }

  function validateSaml(input: IdentityProviderInput, fields: Record<string, string>): SamlProviderConfig {
    const idpEntityId = input.idpEntityId.trim();
    if (idpEntityId === '')
      fields.idpEntityId =
        'Enter the identity provider’s entity ID (the Issuer of its responses), from its metadata.';
    else if (idpEntityId.length > 1024 || !/^[\x21-\x7E]+$/.test(idpEntityId))
      fields.idpEntityId = 'The entity ID is at most 1024 printable characters without spaces.';
    const idpSsoUrl = input.idpSsoUrl.trim();
    const urlIssue = urlProblem(idpSsoUrl, 'single sign-on URL');
    if (urlIssue) fields.idpSsoUrl = urlIssue;
    const blocks = pemBlocks(input.idpCertificates);
    if (blocks.length === 0)
      fields.idpCertificates =
        'Paste the identity provider’s signing certificate (PEM, beginning with -----BEGIN CERTIFICATE-----).';
    else {
      for (const [index, pem] of blocks.entries()) {
        try {
          const certificate = new X509Certificate(pem);
          if (new Date(certificate.validTo).getTime() < clock.now().getTime()) {
            fields.idpCertificates = `Certificate ${index + 1} expired on ${new Date(certificate.validTo).toISOString().slice(0, 10)}. Paste the provider’s current signing certificate.`;
            break;
          }
        } catch {
          fields.idpCertificates = `Certificate ${index + 1} could not be read. Paste it again, whole, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.`;
          break;
        }
      }
    }
    const attribute = (name: keyof IdentityProviderInput, label: string, required: boolean) => {
      const value = String(input[name]).trim();
      if (value === '' && required) fields[name] = `Enter the attribute that holds the ${label}.`;
      else if (value.length > 200 || /[\p{Cc}]/u.test(value))
        fields[name] = `The ${label} attribute is at most 200 characters, on one line.`;
      return value;
    };
    const usernameAttribute = attribute('usernameAttribute', 'username', false);
    const externalIdAttribute = attribute('externalIdAttribute', 'immutable id', false);
    const emailAttribute = attribute('emailAttribute', 'email address', false);
    const fullNameAttribute = attribute('fullNameAttribute', 'full name', false);
    const skew = input.clockSkewSeconds.trim() === '' ? '60' : input.clockSkewSeconds.trim();
    const clockSkewSeconds = /^[0-9]{1,3}$/.test(skew) ? Number(skew) : NaN;
    if (!(clockSkewSeconds >= 0 && clockSkewSeconds <= 300))
      fields.clockSkewSeconds = 'Enter a number of seconds from 0 to 300 (60 is usual).';
    return {
      idpEntityId,
      idpSsoUrl,
      idpCertificates: blocks,
      usernameAttribute,
      externalIdAttribute,
      emailAttribute,
      fullNameAttribute,
      clockSkewSeconds,
    };
  }

  /** What the audit log may say about a provider: never the client secret. */
  function auditable(row: {
    slug: string;
    preset: string;
    config: string;
    source_id: number | null;
    match_by: string;
    create_on_demand: number;
    enabled: number;
    on_user_page: number;
    on_admin_page: number;
  }) {
    const config = JSON.parse(row.config) as Partial<OidcProviderConfig & StoredSamlConfig>;
    return {
      slug: row.slug,
      preset: row.preset,
      issuer: config.issuer ?? config.idpEntityId,
      ...(config.clientId !== undefined
        ? {
            clientId: config.clientId,
            scopes: config.scopes,
            externalIdClaim: config.externalIdClaim,
            usernameClaim: config.usernameClaim,
          }
        : {}),
      ...(config.idpSsoUrl !== undefined
        ? { idpSsoUrl: config.idpSsoUrl, certificates: config.idpCertificates?.length }
        : {}),
      allowedDomains: config.allowedDomains ?? [],
      sourceId: row.source_id,
      matchBy: row.match_by,
      createOnDemand: row.create_on_demand === 1,
      enabled: row.enabled === 1,
      onUserPage: row.on_user_page === 1,
      onAdminPage: row.on_admin_page === 1,
    };
  }

  return {
    async list(): Promise<PresentedIdentityProvider[]> {
      const names = await sources.names();
      return (await repository.list()).map((row) => present(row, names));
    },

    async get(id: number): Promise<PresentedIdentityProvider> {
      return present(await mustFind(id), await sources.names());
    },

    /** The stored row, for the sign-in flow (holds the secret: never hand it to a page). */
    findBySlug: (slug: string) => repository.findBySlug(slug),

    /** The enabled providers a sign-in page offers. */
    async listForArea(area: 'user' | 'admin'): Promise<SignInOption[]> {
      return (await repository.listEnabledFor(area)).map((row) => ({
        slug: row.slug,
        displayName: row.display_name,
        protocol: row.protocol,
      }));
    },

    /** The edit form's values: everything but the client secret, which the form leaves empty. */
    async formValues(id: number): Promise<IdentityProviderInput> {
      const row = await mustFind(id);
      const base = {
        ...providerDefaults(row.preset),
        preset: row.preset,
        slug: row.slug,
        displayName: row.display_name,
        sourceId: row.source_id === null ? '' : String(row.source_id),
        matchBy: row.match_by,
        createOnDemand: row.create_on_demand === 1,
        enabled: row.enabled === 1,
        onUserPage: row.on_user_page === 1,
        onAdminPage: row.on_admin_page === 1,
        allowedDomains: allowedDomainsOf(row).join('\n'),
      };
      if (row.protocol === 'saml') {
        const c = parseSamlConfig(row);
        return {
          ...base,
          idpEntityId: c.idpEntityId,
          idpSsoUrl: c.idpSsoUrl,
          idpCertificates: c.idpCertificates.join('\n'),
          usernameAttribute: c.usernameAttribute,
          externalIdAttribute: c.externalIdAttribute,
          emailAttribute: c.emailAttribute,
          fullNameAttribute: c.fullNameAttribute,
          clockSkewSeconds: String(c.clockSkewSeconds),
        };
      }
      const c = parseOidcConfig(row);
      return {
        ...base,
        tenant: c.tenant,
        issuer: c.issuer,
        clientId: c.clientId,
        clientSecret: '',
        scopes: c.scopes,
        externalIdClaim: c.externalIdClaim,
        usernameClaim: c.usernameClaim,
        stripDomain: c.stripDomain,
      };
    },

    async create(input: IdentityProviderInput, actor: Actor): Promise<PresentedIdentityProvider> {
      const values = await validate(input);
      const now = clock.now().toISOString();
      const row = await repository.insert({ ...values, created_at: now, updated_at: now });
      await audit.record({
        actor: actor.username,
        action: 'identity_provider.create',
        target: row.slug,
        ip: actor.ip,
        details: auditable(row),
      });
      return present(row, await sources.names());
    },

    async update(id: number, input: IdentityProviderInput, actor: Actor): Promise<PresentedIdentityProvider> {
      const existing = await mustFind(id);
      const values = await validate(input, existing);
      await repository.update(id, { ...values, updated_at: clock.now().toISOString() });
      const secretChanged =
        existing.protocol === 'oidc' &&
        input.clientSecret !== '' &&
        parseOidcConfig(existing).clientSecret !== input.clientSecret;
      await audit.record({
        actor: actor.username,
        action: 'identity_provider.update',
        target: values.slug,
        ip: actor.ip,
        details: {
          ...auditable(values),
          ...(existing.protocol === 'oidc' ? { clientSecretChanged: secretChanged } : {}),
        },
      });
      return this.get(id);
    },

    /**
     * Called before a directory source is removed: its providers are disabled, because with the
     * source gone (source_id becomes NULL) they would match identities against every user.
     */
    async disableForSource(sourceId: number, actor: Actor): Promise<void> {
      for (const slug of await repository.disableForSource(sourceId, clock.now().toISOString())) {
        await audit.record({
          actor: actor.username,
          action: 'identity_provider.update',
          target: slug,
          ip: actor.ip,
          details: { enabled: false, reason: 'source-removed', sourceId },
        });
      }
    },

    async remove(id: number, actor: Actor): Promise<void> {
      const existing = await mustFind(id);
      await repository.delete(id);
      await audit.record({
        actor: actor.username,
        action: 'identity_provider.delete',
        target: existing.slug,
        ip: actor.ip,
        details: { preset: existing.preset },
      });
    },
  };
}

export type IdentityProvidersService = ReturnType<typeof createIdentityProvidersService>;
