import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMessage } from './decode.js';
import { IppError } from './ipp-error.js';
import { REQUEST_LIMITS, type IppLimits } from './limits.js';
import type { StatusName } from './status-codes.js';

const REQUEST_ID = 9;

function header(major = 2, minor = 0): Buffer {
  const out = Buffer.alloc(8);
  out.set([major, minor, 0x00, 0x0b]);
  out.writeInt32BE(REQUEST_ID, 4);
  return out;
}

/** tag, name-length, name, value-length, value; lengths may be forced to lie. */
function el(
  tag: number,
  name: string,
  value: Buffer | string,
  lengths: { name?: number; value?: number } = {},
) {
  const nameBytes = Buffer.from(name, 'latin1');
  const valueBytes = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
  const out = Buffer.alloc(5 + nameBytes.length + valueBytes.length);
  out[0] = tag;
  out.writeInt16BE(lengths.name ?? nameBytes.length, 1);
  nameBytes.copy(out, 3);
  out.writeInt16BE(lengths.value ?? valueBytes.length, 3 + nameBytes.length);
  valueBytes.copy(out, 5 + nameBytes.length);
  return out;
}

const OPERATION = Buffer.from([0x01]);
const END = Buffer.from([0x03]);
const int = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
/** A message: header, operation group, the parts, end tag. */
const message = (...parts: Buffer[]) => Buffer.concat([header(), OPERATION, ...parts, END]);
const BEG = (name: string) => el(0x34, name, '');
const MEMBER = (name: string) => el(0x4a, '', name);
const ENDCOL = el(0x37, '', '');

