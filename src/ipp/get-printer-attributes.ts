/**
 * Get-Printer-Attributes (RFC 8011 §4.2.5): the queue's attributes, those named in
 * requested-attributes or all of them. A document-format the queue does not take, or a
 * requested-attributes that is not keywords, comes back in the unsupported group and the answer
 * is as if it had not been sent.
 */
import type { IppAttribute } from './encoding/model.js';
import type { PrinterOperation } from './printer-operation.js';
import { DOCUMENT_FORMATS, printerAttributes, selectAttributes } from './printer-attributes.js';

const FORMATS: ReadonlySet<string> = new Set(DOCUMENT_FORMATS);

/** requested-attributes as names, or undefined for all (refused values go to `unsupported`). */
export function requestedNames(
  requested: IppAttribute | undefined,
  unsupported: IppAttribute[],
): Set<string> | undefined {
  if (!requested) return undefined;
  const names = new Set<string>();
  for (const value of requested.values) {
    if (value.tag !== 'keyword') {
      unsupported.push(requested);
      return undefined;
    }
    names.add(value.value);
  }
  return names;
}

export const getPrinterAttributes: PrinterOperation = {
  attributes: new Set([
    'printer-uri',
    'requesting-user-name',
    'requesting-user-uri',
    'requested-attributes',
    'document-format',
  ]),

  async run(context) {
    const unsupported: IppAttribute[] = [];
    const requested = requestedNames(context.request.operation.get('requested-attributes'), unsupported);
    const format = context.request.operation.get('document-format');
    const [formatValue] = format?.values ?? [];
    if (
      format &&
      (format.values.length !== 1 || formatValue?.tag !== 'mimeMediaType' || !FORMATS.has(formatValue.value))
    )
      unsupported.push(format);
    const entries = printerAttributes({
      printer: context.printer,
      uri: context.uri,
      secure: context.secure,
      moreInfo: new URL('/user', context.config.publicUrl).href,
      organization: (await context.services.settings.get()).organizationName,
      operations: context.operations,
      now: context.now,
    });
    return { unsupported, groups: [{ tag: 'printer', attributes: selectAttributes(entries, requested) }] };
  },
};
