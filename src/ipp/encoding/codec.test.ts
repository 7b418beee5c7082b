import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMessage } from './decode.js';
import { encodeMessage } from './encode.js';
import { IppError } from './ipp-error.js';
import { RESPONSE_LIMITS } from './limits.js';
import type { IppMessage, IppValue } from './model.js';
import { OPERATION_CODES, OPERATION_NAMES, operationCodeOf } from './operations.js';
import { EVERY_SYNTAX, PRINTER_RESPONSE } from './samples.test-support.js';
import { STATUS_CODES, STATUS_NAMES } from './status-codes.js';
import { VALUE_TAGS } from './tags.js';
import {
  attribute,
  charset,
  collection,
  dateOf,
  dateTime,
  findAttribute,
  integer,
  keyword,
} from './values.js';

/** A message of one operation group holding one attribute. */
function single(...values: IppValue[]): IppMessage {
  return {
    version: { major: 2, minor: 0 },
    code: 0x000b,
    requestId: 1,
    groups: [{ tag: 'operation', attributes: [attribute('x', ...values)] }],
  };
}

const roundTrip = (message: IppMessage) => decodeMessage(encodeMessage(message)).message;

describe('IPP codec round trip', () => {
  it('decodes what it encodes, for a value of every syntax', () => {
    assert.deepEqual(roundTrip(EVERY_SYNTAX), EVERY_SYNTAX);
    assert.deepEqual(
      decodeMessage(encodeMessage(PRINTER_RESPONSE), RESPONSE_LIMITS).message,
      PRINTER_RESPONSE,
    );
  });

  it('encodes what it decodes to the same octets', () => {
    const bytes = encodeMessage(EVERY_SYNTAX);
    assert.deepEqual(encodeMessage(decodeMessage(bytes).message), bytes);
  });

  for (const [tag, values] of Object.entries(EACH_SYNTAX())) {
    it(`keeps a ${tag} value`, () => assert.deepEqual(roundTrip(single(...values)), single(...values)));
  }

  it('writes the octets RFC 8010 gives for a Get-Printer-Attributes request', () => {
    const request: IppMessage = {
      version: { major: 1, minor: 1 },
      code: 0x000b,
      requestId: 1,
      groups: [
        {
          tag: 'operation',
          attributes: [
            attribute('attributes-charset', charset('utf-8')),
            attribute('requested-attributes', keyword('copies-supported'), keyword('sides')),
          ],
        },
      ],
    };
    const expected = Buffer.concat([
      Buffer.from([0x01, 0x01, 0x00, 0x0b, 0x00, 0x00, 0x00, 0x01, 0x01]),
      Buffer.from([0x47, 0x00, 0x12]),
      Buffer.from('attributes-charset'),
      Buffer.from([0x00, 0x05]),
      Buffer.from('utf-8'),
      Buffer.from([0x44, 0x00, 0x14]),
      Buffer.from('requested-attributes'),
      Buffer.from([0x00, 0x10]),
      Buffer.from('copies-supported'),
      Buffer.from([0x44, 0x00, 0x00, 0x00, 0x05]),
      Buffer.from('sides'),
      Buffer.from([0x03]),
    ]);
    assert.deepEqual(encodeMessage(request), expected);
    assert.deepEqual(decodeMessage(expected).message, request);
  });

  it('writes a collection as begCollection, memberAttrName and values, endCollection', () => {
    const bytes = encodeMessage(single(collection({ a: integer(1) })));
    const attributePart = bytes.subarray(9, -1);
    assert.deepEqual(
      attributePart,
      Buffer.from([
        ...[0x34, 0x00, 0x01, 0x78, 0x00, 0x00],
        ...[0x4a, 0x00, 0x00, 0x00, 0x01, 0x61],
        ...[0x21, 0x00, 0x00, 0x00, 0x04, 0, 0, 0, 1],
        ...[0x37, 0x00, 0x00, 0x00, 0x00],
      ]),
    );
  });

  it('returns the octets after the attributes as the document', () => {
    const document = Buffer.from('%PDF-1.7\n');
    const { message, data } = decodeMessage(Buffer.concat([encodeMessage(EVERY_SYNTAX), document]));
    assert.deepEqual(message, EVERY_SYNTAX);
    assert.deepEqual(data, document);
  });

  it('converts dateTime to and from Date, honouring the offset from UTC', () => {
    const instant = new Date(Date.UTC(2025, 5, 30, 12, 34, 56, 700));
    const value = dateTime(instant);
    assert.equal(value.tag, 'dateTime');
    if (value.tag !== 'dateTime') return;
    assert.deepEqual(dateOf(value.value), instant);
    const paris = { ...value.value, hours: 14, utcDirection: '+' as const, utcHours: 2 };
    assert.deepEqual(dateOf(paris), instant);
  });

  it('finds attributes by group and name', () => {
    assert.equal(findAttribute(EVERY_SYNTAX, 'job', 'copies')?.values[0]?.tag, 'integer');
    assert.equal(findAttribute(EVERY_SYNTAX, 'printer', 'copies'), undefined);
  });

  it('refuses to encode what no message may carry', () => {
    const bad: IppValue[] = [
      keyword('two words'),
      keyword(''),
      integer(2 ** 31),
      { tag: 'rangeOfInteger', value: { lower: 5, upper: 1 } },
      { tag: 'textWithoutLanguage', value: 'x'.repeat(40000) },
      { tag: 'unassigned', code: 0x21, value: Buffer.alloc(0) },
    ];
    for (const value of bad) assert.throws(() => encodeMessage(single(value)), RangeError);
    assert.throws(() => encodeMessage(single()), RangeError);
    assert.throws(() => encodeMessage(single(collection({ a: [] }))), RangeError);
  });

  it('names tags, operations and status codes in Maps only', () => {
    assert.equal(OPERATION_CODES.get('Get-Printer-Attributes'), 0x000b);
    assert.equal(OPERATION_NAMES.get(0x0002), 'Print-Job');
    assert.equal(operationCodeOf('get-printer-attributes'), 0x000b);
    assert.equal(operationCodeOf('constructor'), undefined);
    assert.equal(STATUS_CODES.get('client-error-not-found'), 0x0406);
    assert.equal(STATUS_NAMES.get(0x0503), 'server-error-version-not-supported');
    assert.equal(VALUE_TAGS.get('memberAttrName'), 0x4a);
    assert.equal(new IppError('client-error-gone', 'Gone.').code, 0x0407);
  });
});

