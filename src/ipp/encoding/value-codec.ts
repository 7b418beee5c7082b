/**
 * Each value syntax's wire form (RFC 8010 §3.9), one entry per tag in one table: how its value
 * field is read (strictly: exact lengths for fixed-size syntaxes, RFC 8011 maxima for strings,
 * valid UTF-8 for text and name, printable US-ASCII for the other strings) and written.
 * Collections are structure, not a value field: decode.ts and encode.ts handle them.
 *
 *   const syntax = SYNTAXES.get(0x21)!;               // integer
 *   syntax.decode(Buffer.from([0, 0, 0, 7]), context); // { tag: 'integer', value: 7 }
 */
import { IppError } from './ipp-error.js';
import type { LengthLimits } from './limits.js';
import type { IppDateTime, IppValue } from './model.js';
import { OUT_OF_BAND_LIST, STRING_LIST, type StringTag } from './tags.js';

/** What a syntax needs to know to read a value and to say which attribute a refusal is about. */
export interface ValueContext {
  readonly attribute: string;
  readonly lengths: LengthLimits;
}

interface Syntax {
  decode(bytes: Buffer, context: ValueContext): IppValue;
  /** The value field; RangeError for a value no message may carry (a bug of the caller). */
  encode(value: IppValue): Buffer;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function bad(context: ValueContext, problem: string): IppError {
  return new IppError('client-error-bad-request', `The value of ${context.attribute} ${problem}.`);
}

function checkLength(bytes: Buffer, max: number, syntax: string, context: ValueContext): void {
  if (bytes.length > max)
    throw new IppError(
      'client-error-request-value-too-long',
      `A ${syntax} value of ${context.attribute} is ${bytes.length} octets long; at most ${max} are accepted.`,
    );
}

function exactLength(bytes: Buffer, length: number, syntax: string, context: ValueContext): void {
  if (bytes.length !== length) throw bad(context, `is ${bytes.length} octets; a ${syntax} is ${length}`);
}

/** US-ASCII with no control character (and no space unless `space`), as keywords, URIs and charsets are. */
export function readAscii(bytes: Buffer, space: boolean): string | undefined {
  const lowest = space ? 0x20 : 0x21;
  for (const byte of bytes) if (byte < lowest || byte > 0x7e) return undefined;
  return bytes.toString('latin1');
}

function readUtf8(bytes: Buffer, context: ValueContext): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw bad(context, 'is not valid UTF-8');
  }
}

function int32(value: number, what: string): number {
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff)
    throw new RangeError(`${what} ${value} is not a 32-bit signed integer.`);
  return value;
}

function wire(bytes: Buffer, what: string): Buffer {
  if (bytes.length > 0x7fff) throw new RangeError(`${what} is ${bytes.length} octets; at most 32767 fit.`);
  return bytes;
}

/** The RFC 8011 maximum and the character rule of each string syntax. */
const STRING_RULES: ReadonlyMap<
  StringTag,
  { limit: keyof LengthLimits; charset: 'utf8' | 'ascii' | 'ascii-space' }
> = new Map([
  ['textWithoutLanguage', { limit: 'text', charset: 'utf8' }],
  ['nameWithoutLanguage', { limit: 'name', charset: 'utf8' }],
  ['keyword', { limit: 'keyword', charset: 'ascii' }],
  ['uri', { limit: 'uri', charset: 'ascii' }],
  ['uriScheme', { limit: 'uriScheme', charset: 'ascii' }],
  ['charset', { limit: 'charset', charset: 'ascii' }],
  ['naturalLanguage', { limit: 'naturalLanguage', charset: 'ascii' }],
  // "text/plain; charset=utf-8" has a space.
  ['mimeMediaType', { limit: 'mimeMediaType', charset: 'ascii-space' }],
]);

function stringSyntax(tag: StringTag): Syntax {
  const rule = STRING_RULES.get(tag)!;
  return {
    decode(bytes, context) {
      checkLength(bytes, context.lengths[rule.limit], tag, context);
      if (rule.charset === 'utf8') return { tag, value: readUtf8(bytes, context) };
      const value = readAscii(bytes, rule.charset === 'ascii-space');
      if (value === undefined)
        throw bad(context, `(${tag}) holds a character that is not printable US-ASCII`);
      // Keywords, URIs, charsets, languages and media types are one character or more (RFC 8011 §5.1).
      if (value === '') throw bad(context, `(${tag}) is empty`);
      return { tag, value };
    },
    encode(value) {
      const text = (value as { value: string }).value;
      if (
        rule.charset !== 'utf8' &&
        (text === '' || readAscii(Buffer.from(text, 'latin1'), rule.charset === 'ascii-space') !== text)
      )
        throw new RangeError(
          `A ${tag} value must be one or more printable US-ASCII characters: ${JSON.stringify(text.slice(0, 60))}`,
        );
      return wire(Buffer.from(text, 'utf8'), tag);
    },
  };
}

