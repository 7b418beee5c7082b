/**
 * The one error the codec throws for input it refuses, carrying the IPP status a server answers
 * with and, once the header was read, the request's version and request-id (the answer repeats
 * them). The IPP endpoint answers these in IPP, never with a dropped connection or an HTTP 500.
 *
 *   throw new IppError('client-error-request-value-too-long', 'printer-uri is longer than 1023 octets.');
 */
import type { IppAttribute, IppVersion } from './model.js';
import { statusCode, type StatusName } from './status-codes.js';

/** What an answer must repeat of the request it answers. */
export interface RequestHeader {
  readonly version: IppVersion;
  readonly requestId: number;
}

export class IppError extends Error {
  /** The numeric status code of `status`. */
  readonly code: number;

  constructor(
    readonly status: StatusName,
    message: string,
    /** The request's header, once it was read. */
    readonly header?: RequestHeader,
    /** The request's attributes (or values) that caused the refusal: the answer's unsupported group. */
    readonly unsupported: readonly IppAttribute[] = [],
  ) {
    super(message);
    this.name = 'IppError';
    this.code = statusCode(status);
  }

  get requestId(): number | undefined {
    return this.header?.requestId;
  }

  /** The same error, now knowing the header of the message it is about. */
  about(header: RequestHeader): IppError {
    if (this.header) return this;
    const error = new IppError(
      this.status,
      this.message,
      {
        version: header.version,
        requestId: header.requestId,
      },
      this.unsupported,
    );
    error.stack = this.stack;
    return error;
  }
}
