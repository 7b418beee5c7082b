import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jobCost, paperSizeKey } from './cost-model.js';

const printer = { cost_gray: 1000, cost_color: 5000, duplex_discount: 20 };
const sizes = [{ size: 'A3', cost_gray: 2000, cost_color: 9000 }];
const job = { pages: 10, colorPages: 0, copies: 1, duplex: false, paperSize: 'A4' };

describe('cost model', () => {
  it('prices grayscale and colour pages of every copy at the base prices', () => {
    assert.equal(jobCost(printer, sizes, job), 10_000);
    assert.equal(jobCost(printer, sizes, { ...job, colorPages: 2, copies: 3 }), 3 * (8 * 1000 + 2 * 5000));
  });

  it('uses a paper size’s own prices, matching its name loosely', () => {
    assert.equal(jobCost(printer, sizes, { ...job, paperSize: 'iso a3' }), 20_000);
    assert.equal(paperSizeKey('ISO_A4'), 'a4');
    assert.equal(paperSizeKey('NA Letter'), 'letter');
  });

  it('takes the duplex discount off every page printed on both sides', () => {
    assert.equal(jobCost(printer, sizes, { ...job, duplex: true }), 8000);
    assert.equal(jobCost({ ...printer, duplex_discount: 0 }, [], { ...job, duplex: true }), 10_000);
  });
});
