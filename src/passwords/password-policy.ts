/**
 * Password rules for internal users, after NIST SP 800-63B: a minimum length (8 by default,
 * configurable up to 64), at most 256 characters, every Unicode character allowed, never truncated
 * or altered, no composition rules, refused when it is one of the most common passwords or equals
 * the username (each of those two checks can be turned off in Options).
 *
 *   passwordProblem('correct horse battery', { username: 'bob', minLength: 8 }) // null
 */
import { dictionary } from '@zxcvbn-ts/language-common';

export const MAX_PASSWORD_LENGTH = 256;
export const DEFAULT_MIN_PASSWORD_LENGTH = 8;
export const MAX_MIN_PASSWORD_LENGTH = 64;

// The zxcvbn-ts common-password list: about 49,000 passwords ranked by frequency in real leaks.
const COMMON = new Set<string>(dictionary['passwords-common'] as string[]);

export function isCommonPassword(password: string): boolean {
  return COMMON.has(password) || COMMON.has(password.toLowerCase());
}

export function commonPasswordCount(): number {
  return COMMON.size;
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
export function passwordProblem(password: string, policy: PasswordPolicy): string | null {
  const length = [...password].length;
  if (length < policy.minLength) return `Passwords must be at least ${policy.minLength} characters long.`;
  if (length > MAX_PASSWORD_LENGTH) return `Passwords may be at most ${MAX_PASSWORD_LENGTH} characters long.`;
  if (policy.rejectUsername !== false && password.toLowerCase() === policy.username.toLowerCase())
    return 'The password may not be the same as the username.';
  if (policy.rejectCommon !== false && isCommonPassword(password))
    return 'This password is one of the most commonly used passwords. Please choose another.';
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

/** The policy in one sentence per rule that is on, for the hint under a new-password field. */
export function describePasswordPolicy(options: PasswordOptions): string {
  const refused = {
    'true,true': 'Very common passwords and the username are refused.',
    'true,false': 'Very common passwords are refused.',
    'false,true': 'The username is refused as a password.',
    'false,false': '',
  }[`${options.rejectCommonPasswords},${options.rejectUsernamePassword}`];
  const history =
    options.passwordHistory > 1
      ? `The last ${options.passwordHistory} passwords cannot be used again.`
      : options.passwordHistory === 1
        ? 'The current password cannot be used again.'
        : '';
  return [`At least ${options.minPasswordLength} characters; a long passphrase is best.`, refused, history]
    .filter(Boolean)
    .join(' ');
}
