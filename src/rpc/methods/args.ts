/**
 * What every area's method file of PaperCut's table uses: parameter declarations and readers of
 * the (already type-checked, see checkArguments) XML-RPC arguments.
 *
 *   { name: 'api.getGroupMembers', params: [str('groupName'), int('offset'), int('limit')], … }
 *   amount('adjustment', 0.1); // 1000 ten-thousandths
 */
import { AmountError, amountFromDouble, amountToDouble, parseAmount } from '../../accounts/money.js';
import { ApiCallError, type Param } from '../papercut-call.js';
import { xmlRpcDouble, type XmlRpcValue } from '../xmlrpc.codec.js';

/** PaperCut caps list calls at 1000 names per call. */
const MAX_LIST = 1000;

export const str = (name: string, optional = false): Param => ({ name, type: 'string', optional });
export const int = (name: string): Param => ({ name, type: 'int' });
export const dbl = (name: string): Param => ({ name, type: 'double' });
export const bool = (name: string, optional = false): Param => ({ name, type: 'boolean', optional });
export const array = (name: string): Param => ({ name, type: 'array' });

export const s = (value: XmlRpcValue | undefined): string => (typeof value === 'string' ? value : '');
export const n = (value: XmlRpcValue | undefined): number => (typeof value === 'number' ? value : 0);
export const b = (value: XmlRpcValue | undefined): boolean => value === true;

export function listLimit(limit: number): number {
  if (limit < 0) throw new ApiCallError('The limit may not be negative.');
  return Math.min(limit, MAX_LIST);
}

/**
 * An amount argument (a double) in ten-thousandths, rounded half-even from the decimal the caller
 * wrote. NaN, infinities, more than a billion and non-numbers are refused, naming the argument,
 * before anything is read or written.
 */
export function amount(name: string, value: XmlRpcValue | undefined): number {
  if (typeof value !== 'number') throw new ApiCallError(`The ${name} must be a number.`);
  try {
    return amountFromDouble(value);
  } catch (error) {
    if (error instanceof AmountError)
      throw new ApiCallError(`The ${name} is not an amount Quire accepts: ${error.message}`);
    throw error;
  }
}

/** An amount in ten-thousandths as PaperCut answers it: always an XML-RPC <double>. */
export const money = (value: number) => xmlRpcDouble(amountToDouble(value));

/** A name/value pair list as PaperCut's set…Properties take it: `[[name, value], …]`. */
export function propertyPairs(value: XmlRpcValue | undefined): [string, string][] {
  if (!Array.isArray(value))
    throw new ApiCallError('The properties must be an array of [name, value] pairs.');
  return value.map((pair, i) => {
    if (
      !Array.isArray(pair) ||
      pair.length !== 2 ||
      typeof pair[0] !== 'string' ||
      typeof pair[1] !== 'string'
    ) {
      throw new ApiCallError(`Property pair ${i + 1} must be an array of two strings [name, value].`);
    }
    return [pair[0], pair[1]];
  });
}

/** A list of property names as PaperCut's get…Properties take it. */
export function propertyNames(value: XmlRpcValue | undefined): string[] {
  if (!Array.isArray(value) || value.some((x) => typeof x !== 'string'))
    throw new ApiCallError('The property names must be an array of strings.');
  return value as string[];
}

/**
 * PaperCut's disableMins: minutes from now, -1 for "until enabled again"; 0 enables at once.
 * Other negative numbers are refused rather than guessed.
 */
export function disableMinutes(value: number): number {
  if (value < -1 || value > 10 * 365 * 24 * 60)
    throw new ApiCallError(
      'disableMins is a number of minutes (up to ten years), or -1 for "until enabled".',
    );
  return value;
}

/** PaperCut's TRUE/FALSE (and Y/N) property values. */
export function parseFlag(name: string, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === 'y' || v === 'yes' || v === '1') return true;
  if (v === 'false' || v === 'n' || v === 'no' || v === '0') return false;
  throw new ApiCallError(`The property "${name}" takes TRUE or FALSE, not "${value.slice(0, 100)}".`);
}

/** A property value that is an amount ("1234.56"), for balance and overdraft-amount. */
export function parseMoneyText(name: string, value: string): number {
  try {
    return parseAmount(value);
  } catch (error) {
    if (error instanceof AmountError)
      throw new ApiCallError(
        `The property "${name}" takes an amount such as 12.50, not "${value.slice(0, 100)}".`,
      );
    throw error;
  }
}
