/**
 * Counts a spooled document for printing (the print service's CountPages port): by its declared
 * format, or, for application/octet-stream (IPP's "the printer decides"), by the format its first
 * bytes show. The answer names the format counted, so the job is stored and forwarded as what it
 * really is.
 *
 *   await countDocumentPages('/var/spool/quire/42-Xa9.job', 'application/octet-stream');
 *   // { pages: 10, pageColors: null, format: 'application/pdf' }
 */
import { open } from 'node:fs/promises';
import { DocumentError } from '../errors.js';
import type { DocumentFormat } from './document-format.js';
import { detectFormat, documentFormat } from './formats.js';

export const AUTO_SENSE = 'application/octet-stream';
const HEAD_BYTES = 1024;

async function sniffFile(path: string): Promise<DocumentFormat> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await file.read(head, 0, HEAD_BYTES, 0);
    const format = detectFormat(head.subarray(0, bytesRead));
    if (!format)
      throw new DocumentError(
        'format-not-supported',
        'The document is not PDF, PostScript, PWG Raster, Apple Raster or JPEG, the formats Quire prints.',
      );
    return format;
  } finally {
    await file.close();
  }
}

export async function countDocumentPages(
  path: string,
  mimeType: string,
): Promise<{ pages: number; pageColors: boolean[] | null; format: string }> {
  const declared = (mimeType.split(';')[0] ?? '').trim().toLowerCase();
  const format = declared === AUTO_SENSE ? await sniffFile(path) : documentFormat(declared);
  const counted = await format.count(path);
  return {
    pages: counted.pages,
    pageColors: counted.pageDetails?.map((page) => page.color) ?? null,
    format: format.mimeType,
  };
}
