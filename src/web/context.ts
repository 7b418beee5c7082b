/**
 * What every page route module receives: the transport's options (services, configuration) and
 * what the pages add to them. Built once by web.plugin.tsx; a new per-server need of the pages is
 * one more field here.
 *
 *   export function registerUserRoutes(server: FastifyInstance, context: WebContext): void { … }
 */
import type { TransportOptions } from '../http/transport.js';

export interface CookieNames {
  session: string;
  csrf: string;
}

export interface WebContext extends TransportOptions {
  cookies: CookieNames;
  /** Organisation name for page headers (cached setting). */
  organization(): Promise<string>;
}
