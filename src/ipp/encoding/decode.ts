/**
 * Reads an IPP message (RFC 8010 §3) from bytes, strictly: every length checked against the bytes
 * there are and the limits given, every value against its syntax (value-codec.ts), groups and
 * collections well formed. Anything else is an IppError with the status a server answers with;
 * the decoder throws nothing else, whatever the bytes (the fuzz test holds it to that).
 *
 *   const { message, data } = decodeMessage(bytes, REQUEST_LIMITS); // data: the document after it
 *
 * Reading from a stream without holding the document in memory: stream.ts.
 */
import { IppError } from './ipp-error.js';
import { REQUEST_LIMITS, type IppLimits } from './limits.js';
import type { IppAttribute, IppGroup, IppMessage, IppValue, IppVersion } from './model.js';
import {
  END_OF_ATTRIBUTES_TAG,
  EXTENSION_TAG,
  FIRST_VALUE_TAG,
  GROUP_NAMES,
  hex,
  VALUE_TAG_NAMES,
  valueTag,
  type GroupName,
} from './tags.js';
import { decodeUnassigned, readAscii, SYNTAXES, type ValueContext } from './value-codec.js';

export interface Decoded {
  message: IppMessage;
  /** The octets after the end-of-attributes tag: the document, if any. */
  data: Buffer;
}

export interface Header {
  version: IppVersion;
  code: number;
  requestId: number;
}

export const HEADER_LENGTH = 8;

const BEG_COLLECTION = valueTag('begCollection');
const END_COLLECTION = valueTag('endCollection');
const MEMBER_NAME = valueTag('memberAttrName');

function bad(message: string): IppError {
  return new IppError('client-error-bad-request', message);
}

/**
 * The version, operation-id or status-code and request-id. IPP/1.x and 2.x share this encoding;
 * any other major version may not, so it is refused before anything else is read.
 */
export function decodeHeader(bytes: Buffer): Header {
  if (bytes.length < HEADER_LENGTH)
    throw bad(`The message is ${bytes.length} octets long, shorter than an IPP header (8).`);
  const version = { major: bytes[0]!, minor: bytes[1]! };
  const requestId = bytes.readInt32BE(4);
  if (version.major !== 1 && version.major !== 2)
    throw new IppError(
      'server-error-version-not-supported',
      `IPP/${version.major}.${version.minor} is not supported; use IPP/2.0 or IPP/1.1.`,
      { version, requestId },
    );
  return { version, code: bytes.readInt16BE(2), requestId };
}

/** Bounds-checked reads: past the limit is too large, past the bytes is a truncated message. */
class Reader {
  position = HEADER_LENGTH;

  constructor(
    private readonly bytes: Buffer,
    private readonly limit: number,
  ) {}

  private need(count: number, what: string): void {
    if (this.position + count > this.limit)
      throw new IppError(
        'client-error-request-entity-too-large',
        `The attributes of the message are longer than ${this.limit} octets.`,
      );
    if (this.position + count > this.bytes.length) throw bad(`The message ends inside ${what}.`);
  }

  byte(what: string): number {
    this.need(1, what);
    return this.bytes[this.position++]!;
  }

  /** A name-length or value-length: a SIGNED-SHORT that may not be negative. */
  length(what: string): number {
    this.need(2, what);
    const length = this.bytes.readInt16BE(this.position);
    this.position += 2;
    if (length < 0) throw bad(`A ${what} is ${length}.`);
    return length;
  }

  take(count: number, what: string): Buffer {
    this.need(count, what);
    this.position += count;
    return this.bytes.subarray(this.position - count, this.position);
  }
}

interface Building {
  name: string;
  values: IppValue[];
}

/** What one message may still hold: attributes in all (collection members included). */
class Budget {
  private attributes = 0;

  constructor(readonly limits: IppLimits) {}

  countAttribute(): void {
    if (++this.attributes > this.limits.maxAttributes)
      throw new IppError(
        'client-error-request-entity-too-large',
        `The message has more than ${this.limits.maxAttributes} attributes.`,
      );
  }

  add(target: Building, value: IppValue): void {
    if (target.values.length >= this.limits.maxValues)
      throw new IppError(
        'client-error-request-entity-too-large',
        `${target.name} has more than ${this.limits.maxValues} values.`,
      );
    target.values.push(value);
  }
}

/** An attribute or member name: a keyword (printable US-ASCII, bounded), never echoed unchecked. */
function readName(reader: Reader, length: number, budget: Budget): string {
  const max = budget.limits.lengths.keyword;
  const bytes = reader.take(length, 'an attribute name');
  if (length > max)
    throw new IppError(
      'client-error-request-value-too-long',
      `An attribute name is ${length} octets long; at most ${max} are accepted.`,
    );
  const name = readAscii(bytes, false);
  if (name === undefined) throw bad('An attribute name holds a character that is not printable US-ASCII.');
  return name;
}

