/**
 * The words of an error page: a title per HTTP status, and the message of an error whose words
 * are fixed said in the page's language (an error carrying particular text, such as a
 * directory's answer, keeps it).
 */
import type { AppError } from '../../errors.js';
import { localText, type LocalText } from '../../i18n/local-text.js';
import type { MessageKey } from '../../i18n/translator.js';

export const ERROR_TITLES: ReadonlyMap<number, MessageKey> = new Map<number, MessageKey>([
  [403, 'error.title.accessDenied'],
  [404, 'error.title.notFound'],
  [409, 'error.title.notPossible'],
]);

/** Errors whose message is always the same sentence (or one number in it). */
const FIXED_MESSAGES = new Map<string, (error: AppError) => LocalText | undefined>([
  ['csrf_failed', () => localText('error.message.csrf')],
  ['too_many_attempts', (error) => localText('error.message.tooManyAttempts', retryOf(error))],
  [
    'forbidden',
    (error) =>
      error.message === 'You do not have permission to do that.'
        ? localText('error.message.forbidden')
        : undefined,
  ],
]);

function retryOf(error: AppError): { seconds: number } {
  return { seconds: 'retryAfter' in error && typeof error.retryAfter === 'number' ? error.retryAfter : 0 };
}

export function pageMessage(error: AppError): string | LocalText {
  return FIXED_MESSAGES.get(error.id)?.(error) ?? error.message;
}
