/**
 * A sentence a service means for a person, kept as a catalog key and its values so that each
 * page can say it in its reader's language. Its English text is what the Admin Console, the API
 * and the CLI show, as before.
 *
 *   fields.newPassword = localText('problem.password.tooShort', { min: 8 });
 *   String(fields.newPassword) // 'Passwords must be at least 8 characters long.'
 */
import { english, type MessageKey, type MessageValues, type Translator } from './translator.js';

export class LocalText {
  constructor(
    readonly key: MessageKey,
    readonly values: MessageValues = {},
  ) {}

  in(translator: Translator): string {
    return translator.t(this.key, this.values);
  }

  toString(): string {
    return this.in(english);
  }
}

export function localText(key: MessageKey, values?: MessageValues): LocalText {
  return new LocalText(key, values);
}

/** A field problem as services report it: a LocalText, or English from elsewhere (a directory). */
export type Problem = string | LocalText;
