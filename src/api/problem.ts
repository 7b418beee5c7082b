/**
 * Every REST API error as `application/problem+json` (RFC 9457): the one mapping from AppErrors,
 * Fastify's own request errors (schema validation, media type, body size, JSON syntax) and
 * unknown failures to a problem document. Unknown failures are logged and answered with a generic
 * 500: never a stack or an internal message.
 *
 *   return sendProblem(reply, problemFor(error, request));
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ConflictError,
  InsufficientScopeError,
  InvalidTokenError,
  isAppError,
  PasswordChangeRefused,
  TooManyAttemptsError,
  ValidationError,
} from '../errors.js';
import { requestErrorStatus } from '../http/request-errors.js';
import type { Problem } from './schemas.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export interface ProblemReply {
  problem: Problem;
  headers: Record<string, string>;
}

/** The realm of the WWW-Authenticate challenges (RFC 6750). */
const REALM = 'realm="Quire API"';

export function problem(
  status: number,
  code: string,
  detail: string,
  request: FastifyRequest,
  errors?: Record<string, string>,
): Problem {
  return {
    type: `urn:quire:problem:${code}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    instance: request.url.split('?')[0],
    code,
    ...(errors && Object.keys(errors).length > 0 ? { errors } : {}),
  };
}

/** One of Fastify's request errors (4xx) by its code: our stable id and a message for callers. */
const FASTIFY_ERRORS: Record<string, { code: string; detail: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    detail: 'Send request bodies as application/json.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'body_too_large',
    detail: 'The request body is larger than this server accepts.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'bad_request',
    detail: 'The Content-Length header does not match the body.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'invalid_json',
    detail:
      'The body is empty but Content-Type says application/json. Send a JSON object, or no Content-Type.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_json', detail: 'The body is not valid JSON.' },
};

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/**
 * Schema validation errors as field → message. `part` is Fastify's validation context (body,
 * querystring, params); an error about the whole part (not an object, say) is filed under it.
 */
export function fieldErrors(validation: readonly AjvError[], part: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const error of validation) {
    const path = error.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let message: string;
    if (error.keyword === 'required') {
      path.push(String(error.params.missingProperty));
      message = 'This field is required.';
    } else if (error.keyword === 'additionalProperties') {
      path.push(String(error.params.additionalProperty));
      message = 'This is not a field of this request.';
    } else if (
      error.keyword === 'maxLength' ||
      error.keyword === 'minLength' ||
      error.keyword === 'minimum' ||
      error.keyword === 'maximum'
    ) {
      message = `Must be ${error.keyword === 'maxLength' ? 'at most' : error.keyword === 'minLength' ? 'at least' : error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(error.params.limit)}${error.keyword.endsWith('Length') ? ' characters' : ''}.`;
    } else if (error.keyword === 'type') {
      message = `Must be ${/^[aeiou]/.test(String(error.params.type)) ? 'an' : 'a'} ${String(error.params.type)}.`;
    } else if (error.keyword === 'anyOf' || error.keyword === 'enum' || error.keyword === 'const') {
      message = 'This value is not one of those allowed.';
    } else {
      message = `${(error.message ?? 'is not valid').replace(/^./, (c) => c.toUpperCase())}.`;
    }
    const field = path.length > 0 ? path.join('.') : part;
    // The first problem of a field is the one to fix first (anyOf adds a line per branch). hasOwn,
    // not ??=: a field named "constructor" or "toString" would find Object's and be left out.
    if (!Object.hasOwn(fields, field))
      Object.defineProperty(fields, field, {
        value: message,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return fields;
}

export function problemFor(error: unknown, request: FastifyRequest): ProblemReply {
  const headers: Record<string, string> = {};
  if (isAppError(error)) {
    let errors: Record<string, string> | undefined;
    if (error instanceof ValidationError) errors = error.fields;
    else if (error instanceof ConflictError && error.field) errors = { [error.field]: error.message };
    else if (error instanceof PasswordChangeRefused) errors = { [error.field]: error.message };
    if (error instanceof InvalidTokenError) {
      // RFC 6750 §3: no error code when the request had no credentials at all.
      headers['www-authenticate'] = request.headers.authorization
        ? `Bearer ${REALM}, error="invalid_token"`
        : `Bearer ${REALM}`;
    }
    if (error instanceof InsufficientScopeError)
      headers['www-authenticate'] = `Bearer ${REALM}, error="insufficient_scope", scope="${error.scope}"`;
    if (error instanceof TooManyAttemptsError) headers['retry-after'] = String(error.retryAfter);
    return { problem: problem(error.status, error.id, error.message, request, errors), headers };
  }
  const fastifyError = error as {
    statusCode?: number;
    code?: string;
    validation?: AjvError[];
    validationContext?: string;
  };
  if (Array.isArray(fastifyError.validation)) {
    const errors = fieldErrors(fastifyError.validation, fastifyError.validationContext ?? 'body');
    return {
      problem: problem(
        400,
        'validation_failed',
        `The request is not valid: ${Object.keys(errors).join(', ')}.`,
        request,
        errors,
      ),
      headers,
    };
  }
  const known =
    fastifyError.code && Object.hasOwn(FASTIFY_ERRORS, fastifyError.code)
      ? FASTIFY_ERRORS[fastifyError.code]
      : undefined;
  const status = requestErrorStatus(error);
  if (known && status) return { problem: problem(status, known.code, known.detail, request), headers };
  if (status !== undefined)
    return {
      problem: problem(status, 'bad_request', 'The request could not be understood.', request),
      headers,
    };
  request.log.error({ err: error }, 'unhandled API error');
  return {
    problem: problem(
      500,
      'internal_error',
      'The server could not complete this request. If it keeps happening, tell your administrator.',
      request,
    ),
    headers,
  };
}

export function sendProblem(reply: FastifyReply, { problem: body, headers }: ProblemReply): FastifyReply {
  // Sent as a string: serialized here, not by a route's success schema.
  return reply.code(body.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}
