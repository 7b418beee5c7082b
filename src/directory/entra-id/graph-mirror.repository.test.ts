/**
 * The mirror tables of a Microsoft Graph source, on SQLite and PostgreSQL: what a round's
 * `current` finds (this round's version first, then in a delta round the committed one), what
 * `commit` leaves, and that a large round leaves PostgreSQL statistics for the next run's reading.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { SourceRow } from '../../db/schema.js';
import { postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp } from '../../test-support/harness.js';
import { createSourcesRepository } from '../sources.repository.js';
import { createGraphMirrorRepository } from './graph-mirror.repository.js';
import type { GraphObject } from './graph.mirror.js';

const user = (n: number, name = `User ${n}`): GraphObject => ({
  id: `id-${String(n).padStart(5, '0')}`,
  displayName: name,
});
const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => user(from + i).id);

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(
    `the Graph mirror tables [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let source: SourceRow;
      const mirror = () => createGraphMirrorRepository(t.app.database.db).forSource(source.id);

      before(async () => {
        t = await startTestApp({ kind });
        const now = new Date().toISOString();
        source = await createSourcesRepository(t.app.database.db).insert({
          name: 'Contoso',
          kind: 'entra',
          config: '{}',
          priority: 1,
          created_at: now,
          updated_at: now,
        });
      });
      after(async () => t?.close());

      it('finds in a full round only what this round staged, over many ids at once', async () => {
        const round = await mirror().begin('users', 'full');
        await round.put(Array.from({ length: 700 }, (_, i) => ({ id: user(i).id, data: user(i) })));
        // 1,400 ids, half of them staged: more than one chunk of lookups on SQLite, one array on PostgreSQL.
        const found = await round.current([...ids(0, 1400), user(3).id]);
        assert.equal(found.size, 700);
        assert.deepEqual(found.get(user(699).id), user(699));
        assert.equal(found.has(user(700).id), false);
        await round.put([
          ...Array.from({ length: 700 }, (_, i) => ({ id: user(700 + i).id, data: user(700 + i) })),
          { id: user(5).id, data: user(5, 'Renamed in the same round') },
          { id: user(6).id, data: null },
        ]);
        const again = await round.current([user(5).id, user(6).id, user(1399).id, 'id-unknown']);
        assert.deepEqual(again.get(user(5).id), user(5, 'Renamed in the same round'));
        assert.equal(again.get(user(6).id), null, 'removed in this round: null, not absent');
        assert.deepEqual(again.get(user(1399).id), user(1399));
        assert.equal(again.has('id-unknown'), false);
        await round.commit('https://graph.example/v1.0/users/delta?$deltatoken=1', 'scope');
        const summary = await createGraphMirrorRepository(t.app.database.db).summary(source.id);
        assert.deepEqual([summary.users, summary.staged], [1399, 0]);
        if (kind !== 'postgres') return;
        // What ANALYZE leaves at once (the statistics views are updated later): the table's size.
        const { rows } = await sql<{ reltuples: number }>`select reltuples from pg_class
        where relname = 'directory_mirror'`.execute(t.app.database.db);
        assert.ok(Number(rows[0]?.reltuples) >= 1399, `reltuples ${rows[0]?.reltuples}`);
      });

      it('finds in a delta round this round’s version first, then the committed one', async () => {
        const round = await mirror().begin('users', 'delta');
        await round.put([
          { id: user(10).id, data: user(10, 'Changed') },
          { id: user(11).id, data: null },
          { id: 'id-new', data: { id: 'id-new', displayName: 'New' } },
        ]);
        const found = await round.current([...ids(8, 13), 'id-new', user(6).id, 'id-unknown']);
        assert.deepEqual(found.get(user(9).id), user(9), 'committed');
        assert.deepEqual(found.get(user(10).id), user(10, 'Changed'), 'staged over committed');
        assert.equal(found.get(user(11).id), null);
        assert.deepEqual(found.get('id-new'), { id: 'id-new', displayName: 'New' });
        assert.equal(found.has(user(6).id), false, 'removed by the last round');
        assert.equal(found.has('id-unknown'), false);
        assert.equal((await round.current([])).size, 0);
        await round.discard();
        const full = await mirror().begin('users', 'full');
        assert.equal((await full.current([user(9).id])).size, 0, 'a full round sees only its own');
        await full.discard();
        const groups = await mirror().begin('groups', 'delta');
        assert.equal((await groups.current([user(9).id])).size, 0, 'a user is not a group');
        await groups.discard();
        const page = (await mirror().objects('users', 2000)[Symbol.asyncIterator]().next())
          .value as GraphObject[];
        assert.deepEqual(
          page.find((o) => o.id === user(10).id),
          user(10),
          'a discarded round changes nothing',
        );
      });
    },
  );
}
