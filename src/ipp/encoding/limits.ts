/**
 * How much the decoder accepts. A request to Quire is held to RFC 8011's maxima (§5.1: text 1023
 * octets, name 255, keyword 255, uri 1023, …) and to bounds that keep one request small in memory;
 * a response from a printer (Quire as a client) may be larger, as real printers' are.
 *
 *   decodeMessage(bytes, REQUEST_LIMITS);
 *   decodeMessage(bytes, { ...RESPONSE_LIMITS, maxAttributeBytes: 64 * 1024 });
 */

/** Longest value per syntax, in octets. Attribute and member names are keywords. */
export interface LengthLimits {
  readonly text: number;
  readonly name: number;
  readonly keyword: number;
  readonly uri: number;
  readonly uriScheme: number;
  readonly charset: number;
  readonly naturalLanguage: number;
  readonly mimeMediaType: number;
  /** Also the bound of a value with an unassigned tag and of an out-of-band value's ignored bytes. */
  readonly octetString: number;
}

export interface IppLimits {
  /** The attribute part (header to end-of-attributes tag), in octets: client-error-request-entity-too-large. */
  readonly maxAttributeBytes: number;
  /** Attributes in the whole message, collection members included: client-error-request-entity-too-large. */
  readonly maxAttributes: number;
  /** Values of one attribute or member: client-error-request-entity-too-large. */
  readonly maxValues: number;
  /** Collections within collections; an attribute's own collection is depth 1. */
  readonly maxCollectionDepth: number;
  /** A longer value is client-error-request-value-too-long. */
  readonly lengths: LengthLimits;
}

/** RFC 8011 §5.1 (5.1.2 text … 5.1.11 octetString). */
export const RFC_8011_LENGTHS: LengthLimits = {
  text: 1023,
  name: 255,
  keyword: 255,
  uri: 1023,
  uriScheme: 63,
  charset: 63,
  naturalLanguage: 63,
  mimeMediaType: 255,
  octetString: 1023,
};

/** value-length is a SIGNED-SHORT (RFC 8010 §3.1.4): nothing longer can be on the wire. */
export const WIRE_MAX_LENGTH = 0x7fff;

const WIRE_LENGTHS: LengthLimits = {
  text: WIRE_MAX_LENGTH,
  name: WIRE_MAX_LENGTH,
  keyword: WIRE_MAX_LENGTH,
  uri: WIRE_MAX_LENGTH,
  uriScheme: WIRE_MAX_LENGTH,
  charset: WIRE_MAX_LENGTH,
  naturalLanguage: WIRE_MAX_LENGTH,
  mimeMediaType: WIRE_MAX_LENGTH,
  octetString: WIRE_MAX_LENGTH,
};

/** What Quire accepts from IPP clients. */
export const REQUEST_LIMITS: IppLimits = {
  maxAttributeBytes: 256 * 1024,
  maxAttributes: 2000,
  maxValues: 1000,
  maxCollectionDepth: 8,
  lengths: RFC_8011_LENGTHS,
};

/** What Quire accepts from printers it forwards to (a media-col-database can be large). */
export const RESPONSE_LIMITS: IppLimits = {
  maxAttributeBytes: 8 * 1024 * 1024,
  maxAttributes: 100_000,
  maxValues: 10_000,
  maxCollectionDepth: 16,
  lengths: WIRE_LENGTHS,
};
