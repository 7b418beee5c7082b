/**
 * The HTTP server every transport shares: request ids and logging, the instance header, the
 * redirect to HTTPS, security headers, the route list, and the five transports, each one plugin
 * with the same options (src/http/transport.ts).
 *
 *   const server = await buildServer(app);
 *   await server.listen({ port: 9191, host: '0.0.0.0' });
 */
import { hostname } from 'node:os';
import helmet from '@fastify/helmet';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { apiPlugin } from '../api/api.plugin.js';
import type { App } from '../app.js';
import { isLoopbackHost } from '../hosts.js';
import { ippPlugin } from '../ipp/ipp.plugin.js';
import { QUEUE_PATH_PREFIX } from '../ipp/queue-address.js';
import { OPS_PATHS, opsPlugin } from '../ops/ops.plugin.js';
import { rpcPlugin } from '../rpc/rpc.plugin.js';
import { webPlugin } from '../web/web.plugin.js';
import { useExpectContinue } from './expect-continue.js';
import { stdoutLog } from './log-destination.js';
import {
  genReqId,
  lazyRequestLogger,
  loggerOptions,
  REQUEST_ID_HEADER,
  useAccessLog,
  type LoggerOption,
} from './logging.js';
import { BODY_LIMIT_BYTES, type TransportOptions } from './transport.js';

export interface ServerOptions {
  logger?: LoggerOption;
  /** Serve HTTPS with this PEM key and certificate (the 9192 listener). */
  https?: { key: string; cert: string };
  /** Answer every request but /healthz, /readyz and /metrics with a redirect to HTTPS on this port. */
  redirectToHttpsPort?: number;
}

export interface RegisteredRoute {
  method: string;
  url: string;
}

const routeLists = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route the server registered (HEAD twins included), for tests that must cover each one. */
export function registeredRoutes(server: FastifyInstance): readonly RegisteredRoute[] {
  return routeLists.get(server) ?? [];
}

export async function buildServer(
  app: Pick<App, 'services' | 'config'>,
  options: ServerOptions = {},
): Promise<FastifyInstance> {
  const { config } = app;
  // Typed as the plain HTTP instance: routes and hooks do not depend on the transport.
  const logger = options.logger ?? { ...loggerOptions(config.logLevel), stream: stdoutLog() };
  const server = (Fastify as (options: object) => FastifyInstance)({
    logger,
    genReqId,
    // One line a request instead of Fastify's two, written by useAccessLog.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    childLoggerFactory: lazyRequestLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    // X-Forwarded-* are believed only from the configured proxies: anyone else could forge the
    // client address that sign-in throttling and the audit log rely on.
    trustProxy: config.trustedProxies.length > 0 ? [...config.trustedProxies] : false,
    ...(options.https ? { https: options.https } : {}),
  });
  useExpectContinue(server);
  useAccessLog(server, logger);
  const routes: RegisteredRoute[] = [];
  routeLists.set(server, routes);
  server.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  // First hooks, so every answer (redirects and errors included) names its log lines.
  server.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  // Which of several servers behind a load balancer answered (host:pid): for operators and tests.
  const instance = `${hostname()}:${process.pid}`;
  server.addHook('onRequest', async (_request, reply) => {
    reply.header('x-quire-instance', instance);
  });
  if (options.redirectToHttpsPort !== undefined)
    redirectToHttps(server, config.publicUrl, options.redirectToHttpsPort);

  // The pages' headers; the token-authenticated APIs set theirs from one constant (api-headers.ts).
  await server.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        // Only /static/webauthn.js (security keys need navigator.credentials); never inline script.
        scriptSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    // Password reset, registration and email change links must not leak in a Referer; nothing
    // here needs one.
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: config.secureCookies,
  });

  // The order matters: the web and ops plugins run in the server's own scope (see serverWide), and
  // a child scope inherits only the hooks added before it, so the pages' session and CSRF hooks,
  // error page and 404 page come first, then the request metrics, then the encapsulated APIs.
  const transport: TransportOptions = { services: app.services, config };
  await server.register(webPlugin, transport);
  await server.register(opsPlugin, transport);
  await server.register(rpcPlugin, transport);
  await server.register(ippPlugin, transport);
  await server.register(apiPlugin, { ...transport, prefix: '/api/v1' });
  return server;
}

function redirectToHttps(server: FastifyInstance, configuredUrl: string, httpsPort: number): void {
  const publicUrl = new URL(configuredUrl);
  server.addHook('onRequest', async (request, reply) => {
    // Probes and Prometheus keep working on plain HTTP, and so do ipp:// print queues: IPP clients
    // do not follow redirects, and whether a queue takes plain HTTP is its authentication's concern.
    const path = request.url.split('?')[0] ?? '';
    if ((OPS_PATHS as readonly string[]).includes(path) || path.startsWith(QUEUE_PATH_PREFIX)) return;
    // The public name, or the name the client used when it is this machine's own (localhost or a
    // loopback address): never any other Host header, which would make this an open redirect.
    const asked = request.headers.host ? request.hostname : '';
    const host = publicUrl.protocol !== 'https:' && isLoopbackHost(asked) ? asked : publicUrl.hostname;
    const port = httpsPort === 443 ? '' : `:${httpsPort}`;
    // 308 keeps the method and body of a form post.
    return reply.redirect(`https://${host}${port}${request.url}`, 308);
  });
}
