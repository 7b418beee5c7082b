/**
 * Scopes whose requests authenticate with an API token (REST API, XML-RPC) or with nothing
 * (health probes), never with the session cookie.
 *
 *   await server.register(async (api) => { useTokenAuthentication(api); … });
 */
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set (to true) only in scopes that called useTokenAuthentication. */
    tokenAuthenticated?: boolean;
  }
}

/**
 * Marks every request this scope answers — its routes and, under a prefix, its 404s — as
 * authenticated by an API token (or by nothing, for health probes): no session look-up, no CSRF
 * cookie, no CSRF check (web/security.ts skips them), and a browser's session cannot be ridden to
 * call them. A request decorator is encapsulated, so it holds exactly for the requests routed into
 * this scope.
 */
export function useTokenAuthentication(scope: FastifyInstance): void {
  scope.decorateRequest('tokenAuthenticated', true);
}
