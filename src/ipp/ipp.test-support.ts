/**
 * IPP requests for the endpoint's tests, sent through Fastify's inject, and the answers decoded.
 *
 *   const answer = await postIpp(t.server, '/printers/library', request('Get-Printer-Attributes', 'library'));
 *   answer.status;            // 'successful-ok'
 *   answer.printer.get('printer-name');
 */
import type { FastifyInstance } from 'fastify';
import { decodeMessage } from './encoding/decode.js';
import { encodeMessage } from './encoding/encode.js';
import { RESPONSE_LIMITS } from './encoding/limits.js';
import type { IppAttribute, IppMessage, IppValue, IppVersion } from './encoding/model.js';
import { operationCode, type OperationName } from './encoding/operations.js';
import { STATUS_NAMES } from './encoding/status-codes.js';
import type { GroupName } from './encoding/tags.js';
import { attribute, charset, naturalLanguage, uri } from './encoding/values.js';

export const QUEUE_HOST = 'print.example.org:9191';

/** A request to a queue, with the operation attributes every request starts with. */
export function request(
  operation: OperationName | number,
  queue: string,
  extra: IppAttribute[] = [],
  options: { version?: IppVersion; requestId?: number } = {},
): IppMessage {
  return {
    version: options.version ?? { major: 2, minor: 0 },
    code: typeof operation === 'number' ? operation : operationCode(operation),
    requestId: options.requestId ?? 7,
    groups: [
      {
        tag: 'operation',
        attributes: [
          attribute('attributes-charset', charset('utf-8')),
          attribute('attributes-natural-language', naturalLanguage('en')),
          attribute('printer-uri', uri(`ipp://${QUEUE_HOST}/printers/${encodeURIComponent(queue)}`)),
          ...extra,
        ],
      },
    ],
  };
}

export interface IppReply {
  httpStatus: number;
  headers: Record<string, unknown>;
  contentType: string | undefined;
  message: IppMessage;
  status: string | undefined;
  statusMessage: string | undefined;
  group(tag: GroupName): ReadonlyMap<string, readonly IppValue[]>;
}

export async function postIpp(
  server: FastifyInstance,
  path: string,
  body: IppMessage | Buffer,
  headers: Record<string, string> = {},
  remoteAddress = '127.0.0.1',
): Promise<IppReply> {
  const response = await server.inject({
    method: 'POST',
    url: path,
    remoteAddress,
    payload: Buffer.isBuffer(body) ? body : encodeMessage(body),
    headers: { 'content-type': 'application/ipp', host: QUEUE_HOST, ...headers },
  });
  const message = decodeMessage(response.rawPayload, RESPONSE_LIMITS).message;
  const group = (tag: GroupName) =>
    new Map(message.groups.find((g) => g.tag === tag)?.attributes.map((a) => [a.name, a.values]));
  const text = group('operation').get('status-message')?.[0];
  return {
    httpStatus: response.statusCode,
    headers: response.headers,
    contentType: String(response.headers['content-type']),
    message,
    status: STATUS_NAMES.get(message.code),
    statusMessage: text?.tag === 'textWithoutLanguage' ? text.value : undefined,
    group,
  };
}
