/**
 * The Users list's query: its fields and defaults, and the addresses built from it (page links,
 * the CSV download, the bulk form's way back), shared by the list's pages and routes.
 *
 *   usersListHref({ ...DEFAULT_LIST, dept: 'Sales', page: 2 }) // '/admin/users?dept=Sales&page=2'
 */
import type { UserSort } from '../../users/users.repository.js';

/** The page sizes offered; the first page size is the default. */
export const PAGE_SIZES = [50, 25, 100, 200] as const;

/** The validated query of the Users list. */
export interface UserListQuery {
  q: string;
  /** 'all', 'internal' or a source id. */
  source: string;
  /** 'any', 'yes' or 'no'. */
  restricted: string;
  /** Only balances below this amount, as typed ('' for no limit); the route parses it. */
  below: string;
  /** The status filters (STATUS_FILTERS): 'any', 'yes' or 'no'. */
  disabled: string;
  locked: string;
  admin: string;
  never: string;
  /** Exactly this department ('' for any). */
  dept: string;
  sort: UserSort;
  dir: 'asc' | 'desc';
  page: number;
  size: number;
}

export const DEFAULT_LIST: UserListQuery = {
  q: '',
  source: 'all',
  restricted: 'any',
  below: '',
  disabled: 'any',
  locked: 'any',
  admin: 'any',
  never: 'any',
  dept: '',
  sort: 'username',
  dir: 'asc',
  page: 1,
  size: PAGE_SIZES[0],
};

/** The list's query without its defaults, so links stay short. */
export function listParams(query: UserListQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_LIST) as (keyof UserListQuery)[]) {
    if (query[key] !== DEFAULT_LIST[key]) params.set(key, String(query[key]));
  }
  return params;
}

/** The Users list address for a query. */
export function usersListHref(query: UserListQuery): string {
  const search = listParams(query).toString();
  return search ? `/admin/users?${search}` : '/admin/users';
}
