import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DocumentError, type DocumentErrorReason } from '../../errors.js';
import type { DocumentFormat } from '../document-format.js';
import {
  documentToolsSkip,
  fixtureDir,
  gs,
  makePdf,
  qpdfPages,
  write,
} from '../document-fixtures.test-support.js';
import { createPostScriptFormat, postscriptFormat } from './postscript.format.js';

async function refused(count: Promise<unknown>, reason: DocumentErrorReason, message: RegExp): Promise<void> {
  await assert.rejects(count, (error) => {
    assert.ok(error instanceof DocumentError, String(error));
    assert.equal(error.reason, reason);
    assert.match(error.message, message);
    return true;
  });
}

const page = (text: string) => `72 720 moveto (${text}) show showpage\n`;
const prologue = '%!PS-Adobe-3.0\n%%Pages: 99\n%%EndComments\n/Helvetica findfont 24 scalefont setfont\n';

describe('PostScript page counting with Ghostscript', { skip: documentToolsSkip() }, () => {
  const dir = fixtureDir();

  it('counts the pages Ghostscript produces, not the %%Pages: comment', async () => {
    const liar = write(dir, 'liar.ps', prologue + page('one') + page('two') + page('three') + '%%EOF\n');
    assert.deepEqual(await postscriptFormat.count(liar), {
      format: 'postscript',
      pages: 3,
      pageDetails: null,
    });
    // A loop that DSC comments cannot describe at all.
    const loop = write(dir, 'loop.ps', `${prologue}1 1 12 { pop ${page('loop')}} for\n`);
    assert.equal((await postscriptFormat.count(loop)).pages, 12);
  });

  it('counts what Ghostscript’s ps2write makes of a PDF as that PDF’s pages', async () => {
    const pdf = makePdf(dir, 'seven.pdf', 7, true);
    gs('-sDEVICE=ps2write', `-sOutputFile=${dir}/seven.ps`, pdf);
    assert.equal(qpdfPages(pdf), 7);
    assert.equal((await postscriptFormat.count(`${dir}/seven.ps`)).pages, 7);
    assert.equal(await postscriptFormat.available(), true);
  });

  it('refuses a program with a PostScript error, or one that prints nothing', async () => {
    const broken = write(dir, 'broken.ps', `${prologue}${page('fine')}no-such-operator\n`);
    await refused(postscriptFormat.count(broken), 'format-error', /Error: \/undefined in no-such-operator/);
    const blank = write(dir, 'blank.ps', '%!PS\n%%Pages: 3\n1 2 add pop\n');
    await refused(postscriptFormat.count(blank), 'format-error', /no pages/);
  });

  it('stops a program that never ends, at the time limit or when asked', async () => {
    const endless = write(dir, 'endless.ps', '%!PS\n{ 1 pop } loop\n');
    const quick = createPostScriptFormat({ timeoutMs: 1500 });
    const started = Date.now();
    await refused(quick.count(endless), 'unprintable', /did not finish .* within 1500 ms/);
    assert.ok(Date.now() - started < 10_000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    await refused(postscriptFormat.count(endless, { signal: controller.signal }), 'unprintable', /stopped/);
  });
});

describe('PostScript without Ghostscript', () => {
  const dir = fixtureDir();
  const file = write(dir, 'doc.ps', `${prologue}${page('one')}`);

  it('is refused with a message saying the server needs Ghostscript', async () => {
    const without: DocumentFormat = createPostScriptFormat({ ghostscript: async () => null });
    assert.equal(await without.available(), false);
    await refused(
      without.count(file),
      'interpreter-missing',
      /^PostScript needs Ghostscript on the server\.$/,
    );
  });

  it('is refused when the configured Ghostscript cannot be run', async () => {
    const broken = createPostScriptFormat({ ghostscript: async () => `${dir}/no-such-gs` });
    await refused(broken.count(file), 'interpreter-missing', /could not be run \(ENOENT\)/);
  });
});
