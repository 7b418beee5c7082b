/**
 * The cross-reference data of a PDF (ISO 32000-1 §7.5.4–7.5.8): classic `xref` tables and PDF 1.5
 * cross-reference streams, hybrid files (/XRefStm), and incremental updates — each section's /Prev
 * leads to the one before, and the newest entry for an object wins. Entries live in typed arrays
 * that grow with the entries actually read, so a lying /Size costs nothing.
 *
 *   const { table, trailer } = await readXref(file, startxref);
 *   table.get(12); // { kind: 'file', offset: 3456, gen: 0 } | { kind: 'compressed', stream: 40, index: 3 } | null
 */
import { DocumentError } from '../../errors.js';
import type { SpoolFile } from '../spool-file.js';
import { parseAt, readObjectAt, readStreamData } from './pdf-reader.js';
import { decodeStream } from './pdf-streams.js';
import { damaged, integerOf, nameOf, type PdfDict, type PdfLexer } from './pdf-syntax.js';

/** Object numbers at or past this are refused (the PDF 1.7 implementation limit is 8,388,607). */
export const MAX_OBJECTS = 1 << 21;
/** Incremental updates past this many sections are refused. */
const MAX_SECTIONS = 10_000;
const MAX_XREF_TABLE_BYTES = MAX_OBJECTS * 21;

export type XrefEntry =
  { kind: 'file'; offset: number; gen: number } | { kind: 'compressed'; stream: number; index: number };

const UNKNOWN = 0;
const FREE = 1;
const IN_FILE = 2;
const COMPRESSED = 3;

export class XrefTable {
  private kinds = new Uint8Array(64);
  private first = new Float64Array(64);
  private second = new Uint32Array(64);

  /** Records an entry unless a newer section (read earlier) already did. */
  set(num: number, entry: XrefEntry | 'free'): void {
    if (num >= MAX_OBJECTS) {
      throw new DocumentError('unprintable', `The PDF has more than ${MAX_OBJECTS} objects.`);
    }
    this.grow(num);
    if (this.kinds[num] !== UNKNOWN) return;
    if (entry === 'free') this.kinds[num] = FREE;
    else if (entry.kind === 'file') this.store(num, IN_FILE, entry.offset, entry.gen);
    else this.store(num, COMPRESSED, entry.stream, entry.index);
  }

  /** Records an object found in the file, replacing an earlier one (recovery reads oldest first). */
  override(num: number, offset: number, gen: number): void {
    if (num >= MAX_OBJECTS) return;
    this.grow(num);
    this.store(num, IN_FILE, offset, gen);
  }

  get(num: number): XrefEntry | null {
    const kind = num < this.kinds.length ? this.kinds[num] : UNKNOWN;
    const first = this.first[num] ?? 0;
    const second = this.second[num] ?? 0;
    if (kind === IN_FILE) return { kind: 'file', offset: first, gen: second };
    if (kind === COMPRESSED) return { kind: 'compressed', stream: first, index: second };
    return null;
  }

  private store(num: number, kind: number, first: number, second: number): void {
    this.kinds[num] = kind;
    this.first[num] = first;
    this.second[num] = second;
  }

  private grow(num: number): void {
    if (num < this.kinds.length) return;
    const size = Math.min(MAX_OBJECTS, Math.max(num + 1, this.kinds.length * 2));
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds);
    const first = new Float64Array(size);
    first.set(this.first);
    const second = new Uint32Array(size);
    second.set(this.second);
    this.kinds = kinds;
    this.first = first;
    this.second = second;
  }
}

/** The trailer keys page counting needs, each from the newest section that has it. */
const TRAILER_KEYS = ['Root', 'Encrypt', 'ID'];

export async function readXref(
  file: SpoolFile,
  startxref: number,
): Promise<{ table: XrefTable; trailer: PdfDict }> {
  const table = new XrefTable();
  const trailer: PdfDict = new Map();
  const seen = new Set<number>();
  for (let offset: number | null = startxref; offset !== null;) {
    if (seen.has(offset)) damaged(`its cross-reference sections form a loop (/Prev ${offset}).`);
    if (seen.size >= MAX_SECTIONS)
      throw new DocumentError('unprintable', `The PDF has more than ${MAX_SECTIONS} incremental updates.`);
    seen.add(offset);
    const section = await readSection(file, offset, table);
    for (const key of TRAILER_KEYS) {
      const value = section.get(key);
      if (value !== undefined && !trailer.has(key)) trailer.set(key, value);
    }
    const hybrid = integerOf(section.get('XRefStm'));
    if (hybrid !== null && !seen.has(hybrid)) {
      seen.add(hybrid);
      await readXrefStream(file, hybrid, table);
    }
    offset = integerOf(section.get('Prev'));
  }
  return { table, trailer };
}

