/**
 * The organisation's currency and time zone on each web request (`request.formatSettings`), read
 * from Options (cached by the settings service), with the moment relative times count from, so
 * sendPage can build the page's formats synchronously.
 *
 *   registerRequestFormats(server, async () => ({ currency: 'EUR', timeZone: 'Europe/Berlin', now: new Date() }));
 */
import type { FastifyInstance } from 'fastify';
import type { FormatSettings } from './formats.js';

export type OrganisationFormats = Omit<FormatSettings, 'language'>;

declare module 'fastify' {
  interface FastifyRequest {
    formatSettings: OrganisationFormats;
  }
}

export function registerRequestFormats(
  server: FastifyInstance,
  read: () => Promise<OrganisationFormats>,
): void {
  // Fastify refuses an object as a decorator's initial value (it would be shared); set per request.
  server.decorateRequest('formatSettings', null as unknown as OrganisationFormats);
  server.addHook('onRequest', async (request) => {
    request.formatSettings = await read();
  });
}
