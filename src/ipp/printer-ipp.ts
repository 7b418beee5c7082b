/**
 * The print queue as an IPP Printer object, as PAPPL's printer-ipp.c is: the request names its
 * target in printer-uri (RFC 8011 §4.1.5), which must be the queue the request was posted to and
 * a printer Quire has; then one table maps each operation to its one function. An operation not
 * in the table is server-error-operation-not-supported, and operations-supported lists exactly
 * the table, so adding an operation (Print-Job, Validate-Job, …) is one entry here.
 *
 *   const answer = await processPrinterRequest(request, exchange, deps);
 */
import type { Services } from '../app.js';
import type { PrinterRow } from '../db/accounting.schema.js';
import { NotFoundError } from '../errors.js';
import { IppError } from './encoding/ipp-error.js';
import type { IppAttribute } from './encoding/model.js';
import { OPERATION_NAMES, operationCode } from './encoding/operations.js';
import { hex } from './encoding/tags.js';
import { attribute, outOfBand } from './encoding/values.js';
import { getPrinterAttributes } from './get-printer-attributes.js';
import { cancelJob, getJobAttributes, getJobs } from './jobs/job-operations.js';
import { createJob, printJob, sendDocument, validateJob } from './jobs/submit-operations.js';
import type { IppAnswer } from './ipp-answer.js';
import { COMMON_OPERATION_ATTRIBUTES, singleValue, type IppRequest } from './ipp-request.js';
import type { Exchange, PrinterDeps, PrinterOperation } from './printer-operation.js';
import { parseQueuePath, queueTargetOf, queueUri } from './queue-address.js';

/**
 * Every operation a print queue answers. Identify-Printer is not among them: a queue is not a
 * device with a light or a sound, and which printer a Find-Me job lands on is chosen at release.
 */
export const PRINTER_OPERATIONS: ReadonlyMap<number, PrinterOperation> = new Map([
  [operationCode('Print-Job'), printJob],
  [operationCode('Validate-Job'), validateJob],
  [operationCode('Create-Job'), createJob],
  [operationCode('Send-Document'), sendDocument],
  [operationCode('Cancel-Job'), cancelJob],
  [operationCode('Get-Job-Attributes'), getJobAttributes],
  [operationCode('Get-Jobs'), getJobs],
  [operationCode('Get-Printer-Attributes'), getPrinterAttributes],
]);

const SUPPORTED_CODES = [...PRINTER_OPERATIONS.keys()].sort((a, b) => a - b);

/** A request to a queue (or job) Quire does not have. */
function notFound(what: string, request: IppRequest): IppError {
  return new IppError('client-error-not-found', what, request.header);
}

/**
 * The printer the request addresses, and the job when it names one by job-uri: its printer-uri
 * (or job-uri) must name the queue it was posted to (RFC 8011 §4.1.5).
 */
async function target(
  request: IppRequest,
  exchange: Exchange,
  services: Services,
): Promise<{ printer: PrinterRow; jobId?: number }> {
  const posted = parseQueuePath(exchange.path);
  const printerUri = request.operation.get('printer-uri');
  const jobUri = request.operation.get('job-uri');
  const given = printerUri ?? jobUri;
  if (!given)
    throw new IppError('client-error-bad-request', 'The request has no printer-uri.', request.header);
  const named = queueTargetOf(singleValue(given, 'uri', request.header).value);
  const fits = printerUri ? named?.jobId === undefined : named?.jobId !== undefined;
  if (!posted || !named || !fits || named.queue !== posted.queue)
    throw notFound(
      `The ${given.name} does not name the queue ${JSON.stringify((posted?.queue ?? exchange.path).slice(0, 100))} this request was sent to.`,
      request,
    );
  try {
    return { printer: await services.printers.require(undefined, named.queue), jobId: named.jobId };
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    throw notFound(`There is no print queue named ${JSON.stringify(named.queue.slice(0, 100))}.`, request);
  }
}

/** Operation attributes the operation does not read: returned with the value 'unsupported' (RFC 8011 §4.1.7). */
function unsupportedAttributes(request: IppRequest, operation: PrinterOperation): IppAttribute[] {
  return [...request.operation.keys()]
    .filter((name) => !COMMON_OPERATION_ATTRIBUTES.has(name) && !operation.attributes.has(name))
    .map((name) => attribute(name, outOfBand('unsupported')));
}

export async function processPrinterRequest(
  request: IppRequest,
  exchange: Exchange,
  deps: PrinterDeps,
): Promise<IppAnswer> {
  const code = request.message.code;
  const operation = PRINTER_OPERATIONS.get(code);
  if (!operation)
    throw new IppError(
      'server-error-operation-not-supported',
      `${OPERATION_NAMES.get(code) ?? `The operation ${hex(code, 4)}`} is not supported by Quire's print queues.`,
      request.header,
    );
  const { printer, jobId } = await target(request, exchange, deps.services);
  const answer = await operation.run({
    ...deps,
    request,
    printer,
    jobId,
    secure: exchange.secure,
    caller: exchange.caller,
    document: exchange.document,
    uri: queueUri(exchange.host, exchange.secure, printer.name, deps.config.publicUrl),
    now: new Date(),
    operations: SUPPORTED_CODES,
  });
  return {
    ...answer,
    unsupported: [...unsupportedAttributes(request, operation), ...(answer.unsupported ?? [])],
  };
}
