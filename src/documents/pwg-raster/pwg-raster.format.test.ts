import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DocumentError, type DocumentErrorReason } from '../../errors.js';
import {
  countInChunks,
  documentToolsSkip,
  fixtureDir,
  makePdf,
  qpdfPages,
  read,
  render,
  seededRandom,
  write,
} from '../document-fixtures.test-support.js';
import { pwgRasterFormat } from './pwg-raster.format.js';

async function refused(file: string, reason: DocumentErrorReason, message: RegExp): Promise<void> {
  await assert.rejects(pwgRasterFormat.count(file), (error) => {
    assert.ok(error instanceof DocumentError, String(error));
    assert.equal(error.reason, reason);
    assert.match(error.message, message);
    return true;
  });
}

describe('PWG Raster page counting', { skip: documentToolsSkip() }, () => {
  const dir = fixtureDir();
  const pdf = makePdf(dir, 'five.pdf', 5, true);
  const black = render(pdf, 'pwgraster', `${dir}/black.pwg`);
  const srgb = render(pdf, 'pwgraster', `${dir}/srgb.pwg`, '-dcupsColorSpace=19', '-dcupsBitsPerColor=8');

  it('counts the pages Ghostscript rendered, walking the lines, with each page’s colour and sides', async () => {
    assert.equal(qpdfPages(pdf), 5);
    const counted = await pwgRasterFormat.count(black);
    assert.equal(counted.format, 'pwg-raster');
    assert.equal(counted.pages, 5);
    assert.deepEqual(counted.pageDetails?.[0], { color: false, sides: 'one-sided' });
    const colour = await pwgRasterFormat.count(srgb);
    assert.equal(colour.pages, 5);
    assert.ok(colour.pageDetails?.every((page) => page.color));
  });

  it('reads sides from Duplex and Tumble, and 16-bit and grey pages', async () => {
    const long = render(pdf, 'pwgraster', `${dir}/long.pwg`, '-dDuplex');
    const short = render(pdf, 'pwgraster', `${dir}/short.pwg`, '-dDuplex', '-dTumble');
    const deep = render(pdf, 'pwgraster', `${dir}/deep.pwg`, '-dcupsColorSpace=19', '-dcupsBitsPerColor=16');
    const gray = render(pdf, 'pwgraster', `${dir}/gray.pwg`, '-dcupsColorSpace=18', '-dcupsBitsPerColor=8');
    assert.equal((await pwgRasterFormat.count(long)).pageDetails?.[4]?.sides, 'two-sided-long-edge');
    assert.equal((await pwgRasterFormat.count(short)).pageDetails?.[0]?.sides, 'two-sided-short-edge');
    const deepCount = await pwgRasterFormat.count(deep);
    assert.equal(deepCount.pages, 5);
    assert.equal(deepCount.pageDetails?.[2]?.color, true);
    assert.deepEqual((await pwgRasterFormat.count(gray)).pageDetails?.[1], {
      color: false,
      sides: 'one-sided',
    });
  });

  it('gives each page its own header’s colour when pages differ', async () => {
    // A grey document followed by a colour one's pages (without its sync word) is one valid stream.
    const mixed = Buffer.concat([read(black), read(srgb).subarray(4)]);
    const counted = await pwgRasterFormat.count(write(dir, 'mixed.pwg', mixed));
    assert.equal(counted.pages, 10);
    assert.deepEqual(
      counted.pageDetails?.map((page) => page.color),
      [false, false, false, false, false, true, true, true, true, true],
    );
  });

  it('counts the same while the document streams in, whatever the chunk sizes', async () => {
    const random = seededRandom(16);
    for (const file of [black, srgb]) {
      const streamed = countInChunks(
        pwgRasterFormat.streamingCounter?.() ?? assert.fail(),
        read(file),
        random,
      );
      assert.deepEqual(streamed, await pwgRasterFormat.count(file));
    }
  });

  it('does not trust the header’s TotalPageCount', async () => {
    const bytes = Buffer.from(read(black));
    bytes.writeUInt32BE(99, 4 + 452); // cupsInteger[0], TotalPageCount, of the first page
    assert.equal((await pwgRasterFormat.count(write(dir, 'total.pwg', bytes))).pages, 5);
  });

  it('refuses a document cut short, not PWG Raster, or empty', async () => {
    const whole = read(srgb);
    await refused(
      write(dir, 'cut.pwg', whole.subarray(0, Math.floor(whole.length * 0.7))),
      'format-error',
      /middle of page/,
    );
    await refused(write(dir, 'header-cut.pwg', whole.subarray(0, 1000)), 'format-error', /middle of page 1/);
    await refused(write(dir, 'sync.pwg', whole.subarray(0, 4)), 'format-error', /no pages/);
    await refused(write(dir, 'empty.pwg', ''), 'format-error', /empty/);
    await refused(
      write(dir, 'cups.pwg', Buffer.concat([Buffer.from('RaS3'), whole.subarray(4)])),
      'format-error',
      /RaS2/,
    );
  });

  it('refuses absurd sizes and headers that do not add up before walking any line', async () => {
    const patched = (offset: number, value: number) => {
      const bytes = Buffer.from(read(black));
      bytes.writeUInt32BE(value, 4 + offset);
      return bytes;
    };
    await refused(write(dir, 'wide.pwg', patched(372, 0xffffff)), 'unprintable', /more than|larger than/);
    await refused(write(dir, 'flat.pwg', patched(376, 0)), 'unprintable', /no pixels/);
    await refused(write(dir, 'nodpi.pwg', patched(276, 0)), 'unprintable', /no resolution/);
    await refused(write(dir, 'line.pwg', patched(392, 12345)), 'format-error', /bytes per line/);
    await refused(write(dir, 'bits.pwg', patched(388, 7)), 'format-error', /bits per pixel/);
    await refused(write(dir, 'space.pwg', patched(400, 99)), 'format-error', /colour space/);
    await refused(write(dir, 'banded.pwg', patched(396, 1)), 'format-error', /chunked/);
  });
});
