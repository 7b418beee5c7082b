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
  /** Administrators must sign in with a second factor; one without is sent to set one up. */
  requireAdminTwoFactor: boolean;
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
  /**
   * Print servers (a CUPS or Windows server in front of Quire) whose `requesting-user-name` a queue
   * with trusted identification believes: addresses or CIDR ranges, comma-separated; '' = none.
   */
  printServerAddresses: string;
  /** A held job not released within this many minutes is deleted uncharged (PaperCut: 30). */
  heldJobExpiryMinutes: number;
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
  requireAdminTwoFactor: false,
  selfRegistration: false,
  registrationEmailDomains: '',
  webServicesAllowedAddresses: DEFAULT_ALLOWED_ADDRESSES,
  currency: 'USD',
  timeZone: '',
  printServerAddresses: '',
  heldJobExpiryMinutes: 30,
};

/** This server's zone, read once: asking Intl costs about a tenth of a millisecond, on every request. */
let serverTimeZone: string | undefined;

/** The time zone options name, or this server's when they name none. */
export function effectiveTimeZone(options: Pick<Options, 'timeZone'>): string {
  return options.timeZone || (serverTimeZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone);
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
  heldJobExpiryMinutes: [1, 10_080],
};

const BOOLEAN_OPTIONS = [
  'rejectCommonPasswords',
  'rejectUsernamePassword',
  'requireAdminTwoFactor',
  'selfRegistration',
] as const;

export type OptionsInput = Partial<Record<keyof Options, string | number | boolean>>;

/** A typed option checked: the value to store, or the problem to show against its field. */
type Checked = { value: Options[keyof Options] } | { problem: string };
type OptionChecker = (raw: string | number | boolean) => Checked;

function checkOrganizationName(raw: string | number | boolean): Checked {
  const organizationName = String(raw).trim();
  if (organizationName === '') return { problem: 'Enter the organisation name.' };
  if (organizationName.length > 100) return { problem: 'The organisation name is at most 100 characters.' };
  const problem = textFieldProblem('The organisation name', organizationName, { singleLine: true });
  return problem ? { problem: String(problem) } : { value: organizationName };
}

function checkPasswordHelpText(raw: string | number | boolean): Checked {
  const passwordHelpText = String(raw).trim();
  if (passwordHelpText.length > 2000) return { problem: 'The help text is at most 2,000 characters.' };
  const problem = textFieldProblem('The help text', passwordHelpText);
  return problem ? { problem: String(problem) } : { value: passwordHelpText };
}

function checkDefaultLanguage(raw: string | number | boolean): Checked {
  const language = String(raw);
  if (isLanguage(language)) return { value: language };
  return { problem: `Choose one of: ${[...SHIPPED_LANGUAGES.keys()].join(', ')}.` };
}

function checkCurrency(raw: string | number | boolean): Checked {
  const currency = String(raw).trim().toUpperCase();
  if (isCurrencyCode(currency)) return { value: currency };
  return { problem: 'Enter a currency code such as USD, EUR or GBP.' };
}

function checkTimeZone(raw: string | number | boolean): Checked {
  const zone = String(raw).trim();
  if (zone === '' || (zone.length <= 64 && isTimeZone(zone))) return { value: zone };
  return { problem: 'Enter a time zone such as Europe/Berlin or America/New_York, or leave it empty.' };
}

function checkRegistrationEmailDomains(raw: string | number | boolean): Checked {
  // One per line as typed; commas and spaces are forgiven, as is a leading "@".
  const domains = [
    ...new Set(
      String(raw)
        .toLowerCase()
        .split(/[\s,;]+/)
        .map((d) => d.replace(/^@/, ''))
        .filter(Boolean),
    ),
  ];
  const bad = domains.find((domain) => !DOMAIN.test(domain));
  if (bad !== undefined)
    return { problem: `"${bad.slice(0, 100)}" is not a domain name such as example.org.` };
  if (domains.length > MAX_REGISTRATION_DOMAINS)
    return { problem: `Enter at most ${MAX_REGISTRATION_DOMAINS} domains.` };
  return { value: domains.join('\n') };
}

function checkAllowedAddresses(raw: string | number | boolean): Checked {
  // Commas, spaces or line breaks between entries; stored one way, comma-separated.
  const { entries, invalid } = parseAddressList(String(raw));
  if (invalid.length > 0)
    return {
      problem: `"${invalid[0]!.slice(0, 100)}" is not an IP address, a CIDR range such as 192.168.0.0/24 or fd00::/8, or *.`,
    };
  if (entries.length > MAX_ALLOWED_ADDRESSES)
    return { problem: `Enter at most ${MAX_ALLOWED_ADDRESSES} addresses or ranges.` };
  return { value: entries.join(', ') };
}

