/**
 * The operations on jobs (RFC 8011 §4.2.6, §4.3.3, §4.3.4): Get-Jobs, Get-Job-Attributes and
 * Cancel-Job. A job is named by job-id with the queue's printer-uri, or by its job-uri. Users see
 * and cancel only their own jobs (job privacy, as CUPS' default policy): another user's job is
 * client-error-not-authorized, and Get-Jobs lists only the requester's.
 */
import type { PrintJob, WhichJobs } from '../../print/print-jobs.service.js';
import { fullName } from '../../print/queues.service.js';
import { normalizeUsername } from '../../users/username.js';
import { IppError } from '../encoding/ipp-error.js';
import type { IppAttribute } from '../encoding/model.js';
import { requestedNames } from '../get-printer-attributes.js';
import { selectAttributes } from '../printer-attributes.js';
import type { PrinterOperation, PrinterOperationContext } from '../printer-operation.js';
import { GET_JOBS_DEFAULT, jobAttributes } from './job-attributes.js';
import { asIpp } from './job-problems.js';
import { identify } from './requester.js';

/** An attribute's one text-like value, or '' (names, keywords, text, with or without language). */
export function stringOf(attribute: IppAttribute): string {
  const [value] = attribute.values;
  if (!value || !('value' in value)) return '';
  if (typeof value.value === 'string') return value.value;
  if (typeof value.value === 'object' && value.value !== null && 'text' in value.value)
    return value.value.text;
  return '';
}

/** The job a request names: its job-uri, or job-id with the printer-uri. */
export function jobIdOf(context: PrinterOperationContext): number {
  if (context.jobId !== undefined) return context.jobId;
  const given = context.request.operation.get('job-id');
  const [value, ...more] = given?.values ?? [];
  if (value?.tag !== 'integer' || more.length > 0 || value.value < 1)
    throw new IppError(
      'client-error-bad-request',
      'The request names no job: send job-id (an integer from 1) or job-uri.',
      context.request.header,
    );
  return value.value;
}

/** The job, when it is this queue's and the requester's; not-found or not-authorized otherwise. */
export async function ownJob(
  context: PrinterOperationContext,
  jobId: number,
  username: string,
): Promise<PrintJob> {
  const job = await asIpp(context.request, 'job', () => context.services.printJobs.get(jobId));
  if (job.queueId !== context.printer.id)
    throw new IppError('client-error-not-found', `This queue has no job ${jobId}.`, context.request.header);
  if (job.username !== normalizeUsername(username))
    throw new IppError(
      'client-error-not-authorized',
      'Only the user who printed this job may see or change it.',
      context.request.header,
    );
  return job;
}

const JOB_TARGET = ['printer-uri', 'job-id', 'job-uri', 'requesting-user-name', 'requesting-user-uri'];

export const getJobAttributes: PrinterOperation = {
  attributes: new Set([...JOB_TARGET, 'requested-attributes']),
  async run(context) {
    const username = await identify(context);
    const job = await ownJob(context, jobIdOf(context), username);
    const unsupported: IppAttribute[] = [];
    const requested = requestedNames(context.request.operation.get('requested-attributes'), unsupported);
    const attributes = selectAttributes(jobAttributes(job, context.uri, context.now), requested);
    return { unsupported, groups: [{ tag: 'job', attributes }] };
  },
};

export const cancelJob: PrinterOperation = {
  attributes: new Set([...JOB_TARGET, 'message', 'job-message-to-operator']),
  async run(context) {
    const { request } = context;
    const username = await identify(context);
    const job = await ownJob(context, jobIdOf(context), username);
    await asIpp(request, 'job', () =>
      context.services.printJobs.cancel(job.id, { username, ip: context.caller.ip, admin: false }),
    );
    return {};
  },
};

const WHICH_JOBS: ReadonlyMap<string, WhichJobs> = new Map<string, WhichJobs>([
  ['not-completed', 'not-completed'],
  ['completed', 'completed'],
  ['all', 'all'],
]);

export const getJobs: PrinterOperation = {
  attributes: new Set([
    'printer-uri',
    'requesting-user-name',
    'requesting-user-uri',
    'limit',
    'requested-attributes',
    'which-jobs',
    'my-jobs',
  ]),
  async run(context) {
    const { request } = context;
    const username = await identify(context);
    const unsupported: IppAttribute[] = [];
    const whichAttribute = request.operation.get('which-jobs');
    const which = whichAttribute ? WHICH_JOBS.get(stringOf(whichAttribute)) : 'not-completed';
    if (which === undefined) {
      // RFC 8011 §4.2.6.1: an unsupported which-jobs value is refused, returned as unsupported.
      throw new IppError(
        'client-error-attributes-or-values-not-supported',
        'which-jobs is not-completed, completed or all.',
        request.header,
        [whichAttribute!],
      );
    }
    const [limitValue] = request.operation.get('limit')?.values ?? [];
    const limit =
      limitValue?.tag === 'integer' && limitValue.value > 0 ? Math.min(limitValue.value, 1000) : 1000;
    const requested =
      requestedNames(request.operation.get('requested-attributes'), unsupported) ?? GET_JOBS_DEFAULT;
    const jobs = await context.services.printJobs.list({
      queue: fullName(context.printer),
      username,
      which,
      limit,
    });
    // One job group per job (RFC 8011 §4.2.6.2), oldest first as CUPS lists them.
    const groups = [...jobs].reverse().map((job) => ({
      tag: 'job' as const,
      attributes: selectAttributes(jobAttributes(job, context.uri, context.now), requested),
    }));
    return { unsupported, groups };
  },
};