function withLanguageSyntax(tag: 'textWithLanguage' | 'nameWithLanguage'): Syntax {
  const limit = tag === 'textWithLanguage' ? 'text' : 'name';
  return {
    decode(bytes, context) {
      if (bytes.length < 4) throw bad(context, `(${tag}) is ${bytes.length} octets; it holds two lengths`);
      const languageLength = bytes.readInt16BE(0);
      if (languageLength < 0 || 2 + languageLength + 2 > bytes.length)
        throw bad(context, `(${tag}) has a language longer than the value`);
      const language = bytes.subarray(2, 2 + languageLength);
      const textLength = bytes.readInt16BE(2 + languageLength);
      const text = bytes.subarray(4 + languageLength);
      if (textLength !== text.length)
        throw bad(context, `(${tag}) has a text length that does not match the value`);
      checkLength(language, context.lengths.naturalLanguage, 'naturalLanguage', context);
      checkLength(text, context.lengths[limit], tag, context);
      const languageText = readAscii(language, false);
      if (languageText === undefined) throw bad(context, `(${tag}) has a language that is not US-ASCII`);
      return { tag, value: { language: languageText, text: readUtf8(text, context) } };
    },
    encode(value) {
      const { language, text } = (value as { value: { language: string; text: string } }).value;
      if (readAscii(Buffer.from(language, 'latin1'), false) !== language)
        throw new RangeError(
          `A language must be printable US-ASCII: ${JSON.stringify(language.slice(0, 60))}`,
        );
      const languageBytes = Buffer.from(language, 'latin1');
      const textBytes = Buffer.from(text, 'utf8');
      const out = Buffer.alloc(4 + languageBytes.length + textBytes.length);
      out.writeInt16BE(wire(languageBytes, 'A language').length, 0);
      languageBytes.copy(out, 2);
      out.writeInt16BE(wire(textBytes, tag).length, 2 + languageBytes.length);
      textBytes.copy(out, 4 + languageBytes.length);
      return wire(out, tag);
    },
  };
}

const integerSyntax = (tag: 'integer' | 'enum'): Syntax => ({
  decode(bytes, context) {
    exactLength(bytes, 4, tag, context);
    return { tag, value: bytes.readInt32BE(0) };
  },
  encode(value) {
    const out = Buffer.alloc(4);
    out.writeInt32BE(int32((value as { value: number }).value, tag));
    return out;
  },
});

const DATE_FIELDS: readonly [keyof IppDateTime, number, number][] = [
  ['month', 1, 12],
  ['day', 1, 31],
  ['hours', 0, 23],
  ['minutes', 0, 59],
  ['seconds', 0, 60],
  ['deciseconds', 0, 9],
];

function checkDate(date: IppDateTime): string | undefined {
  for (const [field, lowest, highest] of DATE_FIELDS) {
    const n = date[field] as number;
    if (!Number.isInteger(n) || n < lowest || n > highest) return `has ${field} ${n}`;
  }
  if (!Number.isInteger(date.year) || date.year < 0 || date.year > 0xffff) return `has year ${date.year}`;
  if (date.utcDirection !== '+' && date.utcDirection !== '-') return 'has no UTC direction';
  if (!Number.isInteger(date.utcHours) || date.utcHours < 0 || date.utcHours > 14)
    return `is ${date.utcHours} hours from UTC`;
  if (!Number.isInteger(date.utcMinutes) || date.utcMinutes < 0 || date.utcMinutes > 59)
    return `is ${date.utcMinutes} minutes from UTC`;
  return undefined;
}

const dateTimeSyntax: Syntax = {
  decode(bytes, context) {
    exactLength(bytes, 11, 'dateTime', context);
    const direction = String.fromCharCode(bytes[8]!);
    const value: IppDateTime = {
      year: bytes.readUInt16BE(0),
      month: bytes[2]!,
      day: bytes[3]!,
      hours: bytes[4]!,
      minutes: bytes[5]!,
      seconds: bytes[6]!,
      deciseconds: bytes[7]!,
      // checkDate refuses anything but '+' and '-'.
      utcDirection: direction as '+' | '-',
      utcHours: bytes[9]!,
      utcMinutes: bytes[10]!,
    };
    const problem = checkDate(value);
    if (problem) throw bad(context, `(dateTime) ${problem}`);
    return { tag: 'dateTime', value };
  },
  encode(value) {
    const date = (value as { value: IppDateTime }).value;
    const problem = checkDate(date);
    if (problem) throw new RangeError(`A dateTime ${problem}.`);
    const out = Buffer.alloc(11);
    out.writeUInt16BE(date.year, 0);
    out.set([date.month, date.day, date.hours, date.minutes, date.seconds, date.deciseconds], 2);
    out.set([date.utcDirection.charCodeAt(0), date.utcHours, date.utcMinutes], 8);
    return out;
  },
};

