/**
 * Cursor paging for every list: a cursor is the base64url of the last item's key (a username, a
 * group name, an id), so the next page is a keyset range scan on an indexed column — never
 * OFFSET, whose cost grows with the page number and which skips or repeats rows when others are
 * added or removed meanwhile.
 *
 *   const after = decodeCursor(query.cursor);             // undefined on the first page
 *   const { rows, hasMore } = await pageOf(after, limit);  // limit + 1 rows fetched
 *   return { items, nextCursor: nextCursor(rows, hasMore, (r) => r.username) };
 */
import { ValidationError } from '../errors.js';
import { DEFAULT_PAGE_SIZE } from './schemas.js';

export function encodeCursor(key: string | number): string {
  return Buffer.from(String(key), 'utf8').toString('base64url');
}

/** The key in a cursor this API gave out; a 400 naming `cursor` for anything else. */
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw badCursor();
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (key === '' || key.includes('\uFFFD') || encodeCursor(key) !== cursor) throw badCursor();
  return key;
}

/** For lists keyed by id. */
export function decodeIdCursor(cursor: string | undefined): number | undefined {
  const key = decodeCursor(cursor);
  if (key === undefined) return undefined;
  if (!/^[1-9][0-9]{0,9}$/.test(key)) throw badCursor();
  return Number(key);
}

function badCursor(): ValidationError {
  return new ValidationError({
    cursor:
      'This is not a cursor this API gave out. Start again without `cursor`, then pass each page’s `nextCursor`.',
  });
}

export function pageSize(limit: number | undefined): number {
  return limit ?? DEFAULT_PAGE_SIZE;
}

export function nextCursor<T>(
  rows: readonly T[],
  hasMore: boolean,
  key: (row: T) => string | number,
): string | null {
  const last = rows.at(-1);
  return hasMore && last !== undefined ? encodeCursor(key(last)) : null;
}
