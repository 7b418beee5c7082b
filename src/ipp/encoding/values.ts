/**
 * Building IPP values and attributes in code, and finding them in a decoded message.
 *
 *   const group = { tag: 'printer', attributes: [
 *     attribute('printer-name', name('library')),
 *     attribute('document-format-supported', ...['application/pdf', 'image/jpeg'].map(mimeMediaType)),
 *     attribute('media-col-default', collection({ 'media-size': collection({ 'x-dimension': integer(21000) }) })),
 *   ] };
 *   findAttribute(message, 'operation', 'printer-uri')?.values[0];
 */
import type { IppAttribute, IppDateTime, IppGroup, IppMessage, IppValue } from './model.js';
import type { GroupName, OutOfBandTag } from './tags.js';

export const integer = (value: number): IppValue => ({ tag: 'integer', value });
export const enumValue = (value: number): IppValue => ({ tag: 'enum', value });
export const boolean = (value: boolean): IppValue => ({ tag: 'boolean', value });
export const octetString = (value: Uint8Array): IppValue => ({ tag: 'octetString', value });
export const keyword = (value: string): IppValue => ({ tag: 'keyword', value });
export const uri = (value: string): IppValue => ({ tag: 'uri', value });
export const uriScheme = (value: string): IppValue => ({ tag: 'uriScheme', value });
export const charset = (value: string): IppValue => ({ tag: 'charset', value });
export const naturalLanguage = (value: string): IppValue => ({ tag: 'naturalLanguage', value });
export const mimeMediaType = (value: string): IppValue => ({ tag: 'mimeMediaType', value });
/** textWithoutLanguage. */
export const text = (value: string): IppValue => ({ tag: 'textWithoutLanguage', value });
/** nameWithoutLanguage. */
export const name = (value: string): IppValue => ({ tag: 'nameWithoutLanguage', value });
export const textWithLanguage = (language: string, text: string): IppValue => ({
  tag: 'textWithLanguage',
  value: { language, text },
});
export const nameWithLanguage = (language: string, text: string): IppValue => ({
  tag: 'nameWithLanguage',
  value: { language, text },
});
export const resolution = (x: number, y: number, units: 'dpi' | 'dpcm' = 'dpi'): IppValue => ({
  tag: 'resolution',
  value: { x, y, units },
});
export const range = (lower: number, upper: number): IppValue => ({
  tag: 'rangeOfInteger',
  value: { lower, upper },
});
export const outOfBand = (tag: OutOfBandTag): IppValue => ({ tag });

/** A collection from its members in order; a member given several values is a 1setOf. */
export function collection(members: Readonly<Record<string, IppValue | readonly IppValue[]>>): IppValue {
  return {
    tag: 'collection',
    value: Object.entries(members).map(([memberName, values]) => ({
      name: memberName,
      values: Array.isArray(values) ? values : [values as IppValue],
    })),
  };
}

export function attribute(attributeName: string, ...values: IppValue[]): IppAttribute {
  return { name: attributeName, values };
}

/** A Date as an IPP dateTime, in UTC to the decisecond. */
export function dateTime(date: Date): IppValue {
  const value: IppDateTime = {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hours: date.getUTCHours(),
    minutes: date.getUTCMinutes(),
    seconds: date.getUTCSeconds(),
    deciseconds: Math.floor(date.getUTCMilliseconds() / 100),
    utcDirection: '+',
    utcHours: 0,
    utcMinutes: 0,
  };
  return { tag: 'dateTime', value };
}

/** The instant an IPP dateTime names. */
export function dateOf(value: IppDateTime): Date {
  const offset = (value.utcDirection === '-' ? -1 : 1) * (value.utcHours * 60 + value.utcMinutes);
  const local = Date.UTC(
    value.year,
    value.month - 1,
    value.day,
    value.hours,
    value.minutes,
    value.seconds,
    value.deciseconds * 100,
  );
  return new Date(local - offset * 60_000);
}

/** The first group with this tag. */
export function findGroup(message: IppMessage, tag: GroupName): IppGroup | undefined {
  return message.groups.find((group) => group.tag === tag);
}

/** An attribute of the first group with this tag. */
export function findAttribute(
  message: IppMessage,
  tag: GroupName,
  attributeName: string,
): IppAttribute | undefined {
  return findGroup(message, tag)?.attributes.find((candidate) => candidate.name === attributeName);
}
