/**
 * Administrator-editable options with their defaults. Values live in the database so every server
 * on it agrees; reads are cached for two seconds.
 *
 *   const { organizationName } = await settings.get();
 */
import { ValidationError } from '../errors.js';
import { DEFAULT_ALLOWED_ADDRESSES, parseAddressList } from '../api-tokens/allowed-addresses.js';
import { DEFAULT_LANGUAGE, isLanguage, SHIPPED_LANGUAGES } from '../i18n/languages.js';
import { isCurrencyCode } from '../accounts/money-format.js';
import type { Clock } from '../ports.js';
import { textFieldProblem } from '../text.js';
import {
  DEFAULT_MIN_PASSWORD_LENGTH,
  MAX_MIN_PASSWORD_LENGTH,
  MAX_PASSWORD_HISTORY,
} from '../passwords/password-policy.js';
import type { SettingsRepository } from './settings.repository.js';

export interface Options {
  organizationName: string;
  /** Shown to standard users and on "Forgot your password?": where to get help. */
  passwordHelpText: string;
  /**
   * The language of the User Web Interface and of mail for users who chose none and whose browser
   * asks for no shipped language (i18n/negotiate.ts): a key of SHIPPED_LANGUAGES.
   */
  defaultLanguage: string;
  minPasswordLength: number;
  /** Refuse passwords on the common-password list (internal users). */
  rejectCommonPasswords: boolean;
  /** Refuse a password equal to the username (internal users). */
  rejectUsernamePassword: boolean;
  /** Previous passwords (the current one included) an internal user may not reuse; 0: off. */
  passwordHistory: number;
  /** Sign-in lockout per typed account name (see auth/throttle.service.ts). */
  lockoutFailures: number;
  lockoutDelaySeconds: number;
  lockoutMaxDelayMinutes: number;
  lockoutResetHours: number;
  /** Visitors may create an internal account at /user/register (verified by an emailed link). */
  selfRegistration: boolean;
  /** Email domains a registration may use, one per line, lower-case; empty: any domain. */
  registrationEmailDomains: string;
  /** The organisation's currency, an ISO 4217 code ('USD', 'EUR'): how amounts are shown. */
  currency: string;
  /** The IANA time zone pages show times in and quota periods follow; '' = this server's zone. */
  timeZone: string;
  /** Who may call the XML-RPC web services: addresses, CIDR ranges or `*`, comma-separated (api-tokens/allowed-addresses.ts). */
  webServicesAllowedAddresses: string;
}

// The lockout defaults follow Keycloak's brute-force detection (60 s wait increment, 15 min
// maximum wait, 12 h failure reset), with fewer free failures than its 30, since here the account
// counter only slows one name down and the per-address counter stays as it was.
export const DEFAULT_OPTIONS: Options = {
  organizationName: 'Quire',
  passwordHelpText: 'Contact your IT department for help with your password.',
  defaultLanguage: DEFAULT_LANGUAGE,
  minPasswordLength: DEFAULT_MIN_PASSWORD_LENGTH,
  rejectCommonPasswords: true,
  rejectUsernamePassword: true,
  passwordHistory: 0,
  lockoutFailures: 5,
  lockoutDelaySeconds: 60,
  lockoutMaxDelayMinutes: 15,
  lockoutResetHours: 12,
  selfRegistration: false,
  registrationEmailDomains: '',
  webServicesAllowedAddresses: DEFAULT_ALLOWED_ADDRESSES,
  currency: 'USD',
  timeZone: '',
};

