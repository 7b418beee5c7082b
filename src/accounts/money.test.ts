import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { moneyFormat, isCurrencyCode } from './money-format.js';
import {
  amountFromDouble,
  amountToDecimal,
  amountToDouble,
  AmountError,
  discounted,
  MAX_AMOUNT,
  parseAmount,
} from './money.js';

describe('money', () => {
  it('parses typed amounts exactly, with "." or "," as the decimal mark', () => {
    assert.equal(parseAmount('1.50'), 15000);
    assert.equal(parseAmount('1,5'), 15000);
    assert.equal(parseAmount('-0.0001'), -1);
    assert.equal(parseAmount(' 42 '), 420000);
    assert.equal(parseAmount('.25'), 2500);
    assert.equal(parseAmount('1e2'), 1_000_000);
    assert.equal(parseAmount('15e-4'), 15);
    assert.equal(Object.is(parseAmount('-0'), -0), false, 'no negative zero');
  });

  it('rounds beyond ten-thousandths half to even', () => {
    assert.equal(parseAmount('0.00005'), 0);
    assert.equal(parseAmount('0.00015'), 2);
    assert.equal(parseAmount('0.00025'), 2);
    assert.equal(parseAmount('0.000251'), 3);
    assert.equal(parseAmount('-0.00015'), -2);
    assert.equal(parseAmount('2.49995'), 25000);
  });

  it('refuses what is not an amount, or too large, with a readable message', () => {
    for (const bad of ['', 'abc', '1.2.3', '1,000.00', '$5', 'NaN', '--1', '1e999']) {
      assert.throws(() => parseAmount(bad), AmountError, bad);
    }
    assert.throws(() => parseAmount('1000000001'), /too large/);
    assert.equal(parseAmount('1000000000'), MAX_AMOUNT);
  });

  it('takes an XML-RPC double as the decimal the sender wrote', () => {
    assert.equal(amountFromDouble(0.1), 1000);
    assert.equal(amountFromDouble(0.1 + 0.2), 3000, '0.30000000000000004 rounds to 0.3');
    assert.equal(amountFromDouble(-12.34565), -123456);
    assert.equal(amountFromDouble(1e-7), 0);
    assert.throws(() => amountFromDouble(Number.POSITIVE_INFINITY), AmountError);
    assert.throws(() => amountFromDouble(Number.NaN), AmountError);
  });

  it('writes amounts back as decimals and doubles', () => {
    assert.equal(amountToDecimal(15000), '1.5');
    assert.equal(amountToDecimal(-1), '-0.0001');
    assert.equal(amountToDecimal(0), '0');
    assert.equal(amountToDecimal(MAX_AMOUNT), '1000000000');
    assert.equal(amountToDouble(12345), 1.2345);
  });

  it('takes a percentage off a product, rounded half to even', () => {
    assert.equal(discounted(1000, 3, 0), 3000);
    assert.equal(discounted(1000, 3, 20), 2400);
    assert.equal(discounted(5, 1, 50), 2, '2.5 rounds to even');
    assert.equal(discounted(7, 1, 50), 4, '3.5 rounds to even');
    assert.equal(discounted(1000, 1, 100), 0);
  });

  it("formats in the organisation's currency and the reader's locale, up to four decimals", () => {
    assert.equal(moneyFormat('USD', 'en')(12300), '$1.23');
    assert.equal(moneyFormat('USD', 'en')(150), '$0.015');
    assert.equal(moneyFormat('EUR', 'de')(12300).replace(/\s/g, ' '), '1,23 €');
    assert.equal(moneyFormat('JPY', 'en')(1_000_000), '¥100');
    assert.equal(moneyFormat('USD', 'en')(-50000), '-$5.00');
    assert.ok(isCurrencyCode('EUR'));
    assert.ok(!isCurrencyCode('eur'));
    assert.ok(!isCurrencyCode('XYZ1'));
  });
});
