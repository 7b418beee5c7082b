/**
 * The XML-RPC wire format (http://xmlrpc.com/spec.md) for the PaperCut-compatible API endpoint:
 * its values and the serializer for calls, responses and faults. The strict, hand-written parser
 * is xmlrpc-parser.ts (its scalar types in xmlrpc-scalars.ts); it reads only what XML-RPC needs,
 * so no XML library (and none of its entity machinery) is involved.
 *
 *   const { methodName, params } = parseMethodCall(body, { maxBytes: 1024 * 1024 });
 *   reply.send(serializeMethodResponse({ username: 'alice', balance: xmlRpcDouble(5) }));
 *   // on failure: reply.send(serializeFault(1, 'Unknown user.'));
 *
 * Values: JavaScript numbers are written as <int> when they fit in 32 bits (what every client
 * reads), as <i8> when they are larger safe integers (Python, Apache XML-RPC and others read it),
 * and as <double> otherwise; wrap a number in xmlRpcDouble() when a method's declared type is
 * double, so a balance of 5 goes out as <double>5.0</double>. A dateTime without a time zone is
 * read as UTC and Dates are written in UTC, without milliseconds.
 */
import { AppError } from '../errors.js';

/** A number that is always written as <double>, even when it is a whole number. */
export class XmlRpcDouble {
  constructor(readonly value: number) {}
}

export function xmlRpcDouble(value: number): XmlRpcDouble {
  return new XmlRpcDouble(value);
}

/** What the parser returns (never an XmlRpcDouble) and the serializer accepts. */
export type XmlRpcValue =
  | string
  | number
  | boolean
  | null
  | Date
  | Uint8Array
  | XmlRpcDouble
  | XmlRpcValue[]
  | { [key: string]: XmlRpcValue };

export interface XmlRpcLimits {
  /** Largest body accepted, in bytes (UTF-8 bytes for a string body). */
  maxBytes?: number;
  /** How deeply values may nest; a param's own value is depth 1. */
  maxDepth?: number;
  /** How many <value> elements a document may hold in all. */
  maxValues?: number;
}

export const DEFAULT_LIMITS: Required<XmlRpcLimits> = {
  maxBytes: 10 * 1024 * 1024,
  maxDepth: 32,
  maxValues: 1_000_000,
};

export type XmlRpcFault = { faultCode: number; faultString: string };

/** A request or response that is not well-formed XML-RPC; the message says what and where. */
export class XmlRpcParseError extends AppError {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super('xmlrpc_invalid', 400, message);
  }
}

export function serializeMethodResponse(value: XmlRpcValue): string {
  const out = [XML_DECLARATION, '<methodResponse><params><param>'];
  writeValue(out, value, 1);
  out.push('</param></params></methodResponse>');
  return out.join('');
}

export function serializeFault(faultCode: number, faultString: string): string {
  if (!isInt32(faultCode))
    throw new TypeError(`An XML-RPC faultCode must be a 32-bit integer, not ${faultCode}.`);
  const out = [XML_DECLARATION, '<methodResponse><fault>'];
  writeValue(out, { faultCode, faultString }, 1);
  out.push('</fault></methodResponse>');
  return out.join('');
}

export function serializeMethodCall(methodName: string, params: readonly XmlRpcValue[]): string {
  if (!METHOD_NAME.test(methodName))
    throw new TypeError(`Not a valid XML-RPC method name: ${JSON.stringify(methodName)}.`);
  const out = [XML_DECLARATION, '<methodCall><methodName>', methodName, '</methodName><params>'];
  for (const param of params) {
    out.push('<param>');
    writeValue(out, param, 1);
    out.push('</param>');
  }
  out.push('</params></methodCall>');
  return out.join('');
}

// ---------------------------------------------------------------------------------------------
// Serializing

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
/** The spec's method-name alphabet. */
export const METHOD_NAME = /^[A-Za-z0-9_.:/]+$/;

