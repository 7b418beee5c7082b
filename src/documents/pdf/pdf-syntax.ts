/**
 * PDF object syntax (ISO 32000-1 §7.2–7.3) over a window of bytes: numbers, names, strings,
 * arrays, dictionaries, indirect references and the `N G obj … endobj|stream` wrapper. A window
 * that ends inside an object throws NeedMoreData unless it is the end of the data, so callers read
 * a larger window and parse again; nesting is bounded so no input can exhaust the stack.
 *
 *   const lexer = new PdfLexer(window, { base: offset, complete: offset + window.length === file.size });
 *   const object = lexer.indirectObject(); // { num: 4, gen: 0, value: Map {...}, streamStart: 1234 }
 */
import { DocumentError } from '../../errors.js';

export class PdfName {
  constructor(readonly name: string) {}
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}

export type PdfDict = Map<string, PdfValue>;
/** Strings are raw bytes (encrypted documents encrypt them); the rest as their JavaScript kind. */
export type PdfValue = null | boolean | number | Uint8Array | PdfName | PdfRef | PdfValue[] | PdfDict;

export interface IndirectObject {
  num: number;
  gen: number;
  value: PdfValue;
  /** Where a stream's data starts (absolute, as `base` counts); null for an object without one. */
  streamStart: number | null;
}

/** The window ended inside a token or an object: read more and parse again. */
export class NeedMoreData extends Error {}

export function damaged(message: string): never {
  throw new DocumentError('format-error', `The PDF is damaged: ${message}`);
}

/** Deeper nesting than this is refused: real documents nest a handful of levels. */
const MAX_NESTING = 64;