const REFUSED: [string, Buffer, StatusName, Partial<IppLimits>?][] = [
  ['a message shorter than its header', Buffer.from([2, 0, 0]), 'client-error-bad-request'],
  ['IPP/0.0', Buffer.concat([header(0, 0), OPERATION, END]), 'server-error-version-not-supported'],
  ['IPP/3.0', Buffer.concat([header(3, 0), OPERATION, END]), 'server-error-version-not-supported'],
  [
    'no end-of-attributes tag',
    Buffer.concat([header(), OPERATION, el(0x44, 'a', 'b')]),
    'client-error-bad-request',
  ],
  [
    'an attribute before any group',
    Buffer.concat([header(), el(0x44, 'a', 'b'), END]),
    'client-error-bad-request',
  ],
  [
    'a reserved delimiter tag',
    Buffer.concat([header(), Buffer.from([0x0b]), END]),
    'client-error-bad-request',
  ],
  ['an additional value opening a group', message(el(0x44, '', 'b')), 'client-error-bad-request'],
  ['a negative name length', message(el(0x44, 'a', 'b', { name: -1 })), 'client-error-bad-request'],
  ['a value length past the end', message(el(0x44, 'a', 'b', { value: 200 })), 'client-error-bad-request'],
  ['an integer of 3 octets', message(el(0x21, 'copies', Buffer.from([0, 0, 1]))), 'client-error-bad-request'],
  ['an enum of 5 octets', message(el(0x23, 'e', Buffer.alloc(5))), 'client-error-bad-request'],
  ['a boolean of 2', message(el(0x22, 'b', Buffer.from([2]))), 'client-error-bad-request'],
  [
    'a dateTime in month 13',
    message(el(0x31, 'd', Buffer.from([7, 232, 13, 1, 0, 0, 0, 0, 43, 0, 0]))),
    'client-error-bad-request',
  ],
  [
    'a dateTime with no UTC direction',
    message(el(0x31, 'd', Buffer.from([7, 232, 1, 1, 0, 0, 0, 0, 0, 0, 0]))),
    'client-error-bad-request',
  ],
  [
    'a resolution in unit 5',
    message(el(0x32, 'r', Buffer.concat([int(300), int(300), Buffer.from([5])]))),
    'client-error-bad-request',
  ],
  [
    'a resolution of 0 dpi',
    message(el(0x32, 'r', Buffer.concat([int(0), int(300), Buffer.from([3])]))),
    'client-error-bad-request',
  ],
  [
    'a range from 5 to 1',
    message(el(0x33, 'r', Buffer.concat([int(5), int(1)]))),
    'client-error-bad-request',
  ],
  ['text that is not UTF-8', message(el(0x41, 't', Buffer.from([0xc3, 0x28]))), 'client-error-bad-request'],
  ['an empty keyword', message(el(0x44, 'k', '')), 'client-error-bad-request'],
  ['an empty mimeMediaType', message(el(0x49, 'document-format', '')), 'client-error-bad-request'],
  ['a keyword with a space', message(el(0x44, 'k', 'two words')), 'client-error-bad-request'],
  ['a uri with a control character', message(el(0x45, 'u', 'ipp://x/\x07')), 'client-error-bad-request'],
  ['an attribute name that is not ASCII', message(el(0x44, 'nämé', 'x')), 'client-error-bad-request'],
  [
    'a textWithLanguage whose lengths disagree',
    message(el(0x35, 't', Buffer.from([0, 2, 0x65, 0x6e, 0, 9, 0x61]))),
    'client-error-bad-request',
  ],
  [
    'a textWithLanguage too short for its lengths',
    message(el(0x35, 't', Buffer.from([0, 2]))),
    'client-error-bad-request',
  ],
  ['the extension tag', message(el(0x7f, 'x', int(0x40000000))), 'client-error-bad-request'],
  [
    'an attribute twice in a group',
    message(el(0x44, 'a', 'b'), el(0x44, 'a', 'c')),
    'client-error-bad-request',
  ],
  ['a memberAttrName outside a collection', message(el(0x4a, 'a', 'b')), 'client-error-bad-request'],
  ['an endCollection outside a collection', message(el(0x37, 'a', '')), 'client-error-bad-request'],
  ['a begCollection with a value', message(el(0x34, 'c', 'x')), 'client-error-bad-request'],
  ['an endCollection with a value', message(BEG('c'), el(0x37, '', 'x')), 'client-error-bad-request'],
  [
    'a collection never closed',
    message(BEG('c'), MEMBER('a'), el(0x21, '', int(1))),
    'client-error-bad-request',
  ],
  [
    'a collection value before any member name',
    message(BEG('c'), el(0x21, '', int(1)), ENDCOL),
    'client-error-bad-request',
  ],
  [
    'a named value in a collection',
    message(BEG('c'), MEMBER('a'), el(0x21, 'a', int(1)), ENDCOL),
    'client-error-bad-request',
  ],
  ['a member with no value', message(BEG('c'), MEMBER('a'), ENDCOL), 'client-error-bad-request'],
  [
    'a member with no value before another',
    message(BEG('c'), MEMBER('a'), MEMBER('b'), el(0x21, '', int(1)), ENDCOL),
    'client-error-bad-request',
  ],
  [
    'an empty member name',
    message(BEG('c'), MEMBER(''), el(0x21, '', int(1)), ENDCOL),
    'client-error-bad-request',
  ],
  [
    'a member twice',
    message(BEG('c'), MEMBER('a'), el(0x21, '', int(1)), MEMBER('a'), el(0x21, '', int(1)), ENDCOL),
    'client-error-bad-request',
  ],
  ['a group tag inside a collection', message(BEG('c'), OPERATION, ENDCOL), 'client-error-bad-request'],
  [
    'an attribute name of 256 octets',
    message(el(0x44, 'n'.repeat(256), 'x')),
    'client-error-request-value-too-long',
  ],
  ['a keyword of 256 octets', message(el(0x44, 'k', 'k'.repeat(256))), 'client-error-request-value-too-long'],
  ['a name of 256 octets', message(el(0x42, 'n', 'n'.repeat(256))), 'client-error-request-value-too-long'],
  ['a text of 1024 octets', message(el(0x41, 't', 't'.repeat(1024))), 'client-error-request-value-too-long'],
  ['a uri of 1024 octets', message(el(0x45, 'u', 'u'.repeat(1024))), 'client-error-request-value-too-long'],
  ['a charset of 64 octets', message(el(0x47, 'c', 'c'.repeat(64))), 'client-error-request-value-too-long'],
  [
    'an octetString of 1024 octets',
    message(el(0x30, 'o', Buffer.alloc(1024))),
    'client-error-request-value-too-long',
  ],
  [
    'an unassigned value of 1024 octets',
    message(el(0x20, 'o', Buffer.alloc(1024))),
    'client-error-request-value-too-long',
  ],
  [
    'a nameWithLanguage whose name is 256 octets',
    message(el(0x36, 'n', Buffer.concat([Buffer.from([0, 0, 1, 0]), Buffer.alloc(256, 0x61)]))),
    'client-error-request-value-too-long',
  ],
  [
    'attributes past the size limit',
    message(el(0x41, 'a', 'x'.repeat(900)), el(0x41, 'b', 'x'.repeat(900))),
    'client-error-request-entity-too-large',
    { maxAttributeBytes: 1000 },
  ],
  [
    'more attributes than the limit',
    message(el(0x44, 'a', 'x'), el(0x44, 'b', 'x'), el(0x44, 'c', 'x')),
    'client-error-request-entity-too-large',
    { maxAttributes: 2 },
  ],
  [
    'members counting as attributes',
    message(BEG('c'), MEMBER('a'), el(0x21, '', int(1)), MEMBER('b'), el(0x21, '', int(1)), ENDCOL),
    'client-error-request-entity-too-large',
    { maxAttributes: 2 },
  ],
  [
    'more values than the limit',
    message(el(0x44, 'a', 'x'), el(0x44, '', 'y'), el(0x44, '', 'z')),
    'client-error-request-entity-too-large',
    { maxValues: 2 },
  ],
  [
    'collections nested too deep',
    message(BEG('c'), MEMBER('a'), BEG(''), MEMBER('b'), el(0x21, '', int(1)), ENDCOL, ENDCOL),
    'client-error-request-entity-too-large',
    { maxCollectionDepth: 1 },
  ],
];

