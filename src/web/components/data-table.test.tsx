import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import {
  byText,
  DataTable,
  parseSort,
  sortHref,
  sortRows,
  type Column,
  type TableSorting,
} from './data-table.js';

interface Fruit {
  name: string;
  colour: string;
}

const FRUITS: Fruit[] = [
  { name: 'banana', colour: 'yellow' },
  { name: 'apple', colour: 'red' },
  { name: 'cherry', colour: 'dark red' },
];

const COLUMNS: Column<Fruit>[] = [
  { header: 'Name', sort: 'name', cell: (f) => f.name },
  { header: 'Colour', cell: (f) => f.colour },
];

const SORTS = new Map([['name', byText((f: Fruit) => f.name)]]);

function sorting(key: string, dir: 'asc' | 'desc'): TableSorting {
  return { current: { key, dir }, path: '/admin/fruit', params: new URLSearchParams('q=a b&page=3') };
}

describe('DataTable', () => {
  it('shows the empty state instead of the table when there is no row', () => {
    const html = renderToString(
      <DataTable caption="Fruit" columns={COLUMNS} rows={[]} empty="No fruit yet." />,
    );
    assert.equal(html, '<p>No fruit yet.</p>');
  });

  it('shows an empty table when no empty state is given', () => {
    const html = renderToString(<DataTable caption="Fruit" columns={COLUMNS} rows={[]} />);
    assert.match(html, /<table><caption>Fruit<\/caption><thead>/);
    assert.match(html, /<tbody><\/tbody>/);
  });

  it('puts the table in a named, focusable scroll box, with a visible or a screen-reader-only caption', () => {
    const visible = renderToString(<DataTable caption="Fruit" columns={COLUMNS} rows={FRUITS} />);
    assert.match(
      visible,
      /^<div class="table-wrap" role="region" aria-label="Fruit" tabindex="0"><table><caption>Fruit<\/caption>/,
    );
    const hidden = renderToString(
      <DataTable caption="Fruit" captionHidden columns={COLUMNS} rows={FRUITS} />,
    );
    assert.match(hidden, /<caption class="visually-hidden">Fruit<\/caption>/);
    assert.match(hidden, /<td>banana<\/td><td>yellow<\/td>/);
  });

  it('marks the sorted header with aria-sort and a named arrow, and offers the other direction', () => {
    const html = renderToString(
      <DataTable caption="Fruit" columns={COLUMNS} rows={FRUITS} sorting={sorting('name', 'desc')} />,
    );
    assert.match(html, /<th scope="col" aria-sort="descending"><a href="[^"]*dir=asc">Name/);
    assert.match(html, /<span class="sort-arrow" role="img" aria-label="sorted descending">▼<\/span>/);
    assert.match(html, /<th scope="col">Colour<\/th>/, 'a column without a sort key is plain');
  });

  it('shows no arrow and no aria-sort when the list is in its default order', () => {
    const html = renderToString(
      <DataTable caption="Fruit" columns={COLUMNS} rows={FRUITS} sorting={sorting('', 'asc')} />,
    );
    assert.doesNotMatch(html, /aria-sort|sort-arrow/);
    assert.match(html, /href="\/admin\/fruit\?q=a\+b&amp;sort=name&amp;dir=asc"/);
  });

  it('keeps the other query parameters in a sort link and goes back to the first page', () => {
    const href = sortHref(
      '/admin/fruit',
      new URLSearchParams('q=a b&source=2&page=3&sort=colour'),
      'name',
      'desc',
    );
    assert.equal(href, '/admin/fruit?q=a+b&source=2&sort=name&dir=desc');
  });

  it('spans a cell over the columns it covers and names rows with row headers', () => {
    const columns: Column<Fruit>[] = [
      { header: 'Name', rowHeader: true, cell: (f) => f.name },
      { header: 'Colour', span: (f) => (f.colour ? 1 : 2), cell: (f) => f.colour || 'Unknown' },
      { header: 'Taste', cell: () => 'sweet' },
    ];
    const html = renderToString(
      <DataTable caption="Fruit" head={false} columns={columns} rows={[{ name: 'kiwi', colour: '' }]} />,
    );
    assert.doesNotMatch(html, /<thead>/);
    assert.match(html, /<tr><th scope="row">kiwi<\/th><td colSpan="2">Unknown<\/td><\/tr>/i);
  });
});

describe('parseSort and sortRows', () => {
  const fallback = { key: 'name', dir: 'asc' } as const;

  it('takes a known key and its direction', () => {
    assert.deepEqual(parseSort({ sort: 'name', dir: 'desc' }, SORTS, fallback), { key: 'name', dir: 'desc' });
    assert.deepEqual(parseSort({ sort: 'name', dir: 'sideways' }, SORTS, fallback), {
      key: 'name',
      dir: 'asc',
    });
  });

  it('ignores an unknown key, a prototype name included', () => {
    for (const sort of ['colour', 'constructor', '__proto__', 'toString', ''])
      assert.deepEqual(parseSort({ sort, dir: 'desc' }, SORTS, fallback), fallback, sort);
    assert.deepEqual(parseSort(undefined, SORTS, fallback), fallback);
  });

  it('sorts a copy, descending on request, and keeps the order for an unknown key', () => {
    const names = (rows: Fruit[]) => rows.map((f) => f.name);
    assert.deepEqual(names(sortRows(FRUITS, SORTS, { key: 'name', dir: 'asc' })), [
      'apple',
      'banana',
      'cherry',
    ]);
    assert.deepEqual(names(sortRows(FRUITS, SORTS, { key: 'name', dir: 'desc' })), [
      'cherry',
      'banana',
      'apple',
    ]);
    assert.deepEqual(names(sortRows(FRUITS, SORTS, { key: '', dir: 'desc' })), ['banana', 'apple', 'cherry']);
    assert.equal(FRUITS[0]!.name, 'banana', 'the input is left as it was');
  });
});
