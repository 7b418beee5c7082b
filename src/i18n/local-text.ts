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

/** Values of a LocalText: those of a message, or sentences said in the same language. */
export type LocalTextValues = Readonly<Record<string, MessageValues[string] | LocalText>>;

export class LocalText {
  constructor(
    readonly key: MessageKey,
    readonly values: LocalTextValues = {},
  ) {}

  in(translator: Translator): string {
    const values = Object.fromEntries(
      Object.entries(this.values).map(([name, value]) => [
        name,
        value instanceof LocalText ? value.in(translator) : value,
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
