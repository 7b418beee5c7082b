/**
 * What a kind of sign-in provider is: one object per kind (generic OpenID Connect, SAML 2.0,
 * Microsoft, Google), each in its own folder and listed once in `provider-kinds.ts`. The generic
 * identity providers service stores, presents and audits providers through it; the Admin Console
 * renders its form through it; the sign-in flow of its `protocol` (`/auth/<protocol>/<slug>/…`)
 * signs users in with its config.
 *
 *   const kind = providerKind(row.preset);
 *   const config = kind.decode(row.config);            // typed, or throws on a malformed row
 *   const shown = kind.present(config);                // never a secret
 *
 * The form's values are flat: the fields every provider has (`CommonProviderInput`) and the kind's
 * own fields by name (`KindValues`), read through a `FormReader` so that a name is only ever looked
 * up among the object's own members.
 */
import type { JSX } from 'preact';
import { isLoopbackHost } from '../../hosts.js';
import type { Clock } from '../../ports.js';

/** The sign-in flows Quire has: each owns the routes under `/auth/<protocol>/<slug>/`. */
export type SignInProtocol = 'oidc' | 'saml';

/** The fields every provider's form has, whatever its kind. */
export interface CommonProviderInput {
  /** The kind's name (the `preset` column). */
  preset: string;
  slug: string;
  displayName: string;
  /** A source id, or '' for none. */
  sourceId: string;
  matchBy: string;
  createOnDemand: boolean;
  enabled: boolean;
  onUserPage: boolean;
  onAdminPage: boolean;
  /** Email domains for on-demand creation (and Google's `hd`), one per line or comma separated. */
  allowedDomains: string;
}

/** A kind's own form fields by name: text as typed, checkboxes as booleans. */
export type KindValues = { readonly [field: string]: string | boolean };

/** Everything the add/edit form holds. */
export type IdentityProviderInput = CommonProviderInput & KindValues;

export type FieldErrors = Record<string, string>;

/** A kind's form values, read by field name among the object's own members only. */
export interface FormReader {
  /** The text of a field ('' when absent). */
  text(name: string): string;
  /** A checkbox (false when absent). */
  flag(name: string): boolean;
}

export function formReader(values: KindValues): FormReader {
  const get = (name: string) => (Object.hasOwn(values, name) ? values[name] : undefined);
  return {
    text: (name) => {
      const value = get(name);
      return typeof value === 'string' ? value : '';
    },
    flag: (name) => get(name) === true,
  };
}

/** A kind's settings after validation: its config, or a message per field. */
export type Validated<Config> = { config: Config; errors?: undefined } | { errors: FieldErrors };

/** What the provider list and the edit form show of a kind's config. */
export interface KindSummary {
  /** OIDC issuer or SAML IdP entity id. */
  issuer: string;
  clientId: string;
  hasClientSecret: boolean;
}

export interface ProviderEndpoints {
  /** OIDC: the redirect URI. */
  redirectUri: string;
  /** SAML: the SP entity id (and metadata URL) and the Assertion Consumer Service URL. */
  samlMetadataUrl: string;
  samlAcsUrl: string;
}

export function providerEndpoints(publicUrl: string, slug: string): ProviderEndpoints {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    redirectUri: `${base}/auth/oidc/${slug}/callback`,
    samlMetadataUrl: `${base}/auth/saml/${slug}/metadata`,
    samlAcsUrl: `${base}/auth/saml/${slug}/acs`,
  };
}

/** The kind's part of the add/edit form. */
export interface KindFormProps {
  values: IdentityProviderInput;
  errors?: FieldErrors;
  /** Editing a provider whose secret is stored (the secret field may stay empty). */
  hasSecret: boolean;
}

