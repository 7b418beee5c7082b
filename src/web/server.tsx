/**
 * The HTTP server: plugins, security headers, the error mapping and every route module.
 *
 *   const server = await buildServer(app);
 *   await server.listen({ port: 9191, host: '0.0.0.0' });
 */
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import { isAppError } from '../errors.js';
import { isLoopbackHost } from '../hosts.js';
import { localText } from '../i18n/local-text.js';
import { ERROR_TITLES, pageMessage } from './components/error-words.js';
import { registerRequestLanguage } from '../i18n/request-locale.js';
import { registerAdminRoutes } from './admin/admin.routes.js';
import { ErrorPage } from './components/error-page.js';
import { LoginPage } from './components/login.js';
import { sendPage } from './render.js';
import { PasswordChangeRequired, registerSecurity, SignInRequired, type CookieNames } from './security.js';
import { registerSetupRoutes } from './setup.routes.js';
import { registerRegistrationRoutes } from './user/registration.routes.js';
import { registerUserRoutes } from './user/user.routes.js';
import { registerOidcSignInRoutes } from './sso/oidc-sign-in.routes.js';
import { registerSamlSignInRoutes } from './sso/saml-sign-in.routes.js';
import { registerXmlRpcRoutes } from '../rpc/xmlrpc.routes.js';
import { apiPlugin } from '../api/api.plugin.js';
import { OPS_PATHS, registerOpsRoutes } from '../ops/ops.routes.js';
import { stdoutLog } from './log-destination.js';
import { genReqId, loggerOptions, REQUEST_ID_HEADER } from './logging.js';
import { useExpectContinue } from './expect-continue.js';

/** Forms are small; anything larger is refused with 413 before it is parsed. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export interface ServerOptions {
  logger?: boolean | object;
  /** Serve HTTPS with this PEM key and certificate (the 9192 listener). */
  https?: { key: string; cert: string };
  /** Answer every request but /healthz, /readyz and /metrics with a redirect to HTTPS on this port. */
  redirectToHttpsPort?: number;
}

export interface RouteContext {
  app: App;
  cookies: CookieNames;
  /** Organisation name for page headers (cached setting). */
  organization(): Promise<string>;
}