describe('IPP decoder refusals', () => {
  for (const [what, bytes, status, limits] of REFUSED) {
    it(`answers ${status} to ${what}`, () => {
      assert.throws(
        () => decodeMessage(bytes, { ...REQUEST_LIMITS, ...limits }),
        (error: unknown) => {
          assert.ok(error instanceof IppError, `not an IppError: ${String(error)}`);
          assert.equal(error.status, status, error.message);
          // Once the header is read, the answer can repeat the request-id.
          assert.equal(error.requestId, bytes.length >= 8 ? REQUEST_ID : undefined);
          return true;
        },
      );
    });
  }

  it('accepts every value at its RFC 8011 maximum', () => {
    const decoded = decodeMessage(
      message(
        el(0x44, 'n'.repeat(255), 'k'.repeat(255)),
        el(0x41, 't', 't'.repeat(1023)),
        el(0x45, 'u', 'u'.repeat(1023)),
        el(0x42, 'name', 'n'.repeat(255)),
        el(0x30, 'o', Buffer.alloc(1023)),
      ),
    );
    assert.equal(decoded.message.groups[0]?.attributes.length, 5);
  });

  it('ignores the octets some printers put in an out-of-band value', () => {
    const decoded = decodeMessage(message(el(0x13, 'job-name', 'junk')));
    assert.deepEqual(decoded.message.groups[0]?.attributes[0]?.values, [{ tag: 'no-value' }]);
  });

  it('accepts IPP/1.0 to IPP/2.2 headers and any operation code', () => {
    for (const [major, minor] of [
      [1, 0],
      [1, 1],
      [2, 0],
      [2, 2],
    ] as const) {
      const bytes = Buffer.concat([header(major, minor), END]);
      assert.deepEqual(decodeMessage(bytes).message.version, { major, minor });
    }
  });
});
