/**
 * PDF (application/pdf): pages counted by walking the page tree (pdf-page-tree.ts) through the
 * cross-reference data (pdf-xref.ts), never from /Count. Decisions, for damaged documents:
 * - A file that does not end with `startxref` (within its last 4 KiB) is truncated: refused. Its
 *   last pages may be missing, and counting what is left would charge less than was sent.
 * - A file that ends properly but whose cross-reference data is wrong (offsets off, a section
 *   missing, garbage) is rebuilt by one bounded scan for `N G obj` headers, as PDF readers and
 *   printers do (pdf-recover.ts); if that fails too, the first error is the answer.
 * - Encrypted files: see pdf-encryption.ts (counted when no open password is needed).
 *
 *   await pdfFormat.count('/var/spool/quire/42.data'); // { format: 'pdf', pages: 10, pageDetails: null }
 */
import { DocumentError } from '../../errors.js';
import type { DocumentFormat } from '../document-format.js';
import { withSpoolFile, type SpoolFile } from '../spool-file.js';
import { PdfDocument } from './pdf-document.js';
import { createDecryptor, type Decryptor } from './pdf-encryption.js';
import { countPageTree } from './pdf-page-tree.js';
import { readQuietly, recoveredTrailer, scanObjects } from './pdf-recover.js';
import type { PdfDict } from './pdf-syntax.js';
import { readXref, type XrefTable } from './pdf-xref.js';

const HEADER_WINDOW = 1024;
const TAIL_WINDOW = 4096;

export const pdfFormat: DocumentFormat = {
  name: 'pdf',
  mimeType: 'application/pdf',
  sniff: (head) => Buffer.from(head.subarray(0, HEADER_WINDOW)).includes('%PDF-'),
  available: async () => true,
  async count(path) {
    const pages = await withSpoolFile(path, (file) => readable(() => countPdf(file)));
    return { format: 'pdf', pages, pageDetails: null };
  },
};

async function countPdf(file: SpoolFile): Promise<number> {
  const head = await file.read(0, HEADER_WINDOW);
  if (!head.includes('%PDF-')) {
    throw new DocumentError('format-error', 'The document is not a PDF: it has no %PDF- header.');
  }
  const startxref = await findStartxref(file);
  try {
    const { table, trailer } = await readXref(file, startxref);
    return await countWith(file, table, trailer);
  } catch (error) {
    if (!(error instanceof DocumentError && error.reason === 'format-error')) throw error;
    return countRecovered(file, error);
  }
}

async function findStartxref(file: SpoolFile): Promise<number> {
  const from = Math.max(0, file.size - TAIL_WINDOW);
  const tail = (await file.read(from, TAIL_WINDOW)).toString('latin1');
  const match = /startxref[\0\t\n\f\r ]+(\d{1,15})(?![\s\S]*startxref)/.exec(tail);
  if (!match) {
    throw new DocumentError(
      'format-error',
      'The PDF is truncated or damaged: it does not end with "startxref" and "%%EOF".',
    );
  }
  return Number(match[1]);
}

async function countWith(file: SpoolFile, table: XrefTable, trailer: PdfDict): Promise<number> {
  const doc = new PdfDocument(file, table, await decryptorFor(new PdfDocument(file, table, null), trailer));
  return countPageTree(doc, trailer);
}

async function decryptorFor(plain: PdfDocument, trailer: PdfDict): Promise<Decryptor | null> {
  if (!trailer.has('Encrypt')) return null;
  const encrypt = await plain.resolve(trailer.get('Encrypt'));
  if (!(encrypt instanceof Map)) return null;
  const ids = await plain.resolve(trailer.get('ID'));
  const firstId = Array.isArray(ids) && ids[0] instanceof Uint8Array ? ids[0] : new Uint8Array(0);
  return createDecryptor(encrypt, firstId);
}

/** Counts again over a table rebuilt by scanning; if that fails too, `original` is the error. */
async function countRecovered(file: SpoolFile, original: DocumentError): Promise<number> {
  try {
    const scan = await scanObjects(file);
    const trailer = await recoveredTrailer(file, scan);
    const doc = new PdfDocument(
      file,
      scan.table,
      await decryptorFor(new PdfDocument(file, scan.table, null), trailer),
    );
    for (const stream of scan.objectStreams) {
      const members = (await readQuietly(() => doc.objectStreamMembers(stream))) ?? [];
      members.forEach((num, index) => scan.table.set(num, { kind: 'compressed', stream, index }));
    }
    return await countPageTree(doc, trailer);
  } catch (error) {
    if (error instanceof DocumentError && error.reason === 'format-error') throw original;
    throw error;
  }
}

/**
 * Anything but a DocumentError or a file system error while reading a document is a flaw of the
 * document that slipped past the parser's checks (a RangeError from a field read, say): it is
 * still the document's fault, so it is refused like any damage rather than becoming a 500.
 */
async function readable<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof DocumentError || (error as NodeJS.ErrnoException).syscall !== undefined) throw error;
    throw new DocumentError('format-error', `The PDF could not be read: ${(error as Error).message}.`);
  }
}
