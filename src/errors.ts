/**
 * Every failure a user or caller can cause is an AppError with an HTTP status and a stable id.
 * Each transport maps them in one place — the pages in web/error-pages.tsx, the REST API in
 * api/problem.ts, XML-RPC to faults in rpc/rpc.plugin.ts — over what http/request-errors.ts shares.
 * Anything else is a bug and becomes a logged 500 (a generic page, problem or fault).
 *
 *   throw new ValidationError({ username: 'Usernames may not contain "/", "\\" or "@".' });
 */
import { LocalText, type Problem } from './i18n/local-text.js';
import type { Translator } from './i18n/translator.js';

export class AppError extends Error {
  constructor(
    readonly id: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Field-level validation failures: forms re-render with each message beside its field. `fields`
 * holds English (the Admin Console, the API and the CLI show it); a problem given as a LocalText
 * can also be said in a page's language with `fieldsIn`.
 */
export class ValidationError extends AppError {
  readonly fields: Record<string, string>;
  private readonly texts: ReadonlyMap<string, LocalText>;

  constructor(problems: Record<string, Problem>) {
    const fields = Object.fromEntries(
      Object.entries(problems).map(([name, problem]) => [name, String(problem)]),
    );
    super('validation_failed', 400, Object.values(fields).join(' '));
    this.fields = fields;
    this.texts = new Map(
      Object.entries(problems).filter((entry): entry is [string, LocalText] => entry[1] instanceof LocalText),
    );
  }

  /** Each field's problem as it was given (a LocalText keeps its key), to combine with others. */
  get problems(): Record<string, Problem> {
    return Object.fromEntries(
      Object.entries(this.fields).map(([name, english]) => [name, this.texts.get(name) ?? english]),
    );
  }

  /** The messages in `translator`'s language (English where a service gave only English). */
  fieldsIn(translator: Translator): Record<string, string> {
    return Object.fromEntries(
      Object.entries(this.fields).map(([name, english]) => [
        name,
        this.texts.get(name)?.in(translator) ?? english,
      ]),
    );
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Not found.') {
    super('not_found', 404, message);
  }
}

export class ConflictError extends AppError {
  /** The message as the service gave it: a LocalText keeps its key for a form's field error. */
  readonly text: Problem;

  constructor(
    message: Problem,
    readonly field?: string,
  ) {
    super('conflict', 409, String(message));
    this.text = message;
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Please log in.') {
    super('unauthorized', 401, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to do that.') {
    super('forbidden', 403, message);
  }
}

/** A state-changing request that failed the Origin or CSRF token check. */
export class CsrfError extends AppError {
  constructor() {
    super(
      'csrf_failed',
      403,
      'This form has expired or did not come from this site. Please go back, reload the page and try again.',
    );
  }
}

/** A directory source (program, LDAP server…) failed; nothing was changed. */
export class SourceError extends AppError {
  constructor(message: string) {
    super('source_failed', 502, message);
  }
}

/** The database could not grow (a full disk, SQLITE_FULL, PostgreSQL's disk_full); nothing was changed. */
export class StorageFullError extends AppError {
  constructor(message: string) {
    super('storage_full', 507, message);
  }
}

/**
 * Why a print document was refused; the IPP endpoint maps each reason to its status code:
 * format-error → client-error-document-format-error (corrupt, truncated, not that format at all),
 * unprintable → client-error-document-unprintable (valid but past a limit or using a feature the
 * counter cannot read), password-required → client-error-document-password-error,
 * format-not-supported and interpreter-missing → client-error-document-format-not-supported.
 */
export type DocumentErrorReason =
  'format-error' | 'unprintable' | 'password-required' | 'format-not-supported' | 'interpreter-missing';

const DOCUMENT_ERROR_STATUS: ReadonlyMap<DocumentErrorReason, number> = new Map([
  ['format-error', 400],
  ['unprintable', 422],
  ['password-required', 422],
  ['format-not-supported', 415],
  ['interpreter-missing', 415],
] as const);

/** A print document that cannot be counted (so cannot be charged or printed); the message says why. */
export class DocumentError extends AppError {
  constructor(
    readonly reason: DocumentErrorReason,
    message: string,
  ) {
    super(`document_${reason.replaceAll('-', '_')}`, DOCUMENT_ERROR_STATUS.get(reason) ?? 400, message);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** A directory refused a password change (policy, history, rights); the message says why, readably. */
export class PasswordChangeRefused extends AppError {
  constructor(
    /** Why, for the user's page in its language (`message` holds the English). */
    readonly text: Problem,
    /** The form field the refusal is about: a wrong current password, or a new one the policy refuses. */
    readonly field: 'currentPassword' | 'newPassword' = 'newPassword',
  ) {
    super('password_change_refused', 400, String(text));
  }
}

/** The mail server refused or could not be reached; the message says why (never a password). */
export class MailError extends AppError {
  constructor(message: string) {
    super('mail_failed', 502, message);
  }
}

/** An API token that is missing, malformed, unknown, wrong or revoked: one answer for all. */
export class InvalidTokenError extends AppError {
  constructor(
    message = 'The API token is not valid. Create one under Admin Console → Options → Web services, or with `quire api-token create`.',
  ) {
    super('invalid_token', 401, message);
  }
}

/** A valid API token without the scope the call needs. */
export class InsufficientScopeError extends AppError {
  constructor(readonly scope: string) {
    super('insufficient_scope', 403, `This API token does not have the "${scope}" scope.`);
  }
}

/** A web services (XML-RPC) caller outside the allowed addresses (Options → Web services). */
export class AddressNotAllowedError extends AppError {
  constructor(ip: string) {
    super(
      'address_not_allowed',
      403,
      `Web services calls are not allowed from ${ip}. An administrator can allow the address under Admin Console → Options → Web services.`,
    );
  }
}

/** Too many failed attempts from this address; `retryAfter` is in seconds. */
export class TooManyAttemptsError extends AppError {
  constructor(readonly retryAfter: number) {
    super(
      'too_many_attempts',
      429,
      `Too many failed attempts from this address. Try again in ${retryAfter} second${retryAfter === 1 ? '' : 's'}.`,
    );
  }
}

/** A print document larger than the spool accepts; nothing of it is kept. */
export class DocumentTooLargeError extends AppError {
  constructor(readonly limit: number) {
    super('document_too_large', 413, `The document is larger than ${limit} bytes, the most Quire accepts.`);
  }
}
