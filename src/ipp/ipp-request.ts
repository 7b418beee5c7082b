/**
 * What every IPP request must be before any operation sees it (RFC 8011 §4.1), checked in one
 * place, as PAPPL's client-ipp.c does: a request-id from 1 up, the operation group first and no
 * group twice, attributes-charset then attributes-natural-language as its first two attributes,
 * each one value of its syntax, and a charset Quire speaks (UTF-8).
 *
 *   const request = checkRequest(message);      // IppError otherwise
 *   request.operation.get('printer-uri')?.values[0];
 */
import { IppError, type RequestHeader } from './encoding/ipp-error.js';
import type { IppAttribute, IppMessage, IppValue } from './encoding/model.js';

export interface IppRequest {
  readonly message: IppMessage;
  readonly header: RequestHeader;
  /** The operation attributes by name (names come from the client: a Map, never an object). */
  readonly operation: ReadonlyMap<string, IppAttribute>;
}

/** Operation attributes every operation understands. */
export const COMMON_OPERATION_ATTRIBUTES: ReadonlySet<string> = new Set([
  'attributes-charset',
  'attributes-natural-language',
]);

function bad(message: string, header: RequestHeader): IppError {
  return new IppError('client-error-bad-request', message, header);
}

/** The single value of an attribute, of one syntax; bad-request otherwise. */
export function singleValue<Tag extends IppValue['tag']>(
  attribute: IppAttribute,
  tag: Tag,
  header: RequestHeader,
): IppValue & { readonly tag: Tag } {
  const [value, ...more] = attribute.values;
  if (more.length > 0) throw bad(`${attribute.name} has more than one value.`, header);
  if (value?.tag !== tag) throw bad(`${attribute.name} must be a ${tag}, not a ${value?.tag}.`, header);
  return value as IppValue & { readonly tag: Tag };
}

export function checkRequest(message: IppMessage): IppRequest {
  const header: RequestHeader = { version: message.version, requestId: message.requestId };
  // RFC 8011 §4.1.1: 0 is not a request-id.
  if (message.requestId < 1)
    throw bad(`The request-id is ${message.requestId}; it must be from 1 up.`, header);
  const [first] = message.groups;
  if (first?.tag !== 'operation')
    throw bad('The request does not start with its operation attributes.', header);
  const seen = new Set<string>();
  for (const group of message.groups) {
    if (seen.has(group.tag)) throw bad(`The request has two ${group.tag} attribute groups.`, header);
    seen.add(group.tag);
  }
  const [charset, language] = first.attributes;
  if (charset?.name !== 'attributes-charset' || language?.name !== 'attributes-natural-language')
    throw bad(
      'The first operation attributes must be attributes-charset, then attributes-natural-language.',
      header,
    );
  const charsetName = singleValue(charset, 'charset', header).value;
  singleValue(language, 'naturalLanguage', header);
  if (charsetName.toLowerCase() !== 'utf-8')
    throw new IppError(
      'client-error-charset-not-supported',
      `The charset ${charsetName} is not supported; use utf-8.`,
      header,
    );
  return {
    message,
    header,
    operation: new Map(first.attributes.map((attribute) => [attribute.name, attribute])),
  };
}