/** The time zone options name, or this server's when they name none. */
export function effectiveTimeZone(options: Pick<Options, 'timeZone'>): string {
  return options.timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const MAX_REGISTRATION_DOMAINS = 100;
const MAX_ALLOWED_ADDRESSES = 200;
const DOMAIN =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** The allowed registration domains as a list (empty: any). */
export function registrationDomains(options: Pick<Options, 'registrationEmailDomains'>): string[] {
  return options.registrationEmailDomains.split('\n').filter(Boolean);
}

/** Whole-number options and the range each accepts. */
const NUMBER_RANGES: Partial<Record<keyof Options, [min: number, max: number]>> = {
  minPasswordLength: [1, MAX_MIN_PASSWORD_LENGTH],
  passwordHistory: [0, MAX_PASSWORD_HISTORY],
  lockoutFailures: [1, 1000],
  lockoutDelaySeconds: [1, 86_400],
  lockoutMaxDelayMinutes: [1, 10_080],
  lockoutResetHours: [1, 8_760],
};

const BOOLEAN_OPTIONS = ['rejectCommonPasswords', 'rejectUsernamePassword', 'selfRegistration'] as const;

export type OptionsInput = Partial<Record<keyof Options, string | number | boolean>>;

const OPTION_KEYS = Object.keys(DEFAULT_OPTIONS) as (keyof Options)[];
const CACHE_MS = 2000;

export function createSettingsService(repository: SettingsRepository, clock: Clock) {
  let cache: { at: number; options: Options } | null = null;

  async function load(): Promise<Options> {
    const stored = await repository.all();
    const options = { ...DEFAULT_OPTIONS };
    for (const key of OPTION_KEYS) {
      const raw = stored[`option.${key}`];
      if (raw !== undefined) (options as Record<string, unknown>)[key] = JSON.parse(raw);
    }
    return options;
  }

  async function get(): Promise<Options> {
    const now = clock.now().getTime();
    if (cache && now - cache.at < CACHE_MS) return cache.options;
    cache = { at: now, options: Object.freeze(await load()) };
    return cache.options;
  }

  return {
    get,
    /**
     * Validates and stores options; a key left out keeps its stored value. Returns the stored
     * values. Every problem is reported at once (ValidationError with a message per field).
     */
    async update(input: OptionsInput): Promise<Options> {
      const options = await load();
      const fields: Record<string, string> = {};
      if (input.organizationName !== undefined) {
        const organizationName = String(input.organizationName).trim();
        if (organizationName === '') fields.organizationName = 'Enter the organisation name.';
        else if (organizationName.length > 100)
          fields.organizationName = 'The organisation name is at most 100 characters.';
        else {
          const problem = textFieldProblem('The organisation name', organizationName, { singleLine: true });
          if (problem) fields.organizationName = String(problem);
        }
        options.organizationName = organizationName;
      }
      if (input.passwordHelpText !== undefined) {
        const passwordHelpText = String(input.passwordHelpText).trim();
        if (passwordHelpText.length > 2000)
          fields.passwordHelpText = 'The help text is at most 2,000 characters.';
        else {
          const problem = textFieldProblem('The help text', passwordHelpText);
          if (problem) fields.passwordHelpText = String(problem);
        }
        options.passwordHelpText = passwordHelpText;
      }
      if (input.defaultLanguage !== undefined) {
        const language = String(input.defaultLanguage);
        if (isLanguage(language)) options.defaultLanguage = language;
        else fields.defaultLanguage = `Choose one of: ${[...SHIPPED_LANGUAGES.keys()].join(', ')}.`;
      }
      if (input.currency !== undefined) {
        const currency = String(input.currency).trim().toUpperCase();
        if (isCurrencyCode(currency)) options.currency = currency;
        else fields.currency = 'Enter a currency code such as USD, EUR or GBP.';
      }
      if (input.timeZone !== undefined) {
        const zone = String(input.timeZone).trim();
        if (zone === '' || (zone.length <= 64 && isTimeZone(zone))) options.timeZone = zone;
        else
          fields.timeZone = 'Enter a time zone such as Europe/Berlin or America/New_York, or leave it empty.';
      }
      if (input.registrationEmailDomains !== undefined) {
        // One per line as typed; commas and spaces are forgiven, as is a leading "@".
        const domains = [
          ...new Set(
            String(input.registrationEmailDomains)
              .toLowerCase()
              .split(/[\s,;]+/)
              .map((d) => d.replace(/^@/, ''))
              .filter(Boolean),
          ),
        ];
        const bad = domains.find((domain) => !DOMAIN.test(domain));
        if (bad !== undefined)
          fields.registrationEmailDomains = `"${bad.slice(0, 100)}" is not a domain name such as example.org.`;
        else if (domains.length > MAX_REGISTRATION_DOMAINS)
          fields.registrationEmailDomains = `Enter at most ${MAX_REGISTRATION_DOMAINS} domains.`;
        options.registrationEmailDomains = domains.join('\n');
      }
      if (input.webServicesAllowedAddresses !== undefined) {
        // Commas, spaces or line breaks between entries; stored one way, comma-separated.
        const { entries, invalid } = parseAddressList(String(input.webServicesAllowedAddresses));
        if (invalid.length > 0)
          fields.webServicesAllowedAddresses = `"${invalid[0]!.slice(0, 100)}" is not an IP address, a CIDR range such as 192.168.0.0/24 or fd00::/8, or *.`;
        else if (entries.length > MAX_ALLOWED_ADDRESSES)
          fields.webServicesAllowedAddresses = `Enter at most ${MAX_ALLOWED_ADDRESSES} addresses or ranges.`;
        options.webServicesAllowedAddresses = entries.join(', ');
      }
      for (const [key, [min, max]] of Object.entries(NUMBER_RANGES) as [keyof Options, [number, number]][]) {
        const raw = input[key];
        if (raw === undefined) continue;
        // Number('') is 0 and Number(' 7 ') is 7: accept only digits, as typed in the form.
        const value =
          typeof raw === 'number'
            ? raw
            : typeof raw === 'string' && /^\s*[0-9]{1,9}\s*$/.test(raw)
              ? Number(raw)
              : NaN;
        if (!Number.isInteger(value) || value < min || value > max)
          fields[key] = `Enter a whole number from ${min} to ${max.toLocaleString('en')}.`;
        else Object.assign(options, { [key]: value });
      }
      for (const key of BOOLEAN_OPTIONS) {
        const raw = input[key];
        if (raw === undefined) continue;
        if (typeof raw === 'boolean' || raw === 'true' || raw === 'false')
          options[key] = raw === true || raw === 'true';
        else fields[key] = 'Choose on or off.';
      }
      if (
        !fields.lockoutDelaySeconds &&
        !fields.lockoutMaxDelayMinutes &&
        options.lockoutMaxDelayMinutes * 60 < options.lockoutDelaySeconds
      ) {
        fields.lockoutMaxDelayMinutes = 'The maximum delay may not be shorter than the first delay.';
      }
      if (Object.keys(fields).length > 0) throw new ValidationError(fields);
      for (const key of OPTION_KEYS) await repository.set(`option.${key}`, JSON.stringify(options[key]));
      cache = null;
      return options;
    },
    /** Raw internal flags (setup state); not cached, since they guard security decisions. */
    getFlag: (key: string) => repository.get(key),
    setFlag: (key: string, value: string) => repository.set(key, value),
    deleteFlag: (key: string) => repository.delete(key),
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
