import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { SourceRow } from '../db/schema.js';
import { postgresSkip } from '../test-support/databases.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';

const actor = { username: 'test', ip: '127.0.0.1' };
const dir = mkdtempSync(path.join(os.tmpdir(), 'quire-sync-'));

/** Writes a user program that prints the content of `users.tsv` beside it (or fails). */
function program(name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

function usersProgram(name: string) {
  const data = path.join(dir, `${name}.tsv`);
  const file = program(`${name}.sh`, `case "$2" in\n  is-valid) echo Y ;;\n  all-users) cat "${data}" ;;\n  all-groups) if [ -f "${data}.groups" ]; then cut -f1 "${data}.groups"; fi ;;\n  group-member-names) grep "^$3\t" "${data}.groups" | cut -f2 | tr ',' '\\n' ;;\n  *) exit 1 ;;\nesac`);
  return { file, write: (lines: string[]) => writeFileSync(data, lines.join('\n') + '\n'), groups: (lines: string[]) => writeFileSync(`${data}.groups`, lines.join('\n') + '\n') };
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`synchronizing users from a custom program [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
    let t: TestApp;
    let source: SourceRow;
    const directory = usersProgram(`dir-${kind}`);
    before(async () => {
      t = await startTestApp({ kind });
      directory.write(['alice\tAlice Adams\talice@example.org\tSales\tHQ\t1001', 'bob\tBob Brown\tbob@example.org\tIT\tAnnex\t1002']);
      source = await t.app.services.sources.addCustom({ name: `Corporate Directory`, program: directory.file }, actor);
    });
    after(() => t.close());

    const usernames = async () => (await t.app.database.db.selectFrom('users').select('username').orderBy('username').execute()).map((r) => r.username);

    it('changes nothing on a dry run but reports what it would do', async () => {
      const report = await t.app.services.sync.run(source, { dryRun: true, actor });
      assert.equal(report.status, 'succeeded');
      assert.equal(report.added, 2);
      assert.match(report.message, /would add 2/);
      assert.deepEqual(await usernames(), []);
    });

    it('imports new users as standard users without a password', async () => {
      const report = await t.app.services.sync.run(source, { dryRun: false, actor });
      assert.deepEqual([report.added, report.updated, report.unchanged, report.errors], [2, 0, 0, 0]);
      const alice = await t.app.services.users.findByUsername('alice');
      assert.equal(alice?.source_id, source.id);
      assert.equal(alice?.password_hash, null);
      assert.equal(alice?.full_name, 'Alice Adams');
      assert.equal(alice?.card_number, '1001');
    });

    it('updates changed details and counts the rest unchanged', async () => {
      directory.write(['alice\tAlice Adams-Smith\talice@example.org\tSales\tHQ\t1001', 'bob\tBob Brown\tbob@example.org\tIT\tAnnex\t1002']);
      const report = await t.app.services.sync.run(source, { dryRun: false, actor });
      assert.deepEqual([report.added, report.updated, report.unchanged], [0, 1, 1]);
      assert.equal((await t.app.services.users.findByUsername('alice'))?.full_name, 'Alice Adams-Smith');
      const stored = await t.app.services.sync.findRun(report.runId);
      assert.equal(stored?.status, 'succeeded');
      assert.equal(stored?.updated, 1);
    });

    it('reports a name taken by an internal user as a conflict and leaves that user alone', async () => {
      await t.createUser({ username: 'carol', password: 'meadow-falcon-2210', fullName: 'Internal Carol' });
      directory.write(['alice\tAlice Adams-Smith\talice@example.org\tSales\tHQ\t1001', 'bob\tBob Brown\tbob@example.org\tIT\tAnnex\t1002', 'Carol\tCarol from Directory\tc@example.org\t\t\t']);
      const report = await t.app.services.sync.run(source, { dryRun: false, actor });
      assert.equal(report.errors, 1);
      assert.ok(report.lines.some((l) => l.kind === 'conflict' && l.username === 'carol'));
      const carol = await t.app.services.users.findByUsername('carol');
      assert.equal(carol?.source_id, null);
      assert.equal(carol?.full_name, 'Internal Carol');
    });

    it('reports invalid usernames line by line and imports the rest', async () => {
      directory.write(['alice\tAlice Adams-Smith\talice@example.org\tSales\tHQ\t1001', 'bob\tBob Brown\tbob@example.org\tIT\tAnnex\t1002', 'bad/name\tBad\t\t\t\t', 'dave\tDave Dale\t\t\t\t']);
      const report = await t.app.services.sync.run(source, { dryRun: false, actor });
      assert.equal(report.added, 1);
      assert.ok(report.lines.some((l) => l.kind === 'error' && l.username === 'bad/name'));
      assert.ok((await usernames()).includes('dave'));
    });

    it('keeps users the program no longer lists', async () => {
      directory.write(['alice\tAlice Adams-Smith\talice@example.org\tSales\tHQ\t1001']);
      const report = await t.app.services.sync.run(source, { dryRun: false, actor });
      assert.equal(report.missing, 2);
      assert.ok((await usernames()).includes('bob'));
    });

    it('changes nothing when the program fails or prints nothing', async () => {
      const before = await usernames();
      const failing = await t.app.services.sources.addCustom({ name: 'Failing', program: program(`fail-${kind}.sh`, 'echo "directory unreachable" >&2; exit 3') }, actor);
      const failed = await t.app.services.sync.run(failing, { dryRun: false, actor });
      assert.equal(failed.status, 'failed');
      assert.match(failed.message, /3/);
      const empty = await t.app.services.sources.addCustom({ name: 'Empty', program: program(`empty-${kind}.sh`, '[ "$2" = is-valid ] && echo Y; exit 0') }, actor);
      const nobody = await t.app.services.sync.run(empty, { dryRun: false, actor });
      assert.equal(nobody.status, 'failed');
      assert.deepEqual(await usernames(), before);
    });

    it('rolls back the whole run when the database fails mid-write', async () => {
      const db = t.app.database.db;
      if (kind === 'sqlite') {
        await sql`CREATE TRIGGER boom BEFORE INSERT ON users WHEN NEW.username = 'zz-boom' BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`.execute(db);
      } else {
        await sql`CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN IF NEW.username = 'zz-boom' THEN RAISE EXCEPTION 'simulated failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`.execute(db);
        await sql`CREATE TRIGGER boom BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION boom()`.execute(db);
      }
      const many = Array.from({ length: 700 }, (_, i) => `bulk${String(i).padStart(4, '0')}\tBulk ${i}\t\t\t\t`);
      directory.write(['alice\tAlice Changed\talice@example.org\tSales\tHQ\t1001', ...many, 'zz-boom\tBoom\t\t\t\t']);
      const before = await usernames();
      const report = await t.app.services.sync.run(source, { dryRun: false, actor });
      assert.equal(report.status, 'failed');
      assert.match(report.message, /Nothing was changed/);
      assert.deepEqual(await usernames(), before);
      assert.equal((await t.app.services.users.findByUsername('alice'))?.full_name, 'Alice Adams-Smith');
      await sql`DROP TRIGGER boom ${sql.raw(kind === 'postgres' ? 'ON users' : '')}`.execute(db);
    });

    it('imports groups and their members', async () => {
      directory.write(['alice\tAlice Adams-Smith\talice@example.org\tSales\tHQ\t1001', 'bob\tBob Brown\tbob@example.org\tIT\tAnnex\t1002']);
      directory.groups(['Staff\talice,bob', 'Research Team\tbob']);
      const report = await t.app.services.sync.run(source, { dryRun: false, actor });
      assert.equal(report.groups, 2);
      const members = await t.app.database.db
        .selectFrom('group_members')
        .innerJoin('groups', 'groups.id', 'group_members.group_id')
        .innerJoin('users', 'users.id', 'group_members.user_id')
        .select(['groups.name', 'users.username'])
        .orderBy('groups.name')
        .orderBy('users.username')
        .execute();
      assert.deepEqual(members.map((m) => `${m.name}:${m.username}`), ['Research Team:bob', 'Staff:alice', 'Staff:bob']);
    });

    it('refuses a second run of the same source while one is running', async () => {
      const results = await Promise.allSettled([t.app.services.sync.run(source, { dryRun: true, actor }), t.app.services.sync.run(source, { dryRun: true, actor })]);
      assert.equal(results.filter((r) => r.status === 'rejected').length, 1);
    });
  });
}
