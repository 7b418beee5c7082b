import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvField, csvOf, CSV_MAX_ROWS } from './csv.js';

describe('CSV export', () => {
  it('quotes every field and defuses what a spreadsheet would run as a formula', () => {
    assert.equal(csvField('Essay "final".pdf'), '"Essay ""final"".pdf"');
    for (const text of ['=HYPERLINK("x")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx', '-', '-1e5']) {
      assert.ok(csvField(text).startsWith(`"'`), text);
    }
  });

  it('leaves numbers and negative decimal amounts as numbers', () => {
    assert.equal(csvField(-3), '"-3"');
    assert.equal(csvField('-0.3'), '"-0.3"');
    assert.equal(csvField('+12'), '"+12"');
    assert.equal(csvField('1.2345'), '"1.2345"');
  });

  it('reads batches below the last id until a short one, and stops at the bound', async () => {
    const asked: (number | undefined)[] = [];
    const text = await csvOf([['id', (row: { id: number }) => row.id]], async (before, limit) => {
      asked.push(before);
      const top = before ?? 1200;
      return Array.from({ length: Math.min(limit, top - 1) }, (_, i) => ({ id: top - 1 - i }));
    });
    const lines = text.trimEnd().split('\r\n');
    assert.equal(lines.length, 1 + 1199);
    assert.deepEqual(asked, [undefined, 700, 200]);
    assert.equal(lines[1], '"1199"');

    let reads = 0;
    const endless = await csvOf([['id', (row: { id: number }) => row.id]], async (_before, limit) => {
      reads += 1;
      return Array.from({ length: limit }, () => ({ id: 5 }));
    });
    assert.equal(endless.trimEnd().split('\r\n').length, 1 + CSV_MAX_ROWS);
    assert.ok(reads <= CSV_MAX_ROWS / 500 + 1);
  });
});
