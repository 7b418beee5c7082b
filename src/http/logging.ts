/**
 * Request logging: JSON lines through Fastify's pino logger, each request line tagged with a
 * `requestId`, and nothing secret on any line. One line a request, when its answer is sent
 * (`useAccessLog`), instead of Fastify's two.
 *
 *   const server = Fastify({ logger: loggerOptions('info'), genReqId, requestIdLogLabel: 'requestId' });
 *   redactUrl('/setup?token=abc')              // '/setup?token=[redacted]'
 *   redactUrl('/user/reset-password/abc')      // '/user/reset-password/[redacted]'
 *
 * What keeps secrets out:
 * - Fastify logs no bodies and no headers by default (its request serializer is method, url, host,
 *   remote address and port); ours is the same, with the URL redacted, so a password typed into a
 *   form and the Cookie or Authorization header never reach the log.
 * - Links mailed or printed to one person carry their secret in the URL: the setup token and the
 *   single sign-on `code`/`state` in the query, reset/confirmation tokens in the path.
 * - pino's `redact` removes secret-named fields from anything logged as an object (`err` with a
 *   driver's config attached, a settings object), up to two levels down, and the three
 *   credential headers in case a future serializer adds headers.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import { pino, type Bindings, type ChildLoggerOptions, type DestinationStream } from 'pino';
import { stdoutLog } from './log-destination.js';

export const REQUEST_ID_HEADER = 'x-request-id';
export const REDACTED = '[redacted]';

/** A caller's (or proxy's) id is kept only when it cannot forge or break a log line. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Query parameters that carry a one-time secret. */
const SECRET_QUERY_PARAMETERS = new Set(['token', 'code', 'state', 'samlrequest', 'samlresponse']);

/** Routes whose last path segment is a single-use token (see src/web/user/*.routes.tsx). */
const TOKEN_PATH = /^(\/user\/(?:reset-password|confirm-email|register\/verify)\/)([^/?#]+)/;
/** Fixed pages under the same prefixes, kept readable. */
const NOT_A_TOKEN = new Set(['done']);

const SECRET_FIELDS = [
  'password',
  'secret',
  'token',
  'clientSecret',
  'bindPassword',
  'privateKeyPem',
  'serviceAccountKey',
  'SAMLResponse',
  'SAMLRequest',
  'currentPassword',
  'newPassword',
  // OAuth's own spellings, as a provider's error body or a token response would carry them.
  'client_secret',
  'access_token',
  'id_token',
  'refresh_token',
  'client_assertion',
  'assertion',
];
const SECRET_HEADERS = ['authorization', 'cookie', 'set-cookie'];

export const REDACT_PATHS: readonly string[] = [
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
  ...SECRET_HEADERS.flatMap((header) => [
    `req.headers["${header}"]`,
    `res.headers["${header}"]`,
    `headers["${header}"]`,
  ]),
];

/** Fastify's genReqId: the incoming X-Request-Id when it is a short safe token, else a random UUID. */
export function genReqId(raw: IncomingMessage): string {
  const incoming = raw.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** The URL with token path segments and secret query values replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  let pathPart = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = queryAt === -1 ? null : url.slice(queryAt + 1);
  pathPart = pathPart.replace(TOKEN_PATH, (whole, prefix: string, segment: string) =>
    NOT_A_TOKEN.has(segment) ? whole : `${prefix}${REDACTED}`,
  );
  if (query === null) return pathPart;
  const pairs = query.split('&').map((pair) => {
    const equals = pair.indexOf('=');
    const rawName = equals === -1 ? pair : pair.slice(0, equals);
    let name: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {
      // A malformed name could hide a secret one; log nothing of it.
      return REDACTED;
    }
    return SECRET_QUERY_PARAMETERS.has(name.toLowerCase()) && equals !== -1 ? `${rawName}=${REDACTED}` : pair;
  });
  return `${pathPart}?${pairs.join('&')}`;
}

/** Fastify's own request serializer, with the URL redacted. */
export function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: typeof request.url === 'string' ? redactUrl(request.url) : undefined,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** Options for Fastify's `logger` and pino's; give them `stdoutLog()` (log-destination.ts) as the stream. */
export function loggerOptions(level: string): object {
  return {
    level,
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    serializers: { req: serializeRequest },
  };
}

/** Fastify's `logger` option as buildServer passes it: false for none, or pino's options and stream. */
export type LoggerOption = boolean | { level?: string; stream?: DestinationStream };

/**
 * One line per request when its answer has been sent, as Fastify's "request completed" line reads
 * (`req`, `res`, `responseTime`, `requestId`), in place of Fastify's own request logging
 * (`disableRequestLogging`), which wrote an "incoming request" line too, both through the
 * logger that redacts secret-named fields at any depth: that was about a tenth of an API call's
 * CPU (docs/benchmarks.md). This line is built from known fields only — the URL redacted by
 * serializeRequest — so it needs no redaction and is written by a logger without it. A request
 * whose answer is never sent writes no line (its errors still do, through request.log).
 */
export function useAccessLog(server: FastifyInstance, option: LoggerOption): void {
  if (option === false) return;
  const { level = 'info', stream = stdoutLog() } = option === true ? {} : option;
  const access = pino({ level }, stream);
  if (!access.isLevelEnabled('info')) return;
  server.addHook('onResponse', (request, reply, done) => {
    access.info(
      {
        requestId: request.id,
        req: serializeRequest(request),
        res: { statusCode: reply.statusCode },
        responseTime: reply.elapsedTime,
      },
      'request completed',
    );
    done();
  });
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
type LogMethod = (...args: unknown[]) => void;

/**
 * Fastify's `childLoggerFactory`: each request's logger (`request.log`) is made only when the
 * request writes a line at an enabled level. pino's child() applies the redaction paths to the
 * child's bindings, which cost every API call a few per cent of its CPU though nearly none of
 * them ever log (docs/benchmarks.md).
 */
export function lazyRequestLogger(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  let child: FastifyBaseLogger | undefined;
  const real = () => (child ??= logger.child(bindings, options));
  const parent = logger as FastifyBaseLogger & { isLevelEnabled?(level: string): boolean };
  const lazy = {
    get level() {
      return child?.level ?? options.level ?? logger.level;
    },
    set level(level: string) {
      real().level = level;
    },
    child: (more: Bindings, moreOptions?: ChildLoggerOptions) => real().child(more, moreOptions),
    silent: () => undefined,
  } as unknown as Record<string, unknown>;
  for (const name of LEVELS) {
    const write: LogMethod = (...args) => {
      // Until the child exists the parent's level decides, unless the route set its own; then the
      // child's (pino's methods below its level write nothing).
      if (!child && options.level === undefined && parent.isLevelEnabled && !parent.isLevelEnabled(name))
        return;
      (real()[name] as LogMethod)(...args);
    };
    lazy[name] = write;
  }
  return lazy as unknown as FastifyBaseLogger;
}
