/**
 * Arguments of the accounting commands: amounts typed as decimals ("5", "-1.25"), whole numbers,
 * and the printing of amounts (plain decimals, script-friendly). A bad value is one `quire:` line
 * naming the argument, exit status 1, nothing written.
 *
 *   const amount = amountArg('AMOUNT', '1.25'); // 12500
 */
import { AmountError, amountToDecimal, parseAmount } from '../accounts/money.js';
import { ValidationError } from '../errors.js';

export function amountArg(label: string, text: string): number {
  try {
    return parseAmount(text);
  } catch (error) {
    if (error instanceof AmountError) throw new ValidationError({ [label]: `${label}: ${error.message}` });
    throw error;
  }
}

export const optionalAmountArg = (label: string, text: string | undefined) =>
  text === undefined ? undefined : amountArg(label, text);

/** A whole number as typed: digits only; anything else is NaN, which the services refuse by name. */
export function wholeArg(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  return /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
}

export const money = amountToDecimal;

export const yesNo = (value: boolean | number) => (value === true || value === 1 ? 'yes' : 'no');
