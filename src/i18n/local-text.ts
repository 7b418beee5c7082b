/**
 * A sentence a service means for a person, kept as a catalog key and its values so that each
 * page can say it in its reader's language. Its English text is what the Admin Console, the API
 * and the CLI show, as before.
 *
 *   fields.newPassword = localText('problem.password.tooShort', { min: 8 });
 *   String(fields.newPassword) // 'Passwords must be at least 8 characters long.'
 *
 * A value may itself be a LocalText (a reason inside a sentence): it is said in the same language.
 */
import { english, type MessageKey, type MessageValues, type Translator } from './translator.js';

/** Values of a LocalText: those of a message, or sentences and days said in the same language. */
export type LocalTextValues = Readonly<Record<string, MessageValues[string] | LocalText | LocalDay>>;

/**
 * A calendar day ('YYYY-MM-DD') inside a sentence, written the reader's way: '5 Dec 2026' (en),
 * '05.12.2026' (de). A day has no time zone, so it is formatted as the same day everywhere.
 */
export class LocalDay {
  constructor(readonly day: string) {}

  in(translator: Translator): string {
    const date = new Date(`${this.day}T00:00:00Z`);
    if (Number.isNaN(date.getTime())) return this.day;
    return new Intl.DateTimeFormat(translator.language, { dateStyle: 'medium', timeZone: 'UTC' }).format(
      date,
    );
  }

  toString(): string {
    return this.in(english);
  }
}

export class LocalText {
  constructor(
    readonly key: MessageKey,
    readonly values: LocalTextValues = {},
  ) {}

  in(translator: Translator): string {
    const values = Object.fromEntries(
      Object.entries(this.values).map(([name, value]) => [
        name,
        value instanceof LocalText || value instanceof LocalDay ? value.in(translator) : value,
      ]),
    );
    return translator.t(this.key, values);
  }

  toString(): string {
    return this.in(english);
  }
}

export function localText(key: MessageKey, values?: LocalTextValues): LocalText {
  return new LocalText(key, values);
}

/** A field problem as services report it: a LocalText, or English from elsewhere (a directory). */
export type Problem = string | LocalText;
