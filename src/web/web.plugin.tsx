/**
 * The pages: User Web Interface (/user), Admin Console (/admin), first-run setup (/setup), single
 * sign-on (/sso, /saml), with their sessions, CSRF checks, form parsing, static files and error
 * pages. It runs in the server's own scope (serverWide): the session and CSRF hooks, the error
 * page and the 404 page are the server's defaults, which the token-authenticated transports
 * override in their own scopes.
 *
 *   await server.register(webPlugin, { services, config });
 */
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import { BODY_LIMIT_BYTES, serverWide } from '../http/transport.js';
import { registerRequestFormats } from '../i18n/request-formats.js';
import { registerRequestLanguage } from '../i18n/request-locale.js';
import { effectiveTimeZone } from '../settings/settings.service.js';
import { registerAdminRoutes } from './admin/admin.routes.js';
import type { WebContext } from './context.js';
import { registerErrorPages } from './error-pages.js';
import { registerStationRoutes } from './release/station.routes.js';
import { registerSecurity } from './security.js';
import { registerSetupRoutes } from './setup.routes.js';
import { registerSamlSignInRoutes } from './sso/saml-sign-in.routes.js';
import { registerOidcSignInRoutes } from './sso/oidc-sign-in.routes.js';
import { registerRegistrationRoutes } from './user/registration.routes.js';
import { registerUserRoutes } from './user/user.routes.js';

export const webPlugin = serverWide(async (server, { services, config }) => {
  await server.register(cookie);
  await server.register(formbody, { bodyLimit: BODY_LIMIT_BYTES });
  await server.register(fastifyStatic, {
    root: fileURLToPath(new URL('../../public/', import.meta.url)),
    prefix: '/static/',
    maxAge: '1h',
  });

  const cookies = registerSecurity(server, { services, config });
  registerRequestLanguage(server, {
    stored: (request) => request.auth?.user.language ?? null,
    organisationDefault: async () => (await services.settings.get()).defaultLanguage,
  });
  registerRequestFormats(server, async () => {
    const options = await services.settings.get();
    return { currency: options.currency, timeZone: effectiveTimeZone(options), now: services.clock.now() };
  });
  const context: WebContext = {
    services,
    config,
    cookies,
    organization: async () => (await services.settings.get()).organizationName,
  };
  registerErrorPages(server, context);

  server.get('/', async (_request, reply) => reply.redirect('/user', 302));
  registerSetupRoutes(server, context);
  registerUserRoutes(server, context);
  registerStationRoutes(server, context);
  registerRegistrationRoutes(server, context);
  registerAdminRoutes(server, context);
  registerOidcSignInRoutes(server, context);
  registerSamlSignInRoutes(server, context);
});
