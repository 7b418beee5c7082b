/**
 * Username rules shared by every way a user is created (Admin Console, CLI, setup page, sync):
 * stored lower-case (NFKC), compared case-insensitively, printable, no `/`, `\` or `@`, 1–64
 * characters. A new internal username also keeps its letters to one script and may not look like
 * an existing user's (its skeleton, below): "аdmin" with a Cyrillic "а" beside "admin" is refused.
 *
 *   normalizeUsername('  Alice ') // 'alice'
 *   usernameProblem('a/b')        // 'Usernames may not contain "/", "\" or "@".'
 *   newUsernameProblem('pаypal')  // 'Usernames may not mix letters of different scripts (Latin, Cyrillic).'
 *   usernameSkeleton('аdmin')     // 'admin'
 */
export const MAX_USERNAME_LENGTH = 64;

export function normalizeUsername(raw: string): string {
  // NFKC so that "é" typed on two keyboards, and a full-width "ａｄｍｉｎ" or a ligature "ﬁ", are
  // one name with their plain forms; lower-case so that Alice and alice are one.
  return raw.trim().normalize('NFKC').toLowerCase();
}

/** Returns a human-readable reason the (normalized) username is refused, or null. */
export function usernameProblem(username: string): string | null {
  if (username.length === 0) return 'Enter a username.';
  if ([...username].length > MAX_USERNAME_LENGTH) return `Usernames are at most ${MAX_USERNAME_LENGTH} characters.`;
  if (/[/\\@]/.test(username)) return 'Usernames may not contain "/", "\\" or "@".';
  // "." and ".." cannot be addressed in a URL path: browsers collapse them.
  if (username === '.' || username === '..') return 'Usernames may not be "." or "..".';
  // Control characters, separators other than a plain space, and unassigned code points are
  // not printable: they would hide in lists and logs.
  if (/[\p{C}\p{Zl}\p{Zp}]/u.test(username) || /[^\S ]/u.test(username)) return 'Usernames may contain only printable characters.';
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

/** usernameProblem, plus the rule for a name chosen now: its letters come from one script. */
export function newUsernameProblem(username: string): string | null {
  const problem = usernameProblem(username);
  if (problem) return problem;
  const scripts = usernameScripts(username);
  if (scripts.length > 1) return `Usernames may not mix letters of different scripts (${scripts.join(', ')}): such a name can look like another.`;
  return null;
}

/**
 * Cyrillic and Greek letters that look like Latin ones (lower case, after NFKC), from Unicode's
 * confusables list (UTS #39): the fold that makes a skeleton.
 */
const CONFUSABLES = new Map<string, string>([
  // Cyrillic
  ['а', 'a'], ['в', 'b'], ['с', 'c'], ['ԁ', 'd'], ['е', 'e'], ['ё', 'e'], ['һ', 'h'], ['і', 'i'], ['ї', 'i'], ['ј', 'j'],
  ['к', 'k'], ['ӏ', 'l'], ['м', 'm'], ['н', 'h'], ['о', 'o'], ['р', 'p'], ['ԛ', 'q'], ['г', 'r'], ['ѕ', 's'], ['т', 't'],
  ['ц', 'u'], ['ѵ', 'v'], ['ԝ', 'w'], ['х', 'x'], ['у', 'y'], ['ү', 'y'], ['ӡ', 'z'], ['ь', 'b'],
  // Greek
  ['α', 'a'], ['β', 'b'], ['ϲ', 'c'], ['ε', 'e'], ['η', 'n'], ['ι', 'i'], ['ϳ', 'j'], ['κ', 'k'], ['ν', 'v'], ['ο', 'o'],
  ['ρ', 'p'], ['τ', 't'], ['υ', 'u'], ['χ', 'x'], ['γ', 'y'], ['ζ', 'z'],
]);

/** The characters that fold: a name holding none of them is its own skeleton. */
export const CONFUSABLE_CHARACTERS: readonly string[] = [...CONFUSABLES.keys()];

/** What a (normalized) username looks like: each look-alike letter folded to its Latin twin. */
export function usernameSkeleton(username: string): string {
  let out = '';
  for (const char of username) out += CONFUSABLES.get(char) ?? char;
  return out;
}

/** The message for a new name that looks like `existing`. */
export function lookalikeProblem(existing: string): string {
  return `This username looks like the existing user "${existing}" (letters from another alphabet that look alike). Choose a different name.`;
}