function checkPrintServerAddresses(raw: string | number | boolean): Checked {
  const { entries, invalid } = parseAddressList(String(raw));
  // Believing any address would let every client print as anyone it names.
  const bad = invalid[0] ?? (entries.includes('*') ? '*' : undefined);
  if (bad !== undefined)
    return {
      problem: `"${bad.slice(0, 100)}" is not the IP address or CIDR range of a print server, such as 192.168.0.10 or 10.1.0.0/24.`,
    };
  if (entries.length > MAX_ALLOWED_ADDRESSES)
    return { problem: `Enter at most ${MAX_ALLOWED_ADDRESSES} addresses or ranges.` };
  return { value: entries.join(', ') };
}

function wholeNumber(min: number, max: number): OptionChecker {
  return (raw) => {
    // Number('') is 0 and Number(' 7 ') is 7: accept only digits, as typed in the form.
    const value =
      typeof raw === 'number'
        ? raw
        : typeof raw === 'string' && /^\s*[0-9]{1,9}\s*$/.test(raw)
          ? Number(raw)
          : NaN;
    if (!Number.isInteger(value) || value < min || value > max)
      return { problem: `Enter a whole number from ${min} to ${max.toLocaleString('en')}.` };
    return { value };
  };
}

function onOff(raw: string | number | boolean): Checked {
  if (typeof raw === 'boolean' || raw === 'true' || raw === 'false')
    return { value: raw === true || raw === 'true' };
  return { problem: 'Choose on or off.' };
}

/**
 * The checker of every option an update may set, in the order problems are reported: text options,
 * then whole numbers, then on/off switches.
 */
const OPTION_CHECKERS = new Map<keyof Options, OptionChecker>([
  ['organizationName', checkOrganizationName],
  ['passwordHelpText', checkPasswordHelpText],
  ['defaultLanguage', checkDefaultLanguage],
  ['currency', checkCurrency],
  ['timeZone', checkTimeZone],
  ['registrationEmailDomains', checkRegistrationEmailDomains],
  ['webServicesAllowedAddresses', checkAllowedAddresses],
  ['printServerAddresses', checkPrintServerAddresses],
  ...Object.entries(NUMBER_RANGES).map(
    ([key, [min, max]]) => [key as keyof Options, wholeNumber(min, max)] as const,
  ),
  ...BOOLEAN_OPTIONS.map((key) => [key, onOff] as const),
]);

const OPTION_KEYS = Object.keys(DEFAULT_OPTIONS) as (keyof Options)[];
const CACHE_MS = 2000;

/** The problem shown against self-registration when it is switched on without a mail server. */
export const REGISTRATION_NEEDS_MAIL =
  'Set up a mail server under Options → Email first: visitors confirm their address through an emailed link, so registration cannot work without mail.';

export interface SettingsChecks {
  /** Whether mail can be sent (mail.service.ts isConfigured); self-registration cannot be switched on otherwise. */
  mailConfigured?: () => Promise<boolean>;
}

export function createSettingsService(
  repository: SettingsRepository,
  clock: Clock,
  checks: SettingsChecks = {},
) {
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
      const registrationWasOn = options.selfRegistration;
      const fields: Record<string, string> = {};
      for (const [key, check] of OPTION_CHECKERS) {
        const raw = input[key];
        if (raw === undefined) continue;
        const checked = check(raw);
        if ('problem' in checked) fields[key] = checked.problem;
        else Object.assign(options, { [key]: checked.value });
      }
      if (
        !fields.lockoutDelaySeconds &&
        !fields.lockoutMaxDelayMinutes &&
        options.lockoutMaxDelayMinutes * 60 < options.lockoutDelaySeconds
      ) {
        fields.lockoutMaxDelayMinutes = 'The maximum delay may not be shorter than the first delay.';
      }
      // Only switching it on is refused: registration already on when mail was removed shows
      // visitors the help text instead (web/user/registration.routes.tsx), and other options save.
      const switchingOn = options.selfRegistration && !registrationWasOn;
      if (
        !fields.selfRegistration &&
        switchingOn &&
        checks.mailConfigured &&
        !(await checks.mailConfigured())
      )
        fields.selfRegistration = REGISTRATION_NEEDS_MAIL;
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
