import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DocumentError, type DocumentErrorReason } from '../../errors.js';
import {
  documentToolsSkip,
  fixtureDir,
  makePdf,
  read,
  render,
  write,
} from '../document-fixtures.test-support.js';
import { jpegFormat } from './jpeg.format.js';

async function refused(file: string, reason: DocumentErrorReason, message: RegExp): Promise<void> {
  await assert.rejects(jpegFormat.count(file), (error) => {
    assert.ok(error instanceof DocumentError, String(error));
    assert.equal(error.reason, reason);
    assert.match(error.message, message);
    return true;
  });
}

/** The offset of the first marker 0xFF `marker` after SOI. */
function markerAt(bytes: Buffer, marker: number): number {
  for (let at = 2; at + 1 < bytes.length; at++) if (bytes[at] === 0xff && bytes[at + 1] === marker) return at;
  return assert.fail(`no marker ${marker.toString(16)}`);
}

describe('JPEG page counting', { skip: documentToolsSkip() }, () => {
  const dir = fixtureDir();
  const pdf = makePdf(dir, 'one.pdf', 1, true);
  const colour = render(pdf, 'jpeg', `${dir}/colour.jpg`);
  const grey = render(pdf, 'jpeggray', `${dir}/grey.jpg`);

  it('counts a JPEG as one page, colour or grey by its components', async () => {
    assert.deepEqual(await jpegFormat.count(colour), {
      format: 'jpeg',
      pages: 1,
      pageDetails: [{ color: true, sides: null }],
    });
    assert.deepEqual((await jpegFormat.count(grey)).pageDetails, [{ color: false, sides: null }]);
  });

  it('accepts bytes after the image, as a motion photo has', async () => {
    const trailing = Buffer.concat([read(colour), Buffer.alloc(100_000, 7)]);
    assert.equal((await jpegFormat.count(write(dir, 'trailing.jpg', trailing))).pages, 1);
  });

  it('refuses what is not a JPEG, or is cut before its image data', async () => {
    await refused(pdf, 'format-error', /does not start with SOI/);
    await refused(write(dir, 'empty.jpg', ''), 'format-error', /does not start with SOI/);
    const bytes = read(colour);
    const sof = markerAt(bytes, 0xc0);
    await refused(
      write(dir, 'cut.jpg', bytes.subarray(0, sof + 6)),
      'format-error',
      /runs past the end|cut short/,
    );
    await refused(
      write(dir, 'no-sos.jpg', bytes.subarray(0, markerAt(bytes, 0xda))),
      'format-error',
      /ends before/,
    );
    const noFrame = Buffer.concat([bytes.subarray(0, sof), bytes.subarray(markerAt(bytes, 0xda))]);
    await refused(write(dir, 'no-frame.jpg', noFrame), 'format-error', /before a frame header/);
  });

  it('refuses a frame header that does not add up', async () => {
    const bytes = read(colour);
    const sof = markerAt(bytes, 0xc0);
    const patched = (offset: number, value: number) => {
      const copy = Buffer.from(bytes);
      copy[sof + 2 + offset] = value;
      return copy;
    };
    await refused(write(dir, 'precision.jpg', patched(2, 9)), 'format-error', /precision of 9 bits/);
    await refused(write(dir, 'components.jpg', patched(7, 0)), 'format-error', /0 components/);
    await refused(write(dir, 'length.jpg', patched(7, 1)), 'format-error', /wrong length/);
    const zero = Buffer.from(bytes);
    zero.writeUInt16BE(0, sof + 2 + 3);
    await refused(write(dir, 'zero.jpg', zero), 'unprintable', /no width or height/);
  });
});