/** One section, classic or stream; returns its trailer dictionary. */
async function readSection(file: SpoolFile, offset: number, table: XrefTable): Promise<PdfDict> {
  const start = (await file.read(offset, 32)).toString('latin1');
  if (/^[\0\t\n\f\r ]*xref/.test(start)) return readXrefTable(file, offset, table);
  if (/^[\0\t\n\f\r ]*\d/.test(start)) return readXrefStream(file, offset, table);
  return damaged(`startxref or /Prev points at byte ${offset}, where no cross-reference section starts.`);
}

async function readXrefTable(file: SpoolFile, offset: number, table: XrefTable): Promise<PdfDict> {
  return parseAt(file, offset, (lexer) => parseClassic(lexer, table), MAX_XREF_TABLE_BYTES);
}

/**
 * `xref`, subsections of `start count` and 20-byte entries, `trailer << … >>`. Entries go straight
 * into the table: a parse run again over a larger window sets the same ones, which `set` ignores.
 */
function parseClassic(lexer: PdfLexer, table: XrefTable): PdfDict {
  lexer.keyword('xref');
  for (;;) {
    const token = lexer.token();
    if (token === 'trailer') break;
    if (!/^\d{1,10}$/.test(token)) damaged(`its cross-reference table holds "${token.slice(0, 20)}".`);
    const first = Number(token);
    const count = lexer.integer('an entry count');
    if (first + count > MAX_OBJECTS)
      throw new DocumentError('unprintable', `The PDF has more than ${MAX_OBJECTS} objects.`);
    for (let i = 0; i < count; i++) {
      const { offset, gen, inUse } = lexer.xrefEntry();
      // An in-use entry at offset 0 points nowhere: treated as free, as readers do.
      table.set(first + i, inUse && offset > 0 ? { kind: 'file', offset, gen } : 'free');
    }
  }
  const trailer = lexer.value(0);
  if (!(trailer instanceof Map)) damaged('its trailer is not a dictionary.');
  return trailer;
}

/** A cross-reference stream: /W field widths, /Index subsections, rows of big-endian fields. */
async function readXrefStream(file: SpoolFile, offset: number, table: XrefTable): Promise<PdfDict> {
  const object = await readObjectAt(file, offset);
  const dict = object.value;
  if (!(dict instanceof Map) || object.streamStart === null || nameOf(dict.get('Type')) !== 'XRef') {
    damaged(`the cross-reference stream at byte ${offset} is not one.`);
  }
  const widths = dict.get('W');
  const w = Array.isArray(widths) ? widths.map((width) => integerOf(width) ?? -1) : [];
  if (w.length !== 3 || w.some((width) => width < 0 || width > 8) || w.every((width) => width === 0)) {
    damaged(`the cross-reference stream at byte ${offset} has bad /W field widths.`);
  }
  const [w0 = 0, w1 = 0, w2 = 0] = w;
  const size = integerOf(dict.get('Size')) ?? 0;
  const index = dict.get('Index') ?? [0, size];
  const ranges = Array.isArray(index) ? index.map((value) => integerOf(value) ?? -1) : [];
  if (ranges.length % 2 !== 0 || ranges.some((value) => value < 0))
    damaged('a cross-reference stream has a bad /Index.');
  const raw = await readStreamData(
    file,
    object.streamStart,
    integerOf(dict.get('Length')),
    'cross-reference stream',
  );
  const data = await decodeStream(dict, raw, 'cross-reference stream');
  const rowBytes = w0 + w1 + w2;
  let row = 0;
  for (let r = 0; r < ranges.length; r += 2) {
    const first = ranges[r] ?? 0;
    const count = ranges[r + 1] ?? 0;
    if (first + count > MAX_OBJECTS)
      throw new DocumentError('unprintable', `The PDF has more than ${MAX_OBJECTS} objects.`);
    for (let i = 0; i < count; i++, row += rowBytes) {
      if (row + rowBytes > data.length) damaged('a cross-reference stream is shorter than its /Index says.');
      const type = w0 === 0 ? 1 : field(data, row, w0);
      const a = field(data, row + w0, w1);
      const b = field(data, row + w0 + w1, w2);
      if (type === 0) table.set(first + i, 'free');
      else if (type === 1) table.set(first + i, a > 0 ? { kind: 'file', offset: a, gen: b } : 'free');
      else if (type === 2) table.set(first + i, { kind: 'compressed', stream: a, index: b });
      // Other types are reserved: such an object reads as null, as the standard says.
    }
  }
  return dict;
}

/** A big-endian unsigned field of `width` bytes (0 when the width is 0). */
function field(data: Buffer, at: number, width: number): number {
  let value = 0;
  for (let i = 0; i < width; i++) value = value * 256 + (data[at + i] ?? 0);
  return value;
}
