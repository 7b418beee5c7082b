/**
 * Admin Console → Users: the list (GET /admin/users) and its CSV download (GET /admin/users.csv).
 * The query is read once into a UserListQuery (every name from outside looked up in a Map), then
 * into the repository's UserSearch; the bulk actions re-render the list through `sendUsersList`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AmountError, amountToDecimal, parseAmount } from '../../accounts/money.js';
import { ValidationError } from '../../errors.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import type { UserFilters } from '../../users/users-filters.repository.js';
import { COUNT_BOUND } from '../../users/users-search.repository.js';
import { presentUser } from '../../users/user.presenter.js';
import { dayIn } from '../../users/account-expiry.js';
import { effectiveTimeZone } from '../../settings/settings.service.js';
import {
  USER_SORTS,
  type UserSearch,
  type UserSort,
  type UserWithAccount,
} from '../../users/users.repository.js';
import { parseSort } from '../components/data-table.js';
import { csvByCursor, sendCsvStream, type CsvColumns } from '../csv.js';
import { field, sendPage } from '../render.js';
import type { WebContext } from '../context.js';
import { doneNotice, positiveInt, type AdminFrame } from './admin.pages.js';
import type { BulkFormState } from './users-bulk.pages.js';
import { DEFAULT_LIST, PAGE_SIZES, type UserListQuery } from './users-list-query.js';
import { UsersListPage, type ListedUser } from './users-list.pages.js';

/** The count is exact up to this many users; past it the page says "more than". */

/** The most users one CSV download holds: rows are streamed, so memory stays flat. */
const CSV_MAX_USERS = 2_000_000;

/** The Users list's sort keys: the repository's own, so the paged query does the sorting. */
const USER_SORT_KEYS: ReadonlyMap<string, UserSort> = new Map(USER_SORTS.map((sort) => [sort, sort]));

/** A yes/no filter's choices: undefined is either. */
const YES_NO: ReadonlyMap<string, boolean | undefined> = new Map([
  ['any', undefined],
  ['yes', true],
  ['no', false],
]);

/** The status filters: the query's name → the repository's filter. */
const STATUS_FILTERS: ReadonlyMap<
  'disabled' | 'locked' | 'admin' | 'never',
  Exclude<keyof UserFilters, 'department'>
> = new Map([
  ['disabled', 'disabled'],
  ['locked', 'locked'],
  ['admin', 'admin'],
  ['never', 'neverSignedIn'],
] as const);

const SIZES: ReadonlyMap<string, number> = new Map(PAGE_SIZES.map((size) => [String(size), size]));

/** A yes/no choice as sent, or 'any' for anything else. */
function yesNo(query: unknown, name: string): string {
  const value = field(query, name);
  return YES_NO.has(value) ? value : 'any';
}

export function parseUserListQuery(query: unknown, sourceIds: number[]): UserListQuery {
  const source = field(query, 'source');
  const sort = parseSort(query, USER_SORT_KEYS, { key: 'username', dir: 'asc' });
  const parsed: UserListQuery = {
    ...DEFAULT_LIST,
    q: field(query, 'q').trim().slice(0, 200),
    source: source === 'internal' || sourceIds.includes(positiveInt(source) ?? 0) ? source : 'all',
    restricted: yesNo(query, 'restricted'),
    below: field(query, 'below').trim().slice(0, 40),
    dept: field(query, 'dept').trim().slice(0, 200),
    sort: USER_SORT_KEYS.get(sort.key) ?? 'username',
    dir: sort.dir,
    page: Math.min(positiveInt(field(query, 'page')) ?? 1, 100_000),
    size: SIZES.get(field(query, 'size')) ?? DEFAULT_LIST.size,
  };
  for (const name of STATUS_FILTERS.keys()) parsed[name] = yesNo(query, name);
  return parsed;
}

/** The Balance below filter in ten-thousandths; undefined when empty. */
function balanceBelow(text: string): number | undefined {
  if (text === '') return undefined;
  try {
    return parseAmount(text);
  } catch (error) {
    if (!(error instanceof AmountError)) throw error;
    throw new ValidationError({ below: adminEnglish.t('admin.users.list.belowInvalid') });
  }
}

