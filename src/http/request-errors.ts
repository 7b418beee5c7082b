/**
 * The part of error mapping every transport shares. An AppError (src/errors.ts) carries its own
 * status; Fastify's own request errors (a body over the limit, a media type no parser takes, a
 * broken Content-Length or JSON body) carry a 4xx `statusCode`; anything else is a bug that each
 * transport logs and answers with its generic 500 (a page, a problem document, a fault).
 *
 *   const status = requestErrorStatus(error); // 413 for a body over the limit
 */

/** The 4xx status of one of Fastify's request errors, or undefined for any other error. */
export function requestErrorStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}
