import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { serializeMethodCall } from '../rpc/xmlrpc.codec.js';
import { parseMethodResponse } from '../rpc/xmlrpc-parser.js';
import { apiPlugin } from './api.plugin.js';
import {
  ACTOR,
  secretsIn,
  startApiTestApp,
  type ApiResponse,
  type ApiTestApp,
  type TokenName,
} from './api.test-support.js';

/** Every REST route with a sample URL and the scope it needs. */
const ROUTES: {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  url: string;
  scope: TokenName;
  body?: unknown;
}[] = [
  { method: 'GET', path: '/users', url: '/api/v1/users', scope: 'users:read' },
  { method: 'GET', path: '/users/{username}', url: '/api/v1/users/root', scope: 'users:read' },
  {
    method: 'POST',
    path: '/users',
    url: '/api/v1/users',
    scope: 'users:write',
    body: { username: 'x', password: 'x' },
  },
  { method: 'PATCH', path: '/users/{username}', url: '/api/v1/users/root', scope: 'users:write', body: {} },
  {
    method: 'PUT',
    path: '/users/{username}/password',
    url: '/api/v1/users/root/password',
    scope: 'users:write',
    body: { password: 'x' },
  },
  {
    method: 'POST',
    path: '/users/{username}/disable',
    url: '/api/v1/users/root/disable',
    scope: 'users:write',
  },
  {
    method: 'POST',
    path: '/users/{username}/enable',
    url: '/api/v1/users/root/enable',
    scope: 'users:write',
  },
  { method: 'DELETE', path: '/users/{username}', url: '/api/v1/users/root', scope: 'users:write' },
  { method: 'GET', path: '/groups', url: '/api/v1/groups', scope: 'groups:read' },
  { method: 'GET', path: '/groups/{name}', url: '/api/v1/groups/Staff', scope: 'groups:read' },
  {
    method: 'GET',
    path: '/groups/{name}/members',
    url: '/api/v1/groups/Staff/members',
    scope: 'groups:read',
  },
  { method: 'GET', path: '/sources', url: '/api/v1/sources', scope: 'sources:read' },
  { method: 'GET', path: '/sources/{id}', url: '/api/v1/sources/1', scope: 'sources:read' },
  { method: 'POST', path: '/sources/{id}/sync', url: '/api/v1/sources/1/sync', scope: 'sync:run', body: {} },
  { method: 'GET', path: '/sync-runs', url: '/api/v1/sync-runs', scope: 'sync:run' },
  { method: 'GET', path: '/sync-runs/{id}', url: '/api/v1/sync-runs/1', scope: 'sync:run' },
  { method: 'GET', path: '/audit', url: '/api/v1/audit', scope: 'audit:read' },
];

function assertProblem(response: ApiResponse, status: number, code: string) {
  assert.equal(response.status, status, response.body);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  assert.equal(response.json.status, status);
  assert.equal(response.json.code, code);
  assert.equal(response.json.type, `urn:quire:problem:${code}`);
  assert.equal(typeof response.json.title, 'string');
  assert.equal(typeof response.json.detail, 'string');
}

