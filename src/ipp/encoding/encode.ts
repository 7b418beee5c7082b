/**
 * Writes an IPP message (RFC 8010 §3): Quire's responses as a server, its requests as a client.
 * A value no message may carry (an empty attribute, a keyword with a space, an integer beyond 32
 * bits, a string longer than 32767 octets) is a bug of the caller: RangeError, nothing written.
 *
 *   const bytes = encodeMessage({ version: { major: 2, minor: 0 }, code: 0, requestId: 7, groups });
 */
import type { IppAttribute, IppMessage, IppValue } from './model.js';
import { END_OF_ATTRIBUTES_TAG, GROUP_TAGS, VALUE_TAG_NAMES, VALUE_TAGS, valueTag } from './tags.js';
import { readAscii, SYNTAXES } from './value-codec.js';

const BEG_COLLECTION = valueTag('begCollection');
const END_COLLECTION = valueTag('endCollection');
const MEMBER_NAME = valueTag('memberAttrName');
const EMPTY = Buffer.alloc(0);

/** tag, name-length, name, value-length, value. */
function element(tag: number, name: Buffer, value: Buffer): Buffer {
  const out = Buffer.alloc(5 + name.length + value.length);
  out[0] = tag;
  out.writeInt16BE(name.length, 1);
  name.copy(out, 3);
  out.writeInt16BE(value.length, 3 + name.length);
  value.copy(out, 5 + name.length);
  return out;
}

function nameBytes(name: string): Buffer {
  const bytes = Buffer.from(name, 'latin1');
  if (name === '' || name.length > 0x7fff || readAscii(bytes, false) !== name)
    throw new RangeError(
      `An attribute name must be printable US-ASCII: ${JSON.stringify(name.slice(0, 60))}`,
    );
  return bytes;
}

function valueField(value: Exclude<IppValue, { tag: 'collection' }>): { tag: number; bytes: Buffer } {
  if (value.tag === 'unassigned') {
    if (
      !Number.isInteger(value.code) ||
      value.code < 0x10 ||
      value.code > 0x7e ||
      VALUE_TAG_NAMES.has(value.code)
    )
      throw new RangeError(`Tag 0x${value.code.toString(16)} is not an unassigned value tag.`);
    return { tag: value.code, bytes: Buffer.from(value.value) };
  }
  const tag = VALUE_TAGS.get(value.tag);
  const syntax = tag === undefined ? undefined : SYNTAXES.get(tag);
  if (tag === undefined || !syntax) throw new RangeError(`No value syntax is called ${String(value.tag)}.`);
  return { tag, bytes: syntax.encode(value) };
}

function writeValue(parts: Buffer[], name: Buffer, value: IppValue): void {
  if (value.tag !== 'collection') {
    const { tag, bytes } = valueField(value);
    if (bytes.length > 0x7fff) throw new RangeError(`A value of ${bytes.length} octets does not fit.`);
    parts.push(element(tag, name, bytes));
    return;
  }
  parts.push(element(BEG_COLLECTION, name, EMPTY));
  for (const member of value.value) {
    parts.push(element(MEMBER_NAME, EMPTY, nameBytes(member.name)));
    writeValues(parts, EMPTY, member);
  }
  parts.push(element(END_COLLECTION, EMPTY, EMPTY));
}

/** The first value carries the name; each additional value (1setOf) has an empty one. */
function writeValues(parts: Buffer[], name: Buffer, attribute: IppAttribute): void {
  if (attribute.values.length === 0) throw new RangeError(`${attribute.name} has no value.`);
  attribute.values.forEach((value, index) => writeValue(parts, index === 0 ? name : EMPTY, value));
}

export function encodeMessage(message: IppMessage): Buffer {
  const { version, code, requestId } = message;
  const header = Buffer.alloc(8);
  header[0] = version.major;
  header[1] = version.minor;
  header.writeInt16BE(code, 2);
  header.writeInt32BE(requestId, 4);
  const parts = [header];
  for (const group of message.groups) {
    const tag = GROUP_TAGS.get(group.tag);
    if (tag === undefined) throw new RangeError(`No attribute group is called ${String(group.tag)}.`);
    parts.push(Buffer.from([tag]));
    for (const attribute of group.attributes) {
      if (attribute.name === '') throw new RangeError('An attribute has no name.');
      writeValues(parts, nameBytes(attribute.name), attribute);
    }
  }
  parts.push(Buffer.from([END_OF_ATTRIBUTES_TAG]));
  return Buffer.concat(parts);
}
