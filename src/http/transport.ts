/**
 * What every transport (web/, api/, rpc/, ipp/, ops/) is: one Fastify plugin that receives the
 * services and the configuration, never the database. src/http/server.ts registers the five.
 *
 *   export const rpcPlugin: TransportPlugin = async (rpc, { services, config }) => { … };
 *   await server.register(rpcPlugin, { services: app.services, config: app.config });
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../app.js';
import type { Config } from '../config.js';

export interface TransportOptions {
  readonly services: Services;
  readonly config: Config;
}

export type TransportPlugin = FastifyPluginAsync<TransportOptions>;

/** Forms are small; anything larger is refused with 413 before it is parsed. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Runs `plugin` in the server's own scope instead of a child one (Fastify's `skip-override`, what
 * fastify-plugin sets): its hooks, decorators, error handler and 404 handler hold for every request
 * the server answers, including those of transports registered after it. The pages' session and
 * CSRF checks and the request metrics need that; the token-authenticated APIs stay encapsulated.
 */
export function serverWide(plugin: TransportPlugin): TransportPlugin {
  return Object.assign(plugin, { [Symbol.for('skip-override')]: true });
}
