/**
 * Username rules shared by every way a user is created (Admin Console, CLI, setup page, sync):
 * stored lower-case, compared case-insensitively, printable, no `/`, `\` or `@`, 1–64
 * characters. A new internal username is also folded to its plain form (NFKC), keeps its letters
 * to one script, holds no invisible character and may not look like an existing user's (its
 * skeleton, below): "аdmin" with a Cyrillic "а" beside "admin" is refused.
 *
 *   normalizeUsername('  Alice ')   // 'alice' (to look a user up)
 *   normalizeNewUsername('ＪＯＨＮ') // 'john' (a name chosen now)
 *   String(usernameProblem('a/b'))  // 'Usernames may not contain "/", "\" or "@".'
 *   newUsernameProblem('pаypal')    // LocalText: 'Usernames may not mix letters of different scripts (Latin, Cyrillic)…'
 *   usernameSkeleton('аdm1n')       // 'admln'
 *
 * Problems are LocalText: pages say them in their reader's language, and String() gives the
 * English the Admin Console, the APIs, the CLI and sync reports show.
 */
import { localText, type LocalText } from '../i18n/local-text.js';

export const MAX_USERNAME_LENGTH = 64;

/**
 * The form a typed or claimed name is looked up by: NFC (one "é" whichever keyboard typed it) and
 * lower case. Not NFKC: names stored before are found as they were stored, and a single sign-on
 * claim "ａｄｍｉｎ" is not folded onto Quire's "admin" (that would hand over the account).
 */
export function normalizeUsername(raw: string): string {
  return raw.trim().normalize('NFC').toLowerCase();
}

/**
 * The form a name chosen now (created or renamed internally) is stored in: also NFKC, so that a
 * full-width "ｊｏｈｎ" or a ligature "ﬁ" becomes its plain form — and is then refused beside an
 * existing "john" as taken.
 */
export function normalizeNewUsername(raw: string): string {
  return raw.trim().normalize('NFKC').toLowerCase();
}

/** Returns why the (normalized) username is refused, or null. */
export function usernameProblem(username: string): LocalText | null {
  if (username.length === 0) return localText('problem.username.empty');
  if ([...username].length > MAX_USERNAME_LENGTH)
    return localText('problem.username.tooLong', { max: MAX_USERNAME_LENGTH });
  if (/[/\\@]/.test(username)) return localText('problem.username.forbidden');
  // "." and ".." cannot be addressed in a URL path: browsers collapse them.
  if (username === '.' || username === '..') return localText('problem.username.dots');
  // Control characters, separators other than a plain space, and unassigned code points are
  // not printable: they would hide in lists and logs.
  if (/[\p{C}\p{Zl}\p{Zp}]/u.test(username) || /[^\S ]/u.test(username))
    return localText('problem.username.unprintable');
  return null;
}

/**
 * Scripts a username's letters are checked against. Han, Hiragana, Katakana and Hangul form one
 * group (Japanese and Korean names mix them), which may also be written beside Latin letters, as
 * Unicode's "highly restrictive" profile (UTS #39) allows.
 */
const SCRIPTS: [name: string, pattern: RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Georgian', /\p{Script=Georgian}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['CJK', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u],
];

/** The scripts of a name's letters (digits, punctuation and marks belong to none). */
export function usernameScripts(username: string): string[] {
  const found = new Set<string>();
  for (const char of username) {
    if (!/\p{L}/u.test(char)) continue;
    found.add(SCRIPTS.find(([, pattern]) => pattern.test(char))?.[0] ?? 'other');
  }
  if (found.has('CJK')) found.delete('Latin');
  return [...found];
}

const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;
const DEFAULT_IGNORABLES = /\p{Default_Ignorable_Code_Point}/gu;

/** usernameProblem, plus the rule for a name chosen now: its letters come from one script. */
export function newUsernameProblem(username: string): LocalText | null {
  const problem = usernameProblem(username);
  if (problem) return problem;
  const scripts = usernameScripts(username);
  if (scripts.length > 1) return localText('problem.username.mixedScripts', { scripts: scripts.join(', ') });
  // A combining grapheme joiner or a variation selector shows nothing: "admin\u034F" looks like "admin".
  if (DEFAULT_IGNORABLE.test(username)) return localText('problem.username.invisible');
  return null;
}

/**
 * Characters that look like Latin letters (lower case, after NFKC), from Unicode's confusables
 * list (UTS #39): the fold that makes a skeleton. Digits fold as UTS #39 folds them ("1" and "l",
 * "0" and "o"), so "adm1n" looks like "admln" and "c00l" like "cool"; "i" stays apart from them.
 */
const CONFUSABLES = new Map<string, string>([
  // Cyrillic
  ['а', 'a'],
  ['в', 'b'],
  ['с', 'c'],
  ['ԁ', 'd'],
  ['е', 'e'],
  ['ё', 'e'],
  ['һ', 'h'],
  ['і', 'i'],
  ['ї', 'i'],
  ['ј', 'j'],
  ['к', 'k'],
  ['ӏ', 'l'],
  ['м', 'm'],
  ['н', 'h'],
  ['о', 'o'],
  ['р', 'p'],
  ['ԛ', 'q'],
  ['г', 'r'],
  ['ѕ', 's'],
  ['т', 't'],
  ['ц', 'u'],
  ['ѵ', 'v'],
  ['ԝ', 'w'],
  ['х', 'x'],
  ['у', 'y'],
  ['ү', 'y'],
  ['ӡ', 'z'],
  ['ь', 'b'],
  // Greek
  ['α', 'a'],
  ['β', 'b'],
  ['ε', 'e'],
  ['η', 'n'],
  ['ι', 'i'],
  ['ϳ', 'j'],
  ['κ', 'k'],
  ['ν', 'v'],
  ['ο', 'o'],
  ['ρ', 'p'],
  ['τ', 't'],
  ['υ', 'u'],
  ['χ', 'x'],
  ['γ', 'y'],
  ['ζ', 'z'],
  // Latin letters that pass for others
  ['ı', 'i'],
  ['ɩ', 'i'],
  ['ɑ', 'a'],
  ['ɡ', 'g'],
  ['ȷ', 'j'],
  ['ʟ', 'l'],
  ['ᴏ', 'o'],
  ['ᴜ', 'u'],
  ['ᴠ', 'v'],
  ['ᴡ', 'w'],
  ['ᴢ', 'z'],
  // Digits and signs
  ['1', 'l'],
  ['|', 'l'],
  ['0', 'o'],
]);

/**
 * What a username looks like: its plain form (NFKC, lower case) without invisible characters,
 * each look-alike folded to its Latin twin. Stored, indexed, with every user (users.username_skeleton):
 * a change to this fold needs a migration that recomputes the column.
 */
export function usernameSkeleton(username: string): string {
  let out = '';
  for (const char of normalizeNewUsername(username).replace(DEFAULT_IGNORABLES, ''))
    out += CONFUSABLES.get(char) ?? char;
  return out;
}

/** The message for a new name that looks like `existing`. */
export function lookalikeProblem(existing: string): LocalText {
  return localText('problem.username.lookalike', { existing });
}
