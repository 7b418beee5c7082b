/**
 * The operations that bring a job in (RFC 8011 §4.2.1–4.2.4, §4.3.1): Print-Job (a job and its
 * document in one request), Validate-Job (would it be taken?), Create-Job then Send-Document. Each
 * first identifies the user the queue's way (requester.ts), checks the document format and the job
 * template, then hands over to the print service, which checks access, spools, counts, holds or
 * charges. The document is read from the request as it arrives and never held in memory.
 */
import type { PrintJob } from '../../print/print-jobs.service.js';
import { fullName } from '../../print/queues.service.js';
import { IppError } from '../encoding/ipp-error.js';
import type { IppAttribute } from '../encoding/model.js';
import type { IppAnswer } from '../ipp-answer.js';
import type { IppRequest } from '../ipp-request.js';
import { DOCUMENT_FORMATS } from '../printer-attributes.js';
import type { PrinterOperation, PrinterOperationContext } from '../printer-operation.js';
import { jobAttributes } from './job-attributes.js';
import { asIpp } from './job-problems.js';
import { readJobTemplate } from './job-template.js';
import { identify } from './requester.js';
import { jobIdOf, ownJob, stringOf } from './job-operations.js';
import { selectAttributes } from '../printer-attributes.js';

const FORMATS: ReadonlySet<string> = new Set(DOCUMENT_FORMATS);
const AUTO_SENSE = 'application/octet-stream';

/** What a submission's answer says of the job (RFC 8011 §4.2.1.2). */
const SUBMITTED: ReadonlySet<string> = new Set([
  'job-id',
  'job-uri',
  'job-state',
  'job-state-reasons',
  'job-state-message',
]);

/** Operation attributes of a job description every submission reads. */
const JOB_OPERATION_ATTRIBUTES = [
  'printer-uri',
  'requesting-user-name',
  'requesting-user-uri',
  'job-name',
  'ipp-attribute-fidelity',
  'job-k-octets',
  'job-impressions',
  'job-media-sheets',
];
/** Operation attributes of a document. */
const DOCUMENT_OPERATION_ATTRIBUTES = [
  'document-name',
  'document-format',
  'compression',
  'document-natural-language',
];

/** The document-format asked for (application/octet-stream when none), refused when Quire does not print it. */
function documentFormatOf(request: IppRequest): string {
  const given = request.operation.get('document-format');
  if (!given) return AUTO_SENSE;
  const [value, ...more] = given.values;
  if (value?.tag === 'mimeMediaType' && more.length === 0) {
    const format = value.value.toLowerCase();
    if (FORMATS.has(format)) return format;
  }
  throw new IppError(
    'client-error-document-format-not-supported',
    `Quire prints ${DOCUMENT_FORMATS.filter((format) => format !== AUTO_SENSE).join(', ')}; not ${stringOf(given).slice(0, 100) || 'this format'}.`,
    request.header,
    [given],
  );
}

/** Only uncompressed documents (compression-supported is none). */
function checkCompression(request: IppRequest): void {
  const given = request.operation.get('compression');
  if (!given || stringOf(given) === 'none') return;
  throw new IppError(
    'client-error-compression-not-supported',
    'Send the document uncompressed (compression none).',
    request.header,
    [given],
  );
}

/** The job's name: job-name, else the document's name. */
function jobName(request: IppRequest): string | undefined {
  const named = request.operation.get('job-name') ?? request.operation.get('document-name');
  return named ? stringOf(named) : undefined;
}

function answerWith(context: PrinterOperationContext, job: PrintJob, unsupported: IppAttribute[]): IppAnswer {
  const attributes = selectAttributes(jobAttributes(job, context.uri, context.now), SUBMITTED);
  return {
    unsupported,
    groups: [{ tag: 'job', attributes }],
    ...(job.state === 'aborted' ? { message: job.stateMessage } : {}),
  };
}

export const printJob: PrinterOperation = {
  attributes: new Set([...JOB_OPERATION_ATTRIBUTES, ...DOCUMENT_OPERATION_ATTRIBUTES]),
  async run(context) {
    const { request } = context;
    const username = await identify(context);
    const format = documentFormatOf(request);
    checkCompression(request);
    const template = readJobTemplate(request);
    const job = await asIpp(request, 'submit', () =>
      context.services.printJobs.receive(
        {
          queue: fullName(context.printer),
          username,
          documentName: jobName(request),
          clientMachine: context.caller.ip,
          options: template.options,
        },
        { stream: context.document, format },
        context.countPages,
      ),
    );
    return answerWith(context, job, template.unsupported);
  },
};

export const validateJob: PrinterOperation = {
  attributes: printJob.attributes,
  async run(context) {
    const { request } = context;
    const username = await identify(context);
    documentFormatOf(request);
    checkCompression(request);
    const template = readJobTemplate(request);
    await asIpp(request, 'submit', () =>
      context.services.printJobs.check({ queue: fullName(context.printer), username }),
    );
    return { unsupported: template.unsupported };
  },
};

export const createJob: PrinterOperation = {
  // document-format and document-name may come with Create-Job as hints; Send-Document says.
  attributes: new Set([...JOB_OPERATION_ATTRIBUTES, 'document-format', 'document-name']),
  async run(context) {
    const { request } = context;
    const username = await identify(context);
    const template = readJobTemplate(request);
    const job = await asIpp(request, 'submit', () =>
      context.services.printJobs.createJob({
        queue: fullName(context.printer),
        username,
        documentName: jobName(request),
        clientMachine: context.caller.ip,
        options: template.options,
      }),
    );
    return answerWith(context, job, template.unsupported);
  },
};

export const sendDocument: PrinterOperation = {
  attributes: new Set([
    'printer-uri',
    'job-id',
    'job-uri',
    'requesting-user-name',
    'requesting-user-uri',
    'last-document',
    ...DOCUMENT_OPERATION_ATTRIBUTES,
  ]),
  async run(context) {
    const { request } = context;
    const username = await identify(context);
    const jobId = jobIdOf(context);
    // RFC 8011 §4.3.1.1: last-document is required; Quire takes one document, so true or false alike.
    const last = request.operation.get('last-document');
    if (last?.values.length !== 1 || last.values[0]?.tag !== 'boolean')
      throw new IppError(
        'client-error-bad-request',
        'Send-Document needs last-document (a boolean).',
        request.header,
      );
    const format = documentFormatOf(request);
    checkCompression(request);
    await ownJob(context, jobId, username);
    const name = request.operation.get('document-name');
    const job = await asIpp(request, 'job', () =>
      context.services.printJobs.sendDocument(
        jobId,
        username,
        { stream: context.document, format, name: name ? stringOf(name) : undefined },
        context.countPages,
      ),
    );
    return answerWith(context, job, []);
  },
};
