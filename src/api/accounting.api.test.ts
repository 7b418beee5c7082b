import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../accounts/accounting.test-support.js';
import { parseAmount } from '../accounts/money.js';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { ACTOR, secretsIn, startApiTestApp, type ApiResponse, type ApiTestApp } from './api.test-support.js';

const PASSWORD = 'lantern-orchid-93';
const LONG = 'x'.repeat(10_000);
const PRINTER = encodeURIComponent('ps1\\library');

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

function problem(response: ApiResponse, status: number, field?: string): void {
  assert.equal(response.status, status, response.body);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  if (field) assert.ok(response.json.errors?.[field], `names ${field}: ${response.body}`);
}

for (const kind of DATABASE_KINDS) {
  describe(`REST API: accounting [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
    let api: ApiTestApp;
    const read = { token: 'accounts:read' as const };
    const write = { token: 'accounts:write' as const };
    const ledgerRows = async (username: string) =>
      (await api.t.app.services.accounts.transactions(username, 1000)).length;

    before(async () => {
      api = await startApiTestApp(kind);
      for (const username of ['alice', 'bob', 'carol'])
        await api.t.createUser({ username, password: PASSWORD });
      await api.t.app.services.groups.addMember('carol', 'Staff', ACTOR);
      await api.t.app.services.printers.add(
        { server: 'ps1', name: 'library', cost_gray: parseAmount('0.1'), cost_color: parseAmount('0.5') },
        ACTOR,
      );
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

    it('adjusts, sets and shows a balance in exact decimal strings, and pages the transactions newest first', async () => {
      let response = await api.call('POST', '/api/v1/users/alice/account/adjustments', {
        ...write,
        body: { amount: '5', comment: 'Top-up' },
      });
      assert.equal(response.status, 200, response.body);
      assert.equal(response.json.balance, '5');
      response = await api.call('POST', '/api/v1/users/alice/account/adjustments', {
        ...write,
        body: { amount: '-1.2345', comment: 'Fee' },
      });
      assert.equal(response.json.balance, '3.7655');
      response = await api.call('PUT', '/api/v1/users/alice/account', {
        ...write,
        body: {
          balance: '0.1',
          comment: 'Reset',
          restricted: true,
          overdraft: '0.5',
          selection: { mode: 'auto-charge-personal' },
        },
      });
      assert.equal(response.status, 200, response.body);
      assert.deepEqual(
        {
          balance: response.json.balance,
          restricted: response.json.restricted,
          overdraft: response.json.overdraft,
        },
        { balance: '0.1', restricted: true, overdraft: '0.5' },
      );
      const seen: { amount: string; comment: string }[] = [];
      let cursor: string | null = null;
      do {
        const page: ApiResponse = await api.call(
          'GET',
          `/api/v1/users/alice/account/transactions?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
          read,
        );
        assert.equal(page.status, 200, page.body);
        seen.push(...page.json.items);
        cursor = page.json.nextCursor;
      } while (cursor);
      assert.deepEqual(
        seen.map((row) => [row.amount, row.comment]),
        [
          ['-3.6655', 'Reset'],
          ['-1.2345', 'Fee'],
          ['5', 'Top-up'],
        ],
      );
      const audit = await api.t.app.services.audit.list({ action: 'account.adjust', limit: 10 });
      assert.ok(audit.some((row) => row.actor === 'api-token:accounts:write'));
    });

    it('refuses bad amounts, long comments, unknown names and bad selections, naming the field and writing nothing', async () => {
      const before = await ledgerRows('bob');
      for (const amount of [5, '1,25', 'abc', '1e3', '1.23456', '99999999999999', '', ' 1']) {
        const response = await api.call('POST', '/api/v1/users/bob/account/adjustments', {
          ...write,
          body: { amount, comment: '' },
        });
        problem(response, 400, 'amount');
      }
      problem(
        await api.call('POST', '/api/v1/users/bob/account/adjustments', {
          ...write,
          body: { amount: '1', comment: LONG },
        }),
        400,
        'comment',
      );
      problem(
        await api.call('POST', '/api/v1/users/nobody/account/adjustments', {
          ...write,
          body: { amount: '1', comment: '' },
        }),
        404,
      );
      problem(await api.call('GET', '/api/v1/users/nobody/account', read), 404);
      problem(
        await api.call('PUT', '/api/v1/users/bob/account', {
          ...write,
          body: { balance: '7', overdraft: '-1' },
        }),
        400,
        'overdraft',
      );
      problem(
        await api.call('PUT', '/api/v1/users/bob/account', {
          ...write,
          body: { balance: '7', selection: { mode: 'auto-select-shared', sharedAccount: 'Nowhere' } },
        }),
        400,
        'selection.sharedAccount',
      );
      problem(
        await api.call('PUT', '/api/v1/users/bob/account', {
          ...write,
          body: { balance: '7', selection: { mode: 'toString' } },
        }),
        400,
        'selection.mode',
      );
      problem(
        await api.call('PUT', '/api/v1/users/bob/account', {
          ...write,
          body: { balance: '7', comment: LONG },
        }),
        400,
        'comment',
      );
      problem(
        await api.call('PUT', '/api/v1/users/bob/account', { ...write, body: { balance: '7', surprise: 1 } }),
        400,
        'surprise',
      );
      assert.equal(await ledgerRows('bob'), before, 'nothing written');
      assert.equal((await api.call('GET', '/api/v1/users/bob/account', read)).json.balance, '0');
      problem(
        await api.call('GET', '/api/v1/users/bob/account/transactions?cursor=bm9wZQ', read),
        400,
        'cursor',
      );
    });

    it('creates, changes, grants, adjusts, pages and deletes shared accounts', async () => {
      let response = await api.call('POST', '/api/v1/shared-accounts', {
        ...write,
        body: { name: 'Science', restricted: true, pin: '1234' },
      });
      assert.equal(response.status, 201, response.body);
      assert.equal(response.headers.location, '/api/v1/shared-accounts/Science');
      assert.equal(response.json.hasPin, true);
      assert.ok(!response.body.includes('1234'), 'the PIN is never answered');
      response = await api.call('POST', '/api/v1/shared-accounts', {
        ...write,
        body: { name: 'Science\\Physics' },
      });
      assert.equal(response.status, 201, response.body);
      assert.equal(response.json.parent, 'Science');
      problem(
        await api.call('POST', '/api/v1/shared-accounts', { ...write, body: { name: 'Science' } }),
        409,
      );
      problem(
        await api.call('POST', '/api/v1/shared-accounts', { ...write, body: { name: 'Nowhere\\Child' } }),
        404,
      );
      problem(
        await api.call('POST', '/api/v1/shared-accounts', {
          ...write,
          body: { name: 'Long', overdraft: '-2' },
        }),
        400,
        'overdraft',
      );
      problem(
        await api.call('POST', '/api/v1/shared-accounts', { ...write, body: { name: 'y'.repeat(10_000) } }),
        400,
        'name',
      );
      for (const name of ['Art', 'Biology'])
        await api.call('POST', '/api/v1/shared-accounts', { ...write, body: { name } });
      const first = await api.call('GET', '/api/v1/shared-accounts?limit=2', read);
      const second = await api.call(
        'GET',
        `/api/v1/shared-accounts?limit=2&cursor=${first.json.nextCursor}`,
        read,
      );
      assert.deepEqual(
        [...first.json.items, ...second.json.items].map((a: { name: string }) => a.name),
        ['Art', 'Biology', 'Science', 'Science\\Physics'],
      );
      assert.equal(second.json.nextCursor, null);

      assert.equal(
        (await api.call('PUT', '/api/v1/shared-accounts/Science/access/users/alice', write)).status,
        204,
      );
      assert.equal(
        (await api.call('PUT', '/api/v1/shared-accounts/Science/access/groups/Staff', write)).status,
        204,
      );
      assert.deepEqual((await api.call('GET', '/api/v1/shared-accounts/Science/access', read)).json, {
        users: ['alice'],
        groups: ['Staff'],
      });
      problem(await api.call('PUT', '/api/v1/shared-accounts/Science/access/users/nobody', write), 404);
      assert.equal(
        (await api.call('DELETE', '/api/v1/shared-accounts/Science/access/groups/Staff', write)).status,
        204,
      );

      response = await api.call('POST', '/api/v1/shared-accounts/Science/adjustments', {
        ...write,
        body: { amount: '50', comment: 'Budget' },
      });
      assert.equal(response.json.balance, '50');
      problem(
        await api.call('POST', '/api/v1/shared-accounts/Science/adjustments', {
          ...write,
          body: { amount: '1', comment: LONG },
        }),
        400,
        'comment',
      );
      problem(
        await api.call('POST', '/api/v1/shared-accounts/Nowhere/adjustments', {
          ...write,
          body: { amount: '1', comment: '' },
        }),
        404,
      );
      problem(
        await api.call('PATCH', '/api/v1/shared-accounts/Science', {
          ...write,
          body: { name: 'Art', balance: '1' },
        }),
        409,
      );
      assert.equal(
        (await api.call('GET', '/api/v1/shared-accounts/Science', read)).json.balance,
        '50',
        'nothing written',
      );
      response = await api.call('PATCH', '/api/v1/shared-accounts/Biology', {
        ...write,
        body: { name: 'Life Sciences', balance: '3', comment: 'Start', overdraft: '1' },
      });
      assert.equal(response.status, 200, response.body);
      assert.deepEqual(
        [response.json.name, response.json.balance, response.json.overdraft],
        ['Life Sciences', '3', '1'],
      );
      const rows = await api.call(
        'GET',
        `/api/v1/shared-accounts/${encodeURIComponent('Life Sciences')}/transactions`,
        read,
      );
      assert.deepEqual(
        rows.json.items.map((row: { amount: string }) => row.amount),
        ['3'],
      );
      problem(await api.call('DELETE', '/api/v1/shared-accounts/Science', write), 409);
      assert.equal(
        (await api.call('DELETE', `/api/v1/shared-accounts/${encodeURIComponent('Science\\Physics')}`, write))
          .status,
        204,
      );
      problem(
        await api.call('GET', `/api/v1/shared-accounts/${encodeURIComponent('Science\\Physics')}`, read),
        404,
      );
    });

    it('adds and changes printers with their cost model and access groups, all or nothing', async () => {
      let response = await api.call('POST', '/api/v1/printers', {
        ...write,
        body: {
          server: 'ps1',
          name: 'lab',
          costPerPage: '0.05',
          duplexDiscount: 20,
          sizeCosts: [{ size: 'A3', costPerPage: '0.1', colourCostPerPage: '0.8' }],
        },
      });
      assert.equal(response.status, 201, response.body);
      assert.equal(response.headers.location, `/api/v1/printers/${encodeURIComponent('ps1\\lab')}`);
      assert.equal(response.json.colourCostPerPage, '0.05', 'colour costs the page price unless given');
      assert.deepEqual(response.json.sizeCosts, [
        { size: 'A3', costPerPage: '0.1', colourCostPerPage: '0.8' },
      ]);
      problem(
        await api.call('POST', '/api/v1/printers', { ...write, body: { server: 'ps1', name: 'lab' } }),
        409,
      );
      problem(
        await api.call('POST', '/api/v1/printers', { ...write, body: { name: 'cheap', costPerPage: '-1' } }),
        400,
        'costPerPage',
      );
      problem(
        await api.call('POST', '/api/v1/printers', { ...write, body: { name: 'cheap', costPerPage: 0.1 } }),
        400,
        'costPerPage',
      );
      problem(
        await api.call('POST', '/api/v1/printers', {
          ...write,
          body: {
            name: 'twice',
            sizeCosts: [
              { size: 'A4', costPerPage: '1', colourCostPerPage: '1' },
              { size: 'a4', costPerPage: '1', colourCostPerPage: '1' },
            ],
          },
        }),
        400,
        'sizeCosts',
      );
      const lab = `/api/v1/printers/${encodeURIComponent('ps1\\lab')}`;
      problem(
        await api.call('PATCH', lab, {
          ...write,
          body: {
            costPerPage: '0.07',
            sizeCosts: [{ size: 'A4', costPerPage: 'x', colourCostPerPage: '1' }],
          },
        }),
        400,
        'sizeCosts.0.costPerPage',
      );
      problem(
        await api.call('PATCH', lab, { ...write, body: { costPerPage: '0.07', location: LONG } }),
        400,
        'location',
      );
      problem(
        await api.call('PATCH', lab, { ...write, body: { costPerPage: '0.07', name: 'library' } }),
        409,
      );
      assert.equal((await api.call('GET', lab, read)).json.costPerPage, '0.05', 'nothing written');
      response = await api.call('PATCH', lab, {
        ...write,
        body: { costPerPage: '0.07', location: 'Lab 2', sizeCosts: [], name: 'lab2' },
      });
      assert.equal(response.status, 200, response.body);
      assert.deepEqual(
        [response.json.fullName, response.json.costPerPage, response.json.location, response.json.sizeCosts],
        ['ps1\\lab2', '0.07', 'Lab 2', []],
      );
      const lab2 = `/api/v1/printers/${encodeURIComponent('ps1\\lab2')}`;
      assert.equal((await api.call('PUT', `${lab2}/access-groups/Staff`, write)).status, 204);
      assert.deepEqual((await api.call('GET', '/api/v1/printers/lab2', read)).json.accessGroups, ['Staff']);
      problem(await api.call('PUT', `${lab2}/access-groups/Nobody`, write), 404);
      const list = await api.call('GET', '/api/v1/printers', read);
      assert.deepEqual(
        list.json.items.map((p: { fullName: string }) => p.fullName),
        ['ps1\\lab2', 'ps1\\library'],
      );
      assert.equal((await api.call('DELETE', lab2, write)).status, 204);
      problem(await api.call('GET', lab2, read), 404);
      problem(await api.call('GET', '/api/v1/printers/nowhere', read), 404);
    });

    it('records jobs through the charging service: printed or denied (201 either way), filtered, paged and refunded', async () => {
      const { services } = api.t.app;
      await services.accounts.setBalance('carol', parseAmount('1'), 'Start', ACTOR);
      await services.accounts.update('carol', { restricted: 1 }, ACTOR);
      let response = await api.call('POST', '/api/v1/jobs', {
        ...write,
        body: {
          username: 'carol',
          printer: 'ps1\\library',
          pages: 3,
          colourPages: 1,
          documentName: 'Essay.pdf',
        },
      });
      assert.equal(response.status, 201, response.body);
      assert.equal(response.json.job.status, 'printed');
      assert.equal(response.json.job.cost, '0.7');
      assert.equal(response.json.job.origin, 'rest');
      assert.equal(response.json.balance, '0.3');
      const printedId = response.json.job.id;
      response = await api.call('POST', '/api/v1/jobs', {
        ...write,
        body: { username: 'carol', printer: 'library', pages: 10 },
      });
      assert.equal(response.status, 201, response.body);
      assert.equal(response.json.job.status, 'denied');
      assert.match(response.json.job.reason, /restricted/);
      assert.equal(response.json.balance, null);
      const deniedId = response.json.job.id;

      const jobsBefore = (await services.jobLog.page({}, 1000)).length;
      problem(
        await api.call('POST', '/api/v1/jobs', {
          ...write,
          body: { username: 'carol', printer: 'nowhere', pages: 1 },
        }),
        404,
      );
      problem(
        await api.call('POST', '/api/v1/jobs', {
          ...write,
          body: { username: 'nobody', printer: 'library', pages: 1 },
        }),
        404,
      );
      problem(
        await api.call('POST', '/api/v1/jobs', {
          ...write,
          body: { username: 'carol', printer: 'library', pages: 0 },
        }),
        400,
        'pages',
      );
      problem(
        await api.call('POST', '/api/v1/jobs', {
          ...write,
          body: { username: 'carol', printer: 'library', pages: 2, colourPages: 3 },
        }),
        400,
        'colorPages',
      );
      problem(
        await api.call('POST', '/api/v1/jobs', {
          ...write,
          body: { username: 'carol', printer: 'library', pages: '2' },
        }),
        400,
        'pages',
      );
      assert.equal((await services.jobLog.page({}, 1000)).length, jobsBefore, 'nothing written');

      const denied = await api.call('GET', '/api/v1/jobs?user=carol&status=denied', read);
      assert.deepEqual(
        denied.json.items.map((job: { status: string }) => job.status),
        ['denied'],
      );
      const page1 = await api.call('GET', `/api/v1/jobs?printer=${PRINTER}&limit=1`, read);
      const page2 = await api.call(
        'GET',
        `/api/v1/jobs?printer=${PRINTER}&limit=1&cursor=${page1.json.nextCursor}`,
        read,
      );
      assert.deepEqual([page1.json.items[0].id, page2.json.items[0].id], [deniedId, printedId]);
      assert.equal((await api.call('GET', '/api/v1/jobs?from=2999-01-01', read)).json.items.length, 0);
      problem(await api.call('GET', '/api/v1/jobs?user=nobody', read), 400, 'user');
      problem(await api.call('GET', '/api/v1/jobs?status=lost', read), 400, 'status');
      problem(await api.call('GET', '/api/v1/jobs?from=yesterday', read), 400, 'from');
      problem(await api.call('GET', '/api/v1/jobs?account=Nowhere', read), 400, 'account');

      problem(
        await api.call('POST', `/api/v1/jobs/${printedId}/refund`, {
          ...write,
          body: { amount: '0.8', comment: 'Jam' },
        }),
        400,
        'amount',
      );
      problem(
        await api.call('POST', `/api/v1/jobs/${printedId}/refund`, {
          ...write,
          body: { amount: '0.2', comment: LONG },
        }),
        400,
        'comment',
      );
      problem(
        await api.call('POST', '/api/v1/jobs/999999/refund', { ...write, body: { comment: 'Jam' } }),
        404,
      );
      response = await api.call('POST', `/api/v1/jobs/${printedId}/refund`, {
        ...write,
        body: { amount: '0.2', comment: 'Jam' },
      });
      assert.equal(response.status, 200, response.body);
      assert.deepEqual([response.json.status, response.json.refunded], ['refunded', '0.2']);
      response = await api.call('POST', `/api/v1/jobs/${printedId}/refund`, {
        ...write,
        body: { comment: 'The rest' },
      });
      assert.equal(response.json.refunded, '0.7');
      assert.equal((await api.call('GET', '/api/v1/users/carol/account', read)).json.balance, '1');
    });

    it("reads and changes a group's initial settings and quota, refusing bad values whole", async () => {
      let response = await api.call('GET', '/api/v1/groups/Staff/settings', read);
      assert.equal(response.status, 200, response.body);
      assert.deepEqual(response.json.quota, { amount: '0', period: 'none', cron: '', cap: null });
      response = await api.call('PUT', '/api/v1/groups/Staff/settings', {
        ...write,
        body: {
          newUserSettings: true,
          initialCredit: '2.5',
          quota: { amount: '5', period: 'weekly', cap: '20' },
        },
      });
      assert.equal(response.status, 200, response.body);
      assert.deepEqual(
        [response.json.initialCredit, response.json.quota.period, response.json.quota.cap],
        ['2.5', 'weekly', '20'],
      );
      problem(
        await api.call('PUT', '/api/v1/groups/Staff/settings', {
          ...write,
          body: { initialCredit: '9', quota: { period: 'hourly' } },
        }),
        400,
        'quota.period',
      );
      problem(
        await api.call('PUT', '/api/v1/groups/Staff/settings', {
          ...write,
          body: { initialCredit: '9', quota: { period: 'cron', cron: 'never' } },
        }),
        400,
        'quota.cron',
      );
      problem(
        await api.call('PUT', '/api/v1/groups/Staff/settings', {
          ...write,
          body: { initialCredit: '9', quota: { amount: '-1' } },
        }),
        400,
        'quota.amount',
      );
      problem(
        await api.call('PUT', '/api/v1/groups/Staff/settings', {
          ...write,
          body: { initialOverdraft: '1e99' },
        }),
        400,
        'initialOverdraft',
      );
      assert.equal(
        (await api.call('GET', '/api/v1/groups/Staff/settings', read)).json.initialCredit,
        '2.5',
        'nothing written',
      );
      response = await api.call('PUT', '/api/v1/groups/Staff/settings', {
        ...write,
        body: { quota: { cap: null } },
      });
      assert.equal(response.json.quota.cap, null);
      problem(await api.call('GET', '/api/v1/groups/Nobody/settings', read), 404);
      assert.deepEqual(secretsIn(api.bodies, ['1234']), []);
    });
  });
}
