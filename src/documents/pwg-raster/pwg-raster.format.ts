/**
 * PWG Raster (PWG 5102.4, image/pwg-raster): "RaS2", then per page a 1796-byte big-endian header
 * (CUPS's cups_page_header2_t) and the page's lines in the shared PackBits variant. Pages are
 * counted by walking the lines (raster-walker.ts); the header's TotalPageCount is not trusted.
 * Colour and sides come from each page's header: its colour space and Duplex/Tumble.
 *
 *   await pwgRasterFormat.count(path); // { format: 'pwg-raster', pages: 2, pageDetails: [{ color: false, sides: 'one-sided' }, …] }
 */
import { DocumentError } from '../../errors.js';
import type { DocumentFormat, Sides } from '../document-format.js';
import { checkRasterSize, countRasterFile, RasterWalker, type RasterDialect } from '../raster-walker.js';

const SYNC = Buffer.from('RaS2', 'latin1');

/** Byte offsets of the page header fields read here (cups_page_header2_t, all uint32 big-endian). */
const FIELD = {
  duplex: 272,
  xdpi: 276,
  ydpi: 280,
  tumble: 368,
  width: 372,
  height: 376,
  bitsPerColor: 384,
  bitsPerPixel: 388,
  bytesPerLine: 392,
  colorOrder: 396,
  colorSpace: 400,
  numColors: 420,
};

/** Colour spaces (cups_cspace_t) by number, with their number of colours. */
const COLOR_SPACES: ReadonlyMap<number, number> = new Map([
  [0, 1], // W
  [1, 3], // RGB
  [2, 4], // RGBA
  [3, 1], // K (black)
  [4, 3], // CMY
  [5, 3], // YMC
  [6, 4], // CMYK
  [7, 4], // YMCK
  [8, 4], // KCMY
  [18, 1], // sGray
  [19, 3], // sRGB
  [20, 3], // AdobeRGB
  ...Array.from({ length: 15 }, (_, n) => [48 + n, n + 1] as [number, number]), // Device1–Device15
]);

const BITS_PER_COLOR = new Set([1, 2, 4, 8, 16]);

function sides(duplex: number, tumble: number): Sides {
  if (duplex === 0) return 'one-sided';
  return tumble === 0 ? 'two-sided-long-edge' : 'two-sided-short-edge';
}

export const pwgDialect: RasterDialect = {
  format: 'pwg-raster',
  label: 'PWG Raster',
  fileHeaderBytes: 4,
  checkFileHeader(header) {
    if (!header.equals(SYNC)) {
      throw new DocumentError(
        'format-error',
        'The document is not PWG Raster: it does not start with "RaS2".',
      );
    }
  },
  pageHeaderBytes: 1796,
  readPageHeader(header, page) {
    const field = (name: keyof typeof FIELD) => header.readUInt32BE(FIELD[name]);
    const what = `Page ${page} of the PWG Raster document`;
    const refuse = (why: string): never => {
      throw new DocumentError('format-error', `${what} ${why}`);
    };
    const colors = COLOR_SPACES.get(field('colorSpace')) ?? refuse('has an unknown colour space.');
    const numColors = field('numColors') || colors;
    const bitsPerColor = field('bitsPerColor');
    const bitsPerPixel = field('bitsPerPixel');
    if (field('colorOrder') !== 0) refuse('is not in chunked colour order, which PWG Raster requires.');
    if (!BITS_PER_COLOR.has(bitsPerColor) || bitsPerPixel !== bitsPerColor * numColors)
      refuse(`has ${bitsPerColor} bits per colour and ${bitsPerPixel} bits per pixel, which do not fit.`);
    const size = {
      width: field('width'),
      height: field('height'),
      xdpi: field('xdpi'),
      ydpi: field('ydpi'),
      bytesPerLine: field('bytesPerLine'),
    };
    checkRasterSize(what, size);
    const unitBytes = Math.ceil(bitsPerPixel / 8);
    if (
      size.bytesPerLine !== Math.ceil((size.width * bitsPerPixel) / 8) ||
      size.bytesPerLine % unitBytes !== 0
    )
      refuse(`says ${size.bytesPerLine} bytes per line for ${size.width} pixels of ${bitsPerPixel} bits.`);
    return {
      height: size.height,
      bytesPerLine: size.bytesPerLine,
      unitBytes,
      detail: { color: numColors > 1, sides: sides(field('duplex'), field('tumble')) },
    };
  },
};

export const pwgRasterFormat: DocumentFormat = {
  name: 'pwg-raster',
  mimeType: 'image/pwg-raster',
  sniff: (head) => Buffer.from(head.subarray(0, 4)).equals(SYNC),
  available: async () => true,
  count: (path) => countRasterFile(path, pwgDialect),
  streamingCounter: () => new RasterWalker(pwgDialect),
};
