/**
 * Quick find anywhere follows a directory sync: users it adds, renames and deletes (written by
 * sync's own bulk SQL, not the users repository) are found, found by their new details, and gone.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { SourceRow } from '../db/schema.js';
import { customProgramKind } from '../directory/custom-program/custom-program.kind.js';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';

const actor = { username: 'test', ip: '127.0.0.1' };
const dir = mkdtempSync(path.join(os.tmpdir(), 'quire-search-sync-'));

/** A custom user program listing the lines of `<name>.tsv` (username, full name, email, department…). */
function directory(name: string) {
  const data = path.join(dir, `${name}.tsv`);
  const file = path.join(dir, `${name}.sh`);
  writeFileSync(
    file,
    `#!/bin/sh\ncase "$2" in\n  is-valid) echo Y ;;\n  all-users) cat "${data}" ;;\n  all-groups) ;;\n  *) exit 1 ;;\nesac\n`,
  );
  chmodSync(file, 0o755);
  return { file, write: (lines: string[]) => writeFileSync(data, lines.join('\n') + '\n') };
}

for (const kind of DATABASE_KINDS) {
  describe(
    `quick find anywhere after a directory sync [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let source: SourceRow;
      const source_ = directory(`dir-${kind}`);
      const sync = async () => {
        const report = await t.app.services.sync.run(source, { dryRun: false, actor });
        assert.equal(report.status, 'succeeded', report.message);
      };
      const find = async (query: string) =>
        (await t.app.services.users.search({ query })).rows.map((row) => row.username);

      before(async () => {
        t = await startTestApp({ kind });
        source = await t.app.services.sources.add(
          customProgramKind,
          { name: 'Corporate Directory', program: source_.file },
          actor,
        );
        await t.app.services.sources.updateSyncOptions(
          source.id,
          {
            missingPolicy: 'delete',
            maxRemovals: 500,
            maxRemovalsPercent: 100,
            schedule: '',
            importDisabled: false,
            importGroups: [],
          },
          actor,
        );
        source = (await t.app.services.sources.findById(source.id))!;
      });
      after(() => t.close());

      it('finds users a sync adds, changes and deletes by what they are now', async () => {
        source_.write([
          'mruiz\tMaría Ruiz-Smith\tmaria@north.example\tFinance\tHQ\t5550123',
          'tkato\tTaro Kato\ttaro@south.example\tLogistics\tAnnex\t5550456',
        ]);
        await sync();
        assert.deepEqual(await find('maria smith'), []);
        assert.deepEqual(await find('ruiz-smith'), ['mruiz']);
        assert.deepEqual(await find('MARIA'), ['mruiz']);
        assert.deepEqual(await find('gistic'), ['tkato']);

        source_.write(['mruiz\tMaría Ruiz\tmaria@west.example\tAudit\tHQ\t5550123']);
        await sync();
        assert.deepEqual(await find('smith'), []);
        assert.deepEqual(await find('west.exa'), ['mruiz']);
        assert.deepEqual(await find('audit'), ['mruiz']);
        assert.deepEqual(await find('kato'), [], 'deleted by the sync');
      });

      it('leaves PostgreSQL statistics of the search rows after a sync adds many users', async () => {
        const many = Array.from(
          { length: 1500 },
          (_, k) => `crowd${k}\tCrowd Person ${k}\t\tFloor ${k % 7}\t\t`,
        );
        source_.write(many);
        await sync();
        assert.deepEqual(await find('person 1234'), ['crowd1234']);
        if (kind !== 'postgres') return;
        // What ANALYZE leaves, at once (the statistics views are updated later): the table's size.
        const { rows } = await sql<{ reltuples: number }>`select reltuples from pg_class
          where relname = 'users_search_rows'`.execute(t.app.database.db);
        assert.ok(Number(rows[0]?.reltuples) >= 1500, `reltuples ${rows[0]?.reltuples}`);
      });
    },
  );
}
