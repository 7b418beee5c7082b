/**
 * Reads one indirect object, or one stream's raw data, at a file offset: a small window first,
 * larger ones (×4) while the object does not end inside it, up to a bound — so no object, however
 * large or unterminated, is read whole into memory past that bound.
 *
 *   const object = await readObjectAt(file, 1234);         // { num, gen, value, streamStart }
 *   const raw = await readStreamData(file, object.streamStart, 512, 'object stream 7');
 */
import { DocumentError } from '../../errors.js';
import type { SpoolFile } from '../spool-file.js';
import { damaged, NeedMoreData, PdfLexer, type IndirectObject } from './pdf-syntax.js';

const FIRST_WINDOW = 4096;
/** An object (its dictionary, not stream data) larger than this is taken as damage. */
export const MAX_OBJECT_BYTES = 16 * 1024 * 1024;
/** Raw stream data of a structural stream (xref or object stream) larger than this is refused. */
export const MAX_STREAM_BYTES = 64 * 1024 * 1024;

/** Parses with `parse` over growing windows from `offset` until it no longer runs out of data. */
export async function parseAt<T>(
  file: SpoolFile,
  offset: number,
  parse: (lexer: PdfLexer) => T,
  maxBytes = MAX_OBJECT_BYTES,
): Promise<T> {
  if (offset < 0 || offset >= file.size) damaged(`an offset (${offset}) lies outside the file.`);
  for (let window = Math.min(FIRST_WINDOW, maxBytes); ; window = Math.min(window * 4, maxBytes)) {
    const bytes = await file.read(offset, window);
    const complete = offset + bytes.length >= file.size;
    try {
      return parse(new PdfLexer(bytes, { base: offset, complete }));
    } catch (error) {
      if (!(error instanceof NeedMoreData)) throw error;
      if (window >= maxBytes) damaged(`the object at byte ${offset} does not end within ${maxBytes} bytes.`);
    }
  }
}

export function readObjectAt(file: SpoolFile, offset: number): Promise<IndirectObject> {
  return parseAt(file, offset, (lexer) => lexer.indirectObject());
}

const ENDSTREAM = Buffer.from('endstream', 'latin1');

/**
 * The raw bytes of a stream: `length` bytes when "endstream" follows them (after an end of line),
 * else — a wrong or missing /Length, common in damaged files — up to the next "endstream".
 */
export async function readStreamData(
  file: SpoolFile,
  start: number,
  length: number | null,
  what: string,
): Promise<Buffer> {
  if (length !== null && length <= MAX_STREAM_BYTES && start + length <= file.size) {
    const after = (await file.read(start + length, 64)).toString('latin1');
    if (/^[\0\t\n\f\r ]*endstream/.test(after)) return file.read(start, length);
  }
  const end = await findEndstream(file, start, what);
  let stop = end;
  if (stop > start && (await file.read(stop - 1, 1))[0] === 0x0a) stop--;
  if (stop > start && (await file.read(stop - 1, 1))[0] === 0x0d) stop--;
  return file.read(start, stop - start);
}

async function findEndstream(file: SpoolFile, start: number, what: string): Promise<number> {
  const chunk = 256 * 1024;
  for (let offset = start; offset < file.size && offset - start <= MAX_STREAM_BYTES; offset += chunk) {
    const bytes = await file.read(offset, chunk + ENDSTREAM.length);
    const found = bytes.indexOf(ENDSTREAM);
    if (found >= 0) return offset + found;
  }
  if (file.size - start > MAX_STREAM_BYTES) {
    throw new DocumentError('unprintable', `The PDF's ${what} is larger than ${MAX_STREAM_BYTES} bytes.`);
  }
  return damaged(`its ${what} has no "endstream".`);
}
