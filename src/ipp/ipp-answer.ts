/**
 * What an operation answers and how it goes on the wire: the status, a status-message, the
 * unsupported attributes and the groups of the answer, encoded as an IPP response to the request
 * it answers (same version, same request-id, RFC 8011 §4.1.8 and §4.1.1).
 *
 *   return { groups: [{ tag: 'printer', attributes }] };            // successful-ok
 *   encodeAnswer(request.header, answerForError(error));
 */
import { encodeMessage } from './encoding/encode.js';
import type { IppError, RequestHeader } from './encoding/ipp-error.js';
import type { IppAttribute, IppGroup, IppVersion } from './encoding/model.js';
import { statusCode, type StatusName } from './encoding/status-codes.js';
import { attribute, charset, naturalLanguage, text } from './encoding/values.js';

export interface IppAnswer {
  /** successful-ok unless given; successful-ok-ignored-or-substituted-attributes when `unsupported` is not empty. */
  readonly status?: StatusName;
  /** status-message, in English (attributes-natural-language en). */
  readonly message?: string;
  /** Attributes of the request that are not supported, or their unsupported values (RFC 8011 §4.1.7). */
  readonly unsupported?: readonly IppAttribute[];
  readonly groups?: readonly IppGroup[];
}

/** status-message is text(255) (RFC 8011 §4.1.6.2). */
const MAX_STATUS_MESSAGE = 255;

/** Where a request's version is not supported, the answer is in the closest one that is. */
function answerVersion(header: RequestHeader | undefined, status: StatusName): IppVersion {
  if (!header) return { major: 2, minor: 0 };
  if (status !== 'server-error-version-not-supported') return header.version;
  return header.version.major < 1 ? { major: 1, minor: 1 } : { major: 2, minor: 0 };
}

function statusMessage(message: string): string {
  const bytes = Buffer.from(message, 'utf8');
  if (bytes.length <= MAX_STATUS_MESSAGE) return message;
  // Cut on a character boundary: a partial UTF-8 sequence decodes as U+FFFD, which is dropped.
  return `${bytes
    .subarray(0, MAX_STATUS_MESSAGE - 3)
    .toString('utf8')
    .replace(/\uFFFD+$/, '')}...`;
}

export function answerForError(error: IppError): IppAnswer {
  return { status: error.status, message: error.message, unsupported: error.unsupported };
}

export function encodeAnswer(header: RequestHeader | undefined, answer: IppAnswer): Buffer {
  const unsupported = answer.unsupported ?? [];
  const status =
    (answer.status ?? 'successful-ok') === 'successful-ok' && unsupported.length > 0
      ? 'successful-ok-ignored-or-substituted-attributes'
      : (answer.status ?? 'successful-ok');
  const operation = [
    attribute('attributes-charset', charset('utf-8')),
    attribute('attributes-natural-language', naturalLanguage('en')),
    ...(answer.message ? [attribute('status-message', text(statusMessage(answer.message)))] : []),
  ];
  return encodeMessage({
    version: answerVersion(header, status),
    code: statusCode(status),
    requestId: header?.requestId ?? 0,
    groups: [
      { tag: 'operation', attributes: operation },
      ...(unsupported.length > 0 ? [{ tag: 'unsupported' as const, attributes: unsupported }] : []),
      ...(answer.groups ?? []),
    ],
  });
}
