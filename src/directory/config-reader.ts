/**
 * Reading a stored source configuration without `as` casts, and collecting a form's field problems.
 * Each kind's decode() reads its JSON through `storedConfig`: a damaged row is a SourceError that
 * names the field, not a client that fails later on `undefined`.
 *
 *   const stored = storedConfig(JSON.parse(row.config), 'LDAP');
 *   const urls = stored.strings('urls'); // or SourceError: "… urls is not a list of texts."
 */
import { SourceError, ValidationError } from '../errors.js';

/** Reads the fields of a stored configuration object; every wrong field is a SourceError naming it. */
export function storedConfig(json: unknown, label: string) {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new SourceError(`The stored configuration of this ${label} source is not an object.`);
  const object = json as Record<string, unknown>;
  const bad = (key: string, what: string): never => {
    throw new SourceError(
      `The stored configuration of this ${label} source is damaged: ${key} is not ${what}.`,
    );
  };
  const get = (key: string) => (Object.hasOwn(object, key) ? object[key] : undefined);
  return {
    string(key: string, fallback?: string): string {
      const value = get(key) ?? fallback;
      return typeof value === 'string' ? value : bad(key, 'a text');
    },
    nullableString(key: string): string | null {
      const value = get(key) ?? null;
      return value === null || typeof value === 'string' ? value : bad(key, 'a text or null');
    },
    number(key: string, fallback?: number): number {
      const value = get(key) ?? fallback;
      return typeof value === 'number' && Number.isFinite(value) ? value : bad(key, 'a number');
    },
    boolean(key: string, fallback?: boolean): boolean {
      const value = get(key) ?? fallback;
      return typeof value === 'boolean' ? value : bad(key, 'true or false');
    },
    strings(key: string, fallback?: string[]): string[] {
      const value = get(key) ?? fallback;
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? [...value]
        : bad(key, 'a list of texts');
    },
    /** One of a table's keys (checked with Object.hasOwn, never through the prototype). */
    oneOf<K extends string>(key: string, table: Readonly<Record<K, unknown>>, fallback?: K): K {
      const value = get(key) ?? fallback;
      return typeof value === 'string' && Object.hasOwn(table, value)
        ? (value as K)
        : bad(key, `one of ${Object.keys(table).join(', ')}`);
    },
    /** A map of texts by name, such as LDAP's attribute names. */
    texts(key: string): Record<string, string> {
      const value = get(key);
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return bad(key, 'a map of texts');
      const entries = Object.entries(value);
      return entries.every(([, v]) => typeof v === 'string')
        ? Object.fromEntries(entries)
        : bad(key, 'a map of texts');
    },
  };
}

/** Collects field problems, then throws them together as one ValidationError. */
export function fieldProblems() {
  const fields: Record<string, string> = {};
  return {
    fields,
    add(name: string, problem: string | null | undefined | false | '') {
      if (problem) fields[name] = problem;
    },
    throwIfAny() {
      if (Object.keys(fields).length > 0) throw new ValidationError(fields);
    },
  };
}
