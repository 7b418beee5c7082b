import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../accounts/accounting.test-support.js';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { LONG, problem, READ, startAccountingApi, WRITE } from './accounting-api.test-support.js';
import type { ApiResponse, ApiTestApp } from './api.test-support.js';

for (const kind of DATABASE_KINDS) {
  describe(
    `REST API: accounts and shared accounts [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let api: ApiTestApp;
      const read = READ;
      const write = WRITE;
      const ledgerRows = async (username: string) =>
        (await api.t.app.services.accounts.transactions(username, 1000)).length;

      before(async () => {
        api = await startAccountingApi(kind);
      });
      afterEach(() => assertLedgerSums(api.t.app.services));
      after(() => api.close());

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
          await api.call('PUT', '/api/v1/users/bob/account', {
            ...write,
            body: { balance: '7', surprise: 1 },
          }),
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
        problem(
          await api.call('PATCH', '/api/v1/shared-accounts/Science', {
            ...write,
            body: { name: 'Sciences', notes: 'n'.repeat(1001) },
          }),
          400,
        );
        assert.equal(
          (await api.call('GET', '/api/v1/shared-accounts/Science', read)).status,
          200,
          'a refused field refuses the whole change: the rename is not written either',
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
          (
            await api.call(
              'DELETE',
              `/api/v1/shared-accounts/${encodeURIComponent('Science\\Physics')}`,
              write,
            )
          ).status,
          204,
        );
        problem(
          await api.call('GET', `/api/v1/shared-accounts/${encodeURIComponent('Science\\Physics')}`, read),
          404,
        );
      });
    },
  );
}
