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
import { urfFormat } from './urf.format.js';

async function refused(file: string, reason: DocumentErrorReason, message: RegExp): Promise<void> {
  await assert.rejects(urfFormat.count(file), (error) => {
    assert.ok(error instanceof DocumentError, String(error));
    assert.equal(error.reason, reason);
    assert.match(error.message, message);
    return true;
  });
}

// Ghostscript's urf device is the producer: its cupsColorSpace 19 (sRGB) and 18 (sGray) become
// URF colour spaces 1 and 0; -dDuplex writes duplex byte 3, with -dTumble 2.
describe('Apple Raster (URF) page counting', { skip: documentToolsSkip() }, () => {
  const dir = fixtureDir();
  const pdf = makePdf(dir, 'four.pdf', 4, true);
  const srgb = render(pdf, 'urf', `${dir}/srgb.urf`, '-dcupsColorSpace=19', '-dcupsBitsPerColor=8');
  const gray = render(pdf, 'urf', `${dir}/gray.urf`, '-dcupsColorSpace=18', '-dcupsBitsPerColor=8');

  it('counts the pages Ghostscript rendered, with each page’s colour', async () => {
    assert.equal(qpdfPages(pdf), 4);
    const colour = await urfFormat.count(srgb);
    assert.equal(colour.format, 'urf');
    assert.equal(colour.pages, 4);
    assert.deepEqual(colour.pageDetails?.[3], { color: true, sides: 'one-sided' });
    const grey = await urfFormat.count(gray);
    assert.equal(grey.pages, 4);
    assert.ok(grey.pageDetails?.every((page) => !page.color));
    assert.equal((await urfFormat.count(render(pdf, 'urf', `${dir}/mono.urf`))).pages, 4);
  });

  it('reads sides from the duplex byte', async () => {
    const long = render(pdf, 'urf', `${dir}/long.urf`, '-dDuplex');
    const short = render(pdf, 'urf', `${dir}/short.urf`, '-dDuplex', '-dTumble');
    assert.equal((await urfFormat.count(long)).pageDetails?.[0]?.sides, 'two-sided-long-edge');
    assert.equal((await urfFormat.count(short)).pageDetails?.[1]?.sides, 'two-sided-short-edge');
  });

  it('does not trust the page count in the file header', async () => {
    for (const claimed of [0, 1, 99]) {
      const bytes = Buffer.from(read(srgb));
      bytes.writeUInt32BE(claimed, 8);
      assert.equal((await urfFormat.count(write(dir, `claims-${claimed}.urf`, bytes))).pages, 4);
    }
  });

  it('counts the same while the document streams in, whatever the chunk sizes', async () => {
    const random = seededRandom(7);
    for (const file of [srgb, gray]) {
      const streamed = countInChunks(urfFormat.streamingCounter?.() ?? assert.fail(), read(file), random);
      assert.deepEqual(streamed, await urfFormat.count(file));
    }
  });

  it('refuses a document cut short, not URF, or with absurd page headers', async () => {
    const whole = read(srgb);
    await refused(
      write(dir, 'cut.urf', whole.subarray(0, whole.length - 3)),
      'format-error',
      /middle of page 4/,
    );
    await refused(write(dir, 'short.urf', whole.subarray(0, 6)), 'format-error', /file header/);
    await refused(
      write(dir, 'pwg.urf', Buffer.concat([Buffer.from('RaS2'), whole])),
      'format-error',
      /UNIRAST/,
    );
    const patched = (offset: number, write32: (bytes: Buffer) => void) => {
      const bytes = Buffer.from(whole);
      write32(bytes.subarray(12 + offset));
      return bytes;
    };
    const wide = patched(12, (header) => header.writeUInt32BE(0xffffff, 0));
    await refused(write(dir, 'wide.urf', wide), 'unprintable', /more than|larger than/);
    const noDpi = patched(20, (header) => header.writeUInt32BE(0, 0));
    await refused(write(dir, 'nodpi.urf', noDpi), 'unprintable', /no resolution/);
    const space = patched(1, (header) => header.writeUInt8(9, 0));
    await refused(write(dir, 'space.urf', space), 'format-error', /colour space/);
    const bits = patched(0, (header) => header.writeUInt8(20, 0));
    await refused(write(dir, 'bits.urf', bits), 'format-error', /bits per pixel/);
  });
});
