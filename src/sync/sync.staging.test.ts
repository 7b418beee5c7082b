/**
 * A sync run's staging: tables of its own (sync-stage-tables.ts), apart from every other run's,
 * and a run stops when the database lost part of what it staged.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SourceRow } from '../db/schema.js';
import { parseUserLine } from '../directory/custom-program/custom-program.client.js';
import { customProgramKind } from '../directory/custom-program/custom-program.kind.js';
import { postgresSkip } from '../test-support/databases.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import { createSyncComparer } from './sync-compare.js';
import { createSyncCompareRepository } from './sync-compare.repository.js';
import { newReport, reportLine, type RunContext } from './sync-run.js';
import { toStageUser } from './sync-stage-user.js';
import { createSyncStageRepository } from './sync-stage.repository.js';
import { runStagingTables, usersProgram } from './sync.test-support.js';

const actor = { username: 'test', ip: '127.0.0.1' };

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`a sync run's staging [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
    let t: TestApp;
    let source: SourceRow;
    const sync = () => t.app.services.sync;
    const user = (name: string) => t.app.services.users.findByUsername(name);
    const runTables = () => runStagingTables(t.app.database);
    before(async () => {
      t = await startTestApp({ kind });
      const directory = usersProgram(`staging-${kind}`);
      directory.write(['alice\tAlice Adams\talice@example.org\tSales\tHQ\t1001']);
      source = await t.app.services.sources.add(
        customProgramKind,
        { name: 'Corporate Directory', program: directory.file },
        actor,
      );
    });
    after(() => t.close());

    it('stages two sources at once, each apart, and leaves no staging behind', async () => {
      const slow = usersProgram(`apart-${kind}`, 1);
      slow.write(['apart.one\tOne\t\t\t\t', 'apart.two\tTwo\t\t\t\t']);
      const slowSource = await t.app.services.sources.add(
        customProgramKind,
        { name: 'Apart', program: slow.file },
        actor,
      );
      const [a, b] = await Promise.all([
        sync().run(slowSource, { dryRun: false, actor }),
        sync().run(source, { dryRun: true, actor }),
      ]);
      assert.equal(a.status, 'succeeded', a.message);
      assert.equal(a.added, 2, a.message);
      assert.equal(b.status, 'succeeded', b.message);
      assert.ok(
        !b.lines.some((l) => l.username.startsWith('apart.')),
        'the other run saw only its own source',
      );
      assert.equal((await user('apart.one'))?.source_id, slowSource.id);
      assert.deepEqual(await runTables(), [], 'each run’s tables went with it');
    });

    it('stops, changing nothing, when the database lost staged rows (PostgreSQL restarted mid-run)', async () => {
      const stage = createSyncStageRepository(t.app.database);
      const compareRun = createSyncComparer({
        stage,
        compare: createSyncCompareRepository(t.app.database.db),
        sources: t.app.services.sources,
      });
      const report = newReport(987001, source.name, true);
      await stage.withRun(987001, async (staging) => {
        const entry = parseUserLine('lost.one\tLost One')!;
        const { row } = toStageUser(entry, 0, false);
        await stage.insertUsers(staging, [row]);
        const context: RunContext = {
          source,
          runId: 987001,
          staging,
          options: { dryRun: true, actor },
          report,
          line: reportLine(report),
          progress: async () => undefined,
          renewLease: async () => true,
        };
        // Two entries were read; one is staged.
        await assert.rejects(
          compareRun(context, { users: 2, groups: 0 }),
          /lost part of what this run had read/,
        );
      });
    });
  });
}
