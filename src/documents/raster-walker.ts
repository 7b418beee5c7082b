/**
 * Walks a raster document (PWG Raster, Apple URF) page by page without decoding a pixel: a page
 * header says how many lines of how many bytes follow, and the lines are compressed with the same
 * PackBits variant (CUPS's cups_raster_read), whose control bytes are the only way to find where a
 * page ends and the next header starts — neither format has a length field. Fed chunks in order,
 * so it counts a file read in chunks and a request body while it streams alike; memory is one
 * page header plus one PageDetail per page.
 *
 *   const walker = new RasterWalker(pwgDialect);
 *   for await (const chunk of body) walker.write(chunk);
 *   walker.end(); // { format: 'pwg-raster', pages: 3, pageDetails: [...] }, or a DocumentError
 */
import { DocumentError } from '../errors.js';
import {
  MAX_PAGES,
  type CountedDocument,
  type PageDetail,
  type StreamingCounter,
} from './document-format.js';
import { withSpoolFile } from './spool-file.js';

/** What a page header says: the page's lines and how they are packed. */
export interface RasterPageLayout {
  height: number;
  bytesPerLine: number;
  /** Bytes per PackBits unit (a pixel, or a byte of 1-bit pixels). */
  unitBytes: number;
  detail: PageDetail;
}

/** One raster format's headers; the line encoding is shared. */
export interface RasterDialect {
  format: string;
  /** For messages: "PWG Raster". */
  label: string;
  fileHeaderBytes: number;
  /** Throws a DocumentError when the file header is not this format's. */
  checkFileHeader(header: Buffer): void;
  pageHeaderBytes: number;
  /** Reads and checks a page header; `page` (from 1) is for messages. */
  readPageHeader(header: Buffer, page: number): RasterPageLayout;
}

/** Bounds every raster format shares; CUPS's own reader refuses lines past 16 MiB too. */
export const RASTER_LIMITS = {
  maxDimension: 0xffffff,
  maxBytesPerLine: 16 * 1024 * 1024,
  /** Longest page side, in inches: 3000 in is 76 m of roll media. */
  maxInches: 3000,
};

type State = 'file-header' | 'page-header' | 'lines';

export class RasterWalker implements StreamingCounter {
  private state: State = 'file-header';
  private readonly header: Buffer;
  private collected = 0;
  private layout: RasterPageLayout = {
    height: 0,
    bytesPerLine: 0,
    unitBytes: 1,
    detail: { color: false, sides: null },
  };
  /** Within a page: lines still to come, whether a line is open, its bytes still to come, bytes to skip. */
  private linesLeft = 0;
  private inLine = false;
  private lineBytesLeft = 0;
  private skipBytes = 0;
  private readonly details: PageDetail[] = [];
  /** Once a write has failed, the document is refused whatever follows. */
  private failure: unknown = null;

  constructor(private readonly dialect: RasterDialect) {
    this.header = Buffer.alloc(Math.max(dialect.fileHeaderBytes, dialect.pageHeaderBytes));
  }

  write(chunk: Uint8Array): void {
    if (this.failure) throw this.failure;
    try {
      for (let at = 0; at < chunk.length;) {
        at = this.state === 'lines' ? this.walkLines(chunk, at) : this.collectHeader(chunk, at);
      }
    } catch (error) {
      this.failure = error;
      throw error;
    }
  }

  end(): CountedDocument {
    if (this.failure) throw this.failure;
    const { label, format } = this.dialect;
    if (this.state === 'file-header') {
      throw new DocumentError(
        'format-error',
        `The ${label} document is empty or cut short in its file header.`,
      );
    }
    if (this.state !== 'page-header' || this.collected !== 0) {
      const page = this.details.length + (this.state === 'page-header' ? 1 : 0);
      throw new DocumentError('format-error', `The ${label} document ends in the middle of page ${page}.`);
    }
    if (this.details.length === 0) {
      throw new DocumentError('format-error', `The ${label} document has no pages.`);
    }
    return { format, pages: this.details.length, pageDetails: this.details };
  }

  private collectHeader(chunk: Uint8Array, at: number): number {
    const fileHeader = this.state === 'file-header';
    const size = fileHeader ? this.dialect.fileHeaderBytes : this.dialect.pageHeaderBytes;
    const step = Math.min(size - this.collected, chunk.length - at);
    this.header.set(chunk.subarray(at, at + step), this.collected);
    this.collected += step;
    if (this.collected === size) {
      this.collected = 0;
      if (fileHeader) {
        this.dialect.checkFileHeader(this.header.subarray(0, size));
        this.state = 'page-header';
      } else {
        this.startPage(this.header.subarray(0, size));
      }
    }
    return at + step;
  }