/** The repository's search for a list query, without paging; a balance that is no amount is a ValidationError. */
export function searchOf(query: UserListQuery): UserSearch {
  const filters: UserFilters = { department: query.dept === '' ? undefined : query.dept };
  for (const [name, filter] of STATUS_FILTERS) filters[filter] = YES_NO.get(query[name]);
  return {
    query: query.q,
    source:
      query.source === 'all' ? undefined : query.source === 'internal' ? 'internal' : Number(query.source),
    restricted: YES_NO.get(query.restricted),
    balanceBelow: balanceBelow(query.below),
    filters,
    sort: query.sort,
    descending: query.dir === 'desc',
  };
}

/** `today` in the organisation's time zone: an account whose expiry day is before it shows Expired. */
function listedUser(
  row: UserWithAccount,
  sourceNames: ReadonlyMap<number, string>,
  today: string,
): ListedUser {
  return {
    ...presentUser(row, sourceNames, today),
    balance: row.account_balance,
    restricted: row.account_restricted === null ? null : row.account_restricted === 1,
  };
}

/** The list for a raw query: 200, or 400 with the field's error for a filter it cannot read. */
export async function sendUsersList(
  context: WebContext,
  request: FastifyRequest,
  reply: FastifyReply,
  frame: AdminFrame,
  raw: unknown,
  bulk?: BulkFormState,
): Promise<FastifyReply> {
  const { users, sources, settings, clock } = context.services;
  // The cached id → name map (as the page's users are presented): no query a page.
  const names = await sources.names();
  const query = parseUserListQuery(raw, [...names.keys()]);
  const page = (
    found: ListedUser[],
    more: { hasMore: boolean; count: number },
    errors?: Record<string, string>,
  ) =>
    sendPage(
      reply,
      errors || bulk ? 400 : 200,
      <UsersListPage
        frame={frame}
        query={query}
        users={found}
        {...more}
        countBound={COUNT_BOUND}
        sources={[...names].map(([id, name]) => ({ id, name }))}
        notice={bulk ? undefined : doneNotice(request.query)}
        errors={errors}
        bulk={bulk}
      />,
    );
  let search: UserSearch;
  try {
    search = searchOf(query);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return page([], { hasMore: false, count: 0 }, error.fields);
  }
  const { rows, hasMore, total } = await users.search({
    ...search,
    offset: (query.page - 1) * query.size,
    limit: query.size,
  });
  // The page reads a count past the bound as "more than": the search stopped counting there.
  const count = total.exact ? total.count : COUNT_BOUND + 1;
  const today = dayIn(clock.now(), effectiveTimeZone(await settings.get()));
  return page(
    rows.map((row) => listedUser(row, names, today)),
    { hasMore, count },
  );
}

const yesNoCell = (value: boolean) => (value ? 'yes' : 'no');

/** The CSV's columns, one user a line, named like the other CSV downloads' (snake_case). */
function csvColumns(sourceNames: ReadonlyMap<number, string>): CsvColumns<UserWithAccount> {
  return [
    ['username', (row) => row.username],
    ['full_name', (row) => row.full_name],
    ['email', (row) => row.email],
    ['department', (row) => row.department],
    ['office', (row) => row.office],
    ['card_number', (row) => row.card_number],
    ['card_number2', (row) => row.card_number2],
    ['source', (row) => (row.source_id === null ? 'Internal' : (sourceNames.get(row.source_id) ?? ''))],
    ['balance', (row) => (row.account_balance === null ? '' : amountToDecimal(row.account_balance))],
    ['restricted', (row) => (row.account_restricted === null ? '' : yesNoCell(row.account_restricted === 1))],
    ['disabled', (row) => yesNoCell(row.disabled === 1)],
    ['admin', (row) => yesNoCell(row.is_admin === 1)],
    ['last_log_in', (row) => row.last_sign_in_at ?? ''],
  ];
}

export function registerUsersListRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
): void {
  const { users, sources } = context.services;

  server.get('/admin/users', async (request, reply) =>
    sendUsersList(context, request, reply, await adminFrame(request), request.query),
  );

  server.get('/admin/users.csv', async (request, reply) => {
    await adminFrame(request);
    const names = await sources.names();
    const query = parseUserListQuery(request.query, [...names.keys()]);
    return sendCsvStream(reply, 'users.csv', () => {
      const search = searchOf(query);
      const columns = csvColumns(names);
      return csvByCursor(
        columns,
        (after: string | undefined, limit) => users.exportPage(search, after, limit),
        (row) => row.username,
        CSV_MAX_USERS,
      );
    });
  });
}
