/**
 * `Expect: 100-continue`: the client sends its headers, waits for `100 Continue`, then sends the
 * body. Node answers 100 at once unless the server listens for 'checkContinue', so a body over the
 * route's limit was invited, then refused mid-upload with a dropped connection. Here the 100 waits
 * until the request has passed its onRequest hooks (routing, API token checks) and its
 * Content-Length fits the route's body limit; otherwise the final answer (413, 401, …) is sent
 * instead, and the client never sends the body.
 *
 *   useExpectContinue(server); // in buildServer, before any route
 */
import type { IncomingMessage } from 'node:http';
import { errorCodes, type FastifyInstance } from 'fastify';

/** Requests Node handed over through 'checkContinue': exactly those that wait for a 100. */
const waitingForContinue = new WeakSet<IncomingMessage>();

export function useExpectContinue(server: FastifyInstance): void {
  // Documented Node pattern: with a listener, Node no longer sends 100 itself; the request goes to
  // Fastify like any other and the preParsing hook below decides. Node decides which requests
  // expect a 100 (HTTP/1.1, its own reading of the header); the mark keeps that decision.
  server.server.on('checkContinue', (request, response) => {
    waitingForContinue.add(request);
    server.server.emit('request', request, response);
  });

  server.addHook('preParsing', async (request, reply, payload) => {
    if (!waitingForContinue.has(request.raw)) return payload;
    const length = Number(request.headers['content-length']);
    // routeOptions.bodyLimit is the route's own limit or the server's (64 KiB); a multipart route
    // that streams a larger upload declares its own.
    if (Number.isFinite(length) && length > request.routeOptions.bodyLimit)
      throw new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE();
    if (!reply.raw.headersSent) reply.raw.writeContinue();
    return payload;
  });
}
