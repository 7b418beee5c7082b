import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DocumentError } from '../errors.js';
import type { CountedDocument, DocumentFormat } from './document-format.js';
import {
  appendUpdate,
  documentToolsSkip,
  fixtureDir,
  flatPdf,
  makePdf,
  qpdf,
  read,
  render,
  seededRandom,
  write,
} from './document-fixtures.test-support.js';
import { jpegFormat } from './jpeg/jpeg.format.js';
import { pdfFormat } from './pdf/pdf.format.js';
import { pwgRasterFormat } from './pwg-raster/pwg-raster.format.js';
import { urfFormat } from './urf/urf.format.js';

type Mutation = (bytes: Buffer, random: () => number) => Buffer;

const at = (bytes: Buffer, random: () => number) => Math.floor(random() * bytes.length);
const noise = (length: number, random: () => number) =>
  Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));

/** Ways a document arrives damaged: bit rot, a cut, bytes added or lost, digits (offsets) changed. */
const MUTATIONS: Mutation[] = [
  (bytes, random) => {
    const copy = Buffer.from(bytes);
    for (let i = 1 + Math.floor(random() * 8); i > 0; i--)
      copy[at(copy, random)] = Math.floor(random() * 256);
    return copy;
  },
  (bytes, random) => bytes.subarray(0, at(bytes, random)),
  (bytes, random) => {
    const where = at(bytes, random);
    return Buffer.concat([
      bytes.subarray(0, where),
      noise(1 + Math.floor(random() * 64), random),
      bytes.subarray(where),
    ]);
  },
  (bytes, random) => {
    const where = at(bytes, random);
    return Buffer.concat([bytes.subarray(0, where), bytes.subarray(where + 1 + Math.floor(random() * 200))]);
  },
  (bytes, random) => {
    const copy = Buffer.from(bytes);
    const digits = [...copy.keys()].filter((i) => (copy[i] ?? 0) >= 0x30 && (copy[i] ?? 0) <= 0x39);
    for (let i = 0; i < 3 && digits.length > 0; i++) {
      copy[digits[Math.floor(random() * digits.length)] ?? 0] = 0x30 + Math.floor(random() * 10);
    }
    return copy;
  },
  (bytes, random) => {
    const copy = Buffer.from(bytes);
    const from = at(copy, random);
    copy.copy(copy, at(copy, random), from, from + Math.floor(random() * 300));
    return copy;
  },
];

const TIME_LIMIT_MS = 10_000;

/** The count, or the DocumentError: anything else, or no answer in time, fails the test. */
async function outcome(count: () => Promise<CountedDocument>, label: string): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${label}: no answer within ${TIME_LIMIT_MS} ms`)),
      TIME_LIMIT_MS,
    );
  });
  try {
    const counted = await Promise.race([count(), hang]);
    assert.ok(Number.isInteger(counted.pages) && counted.pages >= 1, `${label}: ${counted.pages} pages`);
    return 'counted';
  } catch (error) {
    if (!(error instanceof DocumentError))
      assert.fail(`${label}: ${String((error as Error).stack ?? error)}`);
    assert.ok(error.message.length > 0);
    return error.reason;
  } finally {
    clearTimeout(timer);
  }
}

async function fuzz(
  format: DocumentFormat,
  base: Buffer,
  runs: number,
  seed: number,
  dir: string,
): Promise<void> {
  const random = seededRandom(seed);
  const reasons = new Map<string, number>();
  for (let run = 0; run < runs; run++) {
    const mutation = MUTATIONS[Math.floor(random() * MUTATIONS.length)] ?? MUTATIONS[0];
    const bytes = mutation ? mutation(base, random) : base;
    const file = write(dir, `fuzz-${format.name}-${seed}`, bytes);
    const label = `${format.name} seed ${seed} run ${run}`;
    const result = await outcome(() => format.count(file), label);
    reasons.set(result, (reasons.get(result) ?? 0) + 1);
    const counter = format.streamingCounter?.();
    if (counter) {
      const streamed = await outcome(async () => {
        counter.write(bytes);
        return counter.end();
      }, `${label} (streamed)`);
      assert.equal(streamed, result, `${label}: streamed and file counts differ`);
    }
  }
  // Some damage is harmless (a flipped byte inside image data), most is not: both must occur.
  assert.ok(reasons.size > 1, `${format.name}: every mutation gave ${[...reasons.keys()].join()}`);
}

describe(
  'damaged documents: a count or a DocumentError, never anything else, never a hang',
  { skip: documentToolsSkip() },
  () => {
    const dir = fixtureDir();
    const pdf = makePdf(dir, 'ten.pdf', 10, true);
    qpdf('--object-streams=generate', pdf, `${dir}/objstm.pdf`);
    qpdf('--object-streams=generate', '--encrypt', '', 'owner', '256', '--', pdf, `${dir}/aes.pdf`);
    const updated = appendUpdate(flatPdf(6), [[2, '<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>']], {
      root: '/Root 1 0 R',
      stream: true,
    });

    it('PDF: classic tables, object streams, encrypted, incrementally updated', async () => {
      await fuzz(pdfFormat, read(pdf), 200, 1, dir);
      await fuzz(pdfFormat, read(`${dir}/objstm.pdf`), 200, 2, dir);
      await fuzz(pdfFormat, read(`${dir}/aes.pdf`), 100, 3, dir);
      await fuzz(pdfFormat, updated, 150, 4, dir);
    });

    it('PWG Raster and Apple URF, by file and streamed', async () => {
      const options = ['-dcupsColorSpace=19', '-dcupsBitsPerColor=8'];
      await fuzz(pwgRasterFormat, read(render(pdf, 'pwgraster', `${dir}/doc.pwg`, ...options)), 200, 5, dir);
      await fuzz(urfFormat, read(render(pdf, 'urf', `${dir}/doc.urf`, ...options)), 200, 6, dir);
    });

    it('JPEG', async () => {
      await fuzz(
        jpegFormat,
        read(render(makePdf(dir, 'one.pdf', 1, true), 'jpeg', `${dir}/doc.jpg`)),
        200,
        7,
        dir,
      );
    });

    it('random bytes behind each format’s signature', async () => {
      const random = seededRandom(8);
      for (let run = 0; run < 50; run++) {
        for (const [format, magic] of [
          [pdfFormat, '%PDF-1.7\n'],
          [pwgRasterFormat, 'RaS2'],
          [urfFormat, 'UNIRAST\0'],
          [jpegFormat, '\xff\xd8\xff'],
        ] as const) {
          const bytes = Buffer.concat([
            Buffer.from(magic, 'latin1'),
            noise(Math.floor(random() * 4096), random),
          ]);
          await outcome(() => format.count(write(dir, 'random', bytes)), `${format.name} random run ${run}`);
        }
      }
    });
  },
);
