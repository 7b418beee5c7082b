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
import type { IppAnswer } from './ipp-answer.js';
import { COMMON_OPERATION_ATTRIBUTES, singleValue, type IppRequest } from './ipp-request.js';
import type { Exchange, PrinterDeps, PrinterOperation } from './printer-operation.js';
import { queueNameOf, queueUri } from './queue-address.js';

/** Every operation a print queue answers. Print-Job, Validate-Job, Create-Job, … join here. */
export const PRINTER_OPERATIONS: ReadonlyMap<number, PrinterOperation> = new Map([
  [operationCode('Get-Printer-Attributes'), getPrinterAttributes],
]);

const SUPPORTED_CODES = [...PRINTER_OPERATIONS.keys()].sort((a, b) => a - b);

/** The printer the request addresses: its printer-uri must name the queue it was posted to. */
async function targetPrinter(
  request: IppRequest,
  exchange: Exchange,
  services: Services,
): Promise<PrinterRow> {
  const target = request.operation.get('printer-uri');
  if (!target)
    throw new IppError('client-error-bad-request', 'The request has no printer-uri.', request.header);
  const named = queueNameOf(singleValue(target, 'uri', request.header).value);
  if (named !== exchange.queue)
    throw new IppError(
      'client-error-not-found',
      `The printer-uri does not name the queue ${JSON.stringify(exchange.queue.slice(0, 100))} this request was sent to.`,
      request.header,
    );
  try {
    return await services.printers.require(undefined, named);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    throw new IppError(
      'client-error-not-found',
      `There is no print queue named ${JSON.stringify(named.slice(0, 100))}.`,
      request.header,
    );
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
  const printer = await targetPrinter(request, exchange, deps.services);
  const answer = await operation.run({
    ...deps,
    request,
    printer,
    secure: exchange.secure,
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
