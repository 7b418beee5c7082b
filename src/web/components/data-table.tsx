/**
 * The one table of the Admin Console and the User Web Interface: a caption, columns declared as
 * data, an empty state and the scroll box that keeps a wide table from widening the page (WCAG
 * 1.4.10) and that a keyboard can scroll. A column
 * with a sort key gets a header link that sets `?sort=<key>&dir=asc|desc`, so sorting works
 * without JavaScript; the route checks the key against its Map of known keys with `parseSort` and
 * sorts, in the repository query for a paged list or with `sortRows` for a short one.
 *
 *   const TOKEN_SORTS = new Map([['name', byText((t: Token) => t.name)]]);
 *   const sort = parseSort(request.query, TOKEN_SORTS, { key: 'name', dir: 'asc' });
 *   <DataTable
 *     caption="API tokens" captionHidden
 *     columns={[{ header: 'Name', sort: 'name', cell: (t) => t.name }]}
 *     rows={sortRows(tokens, TOKEN_SORTS, sort)}
 *     empty="No API tokens yet."
 *     sorting={{ current: sort, path: '/admin/api-tokens', params: new URLSearchParams() }}
 *   />
 */
import type { ComponentChildren } from 'preact';
import { field } from '../render.js';
import { useAdminTranslator } from './translation.js';

export type SortDir = 'asc' | 'desc';

/** The order a list is shown in; a key no column has (such as '') sorts by no column. */
export interface SortState {
  key: string;
  dir: SortDir;
}

export interface Column<Row> {
  header: ComponentChildren;
  cell: (row: Row) => ComponentChildren;
  /** Makes the header a sort link with this key; the route's Map must know it. */
  sort?: string;
  /** The cell names its row (`<th scope="row">`). */
  rowHeader?: boolean;
  /** How many columns this row's cell spans; the columns it covers are left out of that row. */
  span?: (row: Row) => number;
}

export interface TableSorting {
  current: SortState;
  /** The page's path and its other query parameters, which the sort links keep. */
  path: string;
  params: URLSearchParams;
}

export interface DataTableProps<Row> {
  /** Also names the scroll box, so it is text. */
  caption: string;
  /** The caption is for screen readers only, as a heading above already names the table. */
  captionHidden?: boolean;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  /** Shown instead of the table when there is no row; without it an empty table is shown. */
  empty?: ComponentChildren;
  sorting?: TableSorting;
  /** false for a table of row headers and values, which has no header row. */
  head?: boolean;
}

/**
 * Reads `sort` and `dir` from a query. The key must be in `keys` (a Map, so a name from outside
 * never reaches an object's prototype); anything else leaves the default order.
 */
export function parseSort(
  query: unknown,
  keys: ReadonlyMap<string, unknown>,
  fallback: SortState,
): SortState {
  const key = field(query, 'sort');
  if (!keys.has(key)) return fallback;
  return { key, dir: field(query, 'dir') === 'desc' ? 'desc' : 'asc' };
}

export type Compare<Row> = (a: Row, b: Row) => number;

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Compares rows by a text (an ISO time sorts as text too); no value sorts first. */
export function byText<Row>(value: (row: Row) => string | null | undefined): Compare<Row> {
  return (a, b) => collator.compare(value(a) ?? '', value(b) ?? '');
}

/** A short list in the order asked for; an unknown key keeps the order it came in. */
export function sortRows<Row>(
  rows: readonly Row[],
  keys: ReadonlyMap<string, Compare<Row>>,
  sort: SortState,
): Row[] {
  const compare = keys.get(sort.key);
  if (!compare) return [...rows];
  const sign = sort.dir === 'desc' ? -1 : 1;
  // Array.prototype.sort is stable, so equal rows keep their default order.
  return [...rows].sort((a, b) => sign * compare(a, b));
}

/** The address a sort link goes to: the same page, its other parameters kept, from the first page. */
export function sortHref(path: string, params: URLSearchParams, key: string, dir: SortDir): string {
  const next = new URLSearchParams(params);
  next.delete('page');
  next.set('sort', key);
  next.set('dir', dir);
  return `${path}?${next.toString()}`;
}

/** aria-sort's tokens, not words: they stay English in every language. */
const ARIA_SORT: Record<SortDir, 'ascending' | 'descending'> = { asc: 'ascending', desc: 'descending' };
const ARROWS: Record<SortDir, string> = { asc: '▲', desc: '▼' };

function HeaderCell<Row>({ column, sorting }: { column: Column<Row>; sorting?: TableSorting }) {
  // Only the Admin Console's tables sort (the User Web Interface's are short), so the sort words
  // are the admin catalog's; a sortable user-facing table would take them from the shipped ones.
  const t = useAdminTranslator();
  if (!column.sort || !sorting) return <th scope="col">{column.header}</th>;
  const sorted = sorting.current.key === column.sort;
  const dir = sorted ? sorting.current.dir : undefined;
  const next: SortDir = dir === 'asc' ? 'desc' : 'asc';
  return (
    <th scope="col" aria-sort={dir && ARIA_SORT[dir]}>
      <a href={sortHref(sorting.path, sorting.params, column.sort, next)}>
        {column.header}
        {dir && (
          <>
            {/* A no-break space: the arrow never wraps onto a line of its own. */}
            {'\u00a0'}
            <span class="sort-arrow" role="img" aria-label={t.t('admin.table.sorted', { dir })}>
              {ARROWS[dir]}
            </span>
          </>
        )}
        <span class="visually-hidden">{t.t('admin.table.sortLink', { dir: next })}</span>
      </a>
    </th>
  );
}

function TableRow<Row>({ columns, row }: { columns: readonly Column<Row>[]; row: Row }) {
  const cells = [];
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!;
    const span = column.span?.(row) ?? 1;
    const colSpan = span > 1 ? span : undefined;
    cells.push(
      column.rowHeader ? (
        <th scope="row" colSpan={colSpan}>
          {column.cell(row)}
        </th>
      ) : (
        <td colSpan={colSpan}>{column.cell(row)}</td>
      ),
    );
    i += Math.max(span, 1) - 1;
  }
  return <tr>{cells}</tr>;
}

export function DataTable<Row>(props: DataTableProps<Row>) {
  if (props.rows.length === 0 && props.empty !== undefined) return <p>{props.empty}</p>;
  return (
    // A narrow screen scrolls the box; a named, focusable region lets a keyboard scroll it too
    // (axe: scrollable-region-focusable).
    <div class="table-wrap" role="region" aria-label={props.caption} tabindex={0}>
      <table>
        <caption class={props.captionHidden ? 'visually-hidden' : undefined}>{props.caption}</caption>
        {props.head !== false && (
          <thead>
            <tr>
              {props.columns.map((column) => (
                <HeaderCell column={column} sorting={props.sorting} />
              ))}
            </tr>
          </thead>
        )}
        <tbody>
          {props.rows.map((row) => (
            <TableRow columns={props.columns} row={row} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
