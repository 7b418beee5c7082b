/**
 * Real documents for the document-format tests, made by real producers: Ghostscript (PDF, PWG
 * Raster, Apple URF, JPEG, PostScript) and qpdf (object streams, linearized, encrypted), plus a
 * small PDF writer for the shapes no producer makes on purpose (a lying /Count, a loop, an
 * incremental update). The tests compare every count with qpdf's or Ghostscript's own.
 *
 *   const dir = fixtureDir();                   // removed after the test file
 *   const pdf = makePdf(dir, 'ten.pdf', 10);
 *   qpdfPages(pdf);                             // 10
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { after } from 'node:test';
import { skipUnless } from '../test-support/require.js';
import type { CountedDocument, StreamingCounter } from './document-format.js';

function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(path.join(dir, name)));
}

/** For describe(..., { skip }): Ghostscript and qpdf make the documents. */
export function documentToolsSkip(): string | false {
  return skipUnless(onPath('gs') && onPath('qpdf'), 'Ghostscript (gs) and qpdf are not installed');
}

export function fixtureDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'quire-docs-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function gs(...args: string[]): string {
  return execFileSync('gs', ['-q', '-dSAFER', '-dBATCH', '-dNOPAUSE', ...args], { encoding: 'latin1' });
}

/** An N-page A4 PDF ("Page i" on each; `color` draws a red box too), by Ghostscript's pdfwrite. */
export function makePdf(dir: string, name: string, pages: number, color = false): string {
  const file = path.join(dir, name);
  const paint = color ? '1 0 0 setrgbcolor 72 72 100 100 rectfill 0 setgray ' : '';
  gs(
    '-sDEVICE=pdfwrite',
    '-sPAPERSIZE=a4',
    `-sOutputFile=${file}`,
    '-c',
    `/Helvetica findfont 36 scalefont setfont 1 1 ${pages} { ${paint}72 720 moveto (Page ) show 8 string cvs show showpage } for`,
  );
  return file;
}

/** Ghostscript renders `pdf` with `device` (pwgraster, urf, jpeg…) at a low resolution. */
export function render(pdf: string, device: string, out: string, ...options: string[]): string {
  gs(`-sDEVICE=${device}`, '-r30', ...options, `-sOutputFile=${out}`, pdf);
  return out;
}

export function qpdf(...args: string[]): void {
  try {
    execFileSync('qpdf', args, { stdio: 'pipe' });
  } catch (error) {
    // Exit status 3: succeeded with warnings (a damaged input it repaired).
    if ((error as { status?: number }).status !== 3) throw error;
  }
}

/**
 * qpdf's own page count from walking the page tree (its JSON page list: `--show-npages` would
 * report /Count as written), or null when qpdf cannot read the file.
 */
