/**
 * Objects of a PDF by reference, from the cross-reference table: read at their file offset
 * (whose `N G obj` header must name them), or taken from a decoded object stream (a few kept).
 * Only what page counting needs: no content stream is ever read.
 *
 *   const doc = new PdfDocument(file, table, decryptor);
 *   const catalog = await doc.resolve(trailer.get('Root')); // a PdfDict, or null for a missing object
 */
import { DocumentError } from '../../errors.js';
import type { SpoolFile } from '../spool-file.js';
import type { Decryptor } from './pdf-encryption.js';
import { readObjectAt, readStreamData } from './pdf-reader.js';
import { decodeStream } from './pdf-streams.js';
import {
  damaged,
  integerOf,
  nameOf,
  PdfLexer,
  PdfRef,
  type IndirectObject,
  type PdfDict,
  type PdfValue,
} from './pdf-syntax.js';
import type { XrefTable } from './pdf-xref.js';

/** Objects in one object stream past this are refused (qpdf writes 100). */
const MAX_STREAM_OBJECTS = 1_000_000;
const CACHED_STREAMS = 4;
/**
 * Objects kept once read: a page tree visits most objects once, but one that lists the same node
 * many times (a crafted DAG) must not cost a parse per visit.
 */
const CACHED_OBJECTS = 1024;
/** A reference that leads to a reference … more than this many times is damage. */
const MAX_HOPS = 32;

interface ObjectStream {
  data: Buffer;
  first: number;
  /** Object numbers and their offsets after /First, in the stream's order. */
  nums: number[];
  offsets: number[];
}

export class PdfDocument {
  private readonly streams = new Map<number, ObjectStream>();
  private readonly objects = new Map<number, PdfValue>();
  /** Object streams being loaded: one whose /Length lies in itself would never finish. */
  private readonly loading = new Set<number>();

  constructor(
    private readonly file: SpoolFile,
    readonly table: XrefTable,
    private readonly decryptor: Decryptor | null,
  ) {}

  /** Follows references until a direct value; a missing or free object is null, as the standard says. */
  async resolve(value: PdfValue | undefined): Promise<PdfValue> {
    let current = value ?? null;
    for (let hops = 0; current instanceof PdfRef; hops++) {
      if (hops >= MAX_HOPS) damaged(`references lead to references more than ${MAX_HOPS} times.`);
      current = await this.object(current.num);
    }
    return current;
  }

  async object(num: number): Promise<PdfValue> {
    const cached = this.objects.get(num);
    if (cached !== undefined) return cached;
    const entry = this.table.get(num);
    if (!entry) return null;
    const value =
      entry.kind === 'file'
        ? (await this.indirect(num, entry.offset)).value
        : await this.compressed(num, entry.stream, entry.index);
    this.objects.set(num, value);
    if (this.objects.size > CACHED_OBJECTS) this.objects.delete(this.objects.keys().next().value ?? num);
    return value;
  }

  /** The object at `offset`, which must be object `num`: else the table points at the wrong place. */
  private async indirect(num: number, offset: number): Promise<IndirectObject> {
    const object = await readObjectAt(this.file, offset);
    if (object.num !== num) {
      damaged(
        `the cross-reference table puts object ${num} at byte ${offset}, where object ${object.num} is.`,
      );
    }
    return object;
  }

  private async compressed(num: number, stream: number, index: number): Promise<PdfValue> {
    const objects = await this.objectStream(stream);
    const at = objects.nums[index] === num ? index : objects.nums.indexOf(num);
    if (at < 0)
      damaged(`object ${num} is not in object stream ${stream}, where the cross-reference table puts it.`);
    const lexer = new PdfLexer(objects.data, {
      complete: true,
      start: objects.first + (objects.offsets[at] ?? 0),
    });
    return lexer.value(0);
  }

  /** The object numbers an object stream holds (for rebuilding a damaged cross-reference table). */
  async objectStreamMembers(stream: number): Promise<readonly number[]> {
    return (await this.objectStream(stream)).nums;
  }

  private async objectStream(num: number): Promise<ObjectStream> {
    const cached = this.streams.get(num);
    if (cached) return cached;
    if (this.loading.has(num) || this.loading.size >= 4) {
      damaged(`object stream ${num} needs itself, or object streams within object streams, to be read.`);
    }
    this.loading.add(num);
    try {
      const loaded = await this.loadObjectStream(num);
      this.streams.set(num, loaded);
      if (this.streams.size > CACHED_STREAMS) this.streams.delete(this.streams.keys().next().value ?? num);
      return loaded;
    } finally {
      this.loading.delete(num);
    }
  }

  private async loadObjectStream(num: number): Promise<ObjectStream> {
    const what = `object stream ${num}`;
    const entry = this.table.get(num);
    if (entry?.kind !== 'file') damaged(`${what} is not an object of its own in the file.`);
    const object = await this.indirect(num, entry.offset);
    const dict = object.value;
    if (!(dict instanceof Map) || object.streamStart === null || nameOf(dict.get('Type')) !== 'ObjStm') {
      damaged(`object ${num}, named as an object stream, is not one.`);
    }
    const count = integerOf(await this.resolve(dict.get('N')));
    const first = integerOf(await this.resolve(dict.get('First')));
    if (count === null || first === null) damaged(`${what} has no /N or /First.`);
    if (count > MAX_STREAM_OBJECTS) {
      throw new DocumentError(
        'unprintable',
        `The PDF's ${what} holds more than ${MAX_STREAM_OBJECTS} objects.`,
      );
    }
    const length = integerOf(await this.resolve(dict.get('Length')));
    let raw = await readStreamData(this.file, object.streamStart, length, what);
    if (this.decryptor) raw = this.decryptor.decryptStream(num, object.gen, raw);
    const data = await decodeStream(await this.directFilters(dict), raw, what);
    if (first > data.length) damaged(`${what} is shorter than its /First.`);
    const header = new PdfLexer(data.subarray(0, first), { complete: true });
    const nums: number[] = [];
    const offsets: number[] = [];
    for (let i = 0; i < count; i++) {
      nums.push(header.integer('an object number'));
      offsets.push(header.integer('an offset'));
    }
    return { data, first, nums, offsets };
  }

  /** The stream dictionary with /Filter and /DecodeParms resolved (they may be references). */
  private async directFilters(dict: PdfDict): Promise<PdfDict> {
    const direct: PdfDict = new Map(dict);
    for (const key of ['Filter', 'DecodeParms']) {
      const value = await this.resolve(dict.get(key));
      if (Array.isArray(value) && value.length > 8) damaged(`a stream has ${value.length} filters.`);
      direct.set(
        key,
        Array.isArray(value) ? await Promise.all(value.map((item) => this.resolve(item))) : value,
      );
    }
    return direct;
  }
}
