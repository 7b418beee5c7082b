/**
 * One kind of print document (PDF, PWG Raster, Apple URF, JPEG, PostScript) behind one interface:
 * it counts the pages of a document spooled to a file, reading it with bounded positioned reads so
 * that a 500 MB document never sits in memory. Each format lives in its own folder; formats.ts
 * lists them by MIME type. Anything wrong with the document is a DocumentError with a reason.
 *
 *   const format = documentFormat('application/pdf');   // formats.ts
 *   const counted = await format.count('/var/spool/quire/42.data');
 *   counted.pages;                                        // 10
 *   counted.pageDetails?.[0];                             // { color: true, sides: 'one-sided' } (raster)
 */

export type Sides = 'one-sided' | 'two-sided-long-edge' | 'two-sided-short-edge';

/** What a raster page's own header says about it. */
export interface PageDetail {
  color: boolean;
  /** null: the format's header does not say. */
  sides: Sides | null;
}

export interface CountedDocument {
  /** The format's registry name: 'pdf', 'pwg-raster', 'urf', 'jpeg', 'postscript'. */
  format: string;
  pages: number;
  /** Page by page, where the document says (raster headers, JPEG); null where it does not (PDF, PostScript). */
  pageDetails: readonly PageDetail[] | null;
}

export interface CountOptions {
  /** Stops an interpreter run (PostScript) early; the count then fails with a DocumentError. */
  signal?: AbortSignal;
}

/**
 * Counts pages while the document streams to the spool, for formats where that is natural (raster:
 * the page headers follow each other). `write` takes the bytes in order; `end` gives the count or
 * throws the same DocumentError `count` would have for the whole file.
 */
export interface StreamingCounter {
  write(chunk: Uint8Array): void;
  end(): CountedDocument;
}

export interface DocumentFormat {
  /** Short name, also CountedDocument.format: 'pdf'. */
  name: string;
  /** The IPP document-format: 'application/pdf'. */
  mimeType: string;
  /** Whether a document's first bytes (up to 1 KiB) look like this format: for application/octet-stream. */
  sniff(head: Uint8Array): boolean;
  /** Whether this server can count the format now (PostScript needs Ghostscript installed). */
  available(): Promise<boolean>;
  /** Counts the pages of the document in `path`; throws DocumentError for anything wrong with it. */
  count(path: string, options?: CountOptions): Promise<CountedDocument>;
  /** Present where counting while streaming is cheap (raster formats). */
  streamingCounter?(): StreamingCounter;
}

/** No document of any format is counted past this many pages: more is refused as unprintable. */
export const MAX_PAGES = 100_000;