const REGULAR = 0;
const WHITESPACE = 1;
const DELIMITER = 2;
/** Each byte's class (§7.2.2), looked up rather than tested: the lexer's inner loops use it. */
const CLASS = new Uint8Array(256);
for (const byte of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[byte] = WHITESPACE;
for (const char of '()<>[]{}/%') CLASS[char.charCodeAt(0)] = DELIMITER;

function isRegular(byte: number): boolean {
  return CLASS[byte] === REGULAR;
}

function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** \n \r \t \b \f in literal strings; any other escaped character stands for itself. */
const ESCAPES: ReadonlyMap<number, number> = new Map([
  [0x6e, 0x0a],
  [0x72, 0x0d],
  [0x74, 0x09],
  [0x62, 0x08],
  [0x66, 0x0c],
]);

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

export class PdfLexer {
  pos: number;
  private readonly bytes: Buffer;
  private readonly base: number;
  private readonly complete: boolean;

  constructor(bytes: Uint8Array, options: { base?: number; complete: boolean; start?: number }) {
    this.bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.base = options.base ?? 0;
    this.complete = options.complete;
    this.pos = options.start ?? 0;
  }

  /** Where the lexer is, as `base` counts (a file offset for file windows). */
  get offset(): number {
    return this.base + this.pos;
  }

  private byteAt(pos: number): number {
    if (pos >= this.bytes.length) {
      if (!this.complete) throw new NeedMoreData();
      damaged(`the data ends inside an object (byte ${this.base + pos}).`);
    }
    return this.bytes[pos] ?? 0;
  }

  skipSpace(): void {
    for (;;) {
      if (this.pos >= this.bytes.length) {
        if (!this.complete) throw new NeedMoreData();
        return;
      }
      const byte = this.bytes[this.pos] ?? 0;
      if (CLASS[byte] === WHITESPACE) this.pos++;
      else if (byte === 0x25) {
        while (this.pos < this.bytes.length && this.bytes[this.pos] !== 0x0a && this.bytes[this.pos] !== 0x0d)
          this.pos++;
      } else return;
    }
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.bytes.length;
  }

  /** A run of regular characters ("obj", "12", "true"); "" before a delimiter. */
  token(): string {
    this.skipSpace();
    const start = this.pos;
    this.pos = this.regularEnd(start);
    return this.bytes.toString('latin1', start, this.pos);
  }

  /** Where the run of regular characters from `start` ends (NeedMoreData if the window does). */
  private regularEnd(start: number): number {
    const { bytes } = this;
    let end = start;
    while (end < bytes.length && CLASS[bytes[end] ?? 0] === REGULAR) end++;
    if (end >= bytes.length && !this.complete) throw new NeedMoreData();
    return end;
  }

  /** Like byteAt, but a complete window's end reads as a delimiter (whitespace). */
  private byteAtOrEnd(pos: number): number {
    if (pos >= this.bytes.length && this.complete) return 0x20;
    return this.byteAt(pos);
  }

  /** A non-negative integer token, or `damaged` naming what was expected. */
  integer(what: string): number {
    this.skipSpace();
    const start = this.pos;
    const end = this.regularEnd(start);
    let value = 0;
    for (let at = start; at < end; at++) {
      const byte = this.bytes[at] ?? 0;
      if (!isDigit(byte) || at - start >= 15) {
        const found = this.bytes.toString('latin1', start, Math.min(end, start + 20));
        damaged(`expected ${what}, found "${found}" (byte ${this.base + start}).`);
      }
      value = value * 10 + byte - 0x30;
    }
    if (end === start) damaged(`expected ${what} (byte ${this.base + start}).`);
    this.pos = end;
    return value;
  }

  /**
   * One classic cross-reference entry, `offset gen n|f`: read straight from the bytes when it has
   * the standard 20-byte layout (nearly always), else token by token.
   */
  xrefEntry(): { offset: number; gen: number; inUse: boolean } {
    this.skipSpace();
    const { bytes, pos } = this;
    if (
      pos + 19 <= bytes.length &&
      bytes[pos + 10] === 0x20 &&
      bytes[pos + 16] === 0x20 &&
      !isRegular(bytes[pos + 18] ?? 0)
    ) {
      const type = bytes[pos + 17];
      let offset = 0;
      let gen = 0;
      let digits = true;
      for (let i = 0; i < 10; i++) offset = offset * 10 + (bytes[pos + i] ?? 0) - 0x30;
      for (let i = 11; i < 16; i++) gen = gen * 10 + (bytes[pos + i] ?? 0) - 0x30;
      for (let i = 0; i < 16; i++) if (i !== 10 && !isDigit(bytes[pos + i] ?? 0)) digits = false;
      if (digits && (type === 0x6e || type === 0x66)) {
        this.pos = pos + 18;
        return { offset, gen, inUse: type === 0x6e };
      }
    }
    const offset = this.integer('an offset');
    const gen = this.integer('a generation');
    const type = this.token();
    if (type !== 'n' && type !== 'f') damaged(`a cross-reference entry has type "${type.slice(0, 20)}".`);
    return { offset, gen, inUse: type === 'n' };
  }

  keyword(expected: string): void {
    const token = this.token();
    if (token !== expected)
      damaged(`expected "${expected}", found "${token.slice(0, 20)}" (byte ${this.offset}).`);
  }

  /** `N G obj <value>` and, after a dictionary, `stream` and its end of line. */
  indirectObject(): IndirectObject {
    const num = this.integer('an object number');
    const gen = this.integer('a generation number');
    this.keyword('obj');
    const value = this.value(0);
    const save = this.pos;
    let streamStart: number | null = null;
    if (!this.atEnd() && this.token() === 'stream' && value instanceof Map) {
      // The keyword is followed by CR LF or LF (a lone CR is tolerated, as readers do).
      if (this.byteAtOrEnd(this.pos) === 0x0d) this.pos++;
      if (this.byteAtOrEnd(this.pos) === 0x0a) this.pos++;
      streamStart = this.base + this.pos;
    } else this.pos = save;
    return { num, gen, value, streamStart };
  }

  value(depth: number): PdfValue {
    if (depth > MAX_NESTING) damaged(`objects are nested more than ${MAX_NESTING} deep.`);
    this.skipSpace();
    const byte = this.byteAt(this.pos);
    switch (byte) {
      case 0x2f: // /
        return this.name();
      case 0x28: // (
        return this.literalString();
      case 0x5b: // [
        return this.array(depth);
      case 0x3c: // <
        return this.byteAt(this.pos + 1) === 0x3c ? this.dictionary(depth) : this.hexString();
      default:
        return this.scalar();
    }
  }

  private scalar(): PdfValue {
    const at = this.offset;
    const token = this.token();
    if (token === 'true') return true;
    if (token === 'false') return false;
    if (token === 'null') return null;
    if (INTEGER.test(token) && !token.startsWith('-') && !token.startsWith('+'))
      return this.maybeRef(Number(token));
    if (NUMBER.test(token)) return Number(token);
    return damaged(
      `unexpected "${token.slice(0, 20) || String.fromCharCode(this.bytes[this.pos] ?? 0)}" (byte ${at}).`,
    );
  }

  /** `12 0 R` is a reference; `12 0` alone (in an array) two numbers. */
  private maybeRef(num: number): PdfValue {
    const save = this.pos;
    const gen = this.token();
    if (/^\d{1,5}$/.test(gen) && this.token() === 'R') return new PdfRef(num, Number(gen));
    this.pos = save;
    return num;
  }

  private name(): PdfName {
    this.pos++; // the slash
    const end = this.regularEnd(this.pos);
    if (this.bytes.indexOf(0x23, this.pos) < 0 || this.bytes.indexOf(0x23, this.pos) >= end) {
      const name = this.bytes.toString('latin1', this.pos, end);
      this.pos = end;
      return new PdfName(name);
    }
    const bytes: number[] = [];
    for (let byte = this.byteAtOrEnd(this.pos); isRegular(byte); byte = this.byteAtOrEnd(this.pos)) {
      if (byte === 0x23) {
        const high = hexValue(this.byteAtOrEnd(this.pos + 1));
        const low = hexValue(this.byteAtOrEnd(this.pos + 2));
        if (high >= 0 && low >= 0) {
          bytes.push(high * 16 + low);
          this.pos += 3;
          continue;
        }
      }
      bytes.push(byte);
      this.pos++;
    }
    return new PdfName(Buffer.from(bytes).toString('latin1'));
  }

  private literalString(): Uint8Array {
    this.pos++; // (
    const bytes: number[] = [];
    for (let depth = 1; ;) {
      const byte = this.byteAt(this.pos++);
      if (byte === 0x5c) {
        this.escape(bytes);
        continue;
      }
      if (byte === 0x28) depth++;
      if (byte === 0x29 && --depth === 0) return Uint8Array.from(bytes);
      bytes.push(byte);
    }
  }

  /** After a backslash: \n \r \t \b \f \( \) \\, up to three octal digits, or a line continuation. */
  private escape(bytes: number[]): void {
    const byte = this.byteAt(this.pos++);
    const simple = ESCAPES.get(byte);
    if (simple !== undefined) bytes.push(simple);
    else if (byte >= 0x30 && byte <= 0x37) {
      let code = byte - 0x30;
      for (let i = 0; i < 2; i++) {
        const next = this.byteAt(this.pos);
        if (next < 0x30 || next > 0x37) break;
        code = code * 8 + next - 0x30;
        this.pos++;
      }
      bytes.push(code & 0xff);
    } else if (byte === 0x0d) {
      if (this.byteAt(this.pos) === 0x0a) this.pos++;
    } else if (byte !== 0x0a) bytes.push(byte);
  }

  private hexString(): Uint8Array {
    this.pos++; // <
    const nibbles: number[] = [];
    for (;;) {
      const byte = this.byteAt(this.pos++);
      if (byte === 0x3e) break;
      if (CLASS[byte] === WHITESPACE) continue;
      const nibble = hexValue(byte);
      if (nibble < 0) damaged(`a hex string holds "${String.fromCharCode(byte)}" (byte ${this.offset - 1}).`);
      nibbles.push(nibble);
    }
    if (nibbles.length % 2 === 1) nibbles.push(0);
    const bytes = new Uint8Array(nibbles.length / 2);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (nibbles[2 * i] ?? 0) * 16 + (nibbles[2 * i + 1] ?? 0);
    return bytes;
  }

  private array(depth: number): PdfValue[] {
    this.pos++; // [
    const items: PdfValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.byteAt(this.pos) === 0x5d) {
        this.pos++;
        return items;
      }
      items.push(this.value(depth + 1));
    }
  }

  private dictionary(depth: number): PdfDict {
    this.pos += 2; // <<
    const dict: PdfDict = new Map();
    for (;;) {
      this.skipSpace();
      const byte = this.byteAt(this.pos);
      if (byte === 0x3e) {
        if (this.byteAt(this.pos + 1) !== 0x3e)
          damaged(`a dictionary ends with ">" alone (byte ${this.offset}).`);
        this.pos += 2;
        return dict;
      }
      if (byte !== 0x2f) damaged(`a dictionary key is not a name (byte ${this.offset}).`);
      const key = this.name().name;
      dict.set(key, this.value(depth + 1));
    }
  }
}

/** A dictionary entry that must be a name: its text, or null when absent or of another kind. */
export function nameOf(value: PdfValue | undefined): string | null {
  return value instanceof PdfName ? value.name : null;
}

/** A non-negative integer entry, or null. */
export function integerOf(value: PdfValue | undefined): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}