export interface ProviderKind<Config extends object> {
  /** Stored in the `preset` column and used in `?preset=` links: never change it. */
  readonly name: string;
  /** "Add Microsoft", the Kind column. */
  readonly label: string;
  /** The sign-in flow this kind's providers use. */
  readonly protocol: SignInProtocol;
  /**
   * Set when every account of the issuer can sign in (Google): the ID token's `hd` claim must name
   * one of the allowed domains, only verified emails are trusted, and matching by username needs
   * the domains (`whyDomains` says so on the form).
   */
  readonly hostedDomains?: { readonly whyDomains: string };
  /** The add form: the kind's own fields, and the short name and button text it suggests. */
  readonly defaults: KindValues;
  /** The form's text fields and checkboxes, as posted; `secretFields` are never put back on a page. */
  readonly textFields: readonly string[];
  readonly checkboxFields: readonly string[];
  readonly secretFields: readonly string[];
  /** Field labels for the error summary. */
  readonly labels: Readonly<Record<string, string>>;
  /** The hint under "Allowed email domains". */
  readonly domainsHint: string;
  /** The stored `config` JSON as typed settings; throws on a malformed value. */
  decode(json: string): Config;
  /** Checks the kind's fields; `previous` is the stored config when editing (its secrets are kept when left empty). */
  validate(values: FormReader, previous: Config | undefined, context: { clock: Clock }): Validated<Config>;
  /** The edit form's values: every secret field empty. */
  formValues(config: Config): KindValues;
  summary(config: Config): KindSummary;
  /** What the audit log may say about the settings: never a secret. */
  auditable(config: Config): Record<string, unknown>;
  /** What an update adds to its audit record (whether a secret was replaced). */
  auditChange(previous: Config, next: Config): Record<string, unknown>;
  /** The kind's fields, between the short name and the directory source. */
  Form(props: KindFormProps): JSX.Element;
  /** What to register at the provider: addresses and where to enter them. */
  Registration(props: { endpoints: ProviderEndpoints }): JSX.Element;
}

/** Reads a stored config object's own members by name, refusing a wrong type. */
export interface ConfigReader {
  text(name: string): string;
  flag(name: string): boolean;
  number(name: string, fallback: number): number;
  texts(name: string): string[];
}

/** `json` as a ConfigReader; an absent member reads as empty, a wrongly typed one throws. */
export function readConfig(json: string): ConfigReader {
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('A stored identity provider config is not a JSON object');
  const members = new Map<string, unknown>(Object.entries(parsed));
  function typed<T>(name: string, check: (value: unknown) => value is T, fallback: T): T {
    const value = members.get(name);
    if (value === undefined) return fallback;
    if (!check(value)) throw new Error(`A stored identity provider config has a malformed "${name}"`);
    return value;
  }
  const isString = (value: unknown): value is string => typeof value === 'string';
  const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
  const isNumber = (value: unknown): value is number => typeof value === 'number';
  const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);
  return {
    text: (name) => typed(name, isString, ''),
    flag: (name) => typed(name, isBoolean, false),
    number: (name, fallback) => typed(name, isNumber, fallback),
    texts: (name) => typed(name, isStrings, []),
  };
}

/** The provider's allowed email domains, lower-case ([] when none are set). */
export function allowedDomainsOf(config: string): string[] {
  const parsed: unknown = JSON.parse(config);
  if (typeof parsed !== 'object' || parsed === null) return [];
  const domains = new Map<string, unknown>(Object.entries(parsed)).get('allowedDomains');
  return Array.isArray(domains) ? domains.filter((d): d is string => typeof d === 'string') : [];
}

/** True when `email` is an address in one of `domains` (compared case-insensitively). */
export function emailInDomains(email: string, domains: readonly string[]): boolean {
  const at = email.lastIndexOf('@');
  return at > 0 && domains.includes(email.slice(at + 1).toLowerCase());
}

/** Why a provider URL is refused, or null. */
export function urlProblem(raw: string, what: string): string | null {
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

/** The kind's result: the config, or the errors collected while building it. */
export function validated<Config>(config: Config, errors: FieldErrors): Validated<Config> {
  return Object.keys(errors).length > 0 ? { errors } : { config };
}
