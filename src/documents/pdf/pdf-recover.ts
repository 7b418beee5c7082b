/**
 * Rebuilds the cross-reference table of a PDF whose table is damaged (wrong offsets, a startxref
 * that points nowhere, garbage in a section) the way PDF readers do: one pass over the file in
 * 1 MiB chunks finding every `N G obj` header (the last one of a number wins, as an incremental
 * update's would), every `trailer` and every cross-reference stream; then the objects inside the
 * object streams found. Bounded by the file's size and the table's object limit; memory is one
 * chunk plus the table.
 *
 *   const { table, trailer } = await scanObjects(file); // then open a PdfDocument over them
 */
import { DocumentError } from '../../errors.js';
import type { SpoolFile } from '../spool-file.js';
import { parseAt, readObjectAt } from './pdf-reader.js';
import { damaged, nameOf, PdfRef, type PdfDict } from './pdf-syntax.js';
import { MAX_OBJECTS, XrefTable } from './pdf-xref.js';

const CHUNK = 1024 * 1024;
/** Bytes a chunk reads past its end, so a header across the boundary is found whole. */
const OVERLAP = 512;
const OBJECT_HEADER = /(?<![0-9])(\d{1,10})[\0\t\n\f\r ]+(\d{1,5})[\0\t\n\f\r ]+obj(?![A-Za-z0-9])/g;
const TRAILER = /(?<![A-Za-z])trailer(?![A-Za-z])/g;

export interface ScanResult {
  table: XrefTable;
  /** Where `trailer` keywords are, last first (so are the lists below). */
  trailers: number[];
  /** Objects whose start looks like an object stream (numbers), a cross-reference stream (offsets), a catalog. */
  objectStreams: number[];
  xrefStreams: number[];
  catalogs: PdfRef[];
}

export async function scanObjects(file: SpoolFile): Promise<ScanResult> {
  const table = new XrefTable();
  let found = 0;
  const scan: Omit<ScanResult, 'table'> = { trailers: [], objectStreams: [], xrefStreams: [], catalogs: [] };
  for (let start = 0; start < file.size; start += CHUNK) {
    const text = (await file.read(start, CHUNK + OVERLAP)).toString('latin1');
    const last = start + CHUNK >= file.size;
    for (const match of text.matchAll(OBJECT_HEADER)) {
      if (!last && match.index >= CHUNK) break;
      const num = Number(match[1]);
      const gen = Number(match[2]);
      if (num >= MAX_OBJECTS) continue;
      table.override(num, start + match.index, gen);
      found++;
      // What the object's dictionary starts with: enough to spot the kinds recovery needs.
      const head = text.slice(match.index + match[0].length, match.index + match[0].length + 300);
      if (/\/Type\s*\/ObjStm\b/.test(head)) scan.objectStreams.push(num);
      if (/\/Type\s*\/XRef\b/.test(head)) scan.xrefStreams.push(start + match.index);
      if (/\/Type\s*\/Catalog\b/.test(head)) scan.catalogs.push(new PdfRef(num, gen));
    }
    for (const match of text.matchAll(TRAILER)) {
      if (!last && match.index >= CHUNK) break;
      scan.trailers.push(start + match.index);
    }
  }
  if (found === 0) damaged('no objects could be found in it.');
  scan.trailers.reverse();
  scan.objectStreams.reverse();
  scan.xrefStreams.reverse();
  scan.catalogs.reverse();
  return { table, ...scan };
}

/**
 * The newest trailer that names a catalog: a classic `trailer` dictionary, else a cross-reference
 * stream's, else one made up from the last object marked /Type /Catalog.
 */
export async function recoveredTrailer(file: SpoolFile, scan: ScanResult): Promise<PdfDict> {
  for (const offset of scan.trailers) {
    const trailer = await readQuietly(() =>
      parseAt(file, offset, (lexer) => {
        lexer.keyword('trailer');
        return lexer.value(0);
      }),
    );
    if (trailer instanceof Map && trailer.get('Root') instanceof PdfRef) return trailer;
  }
  for (const offset of scan.xrefStreams) {
    const object = await readQuietly(() => readObjectAt(file, offset));
    const dict = object?.value;
    if (dict instanceof Map && nameOf(dict.get('Type')) === 'XRef' && dict.get('Root') instanceof PdfRef)
      return dict;
  }
  const catalog = scan.catalogs[0];
  if (catalog) return new Map([['Root', catalog]]);
  return damaged('no trailer or document catalog could be found in it.');
}

/** What `read` gives, or null when the bytes there do not parse: recovery tries the next candidate. */
export async function readQuietly<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof DocumentError && error.reason === 'format-error') return null;
    throw error;
  }
}
