/**
 * A print job as an IPP Job object (RFC 8011 §5.3): its description and template attributes, made
 * from the print service's PrintJob, and the job's URI, `<queue URI>/<job-id>` (a queue name never
 * holds a raw "/": it is percent-encoded in the URI).
 *
 *   selectAttributes(jobAttributes(job, queueUri, now), new Set(['job-id', 'job-state']));
 */
import type { PrintJobState } from '../../db/print.schema.js';
import type { PrintJob } from '../../print/print-jobs.service.js';
import type { IppAttribute } from '../encoding/model.js';
import {
  attribute,
  dateTime,
  enumValue,
  integer,
  keyword,
  mimeMediaType,
  name,
  outOfBand,
  range,
  text,
  uri,
} from '../encoding/values.js';
import { upTime, type CatalogueEntry } from '../printer-attributes.js';

/** job-state enums (RFC 8011 §5.3.7). */
export const JOB_STATES: ReadonlyMap<PrintJobState, number> = new Map<PrintJobState, number>([
  ['pending', 3],
  ['pending-held', 4],
  ['processing', 5],
  ['canceled', 7],
  ['aborted', 8],
  ['completed', 9],
]);

/** What Get-Jobs returns when requested-attributes is not given (RFC 8011 §4.2.6.1). */
export const GET_JOBS_DEFAULT: ReadonlySet<string> = new Set(['job-id', 'job-uri']);

export function jobUri(queueUri: string, id: number): string {
  return `${queueUri}/${id}`;
}

const time = (at: string | null) => (at === null ? outOfBand('no-value') : integer(upTime(new Date(at))));
const date = (at: string | null) => (at === null ? outOfBand('no-value') : dateTime(new Date(at)));

function describe(job: PrintJob, queueUri: string, now: Date): IppAttribute[] {
  const processingAt =
    job.releasedAt ?? (job.state === 'pending-held' || job.state === 'pending' ? null : job.createdAt);
  return [
    attribute('job-id', integer(job.id)),
    attribute('job-uri', uri(jobUri(queueUri, job.id))),
    attribute('job-printer-uri', uri(queueUri)),
    attribute('job-name', name(job.documentName || `Job ${job.id}`)),
    attribute('job-originating-user-name', name(job.username)),
    attribute('job-state', enumValue(JOB_STATES.get(job.state) ?? 3)),
    attribute('job-state-reasons', ...job.stateReasons.filter(Boolean).map(keyword)),
    ...(job.stateMessage ? [attribute('job-state-message', text(job.stateMessage.slice(0, 1023)))] : []),
    attribute('time-at-creation', time(job.createdAt)),
    attribute('time-at-processing', time(processingAt)),
    attribute('time-at-completed', time(job.completedAt)),
    attribute('job-printer-up-time', integer(upTime(now))),
    attribute('date-time-at-creation', date(job.createdAt)),
    attribute('date-time-at-processing', date(processingAt)),
    attribute('date-time-at-completed', date(job.completedAt)),
    attribute('number-of-documents', integer(job.format === '' ? 0 : 1)),
    ...(job.format ? [attribute('document-format', mimeMediaType(job.format))] : []),
    attribute('job-k-octets', integer(Math.ceil(job.size / 1024))),
    attribute('job-impressions', integer(job.pages * job.copies)),
  ];
}

function template(job: PrintJob): IppAttribute[] {
  return [
    attribute('copies', integer(job.copies)),
    attribute('sides', keyword(job.sides)),
    attribute('print-color-mode', keyword(job.colorMode)),
    ...(job.media ? [attribute('media', keyword(job.media))] : []),
    attribute('number-up', integer(job.numberUp)),
    ...(job.pageRanges.length > 0
      ? [attribute('page-ranges', ...job.pageRanges.map(([first, last]) => range(first, last)))]
      : []),
  ];
}

export function jobAttributes(job: PrintJob, queueUri: string, now: Date): CatalogueEntry[] {
  return [
    ...describe(job, queueUri, now).map((attribute) => ({ kind: 'job-description' as const, attribute })),
    ...template(job).map((attribute) => ({ kind: 'job-template' as const, attribute })),
  ];
}
