/**
 * Amounts as people read them: the organisation's currency in the reader's locale format
 * ('$1.23', '1,23 €'), with up to four decimals when a price needs them ('$0.015').
 *
 *   const money = moneyFormat('EUR', 'de'); money(12345) // '1,2345 €'
 */
import { amountToDecimal } from './money.js';

export type MoneyFormat = (amount: number) => string;

const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = formats.get(key);
  if (!format) {
    const digits = new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions()
      .minimumFractionDigits;
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: Math.max(digits ?? 2, 4),
    });
    formats.set(key, format);
  }
  return format;
}

/** A formatter for one currency and locale; formats from the exact decimal text, never a float. */
export function moneyFormat(currency: string, locale: string): MoneyFormat {
  const format = numberFormat(currency, locale);
  // Intl formats a decimal string exactly (ES2023); the cast is only for older lib typings.
  return (amount) => format.format(amountToDecimal(amount) as unknown as number);
}

/** Whether `code` is a currency Intl knows (ISO 4217, upper case). */
export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf('currency').includes(code);
}