/**
 * Characters XML 1.0 cannot carry (C0 controls other than tab, LF and CR; U+FFFE/U+FFFF; lone
 * surrogates) are replaced with U+FFFD rather than refused: one odd character in, say, a printer
 * name must not make a whole API call fail. CR is escaped, as XML parsers turn a literal CR into LF.
 */
const NEEDS_ESCAPE =
  /[&<>\r\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };

function escapeText(text: string): string {
  return text.replace(NEEDS_ESCAPE, (c) => ESCAPES[c] ?? '\uFFFD');
}

function writeValue(out: string[], value: XmlRpcValue, depth: number): void {
  if (depth > DEFAULT_LIMITS.maxDepth)
    throw new TypeError(
      `XML-RPC values may nest at most ${DEFAULT_LIMITS.maxDepth} deep (is the value circular?).`,
    );
  out.push('<value>');
  if (typeof value === 'string') out.push('<string>', escapeText(value), '</string>');
  else if (typeof value === 'number') out.push(numberElement(value));
  else if (typeof value === 'boolean') out.push(value ? '<boolean>1</boolean>' : '<boolean>0</boolean>');
  else if (value === null) out.push('<nil/>');
  else if (value instanceof XmlRpcDouble) out.push('<double>', decimalNotation(value.value), '</double>');
  else if (value instanceof Date)
    out.push('<dateTime.iso8601>', formatDateTime(value), '</dateTime.iso8601>');
  else if (value instanceof Uint8Array)
    out.push(
      '<base64>',
      Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64'),
      '</base64>',
    );
  else if (Array.isArray(value)) {
    out.push('<array><data>');
    for (const item of value) writeValue(out, item, depth + 1);
    out.push('</data></array>');
  } else if (typeof value === 'object' && isPlainObject(value)) {
    out.push('<struct>');
    for (const [name, member] of Object.entries(value)) {
      out.push('<member><name>', escapeText(name), '</name>');
      writeValue(out, member, depth + 1);
      out.push('</member>');
    }
    out.push('</struct>');
  } else {
    throw new TypeError(`XML-RPC cannot carry ${value === undefined ? 'undefined' : typeof value} values.`);
  }
  out.push('</value>');
}

function numberElement(n: number): string {
  if (isInt32(n)) return `<int>${n}</int>`;
  if (Number.isSafeInteger(n)) return `<i8>${n}</i8>`;
  return `<double>${decimalNotation(n)}</double>`;
}

function isInt32(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= -0x80000000 && n <= 0x7fffffff;
}

/** The spec allows only plain decimal notation for doubles: no exponent, no NaN or Infinity. */
function decimalNotation(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError(`XML-RPC cannot carry ${n}.`);
  if (Number.isInteger(n)) return `${Math.abs(n) < 1e21 ? n.toFixed(0) : BigInt(n).toString()}.0`;
  const shortest = String(n);
  const e = shortest.indexOf('e');
  if (e === -1) return shortest;
  // Only magnitudes below 1e-6 get here (every double of 1e21 or more is an integer): 1.5e-7 → 0.00000015.
  const sign = n < 0 ? '-' : '';
  const digits = shortest.slice(0, e).replace(/[-.]/g, '');
  return `${sign}0.${'0'.repeat(-Number(shortest.slice(e + 1)) - 1)}${digits}`;
}

function formatDateTime(date: Date): string {
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 0 || year > 9999)
    throw new TypeError(`XML-RPC cannot carry the date ${String(date)}.`);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${String(year).padStart(4, '0')}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}T${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
}

function isPlainObject(value: object): value is { [key: string]: XmlRpcValue } {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

export function isFault(value: XmlRpcValue): value is XmlRpcFault {
  return (
    typeof value === 'object' &&
    value !== null &&
    isPlainObject(value) &&
    Object.keys(value).length === 2 &&
    isInt32(value.faultCode) &&
    typeof value.faultString === 'string'
  );
}
