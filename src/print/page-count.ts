/**
 * What a print job is charged for, from its document's page count and the job's options: the pages
 * `page-ranges` selects, `number-up` pages to a side, colour only where the document is in colour
 * and the job not printed in monochrome. Counting the document itself is a port (`CountPages`,
 * src/documents' countPages in the server), so this stays pure and exact.
 *
 *   chargedPages({ pages: 10, pageColors: null }, { ...DEFAULT_PRINT_OPTIONS, numberUp: 2 })
 *   // { pages: 5, colorPages: 5 }: 5 sides, colour unless the job asked for monochrome
 */
import type { ColorMode, Sides } from '../db/print.schema.js';

export interface DocumentCount {
  pages: number;
  /**
   * Page by page, whether it is in colour, where the document says (raster formats, JPEG); null
   * where it does not (PDF, PostScript): then every page counts as colour unless the job is printed
   * in monochrome, so that a colour printout is never charged as grey.
   */
  pageColors: readonly boolean[] | null;
  /** The format counted, when the counter recognised it itself (a document sent as application/octet-stream). */
  format?: string;
}

/** Counts a spooled document's pages (a DocumentError when it cannot); `format` is its MIME type. */
export type CountPages = (file: string, format: string) => Promise<DocumentCount>;

/** A range of pages, 1-based and inclusive, as IPP's `page-ranges` gives it. */
export type PageRange = readonly [first: number, last: number];

/** The job options that change what is printed, and so what is charged. */
export interface PrintOptions {
  copies: number;
  sides: Sides;
  /** An IPP media name ("iso_a4_210x297mm") or a plain size ("A4"); '' = the printer's default. */
  media: string;
  colorMode: ColorMode;
  /** Empty: every page. */
  pageRanges: readonly PageRange[];
  numberUp: number;
}

export const DEFAULT_PRINT_OPTIONS: PrintOptions = {
  copies: 1,
  sides: 'one-sided',
  media: '',
  colorMode: 'auto',
  pageRanges: [],
  numberUp: 1,
};

/** The `number-up` values IPP Everywhere printers support. */
export const NUMBER_UP = new Set([1, 2, 4, 6, 9, 16]);

/** The ranges sorted, merged where they touch and cut to the document's pages. */
export function normalizeRanges(ranges: readonly PageRange[], pages: number): PageRange[] {
  if (ranges.length === 0) return pages > 0 ? [[1, pages]] : [];
  const sorted = [...ranges]
    .map(([first, last]) => [Math.max(1, first), Math.min(pages, last)] as const)
    .filter(([first, last]) => first <= last)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [first, last] of sorted) {
    const previous = merged.at(-1);
    if (previous && first <= previous[1] + 1) previous[1] = Math.max(previous[1], last);
    else merged.push([first, last]);
  }
  return merged;
}

/** Pages of one copy as charged (sides of paper printed) and how many of them are in colour. */
export function chargedPages(
  count: DocumentCount,
  options: PrintOptions,
): { pages: number; colorPages: number } {
  const ranges = normalizeRanges(options.pageRanges, count.pages);
  const selected = ranges.reduce((sum, [first, last]) => sum + last - first + 1, 0);
  const sides = Math.ceil(selected / options.numberUp);
  if (options.colorMode === 'monochrome') return { pages: sides, colorPages: 0 };
  const colors = count.pageColors;
  if (colors === null) return { pages: sides, colorPages: sides };
  // A side is in colour when any page placed on it is.
  let colorSides = 0;
  let onSide = 0;
  let sideInColor = false;
  for (const [first, last] of ranges) {
    for (let page = first; page <= last; page++) {
      sideInColor ||= colors[page - 1] === true;
      if (++onSide === options.numberUp) {
        if (sideInColor) colorSides++;
        onSide = 0;
        sideInColor = false;
      }
    }
  }
  if (onSide > 0 && sideInColor) colorSides++;
  return { pages: sides, colorPages: colorSides };
}

/** "1-3,7-7" for storing; '' for every page. */
export function formatRanges(ranges: readonly PageRange[]): string {
  return ranges.map(([first, last]) => `${first}-${last}`).join(',');
}

/** The stored ranges back ("" → every page). */
export function parseRanges(text: string): PageRange[] {
  if (text === '') return [];
  return text.split(',').map((part) => {
    const [first, last] = part.split('-').map(Number);
    return [first!, last!] as const;
  });
}

/**
 * The paper size a cost model prices (cost-model.ts `paperSizeKey` compares it): the size part of a
 * PWG self-describing media name ("iso_a4_210x297mm" → "a4", "na_letter_8.5x11in" → "letter"), or
 * the name as given.
 */
export function paperSizeOfMedia(media: string): string {
  const match = /^[a-z0-9-]+_(.+)_\d+(?:\.\d+)?x\d+(?:\.\d+)?(?:mm|in)$/i.exec(media);
  return match ? match[1]! : media;
}
