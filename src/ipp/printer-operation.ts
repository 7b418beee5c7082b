/**
 * What a print queue's operation is and is given (printer-ipp.ts holds the table of them): the
 * operation attributes it reads and one function, given the checked request, the printer, the
 * queue's URI as the client reaches it and the document stream that follows the attributes.
 *
 *   export const printJob: PrinterOperation = { attributes: new Set([...]), async run(context) { … } };
 */
import type { Readable } from 'node:stream';
import type { Services } from '../app.js';
import type { Config } from '../config.js';
import type { PrinterRow } from '../db/accounting.schema.js';
import type { CountPages } from '../print/print-jobs.service.js';
import type { IppAnswer } from './ipp-answer.js';
import type { IppRequest } from './ipp-request.js';

/** Who sent the request: its address and its Authorization header. */
export interface Caller {
  readonly ip: string;
  readonly authorization: string | undefined;
}

/** How the request reached Quire: its path (the queue, or a job), the Host it named, TLS or not, the body after the attributes. */
export interface Exchange {
  /** The request's path, still percent-encoded, without the query. */
  readonly path: string;
  readonly host: string | undefined;
  readonly secure: boolean;
  readonly caller: Caller;
  /** The document (Print-Job, Send-Document): the rest of the request body, unread. */
  readonly document: Readable;
}

export interface PrinterDeps {
  readonly services: Services;
  readonly config: Config;
  /** Counts a spooled document's pages (src/documents). */
  readonly countPages: CountPages;
}

export interface PrinterOperationContext extends PrinterDeps, Omit<Exchange, 'path' | 'host'> {
  readonly request: IppRequest;
  readonly printer: PrinterRow;
  /** The job a job-uri named (job operations may name it by job-id instead). */
  readonly jobId: number | undefined;
  /** The queue's URI as this client reaches it. */
  readonly uri: string;
  readonly now: Date;
  /** operations-supported. */
  readonly operations: readonly number[];
}

export interface PrinterOperation {
  /** The operation attributes it reads besides attributes-charset and -natural-language; others are unsupported. */
  readonly attributes: ReadonlySet<string>;
  run(context: PrinterOperationContext): Promise<IppAnswer>;
}
