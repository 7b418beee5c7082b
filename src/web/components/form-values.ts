/**
 * Reading posted form values into what a service takes: whole numbers, lines, named text fields.
 *
 *   optionalInt('');    // undefined: the default
 *   optionalInt('12x'); // NaN, which the service refuses by field
 */
import { adminEnglish } from '../../i18n/admin-translator.js';
import { field } from '../render.js';

/** '' → the default (undefined); anything but a whole number → NaN, which the service refuses by field. */
export function optionalInt(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

export const lines = (text: string) => text.split(/\r?\n/);

/** The named text fields of a posted body ('' for a missing one). */
export function textValues<K extends string>(names: readonly K[], body: unknown): Record<K, string> {
  const values = {} as Record<K, string>;
  for (const name of names) values[name] = field(body, name);
  return values;
}

/**
 * The hint of a secret field, which is never filled back in: a stored secret is kept when it is
 * left empty; one typed on the form just sent was not sent back, so it must be typed again.
 * Only source forms of the Admin Console use it, so its words are the console's.
 */
export function secretHint(stored: boolean, typed: boolean, fresh: string): string {
  if (stored) return adminEnglish.t('admin.sourceForm.secretStored');
  if (typed) return adminEnglish.t('admin.sourceForm.secretNotResent');
  return fresh;
}

/** A select's options from a table of value → label. */
export const choiceOptions = (choices: Record<string, string>) =>
  Object.entries(choices).map(([value, label]) => ({ value, label }));
