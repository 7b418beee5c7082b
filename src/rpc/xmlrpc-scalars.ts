/** XML-RPC's scalar types, as the parser reads them. */
import { type XmlRpcValue } from './xmlrpc.codec.js';

export const SCALARS = new Map<string, { read: (text: string) => XmlRpcValue | undefined; expects: string }>([
  [
    'int',
    {
      read: (t) => integer(t, -0x80000000, 0x7fffffff),
      expects: 'a whole number from -2147483648 to 2147483647',
    },
  ],
  [
    'i4',
    {
      read: (t) => integer(t, -0x80000000, 0x7fffffff),
      expects: 'a whole number from -2147483648 to 2147483647',
    },
  ],
  [
    'i8',
    {
      read: (t) => integer(t, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
      expects: 'a whole number from -9007199254740991 to 9007199254740991',
    },
  ],
  ['boolean', { read: (t) => BOOLEANS.get(t.trim()), expects: '0 or 1' }],
  ['double', { read: double, expects: 'a finite decimal number such as -12.5' }],
  ['string', { read: (t) => t, expects: 'text' }],
  ['dateTime.iso8601', { read: dateTime, expects: 'a date and time such as 19980717T14:08:55' }],
  ['base64', { read: base64, expects: 'base64-encoded data' }],
]);

const BOOLEANS = new Map([
  ['0', false],
  ['1', true],
]);
const INTEGER = /^[+-]?\d{1,20}$/;
// No nested or overlapping quantifiers, so no backtracking blow-up on long input. Python sends exponents.
const DOUBLE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
// 19980717T14:08:55 (the spec), 1998-07-17T14:08:55, with optional fraction and Z or ±hh:mm.
const DATE_TIME =
  /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):?(\d{2}):?(\d{2})(?:[.,](\d{1,9}))?(Z|([+-])(\d{2}):?(\d{2})?)?$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function integer(text: string, min: number, max: number): number | undefined {
  const t = text.trim();
  if (!INTEGER.test(t)) return undefined;
  const n = Number(t) + 0; // + 0 turns "-0" into 0
  return n >= min && n <= max ? n : undefined;
}

function double(text: string): number | undefined {
  const t = text.trim();
  const n = DOUBLE.test(t) ? Number(t) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function dateTime(text: string): Date | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second, zoneHours, zoneMinutes] = [1, 2, 3, 4, 5, 6, 10, 11].map(
    (i) => Number(m[i] ?? 0),
  ) as [number, number, number, number, number, number, number, number];
  const daysInMonth =
    [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  if (
    day < 1 ||
    day > daysInMonth ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    zoneHours > 23 ||
    zoneMinutes > 59
  )
    return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC, which reads years 0-99 as 1900-1999
  date.setUTCHours(hour, minute, second, Math.floor(Number(`0.${m[7] ?? '0'}`) * 1000));
  const offsetMinutes = (m[9] === '-' ? -1 : 1) * (zoneHours * 60 + zoneMinutes);
  return new Date(date.getTime() - offsetMinutes * 60_000);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function base64(text: string): Uint8Array | undefined {
  const compact = text.replace(/[ \t\r\n]+/g, ''); // Python wraps base64 at 76 characters
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) return undefined;
  return Uint8Array.from(Buffer.from(compact, 'base64'));
}
