/**
 * An IPP message as the codec reads and writes it (RFC 8010 §3.1): the version, the operation-id
 * (request) or status-code (response), the request-id, and the attribute groups in wire order,
 * each holding its attributes in order, each attribute one or more values (1setOf). Every value
 * names its syntax by the tag it travels with, so a message decodes and encodes back to the same
 * bytes.
 *
 *   const message: IppMessage = {
 *     version: { major: 2, minor: 0 },
 *     code: 0x000b, // Get-Printer-Attributes
 *     requestId: 1,
 *     groups: [{ tag: 'operation', attributes: [attribute('attributes-charset', charset('utf-8'))] }],
 *   };
 */
import type { GroupName, OutOfBandTag, StringTag } from './tags.js';

/** RFC 2579 DateAndTime, field for field (what the wire holds; see dates.ts for Date). */
export interface IppDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
  readonly deciseconds: number;
  readonly utcDirection: '+' | '-';
  readonly utcHours: number;
  readonly utcMinutes: number;
}

export interface IppResolution {
  readonly x: number;
  readonly y: number;
  readonly units: 'dpi' | 'dpcm';
}

export interface IppRange {
  readonly lower: number;
  readonly upper: number;
}

export interface IppStringWithLanguage {
  readonly language: string;
  readonly text: string;
}

/** A collection's members, in order; each member is an attribute (name and values). */
export type IppCollection = readonly IppAttribute[];

export type IppValue =
  | { readonly tag: OutOfBandTag }
  | { readonly tag: 'integer' | 'enum'; readonly value: number }
  | { readonly tag: 'boolean'; readonly value: boolean }
  | { readonly tag: 'octetString'; readonly value: Uint8Array }
  | { readonly tag: 'dateTime'; readonly value: IppDateTime }
  | { readonly tag: 'resolution'; readonly value: IppResolution }
  | { readonly tag: 'rangeOfInteger'; readonly value: IppRange }
  | { readonly tag: 'textWithLanguage' | 'nameWithLanguage'; readonly value: IppStringWithLanguage }
  | { readonly tag: StringTag; readonly value: string }
  | { readonly tag: 'collection'; readonly value: IppCollection }
  /** A value whose tag no registry assigns: kept as bytes, so it can be passed on or refused. */
  | { readonly tag: 'unassigned'; readonly code: number; readonly value: Uint8Array };

export type IppValueTag = IppValue['tag'];

export interface IppAttribute {
  readonly name: string;
  /** One or more. */
  readonly values: readonly IppValue[];
}

export interface IppGroup {
  readonly tag: GroupName;
  readonly attributes: readonly IppAttribute[];
}

export interface IppVersion {
  readonly major: number;
  readonly minor: number;
}

export interface IppMessage {
  readonly version: IppVersion;
  /** operation-id in a request, status-code in a response. */
  readonly code: number;
  readonly requestId: number;
  readonly groups: readonly IppGroup[];
}
