/**
 * Money is an integer number of ten-thousandths of the currency unit, everywhere inside Quire:
 * 1.2345 dollars is 12345. Text and XML-RPC doubles are converted here, at the edges, with
 * half-even rounding to that precision; nothing else does arithmetic on currency as floats.
 *
 *   parseAmount('1.50')      // 15000
 *   amountFromDouble(0.1)    // 1000 (the decimal the script wrote, not 0.1000000000000000055…)
 *   amountToDecimal(-12345)  // '-1.2345'
 */
import { localText, type LocalText } from '../i18n/local-text.js';

/** Ten-thousandths per currency unit. */
export const SCALE = 10_000;
const SCALE_DIGITS = 4;

/**
 * The largest amount (and balance) Quire accepts: one billion currency units. Far beyond any
 * print account, and far below 2^53, so sums of many amounts stay exact in a JavaScript number.
 */
export const MAX_AMOUNT = 1_000_000_000 * SCALE;

/** An amount refused; `problem` says why, for a form's field (`message` holds the English). */
export class AmountError extends Error {
  constructor(readonly problem: LocalText) {
    super(String(problem));
  }
}

/**
 * Rounds a decimal written as digits (sign, integer part, fraction) to ten-thousandths, half to
 * even, exactly (BigInt; no float ever holds the value).
 */
function roundDecimal(negative: boolean, whole: string, fraction: string): number {
  const kept = (fraction + '0'.repeat(SCALE_DIGITS)).slice(0, SCALE_DIGITS);
  const rest = fraction.slice(SCALE_DIGITS).replace(/0+$/, '');
  let units = BigInt(whole || '0') * BigInt(SCALE) + BigInt(kept);
  if (rest !== '') {
    const half = rest === '5';
    const above = rest[0]! > '5' || (rest[0] === '5' && !half);
    if (above || (half && units % 2n === 1n)) units += 1n;
  }
  if (units > BigInt(MAX_AMOUNT)) throw new AmountError(localText('problem.amount.tooLarge'));
  const value = Number(units);
  return negative && value !== 0 ? -value : 0 + value;
}

const DECIMAL = /^([+-])?(\d*)(?:[.,](\d*))?(?:[eE]([+-]?\d{1,3}))?$/;

/**
 * Parses a decimal amount as typed in a form, a CLI argument or a batch file: optional sign,
 * digits, '.' or ',' as the decimal mark (no thousands separators), optional exponent.
 * Throws AmountError with a readable message.
 */
export function parseAmount(text: string): number {
  const trimmed = text.trim();
  const match = DECIMAL.exec(trimmed);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    throw new AmountError(localText('problem.amount.notAmount', { text: trimmed.slice(0, 40) }));
  }
  let whole = match[2] ?? '';
  let fraction = match[3] ?? '';
  const exponent = Number(match[4] ?? 0);
  if (exponent > 0) {
    const moved = (fraction + '0'.repeat(exponent)).slice(0, exponent);
    whole += moved;
    fraction = fraction.slice(exponent);
  } else if (exponent < 0) {
    const padded = '0'.repeat(-exponent) + whole;
    fraction = padded.slice(padded.length + exponent) + fraction;
    whole = padded.slice(0, padded.length + exponent);
  }
  whole = whole.replace(/^0+(?=\d)/, '');
  if (whole.length > 12) throw new AmountError(localText('problem.amount.tooLarge'));
  return roundDecimal(match[1] === '-', whole, fraction);
}

/**
 * An XML-RPC double (or any JS number) to ten-thousandths. The shortest decimal that reads back
 * as the same double is what the sender wrote, so that decimal is rounded, not the binary value.
 */
export function amountFromDouble(value: number): number {
  if (!Number.isFinite(value)) throw new AmountError(localText('problem.amount.notFinite'));
  return parseAmount(String(value));
}

/** Ten-thousandths to a plain decimal string with the fraction trimmed: 15000 → '1.5'. */
export function amountToDecimal(amount: number): string {
  const negative = amount < 0;
  const digits = String(Math.abs(amount)).padStart(SCALE_DIGITS + 1, '0');
  const whole = digits.slice(0, -SCALE_DIGITS);
  const fraction = digits.slice(-SCALE_DIGITS).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Ten-thousandths to a double for XML-RPC answers (the nearest double to the exact decimal). */
export function amountToDouble(amount: number): number {
  return Number(amountToDecimal(amount));
}

/** Refuses a value that is not a whole number of ten-thousandths within ±MAX_AMOUNT. */
export function checkAmount(amount: number): number {
  if (!Number.isSafeInteger(amount) || Math.abs(amount) > MAX_AMOUNT) {
    throw new AmountError(localText('problem.amount.outOfRange'));
  }
  return amount;
}

/** The cost of `count` items at `each`, less `percentOff` percent, rounded half-even. */
export function discounted(each: number, count: number, percentOff: number): number {
  const gross = BigInt(each) * BigInt(count);
  const scaled = gross * BigInt(100 - percentOff);
  const quotient = scaled / 100n;
  const remainder = scaled % 100n;
  let result = quotient;
  if (remainder * 2n > 100n || (remainder * 2n === 100n && quotient % 2n !== 0n)) result += 1n;
  return Number(result);
}
