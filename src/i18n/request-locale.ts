/**
 * Which language a request's page is in, as `request.language`: negotiated for the User Web
 * Interface, the release station and the single sign-on pages (i18n/negotiate.ts); English everywhere else (the Admin
 * Console, setup and the APIs are English for now; a sign-in refused for the admin area renders
 * its page in English itself). Runs after the session is resolved.
 *
 *   registerRequestLanguage(server, { stored: (r) => r.auth?.user.language ?? null, organisationDefault });
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DEFAULT_LANGUAGE, type Language } from './languages.js';
import { negotiateLanguage } from './negotiate.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The language pages answering this request are in. */
    language: Language;
  }
}

export interface RequestLanguageSources {
  /** The signed-in user's stored choice, or null. */
  stored(request: FastifyRequest): string | null;
  /** The organisation's default language (Options). */
  organisationDefault(): Promise<string>;
}

/** The User Web Interface's own paths, the release station's and single sign-on's: the ones whose pages are translated. */
function isTranslated(request: FastifyRequest): boolean {
  const path = request.routeOptions.url ?? request.url;
  return (
    path === '/user' ||
    path.startsWith('/user/') ||
    path.startsWith('/auth/') ||
    path === '/release' ||
    path.startsWith('/release/')
  );
}

export function registerRequestLanguage(server: FastifyInstance, sources: RequestLanguageSources): void {
  server.decorateRequest('language', DEFAULT_LANGUAGE);
  server.addHook('onRequest', async (request) => {
    if (!isTranslated(request)) return;
    request.language = negotiateLanguage({
      stored: sources.stored(request),
      acceptLanguage: request.headers['accept-language'],
      organisationDefault: await sources.organisationDefault(),
    });
  });
}
