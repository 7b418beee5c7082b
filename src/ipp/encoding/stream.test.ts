import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { encodeMessage } from './encode.js';
import { IppError } from './ipp-error.js';
import { REQUEST_LIMITS } from './limits.js';
import { EVERY_SYNTAX } from './samples.test-support.js';
import { readMessage } from './stream.js';

const MESSAGE = encodeMessage(EVERY_SYNTAX);
const DOCUMENT = Buffer.from('%PDF-1.7\n' + 'stream of pages\n'.repeat(100) + '%%EOF\n');

function chunked(bytes: Buffer, size: number): Readable {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return Readable.from(chunks, { objectMode: false });
}

async function rest(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function refusal(promise: Promise<unknown>): Promise<IppError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof IppError, `not an IppError: ${String(error)}`);
    return error;
  }
  assert.fail('the message was accepted');
}

describe('IPP message from a stream', () => {
  for (const size of [1, 2, 7, 64, 1000, MESSAGE.length + DOCUMENT.length]) {
    it(`reads the attributes and leaves the document, in chunks of ${size}`, async () => {
      const stream = chunked(Buffer.concat([MESSAGE, DOCUMENT]), size);
      assert.deepEqual(await readMessage(stream), EVERY_SYNTAX);
      assert.deepEqual(await rest(stream), DOCUMENT);
    });
  }

  it('leaves the document when the whole body had arrived and ended before reading', async () => {
    const stream = new PassThrough();
    stream.end(Buffer.concat([MESSAGE, DOCUMENT]));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(await readMessage(stream), EVERY_SYNTAX);
    assert.deepEqual(await rest(stream), DOCUMENT);
  });

  it('reads a message with no document and leaves an empty stream', async () => {
    const stream = chunked(MESSAGE, 5);
    assert.deepEqual(await readMessage(stream), EVERY_SYNTAX);
    assert.equal((await rest(stream)).length, 0);
  });

  it('never reads the document: 64 MB follow, a few chunks are pulled', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x25);
    const total = 1024;
    let pulled = 0;
    const body = new Readable({
      read() {
        if (pulled === 0) this.push(Buffer.concat([MESSAGE, chunk.subarray(0, 100)]));
        else this.push(pulled <= total ? chunk : null);
        pulled++;
      },
    });
    assert.deepEqual(await readMessage(body), EVERY_SYNTAX);
    assert.ok(pulled <= 3, `pulled ${pulled} chunks to read the attributes`);
    let length = 0;
    for await (const part of body) length += (part as Buffer).length;
    assert.equal(length, 100 + total * chunk.length);
  });

  it('answers a wrong version at once, without waiting for the rest', async () => {
    const stream = new PassThrough();
    stream.write(Buffer.from([3, 0, 0, 0x0b, 0, 0, 0, 5]));
    const error = await refusal(readMessage(stream));
    assert.equal(error.status, 'server-error-version-not-supported');
    assert.equal(error.requestId, 5);
    stream.destroy();
  });

  it('stops reading endless attributes at the size limit', async () => {
    const attribute = encodeMessage({
      ...EVERY_SYNTAX,
      groups: [{ tag: 'operation', attributes: [{ name: 'x', values: [{ tag: 'keyword', value: 'y' }] }] }],
    });
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled++;
        this.push(pulled === 1 ? attribute.subarray(0, -1) : Buffer.from([0x44, 0, 0, 0, 1, 0x7a]));
      },
    });
    const error = await refusal(readMessage(endless, { ...REQUEST_LIMITS, maxAttributeBytes: 4096 }));
    assert.equal(error.status, 'client-error-request-entity-too-large');
    // The limit, plus what the stream itself buffers ahead (its highWaterMark).
    assert.ok(pulled * 6 <= 4096 + endless.readableHighWaterMark + 6, `pulled ${pulled * 6} octets`);
    endless.destroy();
  });

  it('refuses a body that ends inside the attributes, with the request-id', async () => {
    const error = await refusal(readMessage(chunked(MESSAGE.subarray(0, 40), 8)));
    assert.equal(error.status, 'client-error-bad-request');
    assert.equal(error.requestId, EVERY_SYNTAX.requestId);
  });

  it('refuses an empty body, a failing stream and one already over', async () => {
    assert.equal((await refusal(readMessage(Readable.from([])))).status, 'client-error-bad-request');
    const failing = new Readable({ read() {} });
    failing.push(MESSAGE.subarray(0, 20));
    setImmediate(() => failing.destroy(new Error('connection reset')));
    assert.match((await refusal(readMessage(failing))).message, /connection reset/);
    const over = chunked(MESSAGE, 1000);
    await rest(over);
    assert.equal((await refusal(readMessage(over))).status, 'client-error-bad-request');
  });
});
