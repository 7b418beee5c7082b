/**
 * Rendering helpers shared by every page route.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { translatorFor, type Translator } from '../i18n/translator.js';
import { createFormats } from '../i18n/formats.js';
import { FormatsContext } from './components/formats.js';
import { TranslatorContext } from './components/translation.js';

/** The translator of the request's language, for words a route computes before the page. */
export function translatorOf(request: FastifyRequest): Translator {
  return translatorFor(request.language ?? 'en');
}

/**
 * Renders a page in the request's language (`request.language`, see i18n/request-locale.ts), or
 * in `translator`'s where a route knows better (an Admin Console page on a shared path), with
 * amounts and times in the organisation's currency and time zone (i18n/request-formats.ts).
 */
export function sendPage(
  reply: FastifyReply,
  status: number,
  page: VNode,
  translator: Translator = translatorOf(reply.request),
): FastifyReply {
  const formats = createFormats({
    language: translator.language,
    ...(reply.request.formatSettings ?? { currency: 'USD', timeZone: 'UTC' }),
  });
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('Cache-Control', 'no-store')
    .header('Content-Language', translator.language)
    .send(
      '<!doctype html>' +
        renderToString(
          <TranslatorContext.Provider value={translator}>
            <FormatsContext.Provider value={formats}>{page}</FormatsContext.Provider>
          </TranslatorContext.Provider>,
        ),
    );
}

/** Where each area's sign-in lands when no `next` asks for another page. */
export const AREA_HOME = { user: '/user/summary', admin: '/admin/dashboard' } as const;

/**
 * A `next` parameter is honoured only when it is a path on this site (no open redirect). Browsers
 * drop tabs and newlines from URLs and read a backslash as `/`, so `/\t/evil.example` and `/\evil.example`
 * become `//evil.example`, another site: any control character or backslash refuses it, and what
 * is left must resolve to this origin.
 */
export function safeNext(next: unknown, fallback: string): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.length > 500) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  try {
    if (new URL(next, 'http://x.invalid').origin !== 'http://x.invalid') return fallback;
  } catch {
    return fallback;
  }
  return next;
}

/** Reads a string field of a parsed form body ('' when missing or not a string). */
export function field(body: unknown, name: string): string {
  if (typeof body !== 'object' || body === null) return '';
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

/** Every string value of a repeated form field (the ticked checkboxes of one name), in order. */
export function fieldValues(body: unknown, name: string): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const value: unknown = (body as Record<string, unknown>)[name];
  return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
}

export function checked(body: unknown, name: string): boolean {
  return field(body, name) === 'on';
}
