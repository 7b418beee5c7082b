/**
 * Apple Raster (image/urf, what AirPrint clients send): "UNIRAST\0" and a page count, then per page
 * a 32-byte big-endian header and the page's lines in the PackBits variant PWG Raster uses too
 * (layout as CUPS's raster-stream.c reads it). The file header's page count is not trusted: many
 * producers write 0 and any producer can lie, so pages are counted by walking the lines.
 *
 *   await urfFormat.count(path); // { format: 'urf', pages: 2, pageDetails: [{ color: true, sides: 'two-sided-long-edge' }, …] }
 */
import { DocumentError } from '../../errors.js';
import type { DocumentFormat, Sides } from '../document-format.js';
import { checkRasterSize, countRasterFile, RasterWalker, type RasterDialect } from '../raster-walker.js';

const MAGIC = Buffer.from('UNIRAST\0', 'latin1');

/** Colour space byte → number of colours: sGray, sRGB, CIELab, AdobeRGB, Gray, RGB, CMYK. */
const COLORS_BY_SPACE = [1, 3, 3, 3, 1, 3, 4] as const;

const BITS_PER_COLOR = new Set([1, 2, 4, 8, 16]);

/** The duplex byte: 2 is short-edge (tumble), 3 long-edge; anything else one-sided. */
const SIDES_BY_DUPLEX: ReadonlyMap<number, Sides> = new Map([
  [2, 'two-sided-short-edge'],
  [3, 'two-sided-long-edge'],
]);

export const urfDialect: RasterDialect = {
  format: 'urf',
  label: 'Apple Raster (URF)',
  fileHeaderBytes: 12,
  checkFileHeader(header) {
    if (!header.subarray(0, 8).equals(MAGIC)) {
      throw new DocumentError(
        'format-error',
        'The document is not Apple Raster: it does not start with "UNIRAST".',
      );
    }
  },
  pageHeaderBytes: 32,
  readPageHeader(header, page) {
    const what = `Page ${page} of the Apple Raster document`;
    const refuse = (why: string): never => {
      throw new DocumentError('format-error', `${what} ${why}`);
    };
    const bitsPerPixel = header[0] ?? 0;
    const colors = COLORS_BY_SPACE[header[1] ?? 255] ?? refuse(`has an unknown colour space (${header[1]}).`);
    const bitsPerColor = bitsPerPixel / colors;
    if (!BITS_PER_COLOR.has(bitsPerColor))
      refuse(`has ${bitsPerPixel} bits per pixel for ${colors} colours.`);
    const dpi = header.readUInt32BE(20);
    const size = {
      width: header.readUInt32BE(12),
      height: header.readUInt32BE(16),
      xdpi: dpi,
      ydpi: dpi,
      bytesPerLine: Math.ceil((header.readUInt32BE(12) * bitsPerPixel) / 8),
    };
    checkRasterSize(what, size);
    return {
      height: size.height,
      bytesPerLine: size.bytesPerLine,
      unitBytes: Math.ceil(bitsPerPixel / 8),
      detail: { color: colors > 1, sides: SIDES_BY_DUPLEX.get(header[2] ?? 0) ?? 'one-sided' },
    };
  },
};

export const urfFormat: DocumentFormat = {
  name: 'urf',
  mimeType: 'image/urf',
  sniff: (head) => Buffer.from(head.subarray(0, 8)).equals(MAGIC),
  available: async () => true,
  count: (path) => countRasterFile(path, urfDialect),
  streamingCounter: () => new RasterWalker(urfDialect),
};
