import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { DocumentError, type DocumentErrorReason } from '../../errors.js';
import {
  appendUpdate,
  buildPdf,
  documentToolsSkip,
  fixtureDir,
  flatPdf,
  gsPdfPages,
  makePdf,
  qpdf,
  qpdfPages,
  read,
  write,
} from '../document-fixtures.test-support.js';
import { pdfFormat } from './pdf.format.js';

async function pages(file: string): Promise<number> {
  const counted = await pdfFormat.count(file);
  assert.equal(counted.format, 'pdf');
  assert.equal(counted.pageDetails, null);
  return counted.pages;
}

async function refused(file: string, reason: DocumentErrorReason, message: RegExp): Promise<void> {
  await assert.rejects(pdfFormat.count(file), (error) => {
    assert.ok(error instanceof DocumentError, String(error));
    assert.equal(error.reason, reason);
    assert.match(error.message, message);
    return true;
  });
}

/** The page objects of a PDF as qpdf lists them ("4 0 R", …). */
function pageRefs(file: string): string[] {
  const json = execFileSync('qpdf', ['--json', '--json-key=pages', file], { encoding: 'utf8' });
  return (JSON.parse(json) as { pages: Array<{ object: string }> }).pages.map((page) => page.object);
}

/** Counts `file` and checks the count against qpdf's and Ghostscript's own. */
async function countsLikeQpdfAndGs(file: string, expected: number): Promise<void> {
  assert.equal(qpdfPages(file), expected, `qpdf: ${file}`);
  assert.equal(gsPdfPages(file), expected, `Ghostscript: ${file}`);
  assert.equal(await pages(file), expected, `Quire: ${file}`);
}

