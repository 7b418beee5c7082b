/**
 * The filters the job log and the transaction log share, given by name from outside (the Admin
 * Console, the REST API, the CLI): a user, an account, a time range and a page cursor. A name
 * nobody has is a problem with the filter (a ValidationError naming it, so a 400), never an empty
 * page that looks like "nothing happened".
 *
 *   const found = await resolveLogQuery({ store, users }, { user: 'alice', account: 'Science' });
 *   // { user: UserRow, accountId: 7, from: undefined, to: undefined, before: undefined }
 */
import type { AccountRow } from '../db/accounting.schema.js';
import type { UserRow } from '../db/schema.js';
import { isAppError, NotFoundError, ValidationError } from '../errors.js';
import { localText, type Problem } from '../i18n/local-text.js';
import type { AccountingStore } from './accounting-store.js';

export interface LogQuery {
  user?: string;
  /** A shared account's full name, or a username for that user's personal account. */
  account?: string;
  /** Times (ISO 8601, or a date: midnight UTC): created at or after `from`, before `to`. */
  from?: string;
  to?: string;
  /** Rows with an id below this: the next page, newest first. */
  before?: number;
}

export interface ResolvedLogQuery {
  user?: UserRow;
  accountId?: number;
  from?: string;
  to?: string;
  before?: number;
}

export interface LogQueryDeps {
  store: Pick<AccountingStore, 'accounts'>;
  users: { requireUser(username: string): Promise<UserRow> };
}

/** An ISO time, or a date as its midnight in UTC; anything else is the field's 400. */
export function isoTime(field: string, text: string | undefined): string | undefined {
  if (text === undefined || text === '') return undefined;
  const at = /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())
    ? new Date(text.trim())
    : new Date(NaN);
  if (Number.isNaN(at.getTime())) {
    throw new ValidationError({ [field]: 'Give a date or time such as 2026-12-01 or 2026-12-01T08:00:00Z.' });
  }
  return at.toISOString();
}

/**
 * A name filter's not-found as a problem with the filter (400 naming it, saying `notFound`), not
 * a missing page; another refusal of the name is the filter's problem too.
 */
export async function resolveName<T>(field: string, find: () => Promise<T>, notFound: Problem): Promise<T> {
  try {
    return await find();
  } catch (error) {
    if (error instanceof NotFoundError) throw new ValidationError({ [field]: notFound });
    if (error instanceof ValidationError)
      throw new ValidationError({ [field]: Object.values(error.problems)[0] ?? error.message });
    if (isAppError(error)) throw new ValidationError({ [field]: error.message });
    throw error;
  }
}

/**
 * The account a name means: the shared account of that full name, else the personal account of
 * the user of that name (a shared account's name wins where both exist, as names are typed).
 */
export async function accountByName(deps: LogQueryDeps, name: string): Promise<AccountRow> {
  const text = name.trim();
  const shared = await deps.store.accounts.sharedByName(text);
  if (shared) return shared;
  const user = await deps.users.requireUser(text).catch((error: unknown) => {
    if (isAppError(error)) return undefined;
    throw error;
  });
  const personal = user && (await deps.store.accounts.personal(user.id));
  if (!personal) {
    throw new ValidationError({ account: localText('problem.log.noAccount', { name: text }) });
  }
  return personal;
}

export async function resolveLogQuery(deps: LogQueryDeps, query: LogQuery): Promise<ResolvedLogQuery> {
  const resolved: ResolvedLogQuery = {
    from: isoTime('from', query.from),
    to: isoTime('to', query.to),
    before: query.before,
  };
  if (query.user) {
    const name = query.user;
    resolved.user = await resolveName(
      'user',
      () => deps.users.requireUser(name),
      localText('problem.log.noUser', { name }),
    );
  }
  if (query.account) resolved.accountId = (await accountByName(deps, query.account)).id;
  return resolved;
}
