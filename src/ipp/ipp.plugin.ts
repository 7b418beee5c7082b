/**
 * IPP print queues: `POST /printers/<queue>` with Content-Type application/ipp, on Quire's HTTP
 * and HTTPS ports — ipp://server:9191/printers/<queue> and ipps://server:9192/printers/<queue>,
 * where <queue> is a printer's name (src/printers/).
 *
 *   ipptool -tv ipp://localhost:9191/printers/library get-printer-attributes.test
 *
 * The body is never buffered: the content type parser hands the request stream on, the codec reads
 * the attributes from it (REQUEST_LIMITS) and leaves the document that follows unread for the
 * operation. Every answer to an IPP request is an IPP response with HTTP 200 (RFC 8010 §4): a
 * malformed or refused request gets its status (client-error-bad-request, …) and a
 * status-message, a failure of Quire's own server-error-internal-error, never a dropped
 * connection or an HTTP 500. Only a request that is not IPP at all (another content type) is
 * refused at the HTTP level, with 415.
 */
import { Readable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { useApiHeaders } from '../http/api-headers.js';
import { requestErrorStatus } from '../http/request-errors.js';
import { useTokenAuthentication } from '../http/token-scope.js';
import type { TransportPlugin } from '../http/transport.js';
import { IppError, type RequestHeader } from './encoding/ipp-error.js';
import { REQUEST_LIMITS } from './encoding/limits.js';
import { readMessage } from './encoding/stream.js';
import { countDocumentPages } from '../documents/count-pages.js';
import { answerForError, encodeAnswer } from './ipp-answer.js';
import { IppChallenge } from './jobs/requester.js';
import { checkRequest } from './ipp-request.js';
import { processPrinterRequest } from './printer-ipp.js';
import type { Exchange, PrinterDeps } from './printer-operation.js';
import { QUEUE_PATH_PREFIX } from './queue-address.js';

export const IPP_CONTENT_TYPE = 'application/ipp';

/**
 * How large a request may say it is (the Expect: 100-continue check reads this). The document
 * streams on and is never held in memory; the spool decides what it keeps.
 */
export const IPP_BODY_LIMIT = 4 * 1024 ** 3;

/** A body of another content type: not IPP, so not answered in IPP. */
class NotIppError extends Error {
  readonly statusCode = 415;

  constructor(contentType: string | undefined) {
    const named = contentType ? `"${contentType.slice(0, 100)}"` : 'missing';
    super(
      `A print request is sent with Content-Type: ${IPP_CONTENT_TYPE}; this request's Content-Type is ${named}.`,
    );
  }
}

/** The bytes of an IPP response, and the HTTP Basic challenge when the queue wants credentials. */
interface Answered {
  bytes: Buffer;
  challenge?: string;
}

/** Reads, checks and answers one IPP request; whatever happens, the bytes of an IPP response. */
async function answer(
  body: Readable | undefined,
  exchange: Omit<Exchange, 'document'>,
  deps: PrinterDeps,
  log: FastifyBaseLogger,
): Promise<Answered> {
  let header: RequestHeader | undefined;
  try {
    if (!body) throw new IppError('client-error-bad-request', 'The request has no IPP message.');
    const message = await readMessage(body, REQUEST_LIMITS);
    header = { version: message.version, requestId: message.requestId };
    const request = checkRequest(message);
    const answered = await processPrinterRequest(request, { ...exchange, document: body }, deps);
    return { bytes: encodeAnswer(header, answered) };
  } catch (error) {
    if (error instanceof IppError) {
      log.info({ status: error.status, reason: error.message }, 'IPP request refused');
      const bytes = encodeAnswer(error.header ?? header, answerForError(error));
      return error instanceof IppChallenge ? { bytes, challenge: error.challenge } : { bytes };
    }
    log.error({ err: error }, 'IPP request failed');
    return {
      bytes: encodeAnswer(header, {
        status: 'server-error-internal-error',
        message: 'The request could not be processed; the server log says why.',
      }),
    };
  }
}

export const ippPlugin: TransportPlugin = async (ipp, { services, config }) => {
  // IPP clients never use the session cookie (nor its CSRF checks); a queue's own authentication
  // (HTTP Basic, trusted print servers) is the operation's concern.
  useTokenAuthentication(ipp);
  useApiHeaders(ipp, config.secureCookies);
  ipp.removeAllContentTypeParsers();
  ipp.addContentTypeParser(IPP_CONTENT_TYPE, (_request, payload, done) => done(null, payload));
  ipp.addContentTypeParser('*', (request, _payload, done) =>
    done(new NotIppError(request.headers['content-type'])),
  );

  ipp.setErrorHandler(async (error, request, reply) => {
    // Only what fails before the handler reaches here: a body that is not IPP, one over the limit.
    const status = requestErrorStatus(error);
    if (status === undefined) request.log.error({ err: error }, 'IPP request failed');
    else request.log.info({ reason: (error as Error).message }, 'IPP request refused');
    return reply
      .code(status ?? 500)
      .type('text/plain; charset=utf-8')
      .send(status === undefined ? 'The request could not be processed.' : (error as Error).message);
  });

  const deps: PrinterDeps = { services, config, countPages: countDocumentPages };
  ipp.post(`${QUEUE_PATH_PREFIX}*`, { bodyLimit: IPP_BODY_LIMIT }, async (request, reply) => {
    const body = request.body instanceof Readable ? request.body : undefined;
    const exchange = {
      path: request.url.split('?')[0]!,
      host: request.headers.host,
      secure: request.protocol === 'https',
      caller: { ip: request.ip, authorization: request.headers.authorization },
    };
    const { bytes, challenge } = await answer(body, exchange, deps, request.log);
    // What no operation read (a document sent with a refused request) is read and dropped, as
    // Node does for a body nobody reads, so the connection stays usable.
    if (body && !body.readableEnded) body.resume();
    // A queue that wants a password says so at the HTTP level, where IPP clients look (RFC 8010 §8.1).
    if (challenge) reply.code(401).header('www-authenticate', challenge);
    return reply.type(IPP_CONTENT_TYPE).send(bytes);
  });
};
