/**
 * Which characters Quire accepts in text from outside: one rule for every field, used by the
 * services (each field's own message), by the transports' nets (REST, XML-RPC, CLI) and by the
 * database's last check (src/db/text-guard.ts).
 *
 * Refused everywhere: C0 controls but tab, line feed and carriage return; DEL; C1 controls; and
 * unpaired UTF-16 surrogates (not text at all: encoders turn them into U+FFFD, so what is stored
 * would not be what was sent). NUL matters most: SQLite stores it, PostgreSQL refuses it, so the
 * same request answered differently on the two databases and a SQLite backup did not restore
 * into PostgreSQL. A single-line field also refuses tab and line breaks.
 *
 *   textProblem('a\u0000b')               // 'control'
 *   textProblem('line 1\nline 2')         // null
 *   textProblem('x\ny', { singleLine: true }) // 'control'
 *   String(textFieldProblem('Notes', '\ud800', { singleLine: false })) // 'Notes contains a broken character …'
 *
 * A field's problem is a LocalText, so a page says it in its reader's language; the transports'
 * nets answer in English.
 */

import { ValidationError } from './errors.js';
import { localText, type LocalText } from './i18n/local-text.js';

// Tab (09), LF (0A) and CR (0D) are the only C0 controls a multi-line field may hold.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const SINGLE_LINE_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// With the u flag, a well-formed pair is one code point; only an unpaired half is \p{Cs}.
const LONE_SURROGATE = /\p{Cs}/u;

export type TextProblem = 'control' | 'surrogate';

export function textProblem(value: string, options: { singleLine?: boolean } = {}): TextProblem | null {
  if ((options.singleLine ? SINGLE_LINE_CONTROL : CONTROL).test(value)) return 'control';
  if (LONE_SURROGATE.test(value)) return 'surrogate';
  return null;
}

/** What a database cannot store faithfully: NUL (PostgreSQL refuses it) and unpaired surrogates. */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

/**
 * `value` with each character a database cannot store (NUL, unpaired surrogates) replaced by
 * U+FFFD: for text that is recorded rather than accepted, such as a typed sign-in name in the audit log.
 */
export function storableText(value: string): string {
  return isStorableText(value) ? value : value.replace(/\u0000|\p{Cs}/gu, '\ufffd');
}

/** A field's message, or null when the value is acceptable. `label` names the field. */
export function textFieldProblem(
  label: string | LocalText,
  value: string,
  options: { singleLine?: boolean } = {},
): LocalText | null {
  const problem = textProblem(value, options);
  return problem ? textProblemMessage(label, problem, options) : null;
}

function textProblemMessage(
  label: string | LocalText,
  problem: TextProblem,
  options: { singleLine?: boolean } = {},
): LocalText {
  if (problem === 'surrogate') return localText('problem.text.surrogate', { label });
  return localText(options.singleLine ? 'problem.text.controlOneLine' : 'problem.text.control', { label });
}

/**
 * The first string inside `value` (an object, array or string, e.g. a parsed request body) that a
 * multi-line field could not accept, with its path (`notes`, `groups[2]`), or null.
 */
export function findUnacceptableText(
  value: unknown,
  path = '',
): { path: string; problem: TextProblem } | null {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { path, problem } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnacceptableText(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null && !Buffer.isBuffer(value)) {
    for (const [key, item] of Object.entries(value)) {
      // A key is text from outside too.
      const keyProblem = textProblem(key);
      if (keyProblem) return { path: path || '(name)', problem: keyProblem };
      const found = findUnacceptableText(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

/** Throws a ValidationError naming the field when any of `values` holds unacceptable text. */
export function refuseUnacceptableText(...values: unknown[]): void {
  for (const value of values) {
    const found = findUnacceptableText(value);
    if (found) {
      const field = found.path || 'value';
      // The REST API's net: English, as its other messages.
      throw new ValidationError({
        [field]: String(textProblemMessage(`The field "${field}"`, found.problem)),
      });
    }
  }
}
