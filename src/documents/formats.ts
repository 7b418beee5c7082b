/**
 * The registry of document formats, by IPP document-format (MIME type): one line per format. The
 * IPP endpoint reads this Map for document-format-supported and to count a spooled document; a
 * new format is a new folder (see document-format.ts) and one line here.
 *
 *   const counted = await documentFormat(request.documentFormat).count(spoolPath);
 *   const format = detectFormat(firstBytes); // for application/octet-stream, or null
 */
import { DocumentError } from '../errors.js';
import type { DocumentFormat } from './document-format.js';
import { jpegFormat } from './jpeg/jpeg.format.js';
import { pdfFormat } from './pdf/pdf.format.js';
import { postscriptFormat } from './postscript/postscript.format.js';
import { pwgRasterFormat } from './pwg-raster/pwg-raster.format.js';
import { urfFormat } from './urf/urf.format.js';

/** In the order detectFormat tries them: PDF last, since its header may come after other bytes. */
export const DOCUMENT_FORMATS: ReadonlyMap<string, DocumentFormat> = new Map<string, DocumentFormat>([
  [pwgRasterFormat.mimeType, pwgRasterFormat],
  [urfFormat.mimeType, urfFormat],
  [jpegFormat.mimeType, jpegFormat],
  [postscriptFormat.mimeType, postscriptFormat],
  [pdfFormat.mimeType, pdfFormat],
]);

/** The format for a document-format value (case and parameters ignored), or a DocumentError. */
export function documentFormat(mimeType: string): DocumentFormat {
  const key = (mimeType.split(';')[0] ?? '').trim().toLowerCase();
  const format = DOCUMENT_FORMATS.get(key);
  if (!format) {
    throw new DocumentError(
      'format-not-supported',
      `Documents of type "${key.slice(0, 100)}" cannot be printed here.`,
    );
  }
  return format;
}

/** The format whose signature a document's first bytes (1 KiB is enough) carry, or null. */
export function detectFormat(head: Uint8Array): DocumentFormat | null {
  for (const format of DOCUMENT_FORMATS.values()) if (format.sniff(head)) return format;
  return null;
}
