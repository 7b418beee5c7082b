/**
 * Password rules for internal users, after NIST SP 800-63B: a minimum length (8 by default,
 * configurable up to 64), at most 256 characters, every Unicode character allowed, never truncated
 * or altered, no composition rules, refused when it is one of the most common passwords or equals
 * the username (each of those two checks can be turned off in Options).
 *
 *   passwordProblem('correct horse battery', { username: 'bob', minLength: 8 }) // null
 *   String(passwordProblem('short', { username: 'bob', minLength: 8 })) // 'Passwords must be at least 8 characters long.'
 */
import { createRequire } from 'node:module';
import type * as LanguageCommon from '@zxcvbn-ts/language-common';
import { localText, type LocalText } from '../i18n/local-text.js';
import { english, type MessageKey, type Translator } from '../i18n/translator.js';

export const MAX_PASSWORD_LENGTH = 256;
export const DEFAULT_MIN_PASSWORD_LENGTH = 8;
export const MAX_MIN_PASSWORD_LENGTH = 64;

const require = createRequire(import.meta.url);
let common: ReadonlySet<string> | undefined;

/**
 * The zxcvbn-ts common-password list: about 49,000 passwords ranked by frequency in real leaks.
 * Read on the first password check, not at start (about 13 MB that `quire serve` and most CLI
 * commands never need); the package's CommonJS build is required, so the check stays synchronous.
 */
function commonPasswords(): ReadonlySet<string> {
  if (!common) {
    const { dictionary } = require('@zxcvbn-ts/language-common') as typeof LanguageCommon;
    common = new Set<string>(dictionary['passwords-common'] as string[]);
  }
  return common;
}

export function isCommonPassword(password: string): boolean {
  const passwords = commonPasswords();
  return passwords.has(password) || passwords.has(password.toLowerCase());
}

export function commonPasswordCount(): number {
  return commonPasswords().size;
}

/** Most previous passwords the history option can remember (Keycloak's "Not Recently Used" allows any; 24 is Windows' maximum). */
export const MAX_PASSWORD_HISTORY = 24;

export interface PasswordPolicy {
  username: string;
  minLength: number;
  /** Refuse the most common passwords (on unless turned off in Options). */
  rejectCommon?: boolean;
  /** Refuse the username as the password (on unless turned off in Options). */
  rejectUsername?: boolean;
}

/** Returns why the password is refused, or null. Length counts code points, not UTF-16 units. */
export function passwordProblem(password: string, policy: PasswordPolicy): LocalText | null {
  const length = [...password].length;
  if (length < policy.minLength) return localText('problem.password.tooShort', { min: policy.minLength });
  if (length > MAX_PASSWORD_LENGTH)
    return localText('problem.password.tooLong', { max: MAX_PASSWORD_LENGTH });
  if (policy.rejectUsername !== false && password.toLowerCase() === policy.username.toLowerCase())
    return localText('problem.password.sameAsUsername');
  if (policy.rejectCommon !== false && isCommonPassword(password))
    return localText('problem.password.common');
  return null;
}

/** The options that make up the password policy (Admin Console → Options). */
export interface PasswordOptions {
  minPasswordLength: number;
  rejectCommonPasswords: boolean;
  rejectUsernamePassword: boolean;
  /** How many previous passwords may not be reused (the current one included); 0: no history. */
  passwordHistory: number;
}

export function policyFor(options: PasswordOptions, username: string): PasswordPolicy {
  return {
    username,
    minLength: options.minPasswordLength,
    rejectCommon: options.rejectCommonPasswords,
    rejectUsername: options.rejectUsernamePassword,
  };
}

const REFUSED = new Map<string, MessageKey>([
  ['true,true', 'policy.refuseCommonAndUsername'],
  ['true,false', 'policy.refuseCommon'],
  ['false,true', 'policy.refuseUsername'],
]);

/** The policy in one sentence per rule that is on, for the hint under a new-password field. */
export function describePasswordPolicy(options: PasswordOptions, translator: Translator = english): string {
  const refused = REFUSED.get(`${options.rejectCommonPasswords},${options.rejectUsernamePassword}`);
  return [
    translator.t('policy.minLength', { min: options.minPasswordLength }),
    refused ? translator.t(refused) : '',
    options.passwordHistory > 0 ? translator.t('policy.history', { count: options.passwordHistory }) : '',
  ]
    .filter(Boolean)
    .join(' ');
}
