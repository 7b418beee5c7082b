/**
 * The tags of the IPP wire format (RFC 8010 §3.5, IANA "IPP Registrations" tag list): delimiter
 * tags that open an attribute group or end the attribute part, and value tags that give each
 * value's syntax. Lookups by code or by name go through Maps: a code or name read from the wire
 * never reaches a plain object's prototype chain.
 *
 *   GROUP_TAGS.get('printer')          // 0x04
 *   VALUE_TAG_NAMES.get(0x44)          // 'keyword'
 */

/** Attribute groups by their delimiter tag (RFC 8010 §3.5.1, RFC 3995, PWG 5100.5 and 5100.22). */
const GROUP_LIST = [
  ['operation', 0x01],
  ['job', 0x02],
  ['printer', 0x04],
  ['unsupported', 0x05],
  ['subscription', 0x06],
  ['event-notification', 0x07],
  ['resource', 0x08],
  ['document', 0x09],
  ['system', 0x0a],
] as const;

export type GroupName = (typeof GROUP_LIST)[number][0];

export const GROUP_TAGS: ReadonlyMap<GroupName, number> = new Map(GROUP_LIST);
export const GROUP_NAMES: ReadonlyMap<number, GroupName> = new Map(
  GROUP_LIST.map(([name, tag]) => [tag, name]),
);

/** Ends the attribute part; the document data, if any, follows. */
export const END_OF_ATTRIBUTES_TAG = 0x03;

/** Tags below this one are delimiters; from it on they are value tags. */
export const FIRST_VALUE_TAG = 0x10;

/** Out-of-band values: no value, only the tag (RFC 8010 §3.5.2, RFC 3380 §8.1). */
export const OUT_OF_BAND_LIST = [
  ['unsupported', 0x10],
  ['unknown', 0x12],
  ['no-value', 0x13],
  ['not-settable', 0x15],
  ['delete-attribute', 0x16],
  ['admin-define', 0x17],
] as const;

/** Strings: ASCII for every syntax but text and name, which are UTF-8 (attributes-charset). */
export const STRING_LIST = [
  ['textWithoutLanguage', 0x41],
  ['nameWithoutLanguage', 0x42],
  ['keyword', 0x44],
  ['uri', 0x45],
  ['uriScheme', 0x46],
  ['charset', 0x47],
  ['naturalLanguage', 0x48],
  ['mimeMediaType', 0x49],
] as const;

const VALUE_LIST = [
  ...OUT_OF_BAND_LIST,
  ['integer', 0x21],
  ['boolean', 0x22],
  ['enum', 0x23],
  ['octetString', 0x30],
  ['dateTime', 0x31],
  ['resolution', 0x32],
  ['rangeOfInteger', 0x33],
  ['begCollection', 0x34],
  ['textWithLanguage', 0x35],
  ['nameWithLanguage', 0x36],
  ['endCollection', 0x37],
  ...STRING_LIST,
  ['memberAttrName', 0x4a],
] as const;

export type ValueTagName = (typeof VALUE_LIST)[number][0];
export type OutOfBandTag = (typeof OUT_OF_BAND_LIST)[number][0];
export type StringTag = (typeof STRING_LIST)[number][0];

export const VALUE_TAGS: ReadonlyMap<ValueTagName, number> = new Map(VALUE_LIST);
export const VALUE_TAG_NAMES: ReadonlyMap<number, ValueTagName> = new Map(
  VALUE_LIST.map(([name, tag]) => [tag, name]),
);

/**
 * 0x7F announces a four-octet extended tag. RFC 8010 puts it at the start of the value, CUPS
 * reads it right after the tag; as nothing registered uses one, the decoder refuses it.
 */
export const EXTENSION_TAG = 0x7f;

/** The tag of a value tag name (every name in the list has one). */
export function valueTag(name: ValueTagName): number {
  return VALUE_TAGS.get(name)!;
}

/** Hex as in the RFCs and CUPS's messages: 0x4a. */
export function hex(code: number, digits = 2): string {
  return `0x${code.toString(16).padStart(digits, '0')}`;
}
