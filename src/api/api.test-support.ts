/**
 * The REST API tests' set-up: a test app with one token per REST scope (plus `all`), and a JSON
 * client over Fastify's inject that keeps every response body so a test can scan them all for
 * secrets at the end.
 *
 *   const api = await startApiTestApp('sqlite');
 *   const response = await api.call('GET', '/api/v1/users', { token: 'users:read' });
 *   assert.equal(response.status, 200);
 */
import type { ApiScope } from '../api-tokens/api-tokens.service.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';

export const REST_SCOPES = [
  'users:read',
  'users:write',
  'groups:read',
  'sources:read',
  'sync:run',
  'audit:read',
  'accounts:read',
  'accounts:write',
] as const satisfies readonly ApiScope[];
export type TokenName = (typeof REST_SCOPES)[number] | 'all' | 'xmlrpc';
export const ACTOR = { username: 'test', ip: '127.0.0.1' };

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  // Parsed JSON; tests read what they expect from it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test knows its response's shape
  json: any;
}

export interface CallOptions {
  token?: TokenName | { raw: string };
  body?: unknown;
  /** A raw payload with its own content type (415, 413, malformed JSON). */
  payload?: string;
  contentType?: string;
  ip?: string;
}

export interface ApiTestApp {
  t: TestApp;
  tokens: Record<TokenName, string>;
  call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    options?: CallOptions,
  ): Promise<ApiResponse>;
  /** Every body the API answered so far. */
  bodies: string[];
  close(): Promise<void>;
}

export async function startApiTestApp(kind: 'sqlite' | 'postgres'): Promise<ApiTestApp> {
  const t = await startTestApp({ kind });
  const tokens = {} as Record<TokenName, string>;
  for (const scope of REST_SCOPES)
    tokens[scope] = (await t.app.services.apiTokens.create({ name: scope, scopes: [scope] }, ACTOR)).token;
  tokens.all = (
    await t.app.services.apiTokens.create({ name: 'all', scopes: [...REST_SCOPES] }, ACTOR)
  ).token;
  tokens.xmlrpc = (
    await t.app.services.apiTokens.create({ name: 'xmlrpc', scopes: ['xmlrpc'] }, ACTOR)
  ).token;
  const bodies: string[] = [];
  return {
    t,
    tokens,
    bodies,
    async call(method, url, options = {}) {
      const headers: Record<string, string> = {};
      const token =
        options.token === undefined
          ? undefined
          : typeof options.token === 'string'
            ? tokens[options.token]
            : options.token.raw;
      if (token !== undefined) headers.authorization = `Bearer ${token}`;
      let payload: string | undefined;
      if (options.payload !== undefined) {
        payload = options.payload;
        headers['content-type'] = options.contentType ?? 'application/json';
      } else if (options.body !== undefined) {
        payload = JSON.stringify(options.body);
        headers['content-type'] = 'application/json';
      }
      const response = await t.server.inject({
        method,
        url,
        headers,
        payload,
        remoteAddress: options.ip ?? '127.0.0.1',
      });
      bodies.push(response.body);
      let json: unknown;
      try {
        json = response.body === '' ? undefined : JSON.parse(response.body);
      } catch {
        json = undefined;
      }
      return { status: response.statusCode, headers: response.headers, body: response.body, json };
    },
    close: () => t.close(),
  };
}

/** Asserts nothing secret in any body: no password hash, no token secret, no bind password. */
export function secretsIn(bodies: readonly string[], extra: readonly string[] = []): string[] {
  const needles = [
    'password_hash',
    'passwordHash',
    '$argon2',
    'secret_hash',
    'secretHash',
    'bindPassword',
    'card_pin_hash',
    ...extra,
  ];
  return bodies.flatMap((body) => needles.filter((needle) => body.includes(needle)));
}
