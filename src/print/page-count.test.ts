import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chargedPages,
  DEFAULT_PRINT_OPTIONS,
  formatRanges,
  normalizeRanges,
  paperSizeOfMedia,
  parseRanges,
  type PrintOptions,
} from './page-count.js';

const options = (extra: Partial<PrintOptions>): PrintOptions => ({ ...DEFAULT_PRINT_OPTIONS, ...extra });

describe('what a job is charged for', () => {
  it('charges every page in colour when the document does not say and the job is not monochrome', () => {
    assert.deepEqual(chargedPages({ pages: 7, pageColors: null }, DEFAULT_PRINT_OPTIONS), {
      pages: 7,
      colorPages: 7,
    });
    assert.deepEqual(chargedPages({ pages: 7, pageColors: null }, options({ colorMode: 'monochrome' })), {
      pages: 7,
      colorPages: 0,
    });
  });

  it('counts colour page by page when the document says, and a side in colour when any page on it is', () => {
    const colors = [true, false, false, false, false, true, false];
    assert.deepEqual(chargedPages({ pages: 7, pageColors: colors }, DEFAULT_PRINT_OPTIONS), {
      pages: 7,
      colorPages: 2,
    });
    // Sides: [1,2] colour, [3,4], [5,6] colour, [7].
    assert.deepEqual(chargedPages({ pages: 7, pageColors: colors }, options({ numberUp: 2 })), {
      pages: 4,
      colorPages: 2,
    });
    assert.deepEqual(chargedPages({ pages: 7, pageColors: colors }, options({ numberUp: 4 })), {
      pages: 2,
      colorPages: 2,
    });
  });

  it('charges only the pages page-ranges selects, each once, within the document', () => {
    const count = { pages: 10, pageColors: Array.from({ length: 10 }, (_, i) => i === 8) };
    const ranges = [
      [8, 20],
      [1, 2],
      [2, 3],
    ] as [number, number][];
    assert.deepEqual(normalizeRanges(ranges, 10), [
      [1, 3],
      [8, 10],
    ]);
    assert.deepEqual(chargedPages(count, options({ pageRanges: ranges })), { pages: 6, colorPages: 1 });
    assert.deepEqual(chargedPages(count, options({ pageRanges: [[11, 12]] })), { pages: 0, colorPages: 0 });
  });

  it('stores ranges as text and reads them back', () => {
    assert.equal(formatRanges([]), '');
    assert.deepEqual(parseRanges(''), []);
    assert.deepEqual(
      parseRanges(
        formatRanges([
          [1, 3],
          [7, 7],
        ]),
      ),
      [
        [1, 3],
        [7, 7],
      ],
    );
  });

  it('reads the paper size out of a PWG media name', () => {
    assert.equal(paperSizeOfMedia('iso_a4_210x297mm'), 'a4');
    assert.equal(paperSizeOfMedia('na_letter_8.5x11in'), 'letter');
    assert.equal(paperSizeOfMedia('na_govt-letter_8x10in'), 'govt-letter');
    assert.equal(paperSizeOfMedia('A3'), 'A3');
    assert.equal(paperSizeOfMedia(''), '');
  });
});
