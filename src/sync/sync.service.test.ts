import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import type { SourceRow } from '../db/schema.js';
import { postgresSkip } from '../test-support/databases.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import { removalLimit } from './sync-compare.js';
import { program, runStagingTables, usersProgram } from './sync.test-support.js';
import { customProgramKind } from '../directory/custom-program/custom-program.kind.js';

const actor = { username: 'test', ip: '127.0.0.1' };
const ALICE = 'alice\tAlice Adams\talice@example.org\tSales\tHQ\t1001';
const BOB = 'bob\tBob Brown\tbob@example.org\tIT\tAnnex\t1002';

describe('removal limit', () => {
  it('is the smaller of the count and the percentage of the source’s users', () => {
    assert.equal(removalLimit({ max_removals: 500, max_removals_percent: 10 }, 100_000), 500);
    assert.equal(removalLimit({ max_removals: 500, max_removals_percent: 10 }, 1_000), 100);
    assert.equal(removalLimit({ max_removals: 500, max_removals_percent: 10 }, 5), 0);
    assert.equal(removalLimit({ max_removals: 3, max_removals_percent: 100 }, 5), 3);
  });
});

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(
    `synchronizing users from a custom program [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let source: SourceRow;
      const directory = usersProgram(`dir-${kind}`);
      const sync = () => t.app.services.sync;
      const reload = async () => (source = (await t.app.services.sources.findById(source.id))!);
      const setOptions = async (
        options: Partial<{
          missingPolicy: string;
          maxRemovals: number;
          maxRemovalsPercent: number;
          importGroups: string[];
        }>,
      ) => {
        await t.app.services.sources.updateSyncOptions(
          source.id,
          {
            missingPolicy: 'disable',
            maxRemovals: 500,
            maxRemovalsPercent: 10,
            schedule: '',
            importDisabled: false,
            importGroups: [],
            ...options,
          },
          actor,
        );
        await reload();
      };
      before(async () => {
        t = await startTestApp({ kind });
        directory.write([ALICE, BOB]);
        source = await t.app.services.sources.add(
          customProgramKind,
          { name: `Corporate Directory`, program: directory.file },
          actor,
        );
      });
      after(() => t.close());

      const usernames = async () =>
        (await t.app.database.db.selectFrom('users').select('username').orderBy('username').execute()).map(
          (r) => r.username,
        );
      const user = (name: string) => t.app.services.users.findByUsername(name);
      /** Staging tables of runs (sync_stage_users_r12 …) that exist now. */
      const runTables = () => runStagingTables(t.app.database);

      it('changes nothing on a dry run but reports what it would do and the first users found', async () => {
        const report = await sync().run(source, { dryRun: true, actor });
        assert.equal(report.status, 'succeeded');
        assert.equal(report.added, 2);
        assert.match(report.message, /would add 2/);
        assert.deepEqual(
          report.samples.users.map((u) => u.username),
          ['alice', 'bob'],
        );
        assert.deepEqual(await usernames(), []);
      });

      it('imports new users as standard users without a password', async () => {
        const report = await sync().run(source, { dryRun: false, actor });
        assert.deepEqual([report.added, report.updated, report.unchanged, report.errors], [2, 0, 0, 0]);
        const alice = await user('alice');
        assert.equal(alice?.source_id, source.id);
        assert.equal(alice?.password_hash, null);
        assert.equal(alice?.full_name, 'Alice Adams');
        assert.equal(alice?.card_number, '1001');
      });

      it('updates changed details and counts the rest unchanged', async () => {
        directory.write(['alice\tAlice Adams-Smith\talice@example.org\tSales\tHQ\t1001', BOB]);
        const report = await sync().run(source, { dryRun: false, actor });
        assert.deepEqual([report.added, report.updated, report.unchanged], [0, 1, 1]);
        assert.equal((await user('alice'))?.full_name, 'Alice Adams-Smith');
        assert.equal((await user('alice'))?.full_name_key, 'alice adams-smith');
        const stored = await sync().findRun(report.runId);
        assert.equal(stored?.status, 'succeeded');
        assert.equal(stored?.updated, 1);
        assert.ok(
          report.lines.some(
            (l) => l.kind === 'updated' && l.username === 'alice' && /full_name/.test(l.detail),
          ),
        );
      });

      it('reports a name taken by an internal user as a conflict, and converts that user when an administrator chooses to', async () => {
        await t.createUser({ username: 'carol', password: 'meadow-falcon-2210', fullName: 'Internal Carol' });
        directory.write([
          'alice\tAlice Adams-Smith\talice@example.org\tSales\tHQ\t1001',
          BOB,
          'Carol\tCarol from Directory\tc@example.org\t\t\t',
        ]);
        const report = await sync().run(source, { dryRun: false, actor });
        assert.equal(report.conflicts, 1);
        const conflict = report.lines.find((l) => l.kind === 'conflict' && l.username === 'carol');
        assert.equal(conflict?.externalId, 'carol');
        let carol = await user('carol');
        assert.equal(carol?.source_id, null);
        assert.equal(carol?.full_name, 'Internal Carol');

        await sync().convertConflict(report.runId, 'carol', actor);
        carol = await user('carol');
        assert.equal(carol?.source_id, source.id);
        assert.equal(carol?.password_hash, null);
        const next = await sync().run(source, { dryRun: false, actor });
        assert.equal(next.conflicts, 0);
        assert.equal((await user('carol'))?.full_name, 'Carol from Directory');
        assert.equal((await t.app.services.audit.list({ action: 'user.convert' }))[0]?.target, 'carol');
      });

      it('reports invalid usernames line by line, imports the rest, and does not treat a listed-but-invalid user as gone', async () => {
        directory.write([
          'alice\tAlice Adams-Smith\tnot-an-email\tSales\tHQ\t1001',
          BOB,
          'Carol\tCarol from Directory\tc@example.org\t\t\t',
          'bad/name\tBad\t\t\t\t',
          'dave\tDave Dale\t\t\t\t',
        ]);
        const report = await sync().run(source, { dryRun: false, actor });
        assert.equal(report.status, 'succeeded', report.message);
        assert.equal(report.added, 1);
        assert.ok(report.lines.some((l) => l.kind === 'error' && l.username === 'bad/name'));
        assert.ok(report.lines.some((l) => l.kind === 'error' && l.username === 'alice'));
        assert.equal(report.disabled, 0);
        assert.equal((await user('alice'))?.disabled, 0);
        assert.equal((await user('alice'))?.email, 'alice@example.org');
        assert.ok((await usernames()).includes('dave'));
      });

      it('reports a user listed twice once, as an error', async () => {
        directory.write([
          ALICE,
          BOB,
          'Carol\tCarol from Directory\tc@example.org\t\t\t',
          'dave\tDave Dale\t\t\t\t',
          'DAVE\tDave Again\t\t\t\t',
        ]);
        const report = await sync().run(source, { dryRun: false, actor });
        assert.equal(report.status, 'succeeded');
        assert.ok(
          report.lines.some((l) => l.kind === 'error' && l.username === 'dave' && /twice/.test(l.detail)),
        );
        assert.equal((await user('dave'))?.full_name, 'Dave Dale');
      });

      it('stops before changing anything when a run would disable more users than the limit', async () => {
        directory.write(['alice\tAlice Blocked\talice@example.org\tSales\tHQ\t1001', BOB]); // carol and dave are gone: 2 of 4 (50 %) > 10 %
        const report = await sync().run(source, { dryRun: false, actor });
        assert.equal(report.status, 'failed');
        assert.equal(report.thresholdExceeded, true);
        assert.match(report.message, /Stopped before changing anything: this run would disable 2 of 4 users/);
        assert.equal((await user('carol'))?.disabled, 0);
        assert.equal((await user('alice'))?.full_name, 'Alice Adams', 'the detail change waits too');
        const stored = await sync().findRun(report.runId);
        assert.equal(stored?.threshold_exceeded, 1);
      });

      it('disables users no longer listed when allowed to exceed the limit once, signs them out, and audits it', async () => {
        const session = await t.app.services.sessions.create((await user('dave'))!.id, {
          ip: '127.0.0.1',
          userAgent: 'test',
        });
        const report = await sync().run(source, { dryRun: false, actor, overrideThreshold: true });
        assert.equal(report.status, 'succeeded', report.message);
        assert.equal(report.disabled, 2);
        const dave = await user('dave');
        assert.equal(dave?.disabled, 1);
        assert.equal(dave?.sync_disabled, 1);
        assert.ok(dave?.missing_since);
        assert.equal(await t.app.services.sessions.resolve(session.token), null);
        assert.ok((await t.app.services.audit.list({ action: 'sync.threshold_override' })).length >= 1);
        assert.ok(
          (await t.app.services.audit.list({ action: 'user.disable' })).some((e) => e.target === 'dave'),
        );
      });

      it('enables a user it disabled when the directory lists them again, but not one an administrator disabled', async () => {
        await t.app.services.users.setDisabled('bob', true, actor);
        directory.write([ALICE, BOB, 'dave\tDave Dale\t\t\t\t']);
        const report = await sync().run(source, { dryRun: false, actor });
        assert.equal(report.status, 'succeeded', report.message);
        assert.ok(report.lines.some((l) => l.kind === 'enabled' && l.username === 'dave'));
        assert.equal((await user('dave'))?.disabled, 0);
        assert.equal((await user('dave'))?.missing_since, null);
        assert.equal((await user('bob'))?.disabled, 1);
        await t.app.services.users.setDisabled('bob', false, actor);
      });

      it('keeps users no longer listed under the keep policy, marking since when', async () => {
        await setOptions({ missingPolicy: 'keep' });
        directory.write([ALICE, BOB]);
        const report = await sync().run(source, { dryRun: false, actor });
        assert.equal(report.status, 'succeeded', report.message);
        assert.equal(report.missing, 2);
        assert.equal(report.disabled, 0);
        assert.equal((await user('dave'))?.disabled, 0);
        assert.ok((await user('dave'))?.missing_since);
      });

      it('deletes users no longer listed under the delete policy, within a configured limit', async () => {
        await setOptions({ missingPolicy: 'delete', maxRemovals: 2, maxRemovalsPercent: 100 });
        const report = await sync().run(source, { dryRun: false, actor });
        assert.equal(report.status, 'succeeded', report.message);
        assert.equal(report.deleted, 2);
        assert.deepEqual(await usernames(), ['alice', 'bob']);
        assert.ok(
          (await t.app.services.audit.list({ action: 'user.delete' })).some((e) => e.target === 'dave'),
        );
      });

      it('changes nothing when the program fails or prints nothing', async () => {
        const before = await usernames();
        const failing = await t.app.services.sources.add(
          customProgramKind,
          {
            name: 'Failing',
            program: program(`fail-${kind}.sh`, 'echo "directory unreachable" >&2; exit 3'),
          },
          actor,
        );
        const failed = await sync().run(failing, { dryRun: false, actor });
        assert.equal(failed.status, 'failed');
        assert.match(failed.message, /3/);
        const empty = await t.app.services.sources.add(
          customProgramKind,
          { name: 'Empty', program: program(`empty-${kind}.sh`, '[ "$2" = is-valid ] && echo Y; exit 0') },
          actor,
        );
        const nobody = await sync().run(empty, { dryRun: false, actor });
        assert.equal(nobody.status, 'failed');
        assert.deepEqual(await usernames(), before);
        const staged = await t.app.database.db.selectFrom('sync_stage_users').select('run_id').execute();
        assert.equal(staged.length, 0, 'staging rows are cleared after every run');
      });

      it('rolls back the whole run when the database fails mid-write', async () => {
        const db = t.app.database.db;
        if (kind === 'sqlite') {
          await sql`CREATE TRIGGER boom BEFORE INSERT ON users WHEN NEW.username = 'zz-boom' BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`.execute(
            db,
          );
        } else {
          await sql`CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN IF NEW.username = 'zz-boom' THEN RAISE EXCEPTION 'simulated failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`.execute(
            db,
          );
          await sql`CREATE TRIGGER boom BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION boom()`.execute(
            db,
          );
        }
        await setOptions({ missingPolicy: 'disable', maxRemovals: 500, maxRemovalsPercent: 100 });
        const many = Array.from(
          { length: 700 },
          (_, i) => `bulk${String(i).padStart(4, '0')}\tBulk ${i}\t\t\t\t`,
        );
        directory.write([
          'alice\tAlice Changed\talice@example.org\tSales\tHQ\t1001',
          ...many,
          'zz-boom\tBoom\t\t\t\t',
        ]); // bob is gone too
        const before = await usernames();
        const report = await sync().run(source, { dryRun: false, actor });
        assert.equal(report.status, 'failed');
        assert.match(report.message, /Nothing was changed/);
        assert.deepEqual(await usernames(), before);
        assert.equal((await user('alice'))?.full_name, 'Alice Adams');
        assert.equal((await user('bob'))?.disabled, 0);
        await sql`DROP TRIGGER boom ${sql.raw(kind === 'postgres' ? 'ON users' : '')}`.execute(db);
      });

      it('imports groups and their members, and follows membership changes', async () => {
        directory.write([ALICE, BOB]);
        directory.groups(['Staff\talice,bob', 'Research Team\tbob']);
        const report = await sync().run(source, { dryRun: false, actor });
        assert.equal(report.status, 'succeeded', report.message);
        assert.equal(report.groups, 2);
        assert.deepEqual(report.samples.groups, [
          { name: 'Research Team', members: 1 },
          { name: 'Staff', members: 2 },
        ]);
        const members = async () =>
          (
            await t.app.database.db
              .selectFrom('group_members')
              .innerJoin('groups', 'groups.id', 'group_members.group_id')
              .innerJoin('users', 'users.id', 'group_members.user_id')
              .select(['groups.name', 'users.username'])
              .orderBy('groups.name')
              .orderBy('users.username')
              .execute()
          ).map((m) => `${m.name}:${m.username}`);
        assert.deepEqual(await members(), ['Research Team:bob', 'Staff:alice', 'Staff:bob']);
        directory.groups(['Staff\talice', 'Printing\tbob']);
        await sync().run(source, { dryRun: false, actor });
        assert.deepEqual(await members(), ['Printing:bob', 'Staff:alice']);
      });

      it('imports only members of the selected groups when asked, treating the others as gone', async () => {
        await setOptions({ importGroups: ['staff'], maxRemovalsPercent: 100 });
        const report = await sync().run(source, { dryRun: true, actor });
        assert.equal(report.status, 'succeeded', report.message);
        assert.equal(report.disabled, 1);
        assert.ok(report.lines.some((l) => l.kind === 'disabled' && l.username === 'bob'));
        await setOptions({ importGroups: [], maxRemovalsPercent: 100 });
      });

      it('runs one synchronization of a source at a time, even across servers sharing the database', async () => {
        const slow = usersProgram(`slow-${kind}`, 2);
        slow.write([ALICE]);
        const slowSource = await t.app.services.sources.add(
          customProgramKind,
          { name: 'Slow', program: slow.file },
          actor,
        );
        const other = await createApp(
          loadConfig({ QUIRE_DATABASE_URL: t.app.config.databaseUrl, QUIRE_LOG_LEVEL: 'silent' }),
        );
        try {
          const first = await sync().start(slowSource, { dryRun: true, actor });
          await assert.rejects(
            other.services.sync.run(slowSource, { dryRun: true, actor }),
            /already running \(run #\d+\)/,
          );
          const report = await first.done;
          assert.equal(report.status, 'succeeded');
          const again = await other.services.sync.run(slowSource, { dryRun: true, actor });
          assert.equal(again.status, 'succeeded', 'the lease is released at the end');
        } finally {
          await other.close();
        }
      });

      it('takes over the lease of a server that died, marking its run interrupted', async () => {
        const db = t.app.database.db;
        const dead = await db
          .insertInto('sync_runs')
          .values({
            source_id: source.id,
            started_at: '2026-01-01T00:00:00.000Z',
            finished_at: null,
            dry_run: 0,
            status: 'running',
            added: 0,
            updated: 0,
            unchanged: 0,
            errors: 0,
            message: '',
            details: '{}',
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await db
          .insertInto('sync_leases')
          .values({
            source_id: source.id,
            holder: 'dead-server:1:x',
            run_id: dead.id,
            expires_at: '2026-01-01T00:01:00.000Z',
          })
          .execute();
        // What the dead run left: its own table, and rows an older version staged in the shared ones;
        // and a table no run owns (a run of a source since removed, or of a restored database).
        for (const id of [dead.id, 987654])
          await sql
            .raw(`create table ${kind === 'postgres' ? '' : 'temp.'}sync_stage_users_r${id} (run_id integer)`)
            .execute(db);
        await sql`insert into sync_stage_users (run_id, seq, external_id, ref_key, username, username_skeleton,
            full_name, full_name_key, email, email_key, department, office, card_number, card_number2,
            other_emails, username_alias, home_folder, pin_hash, dir_disabled, status)
          values (${dead.id}, 0, 'x', '', 'ghost', 'ghost', '', '', '', '', '', '', '', '', '', '', '', '', 0, 'ok')`.execute(
          db,
        );
        const report = await sync().run(source, { dryRun: true, actor });
        assert.equal(report.status, 'succeeded');
        const old = await sync().findRun(dead.id);
        assert.equal(old?.status, 'failed');
        assert.match(old?.message ?? '', /Interrupted/);
        const left = await sql<{ n: number }>`select count(*) as n from sync_stage_users`.execute(db);
        assert.equal(Number(left.rows[0]?.n), 0, 'the dead run’s staged rows are gone');
        assert.deepEqual(await runTables(), [], 'and the tables no running run owns');
      });

      it('applies nothing when another server took the lease while this one was reading', async () => {
        const slow = usersProgram(`fenced-${kind}`, 1);
        slow.write([ALICE, BOB, 'frank\tFrank\t\t\t\t']);
        const fenced = await t.app.services.sources.add(
          customProgramKind,
          { name: 'Fenced', program: slow.file },
          actor,
        );
        const before = await usernames();
        const { runId, done } = await sync().start(fenced, { dryRun: false, actor });
        // While the program sleeps, the lease passes to another server (this one stalled past it).
        await t.app.database.db
          .updateTable('sync_leases')
          .set({ holder: 'other-server:2:y' })
          .where('source_id', '=', fenced.id)
          .where('run_id', '=', runId)
          .execute();
        const report = await done;
        assert.equal(report.status, 'failed');
        assert.match(report.message, /lost the synchronization lease/);
        assert.deepEqual(await usernames(), before);
        await t.app.database.db.deleteFrom('sync_leases').where('source_id', '=', fenced.id).execute();
      });

      it('can be watched and cancelled, changing nothing', async () => {
        const slow = usersProgram(`cancel-${kind}`, 2);
        slow.write([ALICE, BOB, 'erin\tErin\t\t\t\t']);
        const slowSource = await t.app.services.sources.add(
          customProgramKind,
          { name: 'To cancel', program: slow.file },
          actor,
        );
        const before = await usernames();
        const { runId, done } = await sync().start(slowSource, { dryRun: false, actor });
        const running = await sync().findRun(runId);
        assert.equal(running?.status, 'running');
        assert.equal(running?.phase, 'reading users');
        await sync().cancel(runId, actor);
        const report = await done;
        assert.equal(report.status, 'cancelled');
        assert.match(report.message, /nothing was changed/i);
        assert.deepEqual(await usernames(), before);
        await assert.rejects(sync().cancel(runId, actor), /already finished/);
      });

      // Last in this suite: the service stays stopped.
      it('stops a run that a shutdown catches while it is still taking its lease, changing nothing', async () => {
        directory.write([ALICE, BOB, 'frank\tFrank\t\t\t\t']);
        const started = sync().run(source, { dryRun: false, actor });
        await sync().shutdown();
        const report = await started;
        assert.equal(report.status, 'cancelled');
        assert.equal(await user('frank'), undefined);
        assert.equal((await sync().findRun(report.runId))?.status, 'cancelled');
      });
    },
  );
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(
    `directory entries with control characters [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      const directory = usersProgram(`control-${kind}`);
      before(async () => (t = await startTestApp({ kind })));
      after(() => t.close());

      it('skips each such user with a line in the report, imports the rest, and never fails the run', async () => {
        directory.write([
          ALICE,
          'nul\tNul\u0000Name\t\t\t\t',
          'c1\tEsc\u009bape\t\t\t\t',
          'ctl\u0001name\tControl Name\t\t\t\t',
          BOB,
        ]);
        directory.groups(['Staff\u0000\talice,bob', 'Sales\talice,bob']);
        const source = await t.app.services.sources.add(
          customProgramKind,
          { name: 'Controls', program: directory.file },
          actor,
        );
        const report = await t.app.services.sync.run(source, { dryRun: false, actor });
        assert.equal(report.status, 'succeeded', report.message);
        assert.equal(report.added, 2);
        const errors = report.lines.filter((line) => line.kind === 'error');
        for (const name of ['nul', 'c1', 'ctl\u0001name'])
          assert.ok(
            errors.some((line) => line.username === name && /printable characters/.test(line.detail)),
            `${JSON.stringify(name)}: ${JSON.stringify(errors)}`,
          );
        assert.ok(
          errors.some((line) => /group was skipped/.test(line.detail)),
          JSON.stringify(errors),
        );
        for (const name of ['nul', 'c1'])
          assert.equal(await t.app.services.users.findByUsername(name), undefined);
        assert.deepEqual(await t.app.services.groups.members('Sales', 0, 10), ['alice', 'bob']);
      });
    },
  );
}
