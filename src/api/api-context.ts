/**
 * What every REST API route module receives, and the route and request fields the API adds to
 * Fastify's types. Built once by api.plugin.ts.
 *
 *   export function registerUserRoutes(server: FastifyInstance, context: ApiContext): void { … }
 *   server.get('/users', { config: { scope: 'users:read' } }, async (request) => context.caller(request));
 */
import type { FastifyRequest } from 'fastify';
import type { ApiScope, AuthenticatedToken } from '../api-tokens/api-tokens.service.js';
import type { TransportOptions } from '../http/transport.js';

declare module 'fastify' {
  /** Words for the OpenAPI document, beside the schemas Fastify compiles. */
  interface FastifySchema {
    summary?: string;
    description?: string;
    tags?: string[];
  }
  interface FastifyContextConfig {
    /** The API token scope a REST API route requires; none = public. */
    scope?: ApiScope;
  }
  interface FastifyRequest {
    /** The REST API caller, once its bearer token checked out. */
    apiToken: AuthenticatedToken | null;
  }
}

/** The transport's options (services, configuration), and who is calling. */
export interface ApiContext extends TransportOptions {
  /** The authenticated caller of a scoped route (the onRequest hook guarantees one). */
  caller(request: FastifyRequest): AuthenticatedToken;
}