  private startPage(header: Buffer): void {
    const page = this.details.length + 1;
    if (page > MAX_PAGES) {
      throw new DocumentError(
        'unprintable',
        `The ${this.dialect.label} document has more than ${MAX_PAGES} pages.`,
      );
    }
    this.layout = this.dialect.readPageHeader(header, page);
    this.details.push(this.layout.detail);
    this.linesLeft = this.layout.height;
    this.inLine = false;
    this.skipBytes = 0;
    this.state = 'lines';
  }

  /**
   * Walks a page's lines from `at` until the page or the chunk ends; returns where it stopped.
   * Each line: a repeat byte, then PackBits control bytes (cups_raster_read's rules, so both accept
   * the same streams) until the line's bytes are accounted for: 128 blanks the rest of the line,
   * 129–255 copies 257−n units that follow, 0–127 repeats the one unit that follows n+1 times.
   * Written as one loop over locals: it is the only part that touches every control byte.
   */
  private walkLines(chunk: Uint8Array, at: number): number {
    const { unitBytes: unit, bytesPerLine } = this.layout;
    let { linesLeft, inLine, lineBytesLeft, skipBytes } = this;
    const length = chunk.length;
    while (at < length) {
      if (skipBytes > 0) {
        const step = Math.min(skipBytes, length - at);
        at += step;
        skipBytes -= step;
      } else if (!inLine) {
        if (linesLeft === 0) break;
        linesLeft -= Math.min((chunk[at++] ?? 0) + 1, linesLeft);
        inLine = true;
        lineBytesLeft = bytesPerLine;
        continue;
      } else {
        const control = chunk[at++] ?? 0;
        let data: number;
        if (control === 128) {
          lineBytesLeft = 0;
          data = 0;
        } else if (control > 128) {
          data = Math.min((257 - control) * unit, lineBytesLeft);
          lineBytesLeft -= data;
        } else {
          const repeated = Math.min((control + 1) * unit, lineBytesLeft);
          lineBytesLeft = repeated < unit ? 0 : lineBytesLeft - repeated;
          data = repeated < unit ? 0 : unit;
        }
        // The data bytes that follow, skipped here when the chunk holds them (nearly always).
        if (at + data <= length) at += data;
        else skipBytes = data;
      }
      if (skipBytes === 0 && lineBytesLeft === 0) inLine = false;
    }
    if (linesLeft === 0 && !inLine && skipBytes === 0) this.state = 'page-header';
    this.linesLeft = linesLeft;
    this.inLine = inLine;
    this.lineBytesLeft = lineBytesLeft;
    this.skipBytes = skipBytes;
    return at;
  }
}

/** Checks the dimensions every raster page header gives; `what` names the page for messages. */
export function checkRasterSize(
  what: string,
  size: { width: number; height: number; xdpi: number; ydpi: number; bytesPerLine: number },
): void {
  const { maxDimension, maxBytesPerLine, maxInches } = RASTER_LIMITS;
  const refuse = (why: string) => {
    throw new DocumentError('unprintable', `${what} ${why}`);
  };
  if (size.width < 1 || size.height < 1) refuse('has no pixels.');
  if (size.width > maxDimension || size.height > maxDimension)
    refuse(`is ${size.width} × ${size.height} pixels, more than ${maxDimension} on a side.`);
  if (size.bytesPerLine > maxBytesPerLine) refuse(`has lines of more than ${maxBytesPerLine} bytes.`);
  if (size.xdpi < 1 || size.ydpi < 1) refuse('has no resolution.');
  if (size.width / size.xdpi > maxInches || size.height / size.ydpi > maxInches)
    refuse(`is larger than ${maxInches} inches on a side.`);
}

/** Counts a spooled raster file by feeding it to a walker 1 MiB at a time. */
export function countRasterFile(path: string, dialect: RasterDialect): Promise<CountedDocument> {
  return withSpoolFile(path, async (file) => {
    const walker = new RasterWalker(dialect);
    for await (const chunk of file.chunks()) walker.write(chunk);
    return walker.end();
  });
}
