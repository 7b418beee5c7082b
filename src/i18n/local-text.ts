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
import { formatDay } from './days.js';
import { english, type MessageKey, type MessageValues, type Translator } from './translator.js';

/** Values of a LocalText: those of a message, or sentences and days said in the same language. */
export type LocalTextValues = Readonly<Record<string, MessageValues[string] | LocalText | LocalDay>>;

/**
 * A calendar day ('YYYY-MM-DD') inside a sentence, written the reader's way: '5 Dec 2026' (en),
 * '5. Dez. 2026' (de). A day has no time zone, so it is formatted as the same day everywhere.
 */
export class LocalDay {
  constructor(readonly day: string) {}

  in(translator: Translator): string {
    return formatDay(translator.language, this.day);
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