describe('PDF page counting', { skip: documentToolsSkip() }, () => {
  const dir = fixtureDir();
  const ten = makePdf(dir, 'ten.pdf', 10);

  it('counts PDFs made by Ghostscript, as qpdf and Ghostscript count them', async () => {
    await countsLikeQpdfAndGs(makePdf(dir, 'one.pdf', 1), 1);
    await countsLikeQpdfAndGs(ten, 10);
    await countsLikeQpdfAndGs(makePdf(dir, 'many.pdf', 137, true), 137);
  });

  it('reads cross-reference streams and object streams, linearized files and qpdf’s rewrites', async () => {
    const variants: Array<[string, string[]]> = [
      ['objstm.pdf', ['--object-streams=generate']],
      ['plain.pdf', ['--object-streams=disable']],
      ['linear.pdf', ['--linearize']],
      ['linear-objstm.pdf', ['--linearize', '--object-streams=generate']],
      ['qdf.pdf', ['--qdf']],
    ];
    for (const [name, args] of variants) {
      const file = `${dir}/${name}`;
      qpdf(...args, ten, file);
      await countsLikeQpdfAndGs(file, 10);
    }
  });

  it('follows incremental updates: the newest page tree counts, table or stream', async () => {
    // A classic update: the page tree node replaced by one with the last page dropped.
    const flat = flatPdf(5);
    const dropped = appendUpdate(flat, [[2, '<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R 6 0 R] /Count 4 >>']], {
      root: '/Root 1 0 R',
    });
    await countsLikeQpdfAndGs(write(dir, 'update-table.pdf', dropped), 4);
    // A second update, as a cross-reference stream, on top of the first: one page left.
    const twice = appendUpdate(dropped, [[2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>']], {
      root: '/Root 1 0 R',
      stream: true,
    });
    await countsLikeQpdfAndGs(write(dir, 'update-stream.pdf', twice), 1);
    // An update over qpdf's rewrite with object streams: a new catalog and page tree listing two
    // of its pages, which stay in the older section's object stream.
    const objstm = `${dir}/flat5-objstm.pdf`;
    qpdf('--object-streams=generate', write(dir, 'flat5.pdf', flat), objstm);
    const [first, second] = pageRefs(objstm);
    const over = appendUpdate(
      read(objstm),
      [
        [100, '<< /Type /Catalog /Pages 101 0 R >>'],
        [101, `<< /Type /Pages /Kids [${first} ${second}] /Count 2 >>`],
      ],
      { root: '/Root 100 0 R' },
    );
    await countsLikeQpdfAndGs(write(dir, 'update-objstm.pdf', over), 2);
  });

  it('counts the page tree, not the /Count a PDF claims', async () => {
    const liar = write(dir, 'liar.pdf', flatPdf(3, 99));
    assert.equal(await pages(liar), 3);
    assert.equal(qpdfPages(liar), 3);
    const understated = write(dir, 'understated.pdf', flatPdf(7, 1));
    assert.equal(await pages(understated), 7);
  });

  it('counts a page or a subtree listed twice in the tree twice, as Ghostscript does', async () => {
    const twice = buildPdf([
      [1, '<< /Type /Catalog /Pages 2 0 R >>'],
      [2, '<< /Type /Pages /Kids [3 0 R 4 0 R 3 0 R] /Count 2 >>'],
      [3, '<< /Type /Page /Parent 2 0 R >>'],
      [4, '<< /Type /Page /Parent 2 0 R >>'],
    ]);
    await countsLikeQpdfAndGs(write(dir, 'twice.pdf', twice), 3);
    const subtreeTwice = buildPdf([
      [1, '<< /Type /Catalog /Pages 2 0 R >>'],
      [2, '<< /Type /Pages /Kids [5 0 R 3 0 R 5 0 R] /Count 5 >>'],
      [3, '<< /Type /Page /Parent 2 0 R >>'],
      [4, '<< /Type /Page /Parent 5 0 R >>'],
      [5, '<< /Type /Pages /Parent 2 0 R /Kids [4 0 R 6 0 R] /Count 2 >>'],
      [6, '<< /Type /Page /Parent 5 0 R >>'],
    ]);
    // qpdf 11 refuses a /Pages node met twice as a loop; Ghostscript prints (and counts) it twice.
    const subtreeFile = write(dir, 'subtree-twice.pdf', subtreeTwice);
    assert.equal(gsPdfPages(subtreeFile), 5);
    assert.equal(await pages(subtreeFile), 5);
  });

  it('refuses a page tree that loops back on itself', async () => {
    const loop = buildPdf([
      [1, '<< /Type /Catalog /Pages 2 0 R >>'],
      [2, '<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>'],
      [3, '<< /Type /Page /Parent 2 0 R >>'],
      [4, '<< /Type /Pages /Kids [5 0 R] /Count 1 >>'],
      [5, '<< /Type /Pages /Kids [2 0 R] /Count 1 >>'],
    ]);
    await refused(write(dir, 'loop.pdf', loop), 'format-error', /page tree loops back to object 2/);
  });

  it('refuses a tree that multiplies into more pages than any job prints, quickly', async () => {
    // 40 levels, each node listing the next twice: 2^40 pages if walked.
    const levels = Array.from(
      { length: 40 },
      (_, i) => [i + 2, `<< /Type /Pages /Kids [${i + 3} 0 R ${i + 3} 0 R] /Count 2 >>`] as const,
    );
    const bomb = buildPdf([[1, '<< /Type /Catalog /Pages 2 0 R >>'], ...levels, [42, '<< /Type /Page >>']]);
    const started = Date.now();
    await refused(write(dir, 'bomb.pdf', bomb), 'unprintable', /more than 100000 pages/);
    assert.ok(Date.now() - started < 10_000);
  });

  it('refuses a truncated PDF and says so', async () => {
    const whole = read(ten);
    for (const fraction of [0.1, 0.5, 0.9]) {
      const cut = write(dir, `cut-${fraction}.pdf`, whole.subarray(0, Math.floor(whole.length * fraction)));
      await refused(cut, 'format-error', /truncated or damaged/);
    }
  });

  it('rebuilds a damaged cross-reference table by scanning, as qpdf does', async () => {
    const whole = read(ten).toString('latin1');
    // A wrong startxref offset.
    const wrongStart = whole.replace(/startxref\s+(\d+)/, (_, n: string) => `startxref\n${Number(n) - 7}`);
    await countsLikeQpdfAndGs(write(dir, 'wrong-startxref.pdf', Buffer.from(wrongStart, 'latin1')), 10);
    // Bytes inserted after the first object: every later offset in the table is off.
    const at = whole.indexOf('endobj') + 6;
    const shifted = whole.slice(0, at) + '\n% 23 inserted bytes %%\n' + whole.slice(at);
    await countsLikeQpdfAndGs(write(dir, 'shifted.pdf', Buffer.from(shifted, 'latin1')), 10);
    // A print job's PJL header before %PDF-: offsets count from the header, not the file.
    const pjl = Buffer.concat([Buffer.from('\x1b%-12345X@PJL JOB\n@PJL ENTER LANGUAGE = PDF\n'), read(ten)]);
    await countsLikeQpdfAndGs(write(dir, 'pjl.pdf', pjl), 10);
    // The same for a file whose objects live in object streams.
    qpdf('--object-streams=generate', ten, `${dir}/objstm-base.pdf`);
    const objstm = read(`${dir}/objstm-base.pdf`).toString('latin1');
    const objstmAt = objstm.indexOf('endobj') + 6;
    const objstmShifted = objstm.slice(0, objstmAt) + '\n%%%%%%%%%%%%%%\n' + objstm.slice(objstmAt);
    // qpdf 11.3 and Ghostscript 10.0 give up on this one (no classic trailer to find); the
    // rebuilt table finds the catalog through the cross-reference stream's /Root.
    assert.equal(await pages(write(dir, 'objstm-shifted.pdf', Buffer.from(objstmShifted, 'latin1'))), 10);
  });

  it('refuses what is not a PDF, or has no page tree', async () => {
    await refused(write(dir, 'text.pdf', 'Hello, printer.\n'), 'format-error', /not a PDF/);
    await refused(write(dir, 'empty.pdf', ''), 'format-error', /not a PDF/);
    const noPages = buildPdf([[1, '<< /Type /Catalog >>']]);
    await refused(write(dir, 'no-pages.pdf', noPages), 'format-error', /no page tree/);
    const missingKid = buildPdf([
      [1, '<< /Type /Catalog /Pages 2 0 R >>'],
      [2, '<< /Type /Pages /Kids [3 0 R 9 0 R] /Count 2 >>'],
      [3, '<< /Type /Page /Parent 2 0 R >>'],
    ]);
    await refused(write(dir, 'missing-kid.pdf', missingKid), 'format-error', /not a dictionary/);
    const font = buildPdf([
      [1, '<< /Type /Catalog /Pages 2 0 R >>'],
      [2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>'],
      [3, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'],
    ]);
    await refused(write(dir, 'font.pdf', font), 'format-error', /\/Type \/Font/);
  });

  it('counts encrypted PDFs that open without a password, and refuses those that need one', async () => {
    const cases: Array<[string, string[]]> = [
      ['rc4-40.pdf', ['--allow-weak-crypto', '--encrypt', '', 'owner', '40', '--']],
      [
        'rc4-128.pdf',
        ['--allow-weak-crypto', '--object-streams=generate', '--encrypt', '', 'owner', '128', '--'],
      ],
      ['aes-128.pdf', ['--object-streams=generate', '--encrypt', '', 'owner', '128', '--use-aes=y', '--']],
      ['aes-256-r5.pdf', ['--object-streams=generate', '--encrypt', '', 'owner', '256', '--force-R5', '--']],
      ['aes-256.pdf', ['--object-streams=generate', '--encrypt', '', 'owner', '256', '--']],
    ];
    for (const [name, args] of cases) {
      qpdf(...args, ten, `${dir}/${name}`);
      assert.equal(await pages(`${dir}/${name}`), 10, name);
    }
    for (const [name, bits] of [
      ['secret-128.pdf', '128'],
      ['secret-256.pdf', '256'],
    ] as const) {
      qpdf(
        '--allow-weak-crypto',
        '--object-streams=generate',
        '--encrypt',
        'secret',
        'owner',
        bits,
        '--',
        ten,
        `${dir}/${name}`,
      );
      await refused(`${dir}/${name}`, 'password-required', /user \(open\) password/);
    }
  });
});
