/**
 * Username rules shared by every way a user is created (Admin Console, CLI, setup page, sync):
 * stored lower-case, compared case-insensitively, printable, no `/`, `\` or `@`, 1–64 characters.
 *
 *   normalizeUsername('  Alice ') // 'alice'
 *   usernameProblem('a/b')        // 'Usernames may not contain "/", "\" or "@".'
 */
export const MAX_USERNAME_LENGTH = 64;

export function normalizeUsername(raw: string): string {
  // NFC so that "é" typed on two keyboards is one name; lower-case so that Alice and alice are one.
  return raw.trim().normalize('NFC').toLowerCase();
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
