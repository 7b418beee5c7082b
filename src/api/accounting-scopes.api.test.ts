import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../accounts/accounting.test-support.js';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { PRINTER, problem, startAccountingApi } from './accounting-api.test-support.js';
import type { ApiTestApp } from './api.test-support.js';

/** Every accounting route with a sample URL, the scope it needs and a body that passes its schema. */
const ROUTES: {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  url: string;
  write: boolean;
  body?: unknown;
}[] = [
  { method: 'GET', path: '/users/{username}/account', url: '/api/v1/users/alice/account', write: false },
  {
    method: 'PUT',
    path: '/users/{username}/account',
    url: '/api/v1/users/alice/account',
    write: true,
    body: {},
  },
  {
    method: 'POST',
    path: '/users/{username}/account/adjustments',
    url: '/api/v1/users/alice/account/adjustments',
    write: true,
    body: { amount: '1', comment: '' },
  },
  {
    method: 'GET',
    path: '/users/{username}/account/transactions',
    url: '/api/v1/users/alice/account/transactions',
    write: false,
  },
  { method: 'GET', path: '/shared-accounts', url: '/api/v1/shared-accounts', write: false },
  {
    method: 'POST',
    path: '/shared-accounts',
    url: '/api/v1/shared-accounts',
    write: true,
    body: { name: 'X' },
  },
  { method: 'GET', path: '/shared-accounts/{name}', url: '/api/v1/shared-accounts/X', write: false },
  {
    method: 'PATCH',
    path: '/shared-accounts/{name}',
    url: '/api/v1/shared-accounts/X',
    write: true,
    body: {},
  },
  { method: 'DELETE', path: '/shared-accounts/{name}', url: '/api/v1/shared-accounts/X', write: true },
  {
    method: 'GET',
    path: '/shared-accounts/{name}/access',
    url: '/api/v1/shared-accounts/X/access',
    write: false,
  },
  {
    method: 'PUT',
    path: '/shared-accounts/{name}/access/users/{username}',
    url: '/api/v1/shared-accounts/X/access/users/alice',
    write: true,
  },
  {
    method: 'DELETE',
    path: '/shared-accounts/{name}/access/users/{username}',
    url: '/api/v1/shared-accounts/X/access/users/alice',
    write: true,
  },
  {
    method: 'PUT',
    path: '/shared-accounts/{name}/access/groups/{group}',
    url: '/api/v1/shared-accounts/X/access/groups/Staff',
    write: true,
  },
  {
    method: 'DELETE',
    path: '/shared-accounts/{name}/access/groups/{group}',
    url: '/api/v1/shared-accounts/X/access/groups/Staff',
    write: true,
  },
  {
    method: 'POST',
    path: '/shared-accounts/{name}/adjustments',
    url: '/api/v1/shared-accounts/X/adjustments',
    write: true,
    body: { amount: '1', comment: '' },
  },
  {
    method: 'GET',
    path: '/shared-accounts/{name}/transactions',
    url: '/api/v1/shared-accounts/X/transactions',
    write: false,
  },
  { method: 'GET', path: '/printers', url: '/api/v1/printers', write: false },
  { method: 'POST', path: '/printers', url: '/api/v1/printers', write: true, body: { name: 'p' } },
  { method: 'GET', path: '/printers/{printer}', url: `/api/v1/printers/${PRINTER}`, write: false },
  { method: 'PATCH', path: '/printers/{printer}', url: `/api/v1/printers/${PRINTER}`, write: true, body: {} },
  { method: 'DELETE', path: '/printers/{printer}', url: `/api/v1/printers/${PRINTER}`, write: true },
  {
    method: 'PUT',
    path: '/printers/{printer}/access-groups/{group}',
    url: `/api/v1/printers/${PRINTER}/access-groups/Staff`,
    write: true,
  },
  {
    method: 'DELETE',
    path: '/printers/{printer}/access-groups/{group}',
    url: `/api/v1/printers/${PRINTER}/access-groups/Staff`,
    write: true,
  },
  { method: 'GET', path: '/jobs', url: '/api/v1/jobs', write: false },
  { method: 'GET', path: '/jobs/{id}', url: '/api/v1/jobs/1', write: false },
  {
    method: 'POST',
    path: '/jobs',
    url: '/api/v1/jobs',
    write: true,
    body: { username: 'alice', printer: 'library', pages: 1 },
  },
  {
    method: 'POST',
    path: '/jobs/{id}/refund',
    url: '/api/v1/jobs/1/refund',
    write: true,
    body: { comment: '' },
  },
  { method: 'GET', path: '/groups/{name}/settings', url: '/api/v1/groups/Staff/settings', write: false },
  {
    method: 'PUT',
    path: '/groups/{name}/settings',
    url: '/api/v1/groups/Staff/settings',
    write: true,
    body: {},
  },
];

for (const kind of DATABASE_KINDS) {
  describe(
    `REST API: accounting scopes and OpenAPI [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let api: ApiTestApp;

      before(async () => {
        api = await startAccountingApi(kind);
      });
      afterEach(() => assertLedgerSums(api.t.app.services));
      after(() => api.close());

      it('answers 401 without a token and 403 for a token without the accounting scope, on every route', async () => {
        for (const route of ROUTES) {
          problem(await api.call(route.method, route.url, { body: route.body }), 401);
          for (const token of [
            'users:write',
            'xmlrpc',
            ...(route.write ? (['accounts:read'] as const) : []),
          ] as const) {
            const response = await api.call(route.method, route.url, { token, body: route.body });
            problem(response, 403);
            assert.equal(response.json.code, 'insufficient_scope', `${route.method} ${route.url}`);
          }
        }
      });

      it('lists every accounting route in the OpenAPI document with its scope, amounts as decimal strings', async () => {
        const document = (await api.call('GET', '/api/v1/openapi.json')).json;
        for (const route of ROUTES) {
          const operation = document.paths[route.path]?.[route.method.toLowerCase()];
          assert.ok(operation, `${route.method} ${route.path} is documented`);
          assert.deepEqual(operation.security, [
            { bearerToken: [route.write ? 'accounts:write' : 'accounts:read'] },
          ]);
        }
        const adjust =
          document.paths['/users/{username}/account/adjustments'].post.requestBody.content['application/json']
            .schema;
        assert.equal(adjust.properties.amount.type, 'string');
        assert.match(adjust.properties.amount.description, /decimal string/);
      });
    },
  );
}
