/**
 * Reads an IPP message from a stream (an HTTP request body) and leaves the stream at the first
 * octet after the attributes: the document that follows is never read here, so a 500 MB document
 * streams on to wherever the caller sends it. At most the attribute limit plus one chunk is held.
 *
 *   const message = await readMessage(request.raw, REQUEST_LIMITS);
 *   await pipeline(request.raw, spoolFile); // the document, from its first octet
 *
 * Everything refused is an IppError: a malformed or oversized message (decode.ts), a body that
 * ends before its end-of-attributes tag, a stream that fails or closes early.
 */
import type { Readable } from 'node:stream';
import { decodeHeader, decodeMessage, HEADER_LENGTH, type Header } from './decode.js';
import { scanAttributes } from './frame.js';
import { IppError } from './ipp-error.js';
import { REQUEST_LIMITS, type IppLimits } from './limits.js';
import type { IppMessage } from './model.js';

/** Collects chunks until the attribute part is complete; synchronous, so the rest can be unshifted at once. */
class Collector {
  private bytes: Buffer = Buffer.alloc(0);
  private resume = 0;
  private header: Header | undefined;

  constructor(private readonly limits: IppLimits) {}

  /** The message and the octets after it once the attribute part is complete, else undefined. */
  push(chunk: Buffer): { message: IppMessage; rest: Buffer } | undefined {
    this.bytes = this.bytes.length === 0 ? chunk : Buffer.concat([this.bytes, chunk]);
    // The version is checked as soon as the header is in: a client speaking IPP/3 waits for nothing.
    if (this.header === undefined && this.bytes.length >= HEADER_LENGTH)
      this.header = decodeHeader(this.bytes);
    const scan = scanAttributes(this.bytes, this.resume);
    if (scan.kind === 'complete') {
      const { message } = decodeMessage(this.bytes.subarray(0, scan.end), this.limits);
      return { message, rest: this.bytes.subarray(scan.end) };
    }
    if (scan.kind === 'malformed') decodeMessage(this.bytes, this.limits); // throws what is wrong
    if (scan.kind === 'partial') this.resume = scan.resume;
    if (this.bytes.length > this.limits.maxAttributeBytes)
      throw new IppError(
        'client-error-request-entity-too-large',
        `The attributes of the message are longer than ${this.limits.maxAttributeBytes} octets.`,
        this.header,
      );
    return undefined;
  }

  /** The stream ended first: decodeMessage says where the message stops short. */
  ended(): IppError {
    if (this.bytes.length === 0)
      return new IppError('client-error-bad-request', 'The request has no IPP message.');
    try {
      decodeMessage(this.bytes, this.limits);
    } catch (error) {
      if (error instanceof IppError) return error;
      throw error;
    }
    return new IppError('client-error-bad-request', 'The message has no end-of-attributes tag.', this.header);
  }

  broken(reason: string): IppError {
    return new IppError('client-error-bad-request', `The request could not be read: ${reason}.`, this.header);
  }
}

export function readMessage(stream: Readable, limits: IppLimits = REQUEST_LIMITS): Promise<IppMessage> {
  const collector = new Collector(limits);
  return new Promise((resolve, reject) => {
    const stop = () => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('close', onClose);
    };
    const fail = (error: unknown) => {
      stop();
      reject(error);
    };
    function onReadable() {
      let chunk: unknown;
      while ((chunk = stream.read()) !== null) {
        if (!Buffer.isBuffer(chunk)) return fail(collector.broken('the stream gives text, not octets'));
        let done;
        try {
          done = collector.push(chunk);
        } catch (error) {
          return fail(error);
        }
        if (done) {
          stop();
          // In the same tick as read(): the stream has not emitted 'end', so the document's first
          // octets go back to its front, as if never read.
          if (done.rest.length > 0) stream.unshift(done.rest);
          return resolve(done.message);
        }
      }
    }
    const onEnd = () => fail(collector.ended());
    const onError = (error: Error) => fail(collector.broken(error.message));
    const onClose = () => fail(collector.broken('the connection closed'));
    // A stream already over would never say so again.
    if (stream.readableEnded) return reject(collector.ended());
    if (stream.destroyed) return reject(collector.broken('the stream is closed'));
    stream.on('readable', onReadable);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}