function areaOf(request: FastifyRequest): 'user' | 'admin' | 'setup' {
  // The matched route, as the router decoded it (`/%61dmin/…` is an Admin Console page).
  const path = request.routeOptions.url ?? request.url;
  if (path.startsWith('/admin')) return 'admin';
  if (path.startsWith('/setup')) return 'setup';
  return 'user';
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

export async function buildServer(app: App, options: ServerOptions = {}): Promise<FastifyInstance> {
  // Typed as the plain HTTP instance: routes and hooks do not depend on the transport.
  const server = (Fastify as (options: object) => FastifyInstance)({
    logger: options.logger ?? { ...loggerOptions(app.config.logLevel), stream: stdoutLog() },
    genReqId,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: BODY_LIMIT_BYTES,
    // X-Forwarded-* are believed only from the configured proxies: anyone else could forge the
    // client address that sign-in throttling and the audit log rely on.
    trustProxy: app.config.trustedProxies.length > 0 ? [...app.config.trustedProxies] : false,
    ...(options.https ? { https: options.https } : {}),
  });
  useExpectContinue(server);
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
  if (options.redirectToHttpsPort !== undefined) {
    const httpsPort = options.redirectToHttpsPort;
    const publicUrl = new URL(app.config.publicUrl);
    server.addHook('onRequest', async (request, reply) => {
      // Probes and Prometheus keep working on plain HTTP.
      if ((OPS_PATHS as readonly string[]).includes(request.url.split('?')[0] ?? '')) return;
      // The public name, or the name the client used when it is this machine's own (localhost or a
      // loopback address): never any other Host header, which would make this an open redirect.
      const asked = request.headers.host ? request.hostname : '';
      const host = publicUrl.protocol !== 'https:' && isLoopbackHost(asked) ? asked : publicUrl.hostname;
      const port = httpsPort === 443 ? '' : `:${httpsPort}`;
      // 308 keeps the method and body of a form post.
      return reply.redirect(`https://${host}${port}${request.url}`, 308);
    });
  }

  await server.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    // Reset links (later) must not leak in a Referer; nothing here needs one.
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: app.config.secureCookies,
  });
  await server.register(cookie);
  await server.register(formbody, { bodyLimit: BODY_LIMIT_BYTES });
  await server.register(fastifyStatic, {
    root: fileURLToPath(new URL('../../public/', import.meta.url)),
    prefix: '/static/',
    maxAge: '1h',
  });

  const cookies = registerSecurity(server, app);
  registerRequestLanguage(server, {
    stored: (request) => request.auth?.user.language ?? null,
    organisationDefault: async () => (await app.services.settings.get()).defaultLanguage,
  });
  const context: RouteContext = {
    app,
    cookies,
    organization: async () => (await app.services.settings.get()).organizationName,
  };

  server.setErrorHandler(async (error, request, reply) => {
    const organization = await context.organization().catch(() => 'Quire');
    if (error instanceof SignInRequired) {
      return sendPage(
        reply,
        401,
        <LoginPage
          area={error.area}
          organization={organization}
          csrfToken={request.csrfToken}
          next={request.method === 'GET' ? request.url : undefined}
          providers={await app.services.identityProviders.listForArea(error.area).catch(() => [])}
        />,
      );
    }
    if (error instanceof PasswordChangeRequired)
      return reply.redirect('/user/change-details?required=1', 303);
    if (isAppError(error)) {
      const title = localText(ERROR_TITLES.get(error.status) ?? 'error.title.other');
      // A non-administrator refused in the Admin Console is sent back to the User Web Interface
      // (the console would refuse again) and can log out to sign in as someone else.
      const back = areaOf(request) === 'admin' && error.status !== 403 ? '/admin' : '/user';
      const signedIn = request.auth
        ? { signedInAs: request.auth.user.username, csrfToken: request.csrfToken }
        : {};
      return sendPage(
        reply,
        error.status,
        <ErrorPage
          status={error.status}
          title={title}
          message={pageMessage(error)}
          organization={organization}
          area={areaOf(request)}
          backHref={back}
          {...signedIn}
        />,
      );
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) {
      return sendPage(
        reply,
        413,
        <ErrorPage
          status={413}
          title={localText('error.title.tooLarge')}
          message={localText('error.message.tooLarge')}
          organization={organization}
          area={areaOf(request)}
        />,
      );
    }
    if (status && status >= 400 && status < 500) {
      return sendPage(
        reply,
        status,
        <ErrorPage
          status={status}
          title={localText('error.title.badRequest')}
          message={localText('error.message.badRequest')}
          organization={organization}
          area={areaOf(request)}
        />,
      );
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendPage(
      reply,
      500,
      <ErrorPage
        status={500}
        title={localText('error.title.serverError')}
        message={localText('error.message.serverError')}
        organization={organization}
        area={areaOf(request)}
      />,
    );
  });

  server.setNotFoundHandler(async (request, reply) => {
    const organization = await context.organization();
    return sendPage(
      reply,
      404,
      <ErrorPage
        status={404}
        title={localText('error.title.notFound')}
        message={localText('error.message.notFound')}
        organization={organization}
        area={areaOf(request)}
      />,
    );
  });

  await registerOpsRoutes(server, app);
  server.get('/', async (_request, reply) => reply.redirect('/user', 302));
  registerSetupRoutes(server, context);
  registerUserRoutes(server, context);
  registerRegistrationRoutes(server, context);
  registerAdminRoutes(server, context);
  registerOidcSignInRoutes(server, context);
  registerSamlSignInRoutes(server, context);
  await registerXmlRpcRoutes(server, app);
  await server.register(apiPlugin, { prefix: '/api/v1', app });
  return server;
}