/** One attribute's values per syntax, 1setOf where the syntax allows it. */
function EACH_SYNTAX(): Record<string, IppValue[]> {
  return {
    integer: [integer(0), integer(-2147483648), integer(2147483647)],
    boolean: [
      { tag: 'boolean', value: true },
      { tag: 'boolean', value: false },
    ],
    enum: [{ tag: 'enum', value: 3 }],
    octetString: [{ tag: 'octetString', value: Buffer.from([0, 0xff, 0x80]) }],
    dateTime: [dateTime(new Date(Date.UTC(1999, 11, 31, 23, 59, 59)))],
    resolution: [{ tag: 'resolution', value: { x: 300, y: 300, units: 'dpcm' } }],
    rangeOfInteger: [{ tag: 'rangeOfInteger', value: { lower: -5, upper: 5 } }],
    collection: [collection({ nested: collection({ deeper: collection({ x: keyword('y') }) }) })],
    textWithLanguage: [{ tag: 'textWithLanguage', value: { language: 'ja', text: '日本語' } }],
    nameWithLanguage: [{ tag: 'nameWithLanguage', value: { language: '', text: '' } }],
    textWithoutLanguage: [{ tag: 'textWithoutLanguage', value: 'line one\nline two' }],
    nameWithoutLanguage: [{ tag: 'nameWithoutLanguage', value: 'Ωmega' }],
    keyword: [keyword('one'), keyword('V1.4')],
    uri: [{ tag: 'uri', value: 'ipps://[::1]:9192/printers/a%20b?x=1' }],
    uriScheme: [{ tag: 'uriScheme', value: 'ipps' }],
    charset: [charset('utf-8')],
    naturalLanguage: [{ tag: 'naturalLanguage', value: 'zh-hans-cn' }],
    mimeMediaType: [{ tag: 'mimeMediaType', value: 'image/pwg-raster' }],
    'out-of-band': [{ tag: 'unsupported' }, { tag: 'unknown' }, { tag: 'no-value' }],
    'more out-of-band': [{ tag: 'not-settable' }, { tag: 'delete-attribute' }, { tag: 'admin-define' }],
    unassigned: [{ tag: 'unassigned', code: 0x4b, value: Buffer.from('?') }],
  };
}
