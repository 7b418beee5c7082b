/**
 * The print service's errors as IPP statuses, in one table per kind of operation: a job being
 * submitted (Print-Job, Validate-Job, Create-Job, Send-Document) or a job asked about (Cancel-Job,
 * Get-Job-Attributes). Anything not listed is Quire's own failure and goes on up
 * (server-error-internal-error, logged).
 */
import {
  ConflictError,
  DocumentError,
  DocumentTooLargeError,
  ForbiddenError,
  NotFoundError,
  StorageFullError,
  ValidationError,
  type DocumentErrorReason,
} from '../../errors.js';
import { IppError } from '../encoding/ipp-error.js';
import type { StatusName } from '../encoding/status-codes.js';
import type { IppRequest } from '../ipp-request.js';

const DOCUMENT_STATUS: ReadonlyMap<DocumentErrorReason, StatusName> = new Map<
  DocumentErrorReason,
  StatusName
>([
  ['format-error', 'client-error-document-format-error'],
  ['unprintable', 'client-error-document-unprintable-error'],
  ['password-required', 'client-error-document-password-error'],
  ['format-not-supported', 'client-error-document-format-not-supported'],
  ['interpreter-missing', 'client-error-document-format-not-supported'],
]);

/** Where a submission and a job operation read the same error differently. */
const BY_KIND = {
  submit: { notFound: 'client-error-not-authorized', conflict: 'server-error-not-accepting-jobs' },
  job: { notFound: 'client-error-not-found', conflict: 'client-error-not-possible' },
} as const satisfies Record<string, { notFound: StatusName; conflict: StatusName }>;

function statusOf(error: unknown, kind: keyof typeof BY_KIND): StatusName | undefined {
  if (error instanceof DocumentError) return DOCUMENT_STATUS.get(error.reason);
  if (error instanceof DocumentTooLargeError) return 'client-error-request-entity-too-large';
  // The spool's disk is full: the client may try again later.
  if (error instanceof StorageFullError) return 'server-error-temporary-error';
  if (error instanceof ValidationError)
    return 'document' in error.fields
      ? 'client-error-document-unprintable-error'
      : 'client-error-attributes-or-values-not-supported';
  if (error instanceof ForbiddenError) return 'client-error-not-authorized';
  if (error instanceof NotFoundError) return BY_KIND[kind].notFound;
  if (error instanceof ConflictError) return BY_KIND[kind].conflict;
  return undefined;
}

/** Runs `work`, answering the print service's refusals with their IPP status. */
export async function asIpp<T>(
  request: IppRequest,
  kind: keyof typeof BY_KIND,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const status = statusOf(error, kind);
    if (status === undefined) throw error;
    throw new IppError(status, (error as Error).message, request.header);
  }
}
