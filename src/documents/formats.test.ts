import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DocumentError } from '../errors.js';
import { detectFormat, documentFormat, DOCUMENT_FORMATS } from './formats.js';

describe('document format registry', () => {
  it('lists the five formats by IPP document-format', () => {
    assert.deepEqual([...DOCUMENT_FORMATS.keys()].sort(), [
      'application/pdf',
      'application/postscript',
      'image/jpeg',
      'image/pwg-raster',
      'image/urf',
    ]);
    for (const [mimeType, format] of DOCUMENT_FORMATS) assert.equal(format.mimeType, mimeType);
  });

  it('finds a format by its MIME type, ignoring case and parameters', () => {
    assert.equal(documentFormat('application/pdf').name, 'pdf');
    assert.equal(documentFormat('Image/URF; charset=binary').name, 'urf');
  });

  it('refuses other types as not supported, and names on the prototype chain too', () => {
    for (const type of ['text/plain', 'application/octet-stream', 'constructor', '__proto__', '']) {
      assert.throws(
        () => documentFormat(type),
        (error) => error instanceof DocumentError && error.reason === 'format-not-supported',
      );
    }
  });

  it('detects a format from a document’s first bytes', () => {
    const detect = (head: string | Buffer) => detectFormat(Buffer.from(head))?.name ?? null;
    assert.equal(detect('%PDF-1.7\n'), 'pdf');
    assert.equal(detect('\x1b%-12345X@PJL\n%PDF-1.4\n'), 'pdf');
    assert.equal(detect('RaS2PwgRaster'), 'pwg-raster');
    assert.equal(detect('UNIRAST\0\0\0\0\x01'), 'urf');
    assert.equal(detect(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'jpeg');
    assert.equal(detect('%!PS-Adobe-3.0\n'), 'postscript');
    assert.equal(detect('\x04%!PS\n'), 'postscript');
    assert.equal(detect('Hello'), null);
    assert.equal(detect(''), null);
  });
});
