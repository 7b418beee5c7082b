/**
 * PaperCut-compatible web services: `POST /rpc/api/xmlrpc` (also on the HTTPS port). The first
 * parameter of every call is an API token with the `xmlrpc` scope, and the caller's address must
 * be in Options → Web services → Allowed addresses (loopback only by default).
 *
 *   python3 -c "import xmlrpc.client as x; print(x.ServerProxy('http://localhost:9191/rpc/api/xmlrpc').api.getTotalUsers(TOKEN))"
 *
 * Every failure is an XML-RPC fault (HTTP 200, as the specification says), with a fault code from
 * FAULT_CODES and a fault string that names what was wrong (a body that is not text/xml or
 * application/xml is fault 1, unread). Only a body over the size limit is refused at the HTTP
 * level (413), before anything is parsed.
 */
import type { FastifyReply } from 'fastify';
import {
  AddressNotAllowedError,
  AppError,
  InsufficientScopeError,
  InvalidTokenError,
  NotFoundError,
  TooManyAttemptsError,
} from '../errors.js';
import { useApiHeaders } from '../http/api-headers.js';
import { requestErrorStatus } from '../http/request-errors.js';
import { useTokenAuthentication } from '../http/token-scope.js';
import type { TransportPlugin } from '../http/transport.js';
import { checkArguments, PAPERCUT_METHODS } from './papercut-api.js';
import { ApiCallError } from './papercut-call.js';
import {
  serializeFault,
  serializeMethodResponse,
  XmlRpcParseError,
  type XmlRpcValue,
} from './xmlrpc.codec.js';
import { parseMethodCall } from './xmlrpc-parser.js';
import type { Actor } from '../audit/actor.js';

export const XMLRPC_PATH = '/rpc/api/xmlrpc';
/** Large enough for any call PaperCut's API has (batch imports pass a file path, not the file). */
export const XMLRPC_BODY_LIMIT = 4 * 1024 * 1024;

/** Fault codes, documented in docs/apis.md. */
export const FAULT_CODES = {
  malformedRequest: 1,
  authentication: 2,
  unknownMethod: 3,
  invalidArguments: 4,
  notFound: 5,
  refused: 6,
  internal: 99,
} as const;

function wrongType(contentType: string | undefined): string {
  const named = contentType ? `"${contentType.slice(0, 100)}"` : 'missing';
  return `An XML-RPC call is sent with Content-Type: text/xml; this request's Content-Type is ${named}.`;
}

function faultFor(error: unknown): { code: number; message: string } | undefined {
  if (error instanceof XmlRpcParseError)
    return { code: FAULT_CODES.malformedRequest, message: error.message };
  if (
    error instanceof InvalidTokenError ||
    error instanceof AddressNotAllowedError ||
    error instanceof InsufficientScopeError ||
    error instanceof TooManyAttemptsError
  ) {
    return { code: FAULT_CODES.authentication, message: error.message };
  }
  if (error instanceof ApiCallError) return { code: FAULT_CODES.invalidArguments, message: error.message };
  if (error instanceof NotFoundError) return { code: FAULT_CODES.notFound, message: error.message };
  if (error instanceof AppError) return { code: FAULT_CODES.refused, message: error.message };
  return undefined;
}

export const rpcPlugin: TransportPlugin = async (rpc, { services, config }) => {
  useApiHeaders(rpc, config.secureCookies);
  useTokenAuthentication(rpc);
  // The body stays a Buffer: the codec checks its encoding and size itself. The pages' parsers
  // (form, JSON, text) are not inherited: a call of another type (or none) is refused unread,
  // with a fault that names the type, instead of reaching the codec as something else.
  rpc.removeAllContentTypeParsers();
  rpc.addContentTypeParser(
    ['text/xml', 'application/xml'],
    { parseAs: 'buffer', bodyLimit: XMLRPC_BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );
  rpc.addContentTypeParser('*', (request, _payload, done) =>
    done(new XmlRpcParseError(wrongType(request.headers['content-type']))),
  );

  const send = (reply: FastifyReply, status: number, body: string) =>
    reply.code(status).header('content-type', 'text/xml; charset=utf-8').send(body);

  rpc.setErrorHandler(async (error, request, reply) => {
    const status = requestErrorStatus(error);
    if (status === 413)
      return send(
        reply,
        413,
        serializeFault(
          FAULT_CODES.malformedRequest,
          `The request is larger than ${XMLRPC_BODY_LIMIT} bytes.`,
        ),
      );
    // The caller's mistake before the handler ran (a wrong content type, a broken
    // Content-Length): a fault that says so, logged without a stack; only our failures are errors.
    const fault =
      faultFor(error) ??
      (status !== undefined
        ? {
            code: FAULT_CODES.malformedRequest,
            message: error instanceof Error ? error.message : 'The request could not be read.',
          }
        : undefined);
    if (fault) {
      request.log.info({ fault: fault.code, reason: fault.message }, 'XML-RPC request refused');
      return send(reply, 200, serializeFault(fault.code, fault.message));
    }
    request.log.error({ err: error }, 'XML-RPC call failed');
    return send(
      reply,
      200,
      serializeFault(
        FAULT_CODES.internal,
        'The server could not complete this call; nothing more is known to the caller. The server log has the details.',
      ),
    );
  });

  rpc.post(XMLRPC_PATH, { bodyLimit: XMLRPC_BODY_LIMIT }, async (request, reply) => {
    let methodName = '';
    try {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const call = parseMethodCall(body, { maxBytes: XMLRPC_BODY_LIMIT });
      methodName = call.methodName;
      const method = PAPERCUT_METHODS.get(methodName);
      const target = { scope: 'xmlrpc', ip: request.ip } as const;
      let actor: Actor;
      let args: XmlRpcValue[];
      const anonymous = method?.tokenOptional === true && call.params.length === method.params.length;
      if (anonymous) {
        // Called without the token, as PaperCut's own clients call it; the address must still be allowed.
        await services.apiTokens.checkAddress(target);
        actor = { username: 'xmlrpc:no-token', ip: request.ip };
        args = call.params;
      } else {
        const [token, ...rest] = call.params;
        actor = (await services.apiTokens.authenticate(typeof token === 'string' ? token : undefined, target))
          .actor;
        args = rest;
      }
      // Looked up in a Map: any other name, "constructor" or "__proto__" included, is unknown.
      if (!method)
        return send(
          reply,
          200,
          serializeFault(FAULT_CODES.unknownMethod, `Unknown method "${methodName.slice(0, 100)}".`),
        );
      checkArguments(method, args);
      const result = await method.run({ services, actor, publicUrl: config.publicUrl, anonymous }, args);
      return send(reply, 200, serializeMethodResponse(result));
    } catch (error) {
      const fault = faultFor(error);
      if (!fault) throw error;
      if (fault.code !== FAULT_CODES.authentication)
        request.log.info({ method: methodName, fault: fault.code }, 'XML-RPC fault');
      return send(reply, 200, serializeFault(fault.code, fault.message));
    }
  });
};