for (const kind of DATABASE_KINDS) {
  describe(
    `REST API: authentication, errors and the OpenAPI document [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let api: ApiTestApp;
      let address = 0;
      /** Refused calls count against their address; each test refuses from its own. */
      const ip = () => `198.51.100.${++address}`;

      before(async () => {
        api = await startApiTestApp(kind);
        await api.t.createUser({ username: 'root', password: 'lantern-orchid-93', isAdmin: true });
      });
      after(() => api.close());

      it('answers 401 with a Bearer challenge on every route without a token, with a malformed one, or with a wrong secret', async () => {
        for (const route of ROUTES) {
          const from = ip();
          const missing = await api.call(route.method, route.url, { body: route.body, ip: from });
          assertProblem(missing, 401, 'invalid_token');
          assert.match(
            String(missing.headers['www-authenticate']),
            /^Bearer realm="Quire API"$/,
            `${route.method} ${route.url}`,
          );
          const wrong = await api.call(route.method, route.url, {
            token: { raw: api.tokens[route.scope].slice(0, -4) + 'AAAA' },
            body: route.body,
            ip: from,
          });
          assertProblem(wrong, 401, 'invalid_token');
          assert.match(String(wrong.headers['www-authenticate']), /^Bearer .*error="invalid_token"/);
        }
        assert.equal(
          (await api.t.app.services.users.findByUsername('root'))?.disabled,
          0,
          'nothing was changed',
        );
      });

      it('answers 403 insufficient_scope on every route for a token without its scope (an xmlrpc token included)', async () => {
        for (const route of ROUTES) {
          const other = route.scope === 'users:read' ? 'audit:read' : 'users:read';
          for (const token of [other, 'xmlrpc'] as const) {
            const response = await api.call(route.method, route.url, { token, body: route.body, ip: ip() });
            assertProblem(response, 403, 'insufficient_scope');
            assert.equal(
              response.headers['www-authenticate'],
              `Bearer realm="Quire API", error="insufficient_scope", scope="${route.scope}"`,
            );
            assert.ok(response.json.detail.includes(route.scope));
          }
        }
      });

      it('lets each route through with the token of its scope', async () => {
        for (const route of ROUTES.filter((r) => r.method === 'GET')) {
          const response = await api.call('GET', route.url, { token: route.scope });
          assert.ok(
            response.status === 200 || response.status === 404,
            `${route.url}: ${response.status} ${response.body}`,
          );
          assert.notEqual(response.status, 401);
        }
      });

      it('answers 401 for a revoked token', async () => {
        const { token } = await api.t.app.services.apiTokens.create(
          { name: 'short-lived', scopes: ['users:read'] },
          ACTOR,
        );
        assert.equal((await api.call('GET', '/api/v1/users', { token: { raw: token } })).status, 200);
        await api.t.app.services.apiTokens.revoke('short-lived', ACTOR);
        assertProblem(
          await api.call('GET', '/api/v1/users', { token: { raw: token }, ip: ip() }),
          401,
          'invalid_token',
        );
      });

      it('throttles an address after repeated bad tokens with 429 and Retry-After, even for a good token', async () => {
        const from = ip();
        for (let i = 0; i < 30; i++)
          assert.equal(
            (await api.call('GET', '/api/v1/users', { token: { raw: 'quire_guess' }, ip: from })).status,
            401,
          );
        const throttled = await api.call('GET', '/api/v1/users', { token: 'users:read', ip: from });
        assertProblem(throttled, 429, 'too_many_attempts');
        assert.ok(Number(throttled.headers['retry-after']) >= 1);
        assert.equal(
          (await api.call('GET', '/api/v1/users', { token: 'users:read', ip: ip() })).status,
          200,
          'other addresses go on',
        );
      });

      it('does not count or audit requests without any token, so the address keeps its REST and XML-RPC tokens', async () => {
        const from = ip();
        await api.t.app.services.settings.update({ webServicesAllowedAddresses: `127.0.0.1, ::1, ${from}` });
        for (let i = 0; i < 40; i++) {
          const none = await api.call('GET', '/api/v1/users', { ip: from });
          assertProblem(none, 401, 'invalid_token');
          assert.equal(none.headers['www-authenticate'], 'Bearer realm="Quire API"');
        }
        assert.equal((await api.call('GET', '/api/v1/users', { token: 'users:read', ip: from })).status, 200);
        const rpc = await api.t.server.inject({
          method: 'POST',
          url: '/rpc/api/xmlrpc',
          remoteAddress: from,
          headers: { 'content-type': 'text/xml' },
          payload: serializeMethodCall('api.getTotalUsers', [api.tokens.xmlrpc]),
        });
        const answer = parseMethodResponse(rpc.body);
        assert.ok('value' in answer && typeof answer.value === 'number', rpc.body);
        const failures = (
          await api.t.app.services.audit.list({ action: 'api.auth_failed', limit: 500 })
        ).filter((e) => e.ip === from);
        assert.deepEqual(failures, [], 'a request without credentials is not an authentication failure');
      });

      it('still counts a malformed or wrong token against the address', async () => {
        const from = ip();
        let status = 0;
        for (let i = 0; i < 40 && status !== 429; i++)
          status = (
            await api.call('GET', '/api/v1/users', {
              token: { raw: `quire_${'A'.repeat(16)}.${'b'.repeat(43)}` },
              ip: from,
            })
          ).status;
        assert.equal(status, 429);
      });

      it('answers an unknown endpoint with a 404 problem, not the HTML page', async () => {
        const response = await api.call('GET', '/api/v1/no-such-endpoint', { token: 'all' });
        assertProblem(response, 404, 'not_found');
        assert.equal(response.json.instance, '/api/v1/no-such-endpoint');
        assertProblem(await api.call('DELETE', '/api/v1/sources/1', { token: 'all' }), 404, 'not_found');
      });

      it('refuses a body that is not JSON with 415, a malformed one with 400 and a huge one with 413', async () => {
        assertProblem(
          await api.call('POST', '/api/v1/users', {
            token: 'users:write',
            payload: 'username=x&password=y',
            contentType: 'application/x-www-form-urlencoded',
          }),
          415,
          'unsupported_media_type',
        );
        assertProblem(
          await api.call('POST', '/api/v1/users', {
            token: 'users:write',
            payload: 'username',
            contentType: 'text/plain',
          }),
          415,
          'unsupported_media_type',
        );
        assertProblem(
          await api.call('POST', '/api/v1/users', { token: 'users:write', payload: '{"username": ' }),
          400,
          'invalid_json',
        );
        assertProblem(
          await api.call('POST', '/api/v1/users', {
            token: 'users:write',
            payload: JSON.stringify({ username: 'big', password: 'x', notes: 'n'.repeat(100_000) }),
          }),
          413,
          'body_too_large',
        );
        const poisoned = await api.call('POST', '/api/v1/users', {
          token: 'users:write',
          payload: '{"username":"p","password":"lantern-orchid-93","__proto__":{"isAdmin":true}}',
        });
        assert.equal(poisoned.status, 400);
        assert.equal(await api.t.app.services.users.findByUsername('big'), undefined);
        assert.equal(await api.t.app.services.users.findByUsername('p'), undefined);
      });

      it('answers an internal failure with a generic 500 problem, never the error or a stack', async () => {
        const sources = api.t.app.services.sources;
        const original = sources.names;
        sources.names = async () => {
          throw new Error('database exploded at /srv/quire/secret.db');
        };
        try {
          const response = await api.call('GET', '/api/v1/users/root', { token: 'users:read' });
          assertProblem(response, 500, 'internal_error');
          assert.doesNotMatch(response.body, /exploded|secret\.db|at .*\.js/);
        } finally {
          sources.names = original;
        }
      });

      it('serves an OpenAPI 3.1 document without a token that lists every registered route with its scope', async () => {
        const response = await api.call('GET', '/api/v1/openapi.json');
        assert.equal(response.status, 200);
        assert.match(String(response.headers['content-type']), /^application\/json/);
        const document = JSON.parse(response.body);
        assert.equal(document.openapi, '3.1.0');
        assert.equal(document.components.securitySchemes.bearerToken.scheme, 'bearer');
        assert.ok(document.components.schemas.Problem.properties.code);
        for (const scope of [
          'users:read',
          'users:write',
          'groups:read',
          'sources:read',
          'sync:run',
          'audit:read',
        ])
          assert.ok(document.components.securitySchemes.bearerToken.description.includes(scope));

        // The routes as Fastify registers them, seen by a hook of our own on a fresh server.
        const probe = Fastify();
        const registered: string[] = [];
        probe.addHook('onRoute', (route) => {
          for (const method of [route.method].flat())
            if (method !== 'HEAD')
              registered.push(`${method.toLowerCase()} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
        });
        await probe.register(apiPlugin, {
          prefix: '/api/v1',
          services: api.t.app.services,
          config: api.t.app.config,
        });
        await probe.ready();
        await probe.close();
        const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
          ([path, operations]) => Object.keys(operations).map((method) => `${method} /api/v1${path}`),
        );
        assert.deepEqual([...documented].sort(), [...registered].sort());
        assert.ok(registered.length >= ROUTES.length + 1);

        for (const route of ROUTES) {
          const operation = document.paths[route.path]?.[route.method.toLowerCase()];
          assert.ok(operation, `${route.method} ${route.path} is documented`);
          assert.deepEqual(operation.security, [{ bearerToken: [route.scope] }]);
          assert.ok(operation.responses['401'] && operation.responses['403'] && operation.responses['429']);
        }
        assert.deepEqual(
          document.paths['/openapi.json'].get.security,
          [],
          'the document itself needs no token',
        );
        const create = document.paths['/users'].post;
        assert.equal(create.requestBody.content['application/json'].schema.additionalProperties, false);
        assert.ok(create.requestBody.content['application/json'].schema.required.includes('username'));
        assert.ok(
          document.paths['/users'].get.parameters.some(
            (p: { name: string; in: string }) => p.name === 'cursor' && p.in === 'query',
          ),
        );
        assert.ok(
          document.paths['/users/{username}'].get.parameters.some(
            (p: { name: string; in: string; required: boolean }) =>
              p.name === 'username' && p.in === 'path' && p.required,
          ),
        );
        assert.ok(
          document.paths['/users/{username}'].get.responses['200'].content['application/json'].schema
            .properties.username,
        );
        assert.equal(
          document.paths['/users/{username}'].get.responses['200'].content['application/json'].schema
            .properties.passwordHash,
          undefined,
        );
      });

      it('never lets a password hash or token secret reach a response', () => {
        assert.deepEqual(
          secretsIn(
            api.bodies,
            Object.values(api.tokens).map((token) => token.split('.')[1]!),
          ),
          [],
        );
      });
    },
  );
}
