import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { NotFoundError, ValidationError } from '../errors.js';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import { assertLedgerSums } from './accounting.test-support.js';

const ACTOR = { username: 'admin', ip: '127.0.0.1' };

for (const kind of DATABASE_KINDS) {
  describe(
    `Shared accounts service [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      const clock = { at: new Date('2026-12-02T10:00:00.000Z'), now: () => clock.at };
      const shared = () => t.app.services.sharedAccounts;
      const names = (rows: { name: string | null }[]) => rows.map((row) => row.name);

      before(async () => {
        t = await startTestApp({ kind, ports: { clock } });
        for (const name of ['Science', 'Science\\Physics', 'Art', 'Sports_Club', 'Sports!Day', 'ÉCOLE'])
          await shared().add(name, ACTOR);
        await shared().adjust('Art', 30_000, 'Budget', ACTOR);
        await shared().adjust('Science\\Physics', 10_000, 'Budget', ACTOR);
      });
      afterEach(() => assertLedgerSums(t.app.services));
      after(() => t?.close());

      it('finds accounts by any part of the name, letter case aside, with LIKE wildcards taken literally', async () => {
        assert.deepEqual(names((await shared().search({ name: 'SCI' })).rows), [
          'Science',
          'Science\\Physics',
        ]);
        assert.deepEqual(names((await shared().search({ name: 'phys' })).rows), ['Science\\Physics']);
        assert.deepEqual(names((await shared().search({ name: '_' })).rows), ['Sports_Club']);
        assert.deepEqual(names((await shared().search({ name: '!' })).rows), ['Sports!Day']);
        assert.deepEqual(names((await shared().search({ name: '%' })).rows), []);
        assert.deepEqual(names((await shared().search({ name: 'École' })).rows), ['ÉCOLE']);
      });

      it('sorts by balance with ties by name, and pages with an offset', async () => {
        const { rows } = await shared().search({ sort: 'balance', descending: true });
        assert.deepEqual(names(rows).slice(0, 3), ['Art', 'Science\\Physics', 'Science']);
        // Only names every collation orders alike (PostgreSQL's may skip punctuation and accents).
        const first = await shared().search({ name: 'sci', limit: 1 });
        const second = await shared().search({ name: 'sci', limit: 1, offset: 1 });
        assert.deepEqual([names(first.rows), first.hasMore], [['Science'], true]);
        assert.deepEqual([names(second.rows), second.hasMore], [['Science\\Physics'], false]);
      });

      it('finds a shared account by id, and no personal one', async () => {
        const art = await shared().require('Art');
        assert.equal((await shared().requireById(art.id)).name, 'Art');
        await t.createUser({ username: 'alice', password: 'lantern-orchid-93' });
        const personal = await t.app.services.accounts.accountOf('alice');
        await assert.rejects(shared().requireById(personal.account.id), NotFoundError);
        await assert.rejects(shared().requireById(999_999), NotFoundError);
      });

      it('edits name, parent and settings at once, moving an account and renaming its sub-accounts', async () => {
        await shared().add('Chemistry', ACTOR);
        await shared().edit(
          'Chemistry',
          { name: 'Science\\Chemistry', settings: { pin: '12', notes: 'Lab' } },
          ACTOR,
        );
        const moved = await shared().require('Science\\Chemistry');
        assert.equal(moved.parent_id, (await shared().require('Science')).id);
        assert.deepEqual([moved.pin, moved.notes], ['12', 'Lab']);
        await shared().edit('Science\\Chemistry', { name: 'Chemistry', settings: {} }, ACTOR);
        assert.equal((await shared().require('Chemistry')).parent_id, null, 'back to the top level');
        await shared().edit('Science', { name: 'Natural Science', settings: { restricted: 1 } }, ACTOR);
        assert.equal((await shared().require('Natural Science\\Physics')).balance, 10_000);
        const audit = await t.app.services.audit.list({ limit: 5 });
        assert.ok(audit.some((entry) => entry.action === 'shared-account.rename'));
      });

      it('refuses a bad edit with every problem at once and writes nothing', async () => {
        const before = await shared().require('Art');
        const refusals: [string, Record<string, unknown>, string[]][] = [
          ['Nowhere\\Art', { overdraft: -1 }, ['parent', 'overdraft']],
          ['Art\\Art', {}, ['parent']],
          ['Natural Science', { pin: 'a\nb' }, ['name', 'pin']],
          ['', { notes: 'x'.repeat(1001) }, ['name', 'notes']],
        ];
        for (const [name, settings, fields] of refusals) {
          const error = await shared()
            .edit('Art', { name, settings }, ACTOR)
            .catch((e: unknown) => e);
          assert.ok(error instanceof ValidationError, name);
          assert.deepEqual(Object.keys(error.fields).sort(), fields.sort(), name);
        }
        const parentWithChildren = await shared()
          .edit('Natural Science', { name: 'Art\\Science', settings: {} }, ACTOR)
          .catch((e: unknown) => e);
        assert.ok(parentWithChildren instanceof ValidationError);
        assert.match(parentWithChildren.fields.parent ?? '', /has sub-accounts/);
        assert.deepEqual(await shared().require('Art'), before);
        assert.ok(await shared().exists('Natural Science\\Physics'));
      });

      it('refuses a new account with bad settings, naming every problem, and opens nothing', async () => {
        const error = await shared()
          .add('Drama', ACTOR, { overdraft: -1, pin: 'a\u0000b', notes: 'x'.repeat(1001) })
          .catch((e: unknown) => e);
        assert.ok(error instanceof ValidationError);
        assert.deepEqual(Object.keys(error.fields).sort(), ['notes', 'overdraft', 'pin']);
        assert.equal(await shared().exists('Drama'), false);
      });

      it('keeps PaperCut’s rename rule: a plain rename never moves an account', async () => {
        await assert.rejects(shared().rename('Art', 'Natural Science\\Art', ACTOR), /stays under its parent/);
        await assert.rejects(
          shared().rename('Natural Science\\Physics', 'Art\\Physics', ACTOR),
          /keeps its parent/,
        );
      });

      it('shows a timed disable only while it lasts', async () => {
        await shared().disable('Art', 30, ACTOR);
        const art = await shared().require('Art');
        assert.equal(shared().present(art).disabledUntil, '2026-12-02T10:30:00.000Z');
        clock.at = new Date('2026-12-02T11:00:00.000Z');
        assert.equal(shared().present(art).disabledUntil, null);
        assert.deepEqual(
          [
            shared().present(art).parent,
            shared().present(await shared().require('Natural Science\\Physics')).ownName,
          ],
          [null, 'Physics'],
        );
      });
    },
  );
}