export function qpdfPages(file: string): number | null {
  let json: string;
  try {
    json = execFileSync('qpdf', ['--json', '--json-key=pages', file], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    // Exit status 3: read with warnings (a damaged file it repaired); the JSON is complete.
    if ((error as { status?: number }).status !== 3) return null;
    json = (error as { stdout?: string }).stdout ?? '';
  }
  try {
    return (JSON.parse(json) as { pages: unknown[] }).pages.length;
  } catch {
    return null;
  }
}

/** Ghostscript's own PDF page count (its PDF interpreter's pdfpagecount). */
export function gsPdfPages(file: string): number {
  const out = execFileSync(
    'gs',
    [
      '-q',
      '-dNODISPLAY',
      `--permit-file-read=${file}`,
      '-c',
      `(${file}) (r) file runpdfbegin pdfpagecount = quit`,
    ],
    { encoding: 'utf8', stdio: 'pipe' },
  );
  return Number(out.trim().split('\n').pop());
}

export function write(dir: string, name: string, bytes: Buffer | string): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

export function read(file: string): Buffer {
  return readFileSync(file);
}

/** Objects by number, each its text between `N 0 obj` and `endobj`. */
export type PdfObjects = ReadonlyArray<readonly [number, string]>;

/** A PDF with a classic cross-reference table and correct offsets; `trailer` adds entries (/Root 1 0 R). */
export function buildPdf(objects: PdfObjects, trailer = '/Root 1 0 R'): Buffer {
  let text = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets = new Map<number, number>();
  for (const [num, body] of objects) {
    offsets.set(num, text.length);
    text += `${num} 0 obj\n${body}\nendobj\n`;
  }
  const size = Math.max(...objects.map(([num]) => num)) + 1;
  const xref = text.length;
  text += `xref\n0 ${size}\n`;
  for (let num = 0; num < size; num++) {
    const offset = offsets.get(num);
    text +=
      offset === undefined ? '0000000000 65535 f\r\n' : `${String(offset).padStart(10, '0')} 00000 n\r\n`;
  }
  text += `trailer\n<< /Size ${size} ${trailer} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

/** A page tree of `pages` leaves under one /Pages node (object 2) that claims `count` pages. */
export function flatPdf(pages: number, count = pages): Buffer {
  const kids = Array.from({ length: pages }, (_, i) => `${i + 3} 0 R`).join(' ');
  const leaves = Array.from(
    { length: pages },
    (_, i) => [i + 3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'] as const,
  );
  return buildPdf([
    [1, '<< /Type /Catalog /Pages 2 0 R >>'],
    [2, `<< /Type /Pages /Kids [${kids}] /Count ${count} >>`],
    ...leaves,
  ]);
}

/**
 * Appends an incremental update to `base`: the objects, then a cross-reference section — a classic
 * table, or a cross-reference stream (Flate, PNG Up predictor, as Acrobat writes) — whose /Prev is
 * the base's last startxref.
 */
export function appendUpdate(
  base: Buffer,
  objects: PdfObjects,
  options: { root: string; stream?: boolean },
): Buffer {
  const text = base.toString('latin1');
  const prev = Number(/startxref\s+(\d+)(?![\s\S]*startxref)/.exec(text)?.[1]);
  let update = '\n';
  const offsets = new Map<number, number>();
  for (const [num, body] of objects) {
    offsets.set(num, base.length + update.length);
    update += `${num} 0 obj\n${body}\nendobj\n`;
  }
  const prevSize = Number(/\/Size\s+(\d+)(?![\s\S]*\/Size)/.exec(text)?.[1] ?? 0);
  const size = Math.max(prevSize, ...objects.map(([num]) => num + 1)) + (options.stream ? 1 : 0);
  const xref = base.length + update.length;
  if (options.stream) {
    const streamNum = size - 1;
    offsets.set(streamNum, xref);
    const nums = [...offsets.keys()].sort((a, b) => a - b);
    const rows = nums.map((num) => {
      const row = Buffer.alloc(6);
      row[0] = 2; // PNG Up
      row[1] = 1;
      row.writeUInt32BE(offsets.get(num) ?? 0, 2);
      return row;
    });
    // PNG Up stores each row's difference from the one above.
    const encoded = rows.map((row, i) => {
      const above = i > 0 ? rows[i - 1] : undefined;
      return above ? Buffer.from(row.map((b, j) => (j === 0 ? b : (b - (above[j] ?? 0)) & 0xff))) : row;
    });
    const data = deflateSync(Buffer.concat(encoded));
    const index = nums.map((num) => `${num} 1`).join(' ');
    update +=
      `${streamNum} 0 obj\n<< /Type /XRef /Size ${size} /W [1 4 0] /Index [${index}] /Prev ${prev} ${options.root}` +
      ` /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 5 >> /Length ${data.length} >>\nstream\n`;
    return Buffer.concat([
      base,
      Buffer.from(update, 'latin1'),
      data,
      Buffer.from(`\nendstream\nendobj\nstartxref\n${xref}\n%%EOF\n`, 'latin1'),
    ]);
  }
  update += 'xref\n';
  for (const [num, offset] of offsets) update += `${num} 1\n${String(offset).padStart(10, '0')} 00000 n\r\n`;
  update += `trailer\n<< /Size ${size} /Prev ${prev} ${options.root} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.concat([base, Buffer.from(update, 'latin1')]);
}

/** A small seeded generator (mulberry32), so a failing fuzz case can be run again. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Feeds `bytes` to a streaming counter in chunks of random sizes (1 byte to 64 KiB). */
export function countInChunks(
  counter: StreamingCounter,
  bytes: Buffer,
  random: () => number,
): CountedDocument {
  for (let at = 0; at < bytes.length;) {
    const size = 1 + Math.floor(random() ** 3 * 65536);
    counter.write(bytes.subarray(at, at + size));
    at += size;
  }
  return counter.end();
}
