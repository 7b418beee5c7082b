/**
 * Rendering helpers shared by every page route.
 */
import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

export function sendPage(reply: FastifyReply, status: number, page: VNode): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('Cache-Control', 'no-store')
    .send('<!doctype html>' + renderToString(page));
}

/** A `next` parameter is honoured only when it is a path on this site (no open redirect). */
export function safeNext(next: unknown, fallback: string): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (/[\r\n]/.test(next) || next.length > 500) return fallback;
  return next;
}

/** Reads a string field of a parsed form body ('' when missing or not a string). */
export function field(body: unknown, name: string): string {
  if (typeof body !== 'object' || body === null) return '';
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

export function checked(body: unknown, name: string): boolean {
  return field(body, name) === 'on';
}