const UNITS = new Map([
  [3, 'dpi'],
  [4, 'dpcm'],
] as const);

const resolutionSyntax: Syntax = {
  decode(bytes, context) {
    exactLength(bytes, 9, 'resolution', context);
    const units = UNITS.get(bytes[8] as 3 | 4);
    const x = bytes.readInt32BE(0);
    const y = bytes.readInt32BE(4);
    if (!units) throw bad(context, `(resolution) has units ${bytes[8]}, neither 3 (dpi) nor 4 (dpcm)`);
    if (x < 1 || y < 1) throw bad(context, `(resolution) is ${x}x${y}`);
    return { tag: 'resolution', value: { x, y, units } };
  },
  encode(value) {
    const { x, y, units } = (value as { value: { x: number; y: number; units: 'dpi' | 'dpcm' } }).value;
    if (int32(x, 'A resolution') < 1 || int32(y, 'A resolution') < 1)
      throw new RangeError(`A resolution of ${x}x${y}.`);
    const out = Buffer.alloc(9);
    out.writeInt32BE(x, 0);
    out.writeInt32BE(y, 4);
    out[8] = units === 'dpi' ? 3 : 4;
    return out;
  },
};

const rangeSyntax: Syntax = {
  decode(bytes, context) {
    exactLength(bytes, 8, 'rangeOfInteger', context);
    const lower = bytes.readInt32BE(0);
    const upper = bytes.readInt32BE(4);
    if (lower > upper) throw bad(context, `(rangeOfInteger) is ${lower}-${upper}, lower above upper`);
    return { tag: 'rangeOfInteger', value: { lower, upper } };
  },
  encode(value) {
    const { lower, upper } = (value as { value: { lower: number; upper: number } }).value;
    if (int32(lower, 'A range') > int32(upper, 'A range'))
      throw new RangeError(`A range of ${lower}-${upper}.`);
    const out = Buffer.alloc(8);
    out.writeInt32BE(lower, 0);
    out.writeInt32BE(upper, 4);
    return out;
  },
};

const booleanSyntax: Syntax = {
  decode(bytes, context) {
    exactLength(bytes, 1, 'boolean', context);
    if (bytes[0]! > 1) throw bad(context, `(boolean) is ${bytes[0]}, neither 0 nor 1`);
    return { tag: 'boolean', value: bytes[0] === 1 };
  },
  encode: (value) => Buffer.from([(value as { value: boolean }).value ? 1 : 0]),
};

const octetStringSyntax: Syntax = {
  decode(bytes, context) {
    checkLength(bytes, context.lengths.octetString, 'octetString', context);
    // A copy: the message must not hold on to the chunk it was read from.
    return { tag: 'octetString', value: Buffer.from(bytes) };
  },
  encode: (value) => wire(Buffer.from((value as { value: Uint8Array }).value), 'An octetString'),
};

/**
 * Out-of-band values carry no value; a few printers (CUPS names Brother) send bytes anyway, which
 * are bounded and ignored, as RFC 8010 §3.8 tells a receiver to.
 */
function outOfBandSyntax(tag: (typeof OUT_OF_BAND_LIST)[number][0]): Syntax {
  return {
    decode(bytes, context) {
      checkLength(bytes, context.lengths.octetString, tag, context);
      return { tag };
    },
    encode: () => Buffer.alloc(0),
  };
}

/** Syntaxes by wire tag; begCollection, endCollection and memberAttrName are structure (decode.ts). */
export const SYNTAXES: ReadonlyMap<number, Syntax> = new Map<number, Syntax>([
  ...OUT_OF_BAND_LIST.map(([tag, code]): [number, Syntax] => [code, outOfBandSyntax(tag)]),
  [0x21, integerSyntax('integer')],
  [0x22, booleanSyntax],
  [0x23, integerSyntax('enum')],
  [0x30, octetStringSyntax],
  [0x31, dateTimeSyntax],
  [0x32, resolutionSyntax],
  [0x33, rangeSyntax],
  [0x35, withLanguageSyntax('textWithLanguage')],
  [0x36, withLanguageSyntax('nameWithLanguage')],
  ...STRING_LIST.map(([tag, code]): [number, Syntax] => [code, stringSyntax(tag)]),
]);

/** A value with a tag no registry assigns (0x11, 0x14, 0x20, 0x24–0x2f, …): its bytes, bounded. */
export function decodeUnassigned(code: number, bytes: Buffer, context: ValueContext): IppValue {
  checkLength(bytes, context.lengths.octetString, `tag 0x${code.toString(16)}`, context);
  return { tag: 'unassigned', code, value: Buffer.from(bytes) };
}
