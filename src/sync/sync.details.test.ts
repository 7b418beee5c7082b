import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { argon2Hasher, type PasswordHasher } from '../passwords/password-hasher.js';
import type { SourceRow } from '../db/schema.js';
import { postgresSkip } from '../test-support/databases.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import { customProgramKind } from '../directory/custom-program/custom-program.kind.js';

const actor = { username: 'test', ip: '127.0.0.1' };
const dir = mkdtempSync(path.join(os.tmpdir(), 'quire-sync-details-'));

/** A PaperCut-style custom user program printing the lines last written (all-users only). */
function usersProgram(name: string) {
  const data = path.join(dir, `${name}.tsv`);
  const file = path.join(dir, `${name}.sh`);
  writeFileSync(
    file,
    `#!/bin/sh\ncase "$2" in\n  is-valid) echo Y ;;\n  all-users) cat "${data}" ;;\n  all-groups) ;;\n  *) exit 1 ;;\nesac\n`,
  );
  chmodSync(file, 0o755);
  return {
    file,
    write: (lines: string[][]) =>
      writeFileSync(data, lines.map((fields) => fields.join('\t')).join('\n') + '\n'),
  };
}

/**
 * PaperCut's all-users columns: username, full name, email, department, office, primary card,
 * other emails, secondary card, username alias, home directory, PIN.
 */
const alice = (alias: string, home: string, otherEmails: string, pin: string) => [
  'alice',
  'Alice Adams',
  'alice@example.org',
  'Sales',
  'HQ',
  '1001',
  otherEmails,
  '2001',
  alias,
  home,
  pin,
];
const BOB = ['bob', 'Bob Brown', 'bob@example.org', 'IT', 'Annex', '1002'];

