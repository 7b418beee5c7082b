/**
 * How fast Quire counts the pages of spooled documents: files and pages per second per format,
 * one at a time and four at once. The print part of `npm run bench` (print-bench.ts) compares Print-Job throughput for a 10-page PDF
 * against `measureCountRate` on the same file in the same run. Run on its own (documents made by
 * Ghostscript and qpdf, which must be installed):
 *
 *   npx tsc -p tsconfig.json && node dist/bench/page-count-bench.js
 *   const rate = await measureCountRate(pdfFormat, ghostscriptPdf(dir, 10), { durationMs: 3000, concurrency: 1 });
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DocumentFormat } from '../documents/document-format.js';
import { jpegFormat } from '../documents/jpeg/jpeg.format.js';
import { pdfFormat } from '../documents/pdf/pdf.format.js';
import { pwgRasterFormat } from '../documents/pwg-raster/pwg-raster.format.js';
import { urfFormat } from '../documents/urf/urf.format.js';
import { fixed, runFor } from './stats.js';

export interface CountRate {
  pages: number;
  filesPerSecond: number;
  pagesPerSecond: number;
  /** Megabytes of document read per second. */
  megabytesPerSecond: number;
}

export async function measureCountRate(
  format: DocumentFormat,
  file: string,
  options: { durationMs: number; concurrency: number },
): Promise<CountRate> {
  const { pages } = await format.count(file);
  for (let i = 0; i < 20; i++) await format.count(file); // warm-up
  const { perSecond } = await runFor(options.durationMs, options.concurrency, async () => {
    await format.count(file);
  });
  const bytes = statSync(file).size;
  return {
    pages,
    filesPerSecond: perSecond,
    pagesPerSecond: perSecond * pages,
    megabytesPerSecond: (perSecond * bytes) / 1e6,
  };
}

function gs(...args: string[]): void {
  execFileSync('gs', ['-q', '-dSAFER', '-dBATCH', '-dNOPAUSE', ...args], { stdio: 'ignore' });
}

/** An A4 PDF of `pages` pages ("Page N" on each) made by Ghostscript's pdfwrite, as `<dir>/<pages>.pdf`. */
export function ghostscriptPdf(dir: string, pages: number): string {
  const file = path.join(dir, `${pages}.pdf`);
  const draw = `/Helvetica findfont 36 scalefont setfont 1 1 ${pages} { 72 720 moveto (Page ) show 8 string cvs show showpage } for`;
  gs('-sDEVICE=pdfwrite', '-sPAPERSIZE=a4', `-sOutputFile=${file}`, '-c', draw);
  return file;
}

/** The documents measured: what print clients send, made by real producers. */
function makeDocuments(dir: string): Array<[string, DocumentFormat, string]> {
  const pdf = (pages: number) => ghostscriptPdf(dir, pages);
  const ten = pdf(10);
  const thousand = pdf(1000);
  const objstm = path.join(dir, '10-objstm.pdf');
  execFileSync('qpdf', ['--object-streams=generate', ten, objstm]);
  const raster = (device: string, name: string) => {
    const file = path.join(dir, name);
    gs(
      `-sDEVICE=${device}`,
      '-r300',
      '-dcupsColorSpace=19',
      '-dcupsBitsPerColor=8',
      `-sOutputFile=${file}`,
      ten,
    );
    return file;
  };
  const jpeg = path.join(dir, 'page.jpg');
  gs('-sDEVICE=jpeg', '-r150', '-dLastPage=1', `-sOutputFile=${jpeg}`, ten);
  return [
    ['PDF, 10 pages (Ghostscript)', pdfFormat, ten],
    ['PDF, 10 pages, object streams (qpdf)', pdfFormat, objstm],
    ['PDF, 1000 pages (Ghostscript)', pdfFormat, thousand],
    ['PWG Raster, 10 pages sRGB 300 dpi', pwgRasterFormat, raster('pwgraster', '10.pwg')],
    ['Apple URF, 10 pages sRGB 300 dpi', urfFormat, raster('urf', '10.urf')],
    ['JPEG, A4 150 dpi', jpegFormat, jpeg],
  ];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'quire-count-bench-'));
  const durationMs = process.env.QUIRE_BENCH_QUICK === '1' ? 1000 : 3000;
  try {
    console.log('document | size | concurrency | files/s | pages/s | MB/s');
    for (const [label, format, file] of makeDocuments(dir)) {
      for (const concurrency of [1, 4]) {
        const rate = await measureCountRate(format, file, { durationMs, concurrency });
        const size = `${fixed(statSync(file).size / 1024, 0)} KiB`;
        console.log(
          [
            label,
            size,
            concurrency,
            fixed(rate.filesPerSecond, 0),
            fixed(rate.pagesPerSecond, 0),
            fixed(rate.megabytesPerSecond),
          ].join(' | '),
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
