/**
 * The one error the codec throws for input it refuses, carrying the IPP status a server answers
 * with, and the request-id when the header was read (the answer must repeat it). The IPP endpoint
 * answers these in IPP, never with a dropped connection or an HTTP 500.
 *
 *   throw new IppError('client-error-request-value-too-long', 'printer-uri is longer than 1023 octets.');
 */
import { statusCode, type StatusName } from './status-codes.js';

export class IppError extends Error {
  /** The numeric status code of `status`. */
  readonly code: number;

  constructor(
    readonly status: StatusName,
    message: string,
    /** The request-id of the message, once its header was read. */
    readonly requestId?: number,
  ) {
    super(message);
    this.name = 'IppError';
    this.code = statusCode(status);
  }

  /** The same error, now knowing the request-id of the message it is about. */
  withRequestId(requestId: number): IppError {
    if (this.requestId !== undefined) return this;
    const error = new IppError(this.status, this.message, requestId);
    error.stack = this.stack;
    return error;
  }
}