function readValue(tag: number, reader: Reader, attribute: string, depth: number, budget: Budget): IppValue {
  const length = reader.length(`a value length of ${attribute}`);
  if (tag === EXTENSION_TAG) throw bad(`${attribute} has an extension tag (0x7f), which is not supported.`);
  if (tag > EXTENSION_TAG) throw bad(`${attribute} has the tag ${hex(tag)}, which is no value tag.`);
  if (tag === BEG_COLLECTION) {
    if (length !== 0) throw bad(`The begCollection value of ${attribute} is not empty.`);
    return { tag: 'collection', value: readCollection(reader, attribute, depth + 1, budget) };
  }
  if (tag === END_COLLECTION || tag === MEMBER_NAME)
    throw bad(`${attribute} has a ${VALUE_TAG_NAMES.get(tag)} outside a collection.`);
  const bytes = reader.take(length, `a value of ${attribute}`);
  const context: ValueContext = { attribute, lengths: budget.limits.lengths };
  const syntax = SYNTAXES.get(tag);
  return syntax ? syntax.decode(bytes, context) : decodeUnassigned(tag, bytes, context);
}

/** A collection's members after its begCollection, up to and including its endCollection. */
function readCollection(reader: Reader, attribute: string, depth: number, budget: Budget): IppAttribute[] {
  if (depth > budget.limits.maxCollectionDepth)
    throw new IppError(
      'client-error-request-entity-too-large',
      `${attribute} has collections nested more than ${budget.limits.maxCollectionDepth} deep.`,
    );
  const members: Building[] = [];
  const names = new Set<string>();
  let member: Building | undefined;
  for (;;) {
    const tag = reader.byte(`the collection ${attribute}`);
    if (tag < FIRST_VALUE_TAG) throw bad(`The collection ${attribute} has no endCollection.`);
    if (reader.length(`a name length in ${attribute}`) !== 0)
      throw bad(
        `A value inside the collection ${attribute} has a name; members are named by memberAttrName.`,
      );
    if (member && member.values.length === 0 && (tag === END_COLLECTION || tag === MEMBER_NAME))
      throw bad(`The member ${member.name} of ${attribute} has no value.`);
    if (tag === END_COLLECTION) {
      if (reader.length(`the endCollection of ${attribute}`) !== 0)
        throw bad(`The endCollection value of ${attribute} is not empty.`);
      return members;
    }
    if (tag === MEMBER_NAME) {
      const name = readName(reader, reader.length(`a member name in ${attribute}`), budget);
      if (name === '') throw bad(`A member name in ${attribute} is empty.`);
      if (names.has(name)) throw bad(`The member ${name} appears twice in ${attribute}.`);
      budget.countAttribute();
      names.add(name);
      member = { name, values: [] };
      members.push(member);
      continue;
    }
    if (!member) throw bad(`A value in the collection ${attribute} comes before any member name.`);
    budget.add(member, readValue(tag, reader, `${attribute}.${member.name}`, depth, budget));
  }
}

interface GroupBuilding {
  tag: GroupName;
  attributes: Building[];
  names: Set<string>;
}

function readGroups(reader: Reader, budget: Budget): IppGroup[] {
  const groups: GroupBuilding[] = [];
  let group: GroupBuilding | undefined;
  let last: Building | undefined;
  for (;;) {
    const tag = reader.byte('the attributes (no end-of-attributes tag)');
    if (tag === END_OF_ATTRIBUTES_TAG) return groups;
    if (tag < FIRST_VALUE_TAG) {
      const name = GROUP_NAMES.get(tag);
      if (!name) throw bad(`The delimiter tag ${hex(tag)} is not an attribute group.`);
      group = { tag: name, attributes: [], names: new Set() };
      groups.push(group);
      last = undefined;
      continue;
    }
    const nameLength = reader.length('a name length');
    const name = nameLength > 0 ? readName(reader, nameLength, budget) : '';
    if (!group) throw bad('An attribute comes before any attribute group tag.');
    if (nameLength === 0) {
      // An additional value (1setOf) of the attribute before it.
      if (!last) throw bad(`A value with no attribute name opens the ${group.tag} group.`);
      budget.add(last, readValue(tag, reader, last.name, 0, budget));
      continue;
    }
    if (group.names.has(name)) throw bad(`${name} appears twice in the ${group.tag} group.`);
    budget.countAttribute();
    group.names.add(name);
    last = { name, values: [] };
    group.attributes.push(last);
    budget.add(last, readValue(tag, reader, name, 0, budget));
  }
}

export function decodeMessage(bytes: Buffer, limits: IppLimits = REQUEST_LIMITS): Decoded {
  const header = decodeHeader(bytes);
  const reader = new Reader(bytes, limits.maxAttributeBytes);
  try {
    const groups = readGroups(reader, new Budget(limits)).map(({ tag, attributes }): IppGroup => ({
      tag,
      attributes,
    }));
    return { message: { ...header, groups }, data: bytes.subarray(reader.position) };
  } catch (error) {
    throw error instanceof IppError ? error.about(header) : error;
  }
}
