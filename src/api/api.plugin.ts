/**
 * The REST API under `/api/v1`: an encapsulated Fastify plugin with its own validator, JSON-only
 * body parsing, bearer-token authentication, problem+json errors and 404s, and an OpenAPI 3.1
 * document generated from the same route schemas that validate requests.
 *
 *   await server.register(apiPlugin, { prefix: '/api/v1', services, config });
 *
 * A route declares its scope in `config.scope`; the onRequest hook authenticates every such route
 * before the body is even read, so a caller without a valid token learns nothing about what a
 * valid request would look like. Routes without a scope (only the OpenAPI document) are public.
 */
import { Ajv } from 'ajv';
import { registerAccountRoutes } from './accounts.api.js';
import { registerAuditRoutes } from './audit.api.js';
import { registerGroupSettingsRoutes } from './group-settings.api.js';
import { registerJobRoutes } from './jobs.api.js';
import { registerPrinterRoutes } from './printers.api.js';
import { registerSharedAccountRoutes } from './shared-accounts.api.js';
import { registerGroupRoutes } from './groups.api.js';
import { buildOpenApiDocument, collectRoute, type ApiRouteInfo } from './openapi.js';
import { problem, problemFor, sendProblem } from './problem.js';
import { registerSourceRoutes } from './sources.api.js';
import { registerSyncRunRoutes } from './sync-runs.api.js';
import { registerUserRoutes } from './users.api.js';
import { useApiHeaders } from '../http/api-headers.js';
import { useTokenAuthentication } from '../http/token-scope.js';
import type { TransportPlugin } from '../http/transport.js';
import type { ApiContext } from './api-context.js';
import { refuseUnacceptableText } from '../text.js';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

export const apiPlugin: TransportPlugin = async (server, { services, config }) => {
  // Bodies are validated as sent: no coercion ("1" is not a boolean), no silently removed fields
  // (an unknown field is a 400 that names it, so a typo never looks like success). Query strings
  // and path parameters are text by nature, so they are coerced to the schema's number/boolean.
  const shared = { allErrors: true, removeAdditional: false, useDefaults: true, strictTypes: false } as const;
  const bodyAjv = new Ajv({ ...shared, coerceTypes: false });
  const textAjv = new Ajv({ ...shared, coerceTypes: true });
  server.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'querystring' || httpPart === 'params' ? textAjv : bodyAjv).compile(schema),
  );

  // JSON only: form posts (parsed for the pages) and anything else are 415 here.
  server.removeAllContentTypeParsers();
  server.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    server.getDefaultJsonParser('error', 'error'),
  );

  server.decorateRequest('apiToken', null);
  useTokenAuthentication(server);
  useApiHeaders(server, config.secureCookies);

  const routes: ApiRouteInfo[] = [];
  server.addHook('onRoute', (route) => collectRoute(routes, route));

  server.addHook('onRequest', async (request) => {
    const scope = request.routeOptions.config.scope;
    if (!scope) return;
    const match = BEARER.exec(request.headers.authorization ?? '');
    request.apiToken = await services.apiTokens.authenticate(match?.[1], { scope, ip: request.ip });
  });

  // A bodiless POST (enable, a sync with the defaults) validates as an empty object.
  server.addHook('preValidation', async (request) => {
    if (request.body === undefined && request.routeOptions.schema?.body) request.body = {};
    // One net for every field of every endpoint: see src/text.ts.
    refuseUnacceptableText(request.params, request.query, request.body);
  });

  server.setErrorHandler(async (error, request, reply) => sendProblem(reply, problemFor(error, request)));
  server.setNotFoundHandler(async (request, reply) =>
    sendProblem(reply, {
      problem: problem(
        404,
        'not_found',
        `There is no API endpoint ${request.method} ${request.url.split('?')[0]}. The endpoints are listed in /api/v1/openapi.json.`,
        request,
      ),
      headers: {},
    }),
  );

  const context: ApiContext = {
    services,
    config,
    caller(request) {
      if (!request.apiToken) throw new Error('caller() called on a route without a scope');
      return request.apiToken;
    },
  };

  let document: string | undefined;
  server.get(
    '/openapi.json',
    { schema: { summary: 'This document', tags: ['meta'] } },
    async (_request, reply) => {
      document ??= JSON.stringify(buildOpenApiDocument(routes, { publicUrl: config.publicUrl }));
      return reply.type('application/json; charset=utf-8').send(document);
    },
  );

  registerUserRoutes(server, context);
  registerGroupRoutes(server, context);
  registerSourceRoutes(server, context);
  registerSyncRunRoutes(server, context);
  registerAuditRoutes(server, context);
  registerAccountRoutes(server, context);
  registerSharedAccountRoutes(server, context);
  registerPrinterRoutes(server, context);
  registerJobRoutes(server, context);
  registerGroupSettingsRoutes(server, context);
};
