/**
 * The XML-RPC wire format (http://xmlrpc.com/spec.md) for the PaperCut-compatible API endpoint:
 * a strict, hand-written parser for method calls and a serializer for responses and faults.
 * The parser reads only what XML-RPC needs, so no XML library (and none of its entity machinery)
 * is involved.
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

export function parseMethodCall(
  body: string | Buffer,
  limits?: XmlRpcLimits,
): { methodName: string; params: XmlRpcValue[] } {
  const parser: Parser = new Parser(body, 'request', limits);
  parser.expectStart('methodCall');
  const methodName = parser.textOf(parser.expectStart('methodName'));
  if (!METHOD_NAME.test(methodName)) {
    parser.fail(
      `the method name ${excerpt(methodName)} may only contain A-Z, a-z, 0-9, "_", ".", ":" and "/"`,
    );
  }
  const params = parser.params();
  parser.expectEnd('methodCall');
  parser.expectEndOfDocument('methodCall');
  return { methodName, params };
}

export function parseMethodResponse(
  body: string | Buffer,
  limits?: XmlRpcLimits,
): { value: XmlRpcValue } | { fault: XmlRpcFault } {
  const parser: Parser = new Parser(body, 'response', limits);
  parser.expectStart('methodResponse');
  let result: { value: XmlRpcValue } | { fault: XmlRpcFault };
  if (parser.atStart('fault')) {
    parser.expectStart('fault');
    const fault = parser.value(1);
    parser.expectEnd('fault');
    if (!isFault(fault))
      parser.fail('a <fault> must hold a struct with an int faultCode and a string faultString');
    result = { fault: { faultCode: fault.faultCode, faultString: fault.faultString } };
  } else {
    const params = parser.params();
    if (params.length !== 1) parser.fail(`a response must hold exactly one <param>, not ${params.length}`);
    result = { value: params[0] ?? null };
  }
  parser.expectEnd('methodResponse');
  parser.expectEndOfDocument('methodResponse');
  return result;
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
const METHOD_NAME = /^[A-Za-z0-9_.:/]+$/;

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

function isFault(value: XmlRpcValue): value is XmlRpcFault {
  return (
    typeof value === 'object' &&
    value !== null &&
    isPlainObject(value) &&
    Object.keys(value).length === 2 &&
    isInt32(value.faultCode) &&
    typeof value.faultString === 'string'
  );
}

// ---------------------------------------------------------------------------------------------
// Parsing

/** Scalar types: how to read each one's text, and what it must look like (for the error message). */
const SCALARS = new Map<string, { read: (text: string) => XmlRpcValue | undefined; expects: string }>([
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

type Token =
  | { kind: 'start'; name: string; selfClosing: boolean; pos: number }
  | { kind: 'end'; name: string; pos: number }
  | { kind: 'text'; text: string; pos: number }
  | { kind: 'end of document'; pos: number };

const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /[A-Za-z_][\w.:-]*/y;
// Attributes are skipped, not read: only Apache XML-RPC's xmlns:ex="…" declaration is expected.
const ATTRIBUTE = /\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*')/y;
const XML_DECLARATION_PATTERN =
  /^<\?xml\s+version\s*=\s*(["'])1\.\d+\1(?:\s+encoding\s*=\s*(["'])([A-Za-z][\w.-]*)\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\4)?\s*\?>/;
/** UTF-8 and its ASCII subset; ISO-8859-1 because Perl's Frontier::RPC and PHP's xmlrpc declare it by default. */
const ENCODINGS = new Map<string, 'utf8' | 'latin1'>([
  ['utf-8', 'utf8'],
  ['utf8', 'utf8'],
  ['us-ascii', 'utf8'],
  ['ascii', 'utf8'],
  ['iso-8859-1', 'latin1'],
  ['latin1', 'latin1'],
]);
const FORBIDDEN_CHARACTER = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
const BLANK = /^[ \t\r\n]*$/;

class Parser {
  private readonly src: string;
  private readonly limits: Required<XmlRpcLimits>;
  private pos = 0;
  private peeked: Token | null = null;
  private values = 0;

  constructor(
    body: string | Buffer,
    private readonly what: 'request' | 'response',
    limits: XmlRpcLimits = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    const bytes = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    if (bytes > this.limits.maxBytes)
      this.fail(`the body is ${bytes} bytes; at most ${this.limits.maxBytes} are accepted`, 0, '');
    this.src = this.decode(body);
    const forbidden = FORBIDDEN_CHARACTER.exec(this.src);
    if (forbidden)
      this.fail(
        `control character U+${forbidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`,
        forbidden.index,
      );
  }

  /** Decodes the body as its XML declaration says, and steps over the declaration. */
  private decode(body: string | Buffer): string {
    // The declaration is ASCII in every encoding accepted, so it can be read before decoding.
    const head = (
      typeof body === 'string' ? body.slice(0, 200) : body.subarray(0, 200).toString('latin1')
    ).replace(/^(?:\uFEFF|\xEF\xBB\xBF)/, '');
    let declarationLength = 0;
    let encoding: 'utf8' | 'latin1' = 'utf8';
    if (head.startsWith('<?xml')) {
      const declaration = XML_DECLARATION_PATTERN.exec(head);
      if (!declaration) this.fail('malformed XML declaration', 0, head);
      declarationLength = declaration[0].length;
      const known = ENCODINGS.get(declaration[3]?.toLowerCase() ?? 'utf-8');
      if (!known) this.fail(`the encoding "${declaration[3]}" is not supported; send UTF-8`, 0, head);
      encoding = known;
    }
    let text: string;
    if (typeof body === 'string') text = body.replace(/^\uFEFF/, '');
    else if (encoding === 'latin1') text = body.toString('latin1');
    else {
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(body); // also drops a byte-order mark
      } catch {
        this.fail('the body is not valid UTF-8', 0, '');
      }
    }
    this.pos = declarationLength;
    return text;
  }

  fail(problem: string, pos: number = this.peeked?.pos ?? this.pos, src: string = this.src): never {
    let line = 1;
    let lineStart = 0;
    for (let i = src.indexOf('\n'); i !== -1 && i < pos; i = src.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    const where = src ? ` at line ${line}, column ${pos - lineStart + 1}` : '';
    throw new XmlRpcParseError(`Invalid XML-RPC ${this.what}: ${problem}${where}.`, src ? line : undefined);
  }

  // --- Grammar -------------------------------------------------------------------------------

  /** `<params>` holding `<param><value>…</value></param>`s; the whole element may be absent or empty. */
  params(): XmlRpcValue[] {
    const params: XmlRpcValue[] = [];
    if (!this.atStart('params')) return params;
    if (this.expectStart('params').selfClosing) return params;
    while (this.atStart('param')) {
      this.expectStart('param', true);
      params.push(this.value(1));
      this.expectEnd('param');
    }
    this.expectEnd('params');
    return params;
  }

  value(depth: number): XmlRpcValue {
    const open = this.expectStart('value');
    if (++this.values > this.limits.maxValues)
      this.fail(`more than ${this.limits.maxValues} values`, open.pos);
    if (depth > this.limits.maxDepth)
      this.fail(`values nest more than ${this.limits.maxDepth} deep`, open.pos);
    if (open.selfClosing) return '';
    let token = this.next();
    let text = '';
    if (token.kind === 'text') {
      text = token.text;
      token = this.next();
    }
    // A value without a type element is a string, whitespace and all.
    if (token.kind === 'end' && token.name === 'value') return text;
    if (token.kind !== 'start' || !BLANK.test(text))
      this.fail(`expected a type such as <string> or </value>, but found ${describe(token)}`, token.pos);
    const value = this.typed(token, depth);
    this.expectEnd('value');
    return value;
  }

  private typed(open: Token & { kind: 'start' }, depth: number): XmlRpcValue {
    // A namespace prefix is ignored so Apache XML-RPC's extensions <ex:nil/> and <ex:i8> are read.
    const type = open.name.slice(open.name.lastIndexOf(':') + 1);
    if (type === 'array') {
      const items: XmlRpcValue[] = [];
      if (open.selfClosing) return items;
      if (!this.expectStart('data').selfClosing) {
        while (this.atStart('value')) items.push(this.value(depth + 1));
        this.expectEnd('data');
      }
      this.expectEnd(open.name);
      return items;
    }
    if (type === 'struct') {
      const struct: { [key: string]: XmlRpcValue } = {};
      if (open.selfClosing) return struct;
      while (this.atStart('member')) {
        const member = this.expectStart('member', true);
        const name = this.textOf(this.expectStart('name'));
        // Two members of one name could mean different things to different layers; refuse rather than guess.
        if (Object.hasOwn(struct, name))
          this.fail(`the struct has two members named ${excerpt(name)}`, member.pos);
        // defineProperty, not assignment: a member named "__proto__" must stay a plain property.
        Object.defineProperty(struct, name, {
          value: this.value(depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        this.expectEnd('member');
      }
      this.expectEnd(open.name);
      return struct;
    }
    if (type === 'nil') {
      if (this.textOf(open) !== '') this.fail('<nil> must be empty', open.pos);
      return null;
    }
    const scalar = SCALARS.get(type);
    if (!scalar) this.fail(`unknown type <${open.name}>`, open.pos);
    const text = this.textOf(open);
    const value = scalar.read(text);
    if (value === undefined)
      this.fail(`<${type}> must hold ${scalar.expects}, not ${excerpt(text)}`, open.pos);
    return value;
  }

  atStart(name: string): boolean {
    this.skipBlank();
    const token = this.peek();
    return token.kind === 'start' && token.name === name;
  }

  expectStart(name: string, mustHaveContent = false): Token & { kind: 'start' } {
    this.skipBlank();
    const token = this.next();
    if (token.kind !== 'start' || token.name !== name || (mustHaveContent && token.selfClosing)) {
      this.fail(`expected <${name}>, but found ${describe(token)}`, token.pos);
    }
    return token;
  }

  expectEnd(name: string): void {
    this.skipBlank();
    const token = this.next();
    if (token.kind !== 'end' || token.name !== name)
      this.fail(`expected </${name}>, but found ${describe(token)}`, token.pos);
  }

  /** The text of a simple element whose start tag has just been read, through its end tag. */
  textOf(open: Token & { kind: 'start' }): string {
    if (open.selfClosing) return '';
    const name = open.name;
    let token = this.next();
    let text = '';
    if (token.kind === 'text') {
      text = token.text;
      token = this.next();
    }
    if (token.kind !== 'end' || token.name !== name)
      this.fail(`expected </${name}>, but found ${describe(token)}`, token.pos);
    return text;
  }

  expectEndOfDocument(root: string): void {
    this.skipBlank();
    const token = this.next();
    if (token.kind !== 'end of document')
      this.fail(`unexpected ${describe(token)} after </${root}>`, token.pos);
  }

  private skipBlank(): void {
    const token = this.peek();
    if (token.kind === 'text' && BLANK.test(token.text)) this.peeked = null;
  }

  // --- Tokens --------------------------------------------------------------------------------

  private peek(): Token {
    this.peeked ??= this.lex();
    return this.peeked;
  }

  private next(): Token {
    const token = this.peek();
    this.peeked = null;
    return token;
  }

  /** The next start tag, end tag or run of text (character data, references and CDATA, with comments skipped). */
  private lex(): Token {
    const src = this.src;
    const start = this.pos;
    let text: string | undefined; // usually one piece; more only around comments and CDATA
    while (this.pos < src.length) {
      const lt = src.indexOf('<', this.pos);
      if (lt !== this.pos) {
        const end = lt === -1 ? src.length : lt;
        text = (text ?? '') + this.characterData(src.slice(this.pos, end), this.pos);
        this.pos = end;
      } else if (src[lt + 1] !== '!' && src[lt + 1] !== '?') {
        if (text !== undefined) break;
        return this.tag();
      } else if (src.startsWith('<!--', lt)) {
        this.pos = this.skipPast('-->', lt + 4, 'comment');
      } else if (src.startsWith('<![CDATA[', lt)) {
        const end = this.skipPast(']]>', lt + 9, 'CDATA section');
        text = (text ?? '') + normalizeLineEnds(src.slice(lt + 9, end - 3));
        this.pos = end;
      } else if (text !== undefined) {
        break;
      } else if (src[lt + 1] === '!') {
        // Security: no DTD means no entity definitions, so neither entity expansion ("billion
        // laughs") nor external entities (XXE: reading files or URLs) can happen.
        this.fail(
          src.startsWith('<!DOCTYPE', lt)
            ? 'a DOCTYPE is not allowed'
            : 'markup declarations (<!…>) are not allowed',
          lt,
        );
      } else {
        this.fail(
          'processing instructions are not allowed (an XML declaration may only open the document)',
          lt,
        );
      }
    }
    if (text !== undefined) return { kind: 'text', text, pos: start };
    return { kind: 'end of document', pos: this.pos };
  }

  private tag(): Token {
    const src = this.src;
    const pos = this.pos;
    const closing = src[pos + 1] === '/';
    const nameAt = pos + (closing ? 2 : 1);
    NAME.lastIndex = nameAt;
    if (!NAME.test(src))
      this.fail(nameAt >= src.length ? 'the document ends in the middle of a tag' : 'malformed tag', pos);
    let i = NAME.lastIndex;
    const name = src.slice(nameAt, i);
    if (!closing && src[i] !== '>') {
      for (ATTRIBUTE.lastIndex = i; ATTRIBUTE.test(src); ATTRIBUTE.lastIndex = i) i = ATTRIBUTE.lastIndex;
    }
    while (src[i] === ' ' || src[i] === '\n' || src[i] === '\t' || src[i] === '\r') i++;
    const selfClosing = !closing && src[i] === '/';
    if (selfClosing) i++;
    if (src[i] !== '>')
      this.fail(
        i >= src.length
          ? 'the document ends in the middle of a tag'
          : `malformed tag <${closing ? '/' : ''}${name}`,
        pos,
      );
    this.pos = i + 1;
    return closing ? { kind: 'end', name, pos } : { kind: 'start', name, selfClosing, pos };
  }

  private skipPast(terminator: string, from: number, what: string): number {
    const at = this.src.indexOf(terminator, from);
    if (at === -1) this.fail(`unterminated ${what}`, from);
    return at + terminator.length;
  }

  /** Character data with its references decoded: only XML's five predefined entities and &#…; are known. */
  private characterData(raw: string, pos: number): string {
    const text = normalizeLineEnds(raw);
    if (!text.includes('&')) return text;
    const parts: string[] = [];
    let i = 0;
    for (let amp = text.indexOf('&'); amp !== -1; amp = text.indexOf('&', i)) {
      parts.push(text.slice(i, amp));
      const semicolon = text.indexOf(';', amp);
      const reference = semicolon === -1 ? '' : text.slice(amp + 1, semicolon);
      if (!/^(?:#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][\w.-]{0,31})$/.test(reference))
        this.fail('"&" must be written as "&amp;"', pos + amp);
      parts.push(this.reference(reference, pos + amp));
      i = semicolon + 1;
    }
    parts.push(text.slice(i));
    return parts.join('');
  }

  private reference(reference: string, pos: number): string {
    if (!reference.startsWith('#')) {
      if (!Object.hasOwn(PREDEFINED_ENTITIES, reference)) {
        this.fail(
          `unknown entity &${reference}; (only &lt; &gt; &amp; &quot; &apos; and character references such as &#233; are allowed)`,
          pos,
        );
      }
      return PREDEFINED_ENTITIES[reference] ?? '';
    }
    const code = reference[1] === 'x' ? parseInt(reference.slice(2), 16) : parseInt(reference.slice(1), 10);
    const allowed =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff);
    if (!allowed) this.fail(`&${reference}; is not a character XML allows`, pos);
    return String.fromCodePoint(code);
  }
}

/** XML turns CR LF and lone CR into LF before anything else reads the text. */
function normalizeLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

function describe(token: Token): string {
  if (token.kind === 'start') return `<${token.name}${token.selfClosing ? '/' : ''}>`;
  if (token.kind === 'end') return `</${token.name}>`;
  if (token.kind === 'text') return `text ${excerpt(token.text)}`;
  return 'the end of the document';
}

function excerpt(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
