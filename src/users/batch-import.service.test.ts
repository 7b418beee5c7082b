import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { argon2Hasher } from '../passwords/password-hasher.js';
import { postgresSkip } from '../test-support/databases.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import type { BatchInput } from './batch-import.plan.js';
import type { BatchImportService } from './batch-import.service.js';
import { customProgramKind } from '../directory/custom-program/custom-program.kind.js';

const actor = { username: 'admin', ip: '127.0.0.1' };
const dir = mkdtempSync(path.join(os.tmpdir(), 'quire-batch-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A re-readable input from lines of text (the service reads a file more than once). */
const file =
  (...lines: string[]): BatchInput =>
  () =>
    Readable.from([Buffer.from(lines.join('\n') + '\n')]);

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`user batch import [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
    let t: TestApp;
    let batch: BatchImportService;
    const db = () => t.app.database.db;
    const user = (username: string) =>
      db().selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    const userCount = async () =>
      Number(
        (
          await db()
            .selectFrom('users')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    before(async () => {
      t = await startTestApp({ kind });
      batch = t.app.services.batchImport;
      await t.createUser({
        username: 'alice',
        password: 'alice long passphrase',
        fullName: 'Alice Adams',
        department: 'Sales',
      });
      const program = path.join(dir, `users-${kind}.sh`);
      writeFileSync(program, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
      const source = await t.app.services.sources.add(
        customProgramKind,
        { name: 'Corporate AD', program },
        actor,
      );
      await t.createUser({
        username: 'bob',
        password: 'bob long passphrase',
        fullName: 'Bob Brown',
        cardNumber: '5000',
      });
      await db()
        .updateTable('users')
        .set({ source_id: source.id, external_id: 'guid-bob', password_hash: null })
        .where('username', '=', 'bob')
        .execute();
    });
    after(() => t.close());

    it('previews an internal-user file without changing anything', async () => {
      const before = await userCount();
      const report = await batch.preview(
        file(
          '# username\tpassword',
          'jsmith\tCorrect-Horse-42\t\t\tJohn Smith\tjsmith@example.org\tScience\tRoom 4\t100234\t4711\tVisitor',
          'alice\tanother long passphrase\t10.00\t\tAlice Adams',
          'guest01\tTulip-Lantern-9',
        ),
        'internal-users',
      );
      assert.deepEqual(
        {
          lines: report.lines,
          created: report.created,
          updated: report.updated,
          unchanged: report.unchanged,
          rejected: report.rejected,
          applied: report.applied,
          ignored: report.ignoredColumns,
        },
        {
          lines: 3,
          created: 2,
          updated: 0,
          unchanged: 1,
          rejected: [],
          applied: false,
          ignored: [],
        },
      );
      assert.equal(await userCount(), before);
    });

    it('rejects the whole file when one line is refused, listing every refused line', async () => {
      const before = await userCount();
      const report = await batch.apply(
        file('carol\tcarol long passphrase', 'dave\tshort', 'bob\tbob new passphrase', 'erin\tpassword'),
        'internal-users',
        {},
        actor,
      );
      assert.equal(report.applied, false);
      assert.equal(report.rejectedCount, 3);
      assert.deepEqual(
        report.rejected.map((r) => r.line),
        [2, 3, 4],
      );
      assert.match(report.rejected[0]!.reason, /dave.*at least 8 characters/);
      assert.equal(
        report.rejected[1]!.reason,
        'bob is synchronized from Corporate AD; its details are managed there.',
      );
      assert.match(report.rejected[2]!.reason, /commonly used/);
      assert.ok(!JSON.stringify(report).includes('carol long passphrase'));
      assert.equal(await userCount(), before);
      assert.equal(await user('carol'), undefined);
    });

    it('creates internal users with hashed passwords and PINs, and updates existing ones', async () => {
      const report = await batch.apply(
        file(
          'jsmith\tCorrect-Horse-42\t\t\tJohn Smith\tjsmith@example.org\tScience\tRoom 4\t100234\t4711\tVisitor',
          'alice\tanother long passphrase\t\t\tAlice Andersen',
        ),
        'internal-users',
        {},
        actor,
      );
      assert.deepEqual(
        [report.applied, report.created, report.updated, report.rejectedCount],
        [true, 1, 1, 0],
      );
      const jsmith = (await user('jsmith'))!;
      assert.deepEqual(
        [
          jsmith.full_name,
          jsmith.email,
          jsmith.department,
          jsmith.office,
          jsmith.card_number,
          jsmith.notes,
          jsmith.source_id,
        ],
        ['John Smith', 'jsmith@example.org', 'Science', 'Room 4', '100234', 'Visitor', null],
      );
      assert.ok(await argon2Hasher.verify(jsmith.password_hash!, 'Correct-Horse-42'));
      assert.ok(await argon2Hasher.verify(jsmith.card_pin_hash!, '4711'));
      const alice = (await user('alice'))!;
      assert.equal(alice.full_name, 'Alice Andersen');
      assert.ok(
        await argon2Hasher.verify(alice.password_hash!, 'alice long passphrase'),
        'without overwrite the existing password stays',
      );

      const overwrite = await batch.apply(
        file('alice\tanother long passphrase'),
        'internal-users',
        { overwriteExisting: true },
        actor,
      );
      assert.equal(overwrite.updated, 1);
      assert.ok(await argon2Hasher.verify((await user('alice'))!.password_hash!, 'another long passphrase'));
    });

    it('records one audit entry per applied import, without passwords', async () => {
      const rows = await db()
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'user.batch_import')
        .execute();
      assert.equal(rows.length, 2);
      assert.ok(
        rows.some((row) => /"format":"internal-users","lines":2,"created":1,"updated":1/.test(row.details)),
      );
      for (const row of rows) assert.ok(!/passphrase|Correct-Horse|4711/.test(row.details));
    });

    it('updates users from a user-update file, skipping unknown users unless asked to create them', async () => {
      const lines = file(
        'alice\t\t\t\t\tMarketing',
        'bob\t\t\t\t\t\t\t\t\tSits by the window',
        'newbie\t\t\tNew Bie\tnewbie@example.org',
      );
      const skipped = await batch.apply(lines, 'user-update', {}, actor);
      assert.deepEqual([skipped.applied, skipped.updated, skipped.skipped, skipped.created], [true, 2, 1, 0]);
      assert.equal((await user('alice'))!.department, 'Marketing');
      assert.equal((await user('bob'))!.notes, 'Sits by the window', 'notes are not owned by the directory');
      assert.equal(await user('newbie'), undefined);

      const created = await batch.apply(lines, 'user-update', { createNewUsers: true }, actor);
      assert.deepEqual([created.created, created.unchanged], [1, 2]);
      const newbie = (await user('newbie'))!;
      assert.deepEqual(
        [newbie.full_name, newbie.email, newbie.source_id, newbie.password_hash],
        ['New Bie', 'newbie@example.org', null, null],
      );
    });

    it('refuses a user-update line that changes a field the directory owns', async () => {
      const report = await batch.apply(
        file('bob\t\t\tRobert Brown\t\t\t\t5000', 'alice\t\t\t\t\tFinance'),
        'user-update',
        {},
        actor,
      );
      assert.equal(report.applied, false);
      assert.deepEqual(report.rejected, [
        {
          line: 1,
          reason: 'The full name of bob is managed by Corporate AD and cannot be changed by an import.',
        },
      ]);
      assert.equal((await user('alice'))!.department, 'Marketing');
    });

    it('sets card numbers and PINs, keeping existing PINs unless told to overwrite them', async () => {
      const pinBefore = (await user('jsmith'))!.card_pin_hash;
      const report = await batch.apply(
        file('jsmith\t200001\t9999', 'alice\t200002\t1234', 'bob\t5000\t2468'),
        'card-numbers',
        {},
        actor,
      );
      assert.deepEqual([report.applied, report.updated, report.rejectedCount], [true, 3, 0]);
      assert.equal((await user('jsmith'))!.card_number, '200001');
      assert.equal((await user('jsmith'))!.card_pin_hash, pinBefore, 'existing PIN kept');
      assert.ok(await argon2Hasher.verify((await user('alice'))!.card_pin_hash!, '1234'));
      assert.ok(
        await argon2Hasher.verify((await user('bob'))!.card_pin_hash!, '2468'),
        'a directory user’s PIN is Quire’s',
      );

      const overwrite = await batch.apply(
        file('jsmith\t200001\t9999'),
        'card-numbers',
        { overwriteExisting: true },
        actor,
      );
      assert.equal(overwrite.updated, 1);
      assert.ok(await argon2Hasher.verify((await user('jsmith'))!.card_pin_hash!, '9999'));

      const refused = await batch.apply(file('bob\t5001', 'nobody\t1'), 'card-numbers', {}, actor);
      assert.deepEqual(refused.rejected, [
        {
          line: 1,
          reason:
            'The primary card/ID number of bob is managed by Corporate AD and cannot be changed by an import.',
        },
        { line: 2, reason: 'There is no user named nobody.' },
      ]);
    });

    it('leaves the data as it was when the database fails in the middle of the import', async () => {
      if (kind === 'sqlite') {
        await sql`CREATE TRIGGER boom BEFORE INSERT ON users WHEN NEW.username = 'zz-boom' BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`.execute(
          db(),
        );
      } else {
        await sql`CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN IF NEW.username = 'zz-boom' THEN RAISE EXCEPTION 'simulated failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`.execute(
          db(),
        );
        await sql`CREATE TRIGGER boom BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION boom()`.execute(
          db(),
        );
      }
      try {
        const before = await userCount();
        // 1,200 lines: two chunks are written before the third fails.
        const many = Array.from(
          { length: 1200 },
          (_, i) => `bulk${String(i).padStart(4, '0')}\t\t\tBulk ${i}`,
        );
        await assert.rejects(
          batch.apply(
            file('alice\t\t\t\t\tLegal', ...many, 'zz-boom'),
            'user-update',
            { createNewUsers: true },
            actor,
          ),
          /simulated failure/,
        );
        assert.equal(await userCount(), before);
        assert.equal((await user('alice'))!.department, 'Marketing');
      } finally {
        await sql`DROP TRIGGER boom ${sql.raw(kind === 'postgres' ? 'ON users' : '')}`.execute(db());
      }
    });

    // SQLite's max_page_count raises SQLITE_FULL as a full disk does, without a tiny mount. One user
    // per import: a single-row write that fails that way makes SQLite roll back the whole
    // transaction by itself (a full disk under the WAL does the same to any write).
    // (PostgreSQL has no such limit to set: its disk-full code, 53100, is mapped by the same isStorageFull.)
    if (kind === 'sqlite')
      it('says the disk is full when the database cannot grow during an import, and changes nothing', async () => {
        const pages = Number(
          (await sql<{ page_count: number }>`pragma page_count`.execute(db())).rows[0]!.page_count,
        );
        await sql`pragma max_page_count = ${sql.raw(String(pages + 2))}`.execute(db());
        const long = (word: string) => `${word} `.repeat(200).slice(0, 199);
        let failure: (Error & { id?: string }) | undefined;
        let before = 0;
        try {
          for (let i = 0; i < 200 && !failure; i++) {
            before = await userCount();
            const line = `filler${i}\t\t\t${long('Name')}\t\t${long('Department')}\t${long('Office')}`;
            failure = await batch.apply(file(line), 'user-update', { createNewUsers: true }, actor).then(
              () => undefined,
              (error: Error) => error,
            );
          }
        } finally {
          await sql`pragma max_page_count = 1073741823`.execute(db());
        }
        assert.ok(failure, 'the database filled up');
        assert.equal(failure.id, 'storage_full', failure.message);
        assert.match(failure.message, /disk .*is full.*Nothing was imported/);
        assert.equal(await userCount(), before, 'the failed import added nobody');
      });

    // 100,000 lines on SQLite. On PostgreSQL 20,000: creating 100,000 users there took 21-26 s alone
    // but up to 311 s beside the rest of the suite (cause not found; see docs/batch-import.md), so
    // the suite checks streaming and memory on a smaller file and keeps its time bounded.
    const big = kind === 'sqlite' ? 100_000 : 20_000;
    const label = kind === 'sqlite' ? '100k' : '20k';
    it(`streams a ${big.toLocaleString('en')}-line user-update file with bounded memory`, async () => {
      const target = path.join(dir, `big-${kind}.tsv`);
      const lines = (department: string) =>
        Array.from(
          { length: big },
          (_, i) =>
            `big${String(i).padStart(6, '0')}\t\t\tBig User ${i}\tbig${i}@example.org\t${department}\tOffice ${i % 50}`,
        ).join('\n') + '\n';
      const input = () => createReadStream(target);
      const measure = async (label: string, work: () => Promise<unknown>) => {
        global.gc?.();
        const baseline = process.memoryUsage().rss;
        let peak = baseline;
        const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
        const started = performance.now();
        try {
          await work();
        } finally {
          clearInterval(timer);
        }
        peak = Math.max(peak, process.memoryUsage().rss);
        const growth = (peak - baseline) / 2 ** 20;
        console.log(
          `# [${kind}] ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s, peak RSS growth ${growth.toFixed(0)} MB`,
        );
        return growth;
      };

      writeFileSync(target, lines('Physics'));
      let report = await batch.preview(input, 'user-update', {});
      assert.equal(report.skipped, big);
      const createGrowth = await measure(
        `${label} user-update, creating`,
        async () => (report = await batch.apply(input, 'user-update', { createNewUsers: true }, actor)),
      );
      assert.deepEqual([report.applied, report.created, report.rejectedCount], [true, big, 0]);

      writeFileSync(target, lines('Chemistry'));
      const updateGrowth = await measure(
        `${label} user-update, updating`,
        async () => (report = await batch.apply(input, 'user-update', {}, actor)),
      );
      assert.deepEqual([report.applied, report.updated, report.lines], [true, big, big]);
      assert.equal((await user(`big${String(big - 1).padStart(6, '0')}`))!.department, 'Chemistry');
      // Creating 100,000 users measured 100 MB of peak growth alone and 140–160 MB inside the
      // whole suite on this project's 2-core machine (RSS sampled every 20 ms, garbage
      // collection's timing included), updating them about 70: the bound leaves room for that.
      assert.ok(
        createGrowth < 180 && updateGrowth < 180,
        `peak RSS growth ${createGrowth.toFixed(0)} / ${updateGrowth.toFixed(0)} MB`,
      );
    });
  });
}
