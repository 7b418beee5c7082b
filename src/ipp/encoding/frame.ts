/**
 * Finds where a message's attribute part ends, walking only tags and lengths, and resumable: a
 * stream reader calls it again from where it stopped as more bytes arrive, so reading a message in
 * small chunks costs one pass. It does not check values; decodeMessage does, once the end is known.
 *
 *   const scan = scanAttributes(bytes, resumeAt);
 *   if (scan.kind === 'complete') decodeMessage(bytes.subarray(0, scan.end));
 */
import { HEADER_LENGTH } from './decode.js';
import { END_OF_ATTRIBUTES_TAG, FIRST_VALUE_TAG } from './tags.js';

export type Scan =
  /** `end`: just past the end-of-attributes tag. */
  | { kind: 'complete'; end: number }
  /** More bytes are needed; scan again from `resume`. */
  | { kind: 'partial'; resume: number }
  /** A length is negative: decodeMessage says what is wrong. */
  | { kind: 'malformed' };

export function scanAttributes(bytes: Buffer, from: number): Scan {
  let at = Math.max(from, HEADER_LENGTH);
  while (at < bytes.length) {
    const tag = bytes[at]!;
    if (tag === END_OF_ATTRIBUTES_TAG) return { kind: 'complete', end: at + 1 };
    if (tag < FIRST_VALUE_TAG) {
      at += 1;
      continue;
    }
    // tag, name-length, name, value-length, value
    if (at + 3 > bytes.length) break;
    const nameLength = bytes.readInt16BE(at + 1);
    if (nameLength < 0) return { kind: 'malformed' };
    const valueLengthAt = at + 3 + nameLength;
    if (valueLengthAt + 2 > bytes.length) break;
    const valueLength = bytes.readInt16BE(valueLengthAt);
    if (valueLength < 0) return { kind: 'malformed' };
    const next = valueLengthAt + 2 + valueLength;
    if (next > bytes.length) break;
    at = next;
  }
  return { kind: 'partial', resume: at };
}
