import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../accounts/accounting.test-support.js';
import { parseAmount } from '../accounts/money.js';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { LONG, PRINTER, problem, READ, startAccountingApi, WRITE } from './accounting-api.test-support.js';
import { ACTOR, secretsIn, type ApiTestApp } from './api.test-support.js';

for (const kind of DATABASE_KINDS) {
  describe(
    `REST API: printers, jobs and group settings [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let api: ApiTestApp;
      const read = READ;
      const write = WRITE;

      before(async () => {
        api = await startAccountingApi(kind);
      });
      afterEach(() => assertLedgerSums(api.t.app.services));
      after(() => api.close());

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
          await api.call('POST', '/api/v1/printers', {
            ...write,
            body: { name: 'cheap', costPerPage: '-1' },
          }),
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
          [
            response.json.fullName,
            response.json.costPerPage,
            response.json.location,
            response.json.sizeCosts,
          ],
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
    },
  );
}
