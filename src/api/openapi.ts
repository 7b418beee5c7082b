/**
 * The OpenAPI 3.1 document of the REST API, generated from the routes as Fastify registers them
 * (an onRoute hook collects each route's method, path, scope and schemas), so the document cannot
 * drift from the schemas that validate requests and serialize responses.
 *
 *   server.addHook('onRoute', (route) => collectRoute(routes, route));
 *   const document = buildOpenApiDocument(routes, { publicUrl: 'https://print.example.org' });
 */
import type { RouteOptions } from 'fastify';
import { API_SCOPES, type ApiScope } from '../api-tokens/api-tokens.service.js';
import { Problem } from './schemas.js';

/** Route schema fields besides the validated parts: the document's words for each operation. */
export interface RouteDocs {
  summary?: string;
  description?: string;
  tags?: string[];
}

export interface ApiRouteInfo {
  method: string;
  /** Path below the prefix in OpenAPI form: `/users/{username}`. */
  path: string;
  scope?: ApiScope;
  schema: RouteDocs & {
    params?: unknown;
    querystring?: unknown;
    body?: unknown;
    response?: Record<string, unknown>;
  };
}

export function collectRoute(routes: ApiRouteInfo[], route: RouteOptions & { prefix?: string }): void {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const prefix = route.prefix ?? '';
  const below = route.url.startsWith(prefix) ? route.url.slice(prefix.length) : route.url;
  const path = (below === '' ? '/' : below).replace(/:([A-Za-z0-9_]+)/g, '{$1}');
  for (const method of methods) {
    // Fastify adds a HEAD route for every GET; the GET documents both.
    if (method === 'HEAD') continue;
    routes.push({
      method: method.toLowerCase(),
      path,
      scope: route.config?.scope,
      schema: (route.schema ?? {}) as ApiRouteInfo['schema'],
    });
  }
}

/** A TypeBox schema as plain JSON Schema (TypeBox marks its objects with symbol keys). */
function plain(schema: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema ?? {})) as Record<string, unknown>;
}

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

function problemResponse(description: string) {
  return { description, content: { 'application/problem+json': { schema: PROBLEM_REF } } };
}

function parameters(schema: unknown, location: 'path' | 'query') {
  if (!schema) return [];
  const object = plain(schema) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || (object.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

const SUCCESS_DESCRIPTIONS: Record<string, string> = {
  '200': 'OK',
  '201': 'Created (Location names the new resource)',
  '202': 'Accepted (Location names the run to follow)',
  '204': 'Done; no content',
};

function operation(route: ApiRouteInfo) {
  const { schema } = route;
  const responses: Record<string, unknown> = {};
  for (const [status, body] of Object.entries(schema.response ?? {})) {
    const json = plain(body);
    responses[status] =
      status === '204'
        ? { description: SUCCESS_DESCRIPTIONS[status] }
        : {
            description: SUCCESS_DESCRIPTIONS[status] ?? 'OK',
            content: { 'application/json': { schema: json } },
          };
  }
  if (schema.params || schema.querystring || schema.body)
    responses['400'] = problemResponse('Invalid request: `errors` names each field');
  if (route.scope) {
    responses['401'] = problemResponse('Missing, invalid or revoked API token');
    responses['403'] = problemResponse(`The token lacks the "${route.scope}" scope`);
  }
  if (schema.params) responses['404'] = problemResponse('No such resource');
  if (route.method !== 'get' && route.scope)
    responses['409'] = problemResponse(
      'Not possible in the resource’s current state (e.g. a directory user’s password)',
    );
  if (schema.body) {
    responses['413'] = problemResponse('Body too large');
    responses['415'] = problemResponse('Body not application/json');
  }
  if (route.scope)
    responses['429'] = problemResponse('Too many failed authentications from this address; see Retry-After');
  responses.default = problemResponse('Unexpected error');
  return {
    ...(schema.summary ? { summary: schema.summary } : {}),
    ...(schema.description ? { description: schema.description } : {}),
    ...(schema.tags ? { tags: schema.tags } : {}),
    operationId: `${route.method}${route.path.replace(/\{([^}]+)\}/g, 'By_$1').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    parameters: [...parameters(schema.params, 'path'), ...parameters(schema.querystring, 'query')],
    ...(schema.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: plain(schema.body) } } } }
      : {}),
    responses,
    security: route.scope ? [{ bearerToken: [route.scope] }] : [],
    ...(route.scope ? { 'x-required-scope': route.scope } : {}),
  };
}

export function buildOpenApiDocument(routes: readonly ApiRouteInfo[], options: { publicUrl: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of [...routes].sort((a, b) => a.path.localeCompare(b.path))) {
    (paths[route.path] ??= {})[route.method] = operation(route);
  }
  const scopes = Object.entries(API_SCOPES)
    .filter(([scope]) => scope !== 'xmlrpc')
    .map(([scope, meaning]) => `- \`${scope}\`: ${meaning}`)
    .join('\n');
  return {
    openapi: '3.1.0',
    info: {
      title: 'Quire REST API',
      version: '1',
      description:
        'Users, groups, directory sources, sync runs and the audit log of a Quire server. ' +
        'Lists are paged with cursors: pass `nextCursor` as `?cursor=` until it is null. ' +
        'Errors are `application/problem+json` (RFC 9457) with a stable `code`.',
    },
    servers: [{ url: new URL('/api/v1', options.publicUrl).href }],
    paths,
    components: {
      schemas: { Problem: plain(Problem) },
      securitySchemes: {
        bearerToken: {
          type: 'http',
          scheme: 'bearer',
          description: `An API token (\`quire_<id>.<secret>\`) from Admin Console → Options → Web services or \`quire api-token create --name NAME --scope SCOPE\`. Each operation names the scope it needs:\n${scopes}`,
        },
      },
    },
  };
}