/** The real hasher, counting how many of its calls are in flight at once. */
function concurrencyCountingHasher() {
  const counts = { active: 0, max: 0, calls: 0 };
  const counted =
    <A extends unknown[]>(call: (...args: A) => Promise<unknown>) =>
    async (...args: A) => {
      counts.calls++;
      counts.max = Math.max(counts.max, ++counts.active);
      try {
        return await call(...args);
      } finally {
        counts.active--;
      }
    };
  const hasher = { hash: counted(argon2Hasher.hash), verify: counted(argon2Hasher.verify) } as PasswordHasher;
  return { hasher, counts };
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(
    `synchronizing other emails, alias, home folder and PIN from a custom program [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let source: SourceRow;
      const directory = usersProgram(`details-${kind}`);
      const { hasher, counts } = concurrencyCountingHasher();
      const run = (dryRun = false) => t.app.services.sync.run(source, { dryRun, actor });
      const user = async (name: string) => (await t.app.services.users.findByUsername(name))!;
      before(async () => {
        t = await startTestApp({ kind, ports: { hasher } });
        source = await t.app.services.sources.add(
          customProgramKind,
          { name: 'Student Records', program: directory.file },
          actor,
        );
      });
      after(() => t.close());

      it('stores all four on the first sync, the PIN only as a hash that verifies', async () => {
        directory.write([
          alice('a.adams', '\\\\files\\home\\alice', 'aa@example.org,alice.adams@example.net', '4711'),
          BOB,
        ]);
        const report = await run();
        assert.deepEqual([report.added, report.errors], [2, 0]);
        const a = await user('alice');
        assert.equal(a.username_alias, 'a.adams');
        assert.equal(a.home_folder, '\\\\files\\home\\alice');
        assert.equal(a.other_emails, 'aa@example.org\nalice.adams@example.net');
        assert.equal(a.card_number2, '2001');
        assert.ok(a.card_pin_hash?.startsWith('$argon2id$'), 'stored as argon2id, never in clear');
        assert.ok(await argon2Hasher.verify(a.card_pin_hash!, '4711'));
        assert.equal(await argon2Hasher.verify(a.card_pin_hash!, '4712'), false);
        const b = await user('bob');
        assert.deepEqual(
          [b.username_alias, b.home_folder, b.other_emails, b.card_pin_hash],
          ['', '', '', null],
        );
      });

      it('counts an unchanged PIN and details as unchanged, keeping the stored hash', async () => {
        const before = (await user('alice')).card_pin_hash;
        const report = await run();
        assert.deepEqual([report.updated, report.unchanged], [0, 2]);
        assert.equal((await user('alice')).card_pin_hash, before);
      });

      it('reports a changed alias, home folder, other emails and PIN on a dry run without storing them', async () => {
        directory.write([alice('adams.a', '/home/alice', 'aa@example.org', '8642'), BOB]);
        const report = await run(true);
        assert.equal(report.updated, 1);
        const line = report.lines.find((l) => l.kind === 'updated' && l.username === 'alice');
        assert.equal(line?.detail, 'changed: other_emails, username_alias, home_folder, card_pin');
        assert.equal((await user('alice')).username_alias, 'a.adams');
        assert.ok(await argon2Hasher.verify((await user('alice')).card_pin_hash!, '4711'));
      });

      it('updates a changed alias, home folder, other emails and PIN, and shows them in the report', async () => {
        const report = await run();
        assert.deepEqual([report.updated, report.unchanged], [1, 1]);
        assert.ok(
          report.lines.some(
            (l) =>
              l.kind === 'updated' &&
              l.username === 'alice' &&
              l.detail === 'changed: other_emails, username_alias, home_folder, card_pin',
          ),
        );
        const a = await user('alice');
        assert.deepEqual(
          [a.username_alias, a.home_folder, a.other_emails],
          ['adams.a', '/home/alice', 'aa@example.org'],
        );
        assert.ok(await argon2Hasher.verify(a.card_pin_hash!, '8642'));
        assert.equal(
          await argon2Hasher.verify(a.card_pin_hash!, '4711'),
          false,
          'the old PIN no longer works',
        );
      });

      it('keeps values set in Quire when the source lists none', async () => {
        await t.app.services.users.updateDetails(
          'bob',
          { usernameAlias: 'bobby', homeFolder: '/home/bob' },
          actor,
        );
        await t.app.services.users.setCardPin('bob', '1357', actor);
        directory.write([alice('', '', '', ''), BOB]);
        const report = await run();
        assert.deepEqual([report.updated, report.unchanged, report.errors], [0, 2, 0]);
        const a = await user('alice');
        assert.deepEqual(
          [a.username_alias, a.home_folder, a.other_emails],
          ['adams.a', '/home/alice', 'aa@example.org'],
        );
        assert.ok(await argon2Hasher.verify(a.card_pin_hash!, '8642'));
        const b = await user('bob');
        assert.deepEqual([b.username_alias, b.home_folder], ['bobby', '/home/bob']);
        assert.ok(await argon2Hasher.verify(b.card_pin_hash!, '1357'));
      });

      it('leaves out an invalid PIN, alias or other email with a warning naming it, not an error, and still stores the rest of the entry', async () => {
        directory.write([
          alice('', '', '', '12ab'),
          [...BOB.slice(0, 4), 'Tower', '1002', 'bob@second.example.org,not-an-address', '', 'b'.repeat(65)],
        ]);
        const report = await run();
        assert.equal(report.errors, 0);
        assert.deepEqual(
          report.lines.filter((l) => l.kind === 'error'),
          [],
        );
        const warnings = report.lines.filter((l) => l.kind === 'warning');
        assert.equal(warnings.length, 3, JSON.stringify(warnings));
        assert.ok(warnings.some((l) => l.username === 'alice' && /card PIN .* left out/.test(l.detail)));
        assert.ok(
          warnings.some((l) => l.username === 'bob' && /"not-an-address" .* left out/.test(l.detail)),
        );
        assert.ok(warnings.some((l) => l.username === 'bob' && /Username alias .* left out/.test(l.detail)));
        assert.equal(report.disabled, 0, 'a listed user is not treated as gone');
        assert.ok(
          await argon2Hasher.verify((await user('alice')).card_pin_hash!, '8642'),
          'the stored PIN is kept',
        );
        const b = await user('bob');
        assert.deepEqual(
          [b.office, b.other_emails, b.username_alias],
          ['Tower', 'bob@second.example.org', 'bobby'],
        );
      });

      it('stores the same properties when api.addNewUser adds a listed user, so the next sync changes nothing', async () => {
        const carol = [
          'carol',
          'Carol Clark',
          'carol@example.org',
          'Law',
          'HQ',
          '1003',
          'cc@example.org',
          '',
          'c.clark',
          '/home/carol',
          '0042',
        ];
        directory.write([alice('', '', '', ''), BOB, carol]);
        const entry = await (async () => {
          for await (const page of t.app.services.sources.clientFor(source).users())
            return page.find((u) => u.username === 'carol')!;
        })();
        await t.app.services.users.addFromDirectory(source, entry!, actor);
        const c = await user('carol');
        assert.deepEqual(
          [c.username_alias, c.home_folder, c.other_emails],
          ['c.clark', '/home/carol', 'cc@example.org'],
        );
        assert.ok(await argon2Hasher.verify(c.card_pin_hash!, '0042'));
        const report = await run();
        assert.equal(report.added, 0);
        assert.deepEqual(
          report.lines.filter((l) => l.username === 'carol'),
          [],
          'carol is unchanged',
        );
      });

      it('hashes and checks at most two listed PINs at a time, so sign-ins do not queue behind a sync', async () => {
        const students = Array.from({ length: 20 }, (_, i) => [
          `student${i}`,
          `Student ${i}`,
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          String(1000 + i),
        ]);
        // Everyone listed before is listed again, without a PIN: no hasher call for them.
        directory.write([
          alice('', '', '', ''),
          BOB,
          ['carol', 'Carol Clark', 'carol@example.org', 'Law', 'HQ', '1003'],
          ...students,
        ]);
        Object.assign(counts, { max: 0, calls: 0 });
        assert.equal((await run()).added, 20);
        assert.equal(counts.calls, 20, 'one hash per new PIN');
        assert.equal(counts.max, 2);
        Object.assign(counts, { max: 0, calls: 0 });
        assert.equal((await run()).unchanged, 23);
        assert.equal(counts.calls, 20, 'one check per listed PIN');
        assert.equal(counts.max, 2);
        assert.ok(await argon2Hasher.verify((await user('student7')).card_pin_hash!, '1007'));
      });
    },
  );
}
