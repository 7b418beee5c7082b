import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { createApp, type App } from '../app.js';
import { loadConfig } from '../config.js';
import { ConflictError, ValidationError } from '../errors.js';
import { DATABASE_KINDS, freshDatabaseUrl, postgresSkip } from '../test-support/databases.js';
import { BACKUP_TABLES } from './backup-format.js';
import { createUsersRepository } from '../users/users.repository.js';
import { restoreBackup } from './backup-restore.js';
import { writeBackup } from './backup.js';
import { openDatabase, type Database } from './database.js';
import { MIGRATION_NAMES, migrateToLatest, migrateUpTo } from './migrator.js';
import { customProgramKind } from '../directory/custom-program/custom-program.kind.js';

const ACTOR = { username: 'test', ip: '127.0.0.1' };
const PASSWORD = 'a long passphrase for alice';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'quire-backup-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let files = 0;
const backupFile = () => path.join(tmp, `backup-${++files}.jsonl.gz`);

type Kind = (typeof DATABASE_KINDS)[number];
const skipFor = (...kinds: Kind[]) => (kinds.includes('postgres') ? postgresSkip() : false);

async function openApp(url: string): Promise<App> {
  return createApp(
    loadConfig({
      QUIRE_DATABASE_URL: url,
      QUIRE_DATA_DIR: tmp,
      QUIRE_PUBLIC_URL: 'http://localhost:9191',
      QUIRE_LOG_LEVEL: 'silent',
    }),
  );
}

/** A database with a row in every kind of table a deployment fills. */
async function seed(app: App): Promise<void> {
  const { services, database } = app;
  const alice = await services.users.createInternal(
    {
      username: 'alice',
      password: PASSWORD,
      isAdmin: true,
      fullName: 'Alice Example',
      email: 'alice@example.org',
    },
    ACTOR,
  );
  await services.users.createInternal({ username: 'bob', password: 'another long passphrase' }, ACTOR);
  const now = new Date().toISOString();
  const source = await database.db
    .insertInto('sources')
    .values({
      name: 'Corporate Entra',
      kind: 'entra',
      config: JSON.stringify({ tenantId: 't', clientId: 'c', clientSecret: 'directory-secret-value' }),
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const carol = await database.db
    .insertInto('users')
    .values({
      username: 'carol',
      full_name: 'Carol Directory',
      full_name_key: 'carol directory',
      email: 'carol@example.org',
      email_key: 'carol@example.org',
      department: 'Finance',
      office: '',
      notes: '',
      card_number: '1234',
      card_number2: '',
      source_id: source.id,
      external_id: 'guid-carol',
      password_hash: null,
      is_admin: 0,
      disabled: 0,
      must_change_password: 0,
      missing_since: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const group = await database.db
    .insertInto('groups')
    .values({ name: 'Finance', source_id: source.id, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await database.db
    .insertInto('group_members')
    .values([
      { group_id: group.id, user_id: carol.id },
      { group_id: group.id, user_id: alice.id },
    ])
    .execute();
  await database.db.insertInto('admin_groups').values({ group_id: group.id, created_at: now }).execute();
  await database.db
    .insertInto('sync_runs')
    .values({
      source_id: source.id,
      started_at: now,
      finished_at: now,
      dry_run: 0,
      status: 'succeeded',
      added: 1,
      updated: 0,
      unchanged: 0,
      errors: 0,
      message: 'Added 1 user.',
      details: '[]',
    })
    .execute();
  await database.db
    .insertInto('settings')
    .values({ key: 'organization.name', value: JSON.stringify('Example & Co') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  await services.audit.record({
    actor: 'admin',
    action: 'user.create',
    target: 'alice',
    ip: '192.0.2.1',
    details: { note: 'ünïcødé "quoted"\nline' },
  });
  await services.sessions.create(alice.id, { ip: '192.0.2.1', userAgent: 'test' });
  await services.apiTokens.create({ name: 'nightly export', scopes: ['users:read'] }, ACTOR);
}

/** Every backed-up table's rows in primary-key order. */
async function dump(database: Database): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of BACKUP_TABLES) {
    let query = database.db.selectFrom(table.name as 'users').selectAll();
    for (const column of table.key) query = query.orderBy(column as 'id');
    const rows: Record<string, unknown>[] = await query.execute();
    out[table.name] = rows;
  }
  return out;
}

async function withDatabase<T>(url: string, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(url);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** The backup's lines, decompressed, for tests that damage or rewrite one. */
const linesOf = (file: string) => gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
const writeLines = (file: string, lines: string[]) => writeFileSync(file, gzipSync(`${lines.join('\n')}\n`));

for (const from of DATABASE_KINDS) {
  for (const to of DATABASE_KINDS) {
    describe(`backup from ${from}, restore into ${to}`, { skip: skipFor(from, to) }, () => {
      const disposals: (() => Promise<void>)[] = [];
      let source: App;
      let targetUrl: string;
      let file: string;
      let original: Record<string, unknown[]>;
      before(async () => {
        const fresh = await freshDatabaseUrl(from);
        disposals.push(fresh.dispose);
        source = await openApp(fresh.url);
        await seed(source);
        original = await dump(source.database);
        const target = await freshDatabaseUrl(to);
        disposals.push(target.dispose);
        targetUrl = target.url;
        file = backupFile();
      });
      after(async () => {
        await source?.close();
        for (const dispose of disposals) await dispose();
      });

      it('writes a gzip file readable only by its owner, with a header naming the schema', async () => {
        // A directory sync in progress on PostgreSQL stages in tables of its own run.
        const syncing = from === 'postgres';
        if (syncing)
          await sql`create unlogged table sync_stage_users_r42 (like sync_stage_users)`.execute(
            source.database.db,
          );
        const { rows } = await writeBackup(source.database, file, { quireVersion: '9.9.9' });
        if (syncing) await sql`drop table sync_stage_users_r42`.execute(source.database.db);
        assert.equal(statSync(file).mode & 0o777, 0o600);
        const lines = linesOf(file);
        const header = JSON.parse(lines[0]!) as Record<string, unknown>;
        assert.equal(header.format, 'quire-backup');
        assert.equal(header.version, 1);
        assert.equal(header.quireVersion, '9.9.9');
        assert.equal(header.databaseKind, from);
        assert.deepEqual(header.migrations, MIGRATION_NAMES);
        assert.equal(rows.users, 3);
        assert.deepEqual(JSON.parse(lines.at(-1)!), { end: true, rows });
        assert.ok(
          !lines.some((line) => line.includes('"table":"kysely_migration')),
          'migration bookkeeping is not backed up',
        );
        assert.ok(!lines.some((line) => line.includes('sync_stage_')), 'nor a sync’s staging');
      });

      it('restores every row exactly into a fresh database', async () => {
        await withDatabase(targetUrl, async (target) => {
          const { rows } = await restoreBackup(target, file);
          assert.equal(rows.users, 3);
          assert.deepEqual(await dump(target), original);
          const found = await createUsersRepository(target.db).search({ query: 'lice' });
          assert.deepEqual(
            found.rows.map((row) => row.username),
            ['alice'],
            'quick find anywhere indexes the restored users',
          );
        });
      });

      it('lets a user sign in with the old password, keeps directory secrets, and gives new rows fresh ids', async () => {
        const app = await openApp(targetUrl);
        try {
          const alice = await app.services.auth.signIn({
            username: 'alice',
            password: PASSWORD,
            ip: '192.0.2.9',
          });
          assert.equal(alice.username, 'alice');
          const entra = await app.database.db
            .selectFrom('sources')
            .select('config')
            .executeTakeFirstOrThrow();
          assert.match(entra.config, /directory-secret-value/);
          const maxUserId = Math.max(...(original.users as { id: number }[]).map((u) => u.id));
          const dave = await app.services.users.createInternal(
            { username: 'dave', password: 'dave has a long passphrase' },
            ACTOR,
          );
          assert.ok(
            dave.id > maxUserId,
            `new user id ${dave.id} follows the restored ones (max ${maxUserId})`,
          );
          const before = (original.audit_log as { id: number }[]).length;
          await app.services.audit.record({ actor: 'admin', action: 'test', ip: '' });
          const ids = (await app.database.db.selectFrom('audit_log').select('id').execute()).map((r) => r.id);
          assert.equal(new Set(ids).size, ids.length);
          assert.ok(ids.length > before);
        } finally {
          await app.close();
        }
      });
    });
  }
}

for (const kind of DATABASE_KINDS) {
  describe(`restore refusals [${kind}]`, { skip: skipFor(kind) }, () => {
    const disposals: (() => Promise<void>)[] = [];
    let app: App;
    let file: string;
    before(async () => {
      const fresh = await freshDatabaseUrl(kind);
      disposals.push(fresh.dispose);
      app = await openApp(fresh.url);
      await seed(app);
      file = backupFile();
      await writeBackup(app.database, file, { quireVersion: 'test' });
    });
    after(async () => {
      await app?.close();
      for (const dispose of disposals) await dispose();
    });

    it('refuses to restore over a database that has users, and replaces it with force', async () => {
      await app.services.users.createInternal(
        { username: 'erin', password: 'erin has a long passphrase' },
        ACTOR,
      );
      await assert.rejects(
        restoreBackup(app.database, file),
        (error: unknown) => error instanceof ConflictError && /--force/.test(error.message),
      );
      assert.equal(
        (await app.database.db.selectFrom('users').select('id').where('username', '=', 'erin').execute())
          .length,
        1,
        'nothing changed',
      );
      await restoreBackup(app.database, file, { force: true });
      assert.equal(
        (await app.database.db.selectFrom('users').select('id').where('username', '=', 'erin').execute())
          .length,
        0,
        'erin was not in the backup',
      );
      assert.equal((await app.database.db.selectFrom('users').select('id').execute()).length, 3);
    });

    it('refuses a database that has a source but no users yet, before migrating anything', async () => {
      const fresh = await freshDatabaseUrl(kind);
      const other = await openApp(fresh.url);
      try {
        const source = await other.services.sources.add(
          customProgramKind,
          { name: 'Not synced yet', program: '/bin/true' },
          ACTOR,
        );
        await assert.rejects(
          restoreBackup(other.database, file),
          (error: unknown) => error instanceof ConflictError && /1 sources/.test(error.message),
        );
        assert.equal(
          (await other.services.sources.findById(source.id))?.name,
          'Not synced yet',
          'nothing changed',
        );
      } finally {
        await other.close();
        await fresh.dispose();
      }
    });

    it('refuses a truncated backup and changes nothing', async () => {
      const before = await dump(app.database);
      const truncated = backupFile();
      writeLines(truncated, linesOf(file).slice(0, -3)); // the trailer and two rows gone
      await assert.rejects(
        restoreBackup(app.database, truncated, { force: true }),
        /not a complete Quire backup/,
      );
      const cut = backupFile();
      const bytes = readFileSync(file);
      writeFileSync(cut, bytes.subarray(0, bytes.length - 40)); // a copy that stopped mid-stream
      await assert.rejects(restoreBackup(app.database, cut, { force: true }), /not a complete Quire backup/);
      assert.deepEqual(await dump(app.database), before);
    });

    it('refuses a damaged row and a file that is not a backup, changing nothing', async () => {
      const before = await dump(app.database);
      const damaged = backupFile();
      const lines = linesOf(file);
      lines[4] = lines[4]!.slice(0, 20);
      writeLines(damaged, lines);
      await assert.rejects(restoreBackup(app.database, damaged, { force: true }), /line 5 is damaged/);
      const garbage = backupFile();
      writeFileSync(garbage, 'username,password\nalice,secret\n');
      await assert.rejects(
        restoreBackup(app.database, garbage, { force: true }),
        /not a complete Quire backup/,
      );
      const foreign = backupFile();
      writeLines(foreign, ['{"format":"something-else"}']);
      await assert.rejects(restoreBackup(app.database, foreign, { force: true }), /is not a Quire backup/);
      assert.deepEqual(await dump(app.database), before);
    });

    it("names the table and the row it cannot load, with the database's reason, and changes nothing", async () => {
      const before = await dump(app.database);
      const lines = linesOf(file);
      const bob = lines.findIndex(
        (line) => line.includes('"table":"users"') && line.includes('"username":"bob"'),
      );
      const id = (JSON.parse(lines[bob]!) as { row: { id: number } }).row.id;
      // The same row twice: the primary key refuses the second, on both databases.
      const twice = backupFile();
      writeLines(twice, [...lines.slice(0, bob + 1), lines[bob]!, ...lines.slice(bob + 1)]);
      await assert.rejects(
        restoreBackup(app.database, twice, { force: true }),
        new RegExp(`cannot restore table users, row id=${id}: .*(UNIQUE|unique|duplicate)`),
      );
      assert.deepEqual(await dump(app.database), before);
    });

    it('refuses a row with a NUL or a broken character the same way on both databases, naming table, row and column', async () => {
      const before = await dump(app.database);
      const lines = linesOf(file);
      const bob = lines.findIndex(
        (line) => line.includes('"table":"users"') && line.includes('"username":"bob"'),
      );
      const id = (JSON.parse(lines[bob]!) as { row: { id: number } }).row.id;
      // A NUL, as a SQLite database could hold it before Quire refused one (PostgreSQL cannot
      // store it; SQLite would), and an unpaired surrogate (both drivers would store U+FFFD).
      for (const notes of ['desk\u0000 4', 'desk \ud800']) {
        const bad = backupFile();
        const entry = JSON.parse(lines[bob]!) as { table: string; row: Record<string, unknown> };
        entry.row.notes = notes;
        writeLines(
          bad,
          lines.map((line, i) => (i === bob ? JSON.stringify(entry) : line)),
        );
        await assert.rejects(
          restoreBackup(app.database, bad, { force: true }),
          new RegExp(
            `cannot restore table users, row id=${id}: column notes holds a NUL or a broken \\(unpaired surrogate\\) character`,
          ),
          JSON.stringify(notes),
        );
        assert.deepEqual(await dump(app.database), before);
      }
    });

    it('refuses a backup made by a newer release, naming its unknown migration', async () => {
      const newer = backupFile();
      const lines = linesOf(file);
      const header = JSON.parse(lines[0]!) as { migrations: string[] };
      header.migrations.push('29991231T000000-from-the-future');
      lines[0] = JSON.stringify(header);
      writeLines(newer, lines);
      await assert.rejects(
        restoreBackup(app.database, newer, { force: true }),
        (error: unknown) =>
          error instanceof ValidationError &&
          /newer Quire release.*29991231T000000-from-the-future/.test(error.message),
      );
    });
  });
}

for (const kind of DATABASE_KINDS) {
  describe(`a backup made by the previous release [${kind}]`, { skip: skipFor(kind) }, () => {
    const PREVIOUS_RELEASE = '20261125T171000-user-properties';
    const disposals: (() => Promise<void>)[] = [];
    const file = backupFile();
    before(async () => {
      const fresh = await freshDatabaseUrl(kind);
      disposals.push(fresh.dispose);
      await withDatabase(fresh.url, async (old) => {
        await migrateUpTo(old, PREVIOUS_RELEASE);
        const now = new Date().toISOString();
        await old.db
          .insertInto('settings')
          .values({ key: 'organization.name', value: '"Old & Co"' })
          .execute();
        await old.db
          .insertInto('audit_log')
          .values({ at: now, actor: 'cli', action: 'user.create', target: 'x', ip: '', details: '{}' })
          .execute();
        await writeBackup(old, file, { quireVersion: 'previous' });
      });
    });
    after(async () => {
      for (const dispose of disposals) await dispose();
    });

    it('restores into an empty database at its own level, then applies the newer migrations', async () => {
      const target = await freshDatabaseUrl(kind);
      disposals.push(target.dispose);
      await withDatabase(target.url, async (database) => {
        const { migrated, rows } = await restoreBackup(database, file);
        assert.deepEqual(migrated, MIGRATION_NAMES.slice(MIGRATION_NAMES.indexOf(PREVIOUS_RELEASE) + 1));
        assert.equal(rows.audit_log, 1);
        assert.equal(rows.identity_providers, undefined, 'a table of a later release was not in it');
        const settings = await database.db
          .selectFrom('settings')
          .selectAll()
          .where('key', '=', 'organization.name')
          .execute();
        assert.deepEqual(settings, [{ key: 'organization.name', value: '"Old & Co"' }]);
      });
    });

    it('refuses to load it into a database already at the current schema', async () => {
      const target = await freshDatabaseUrl(kind);
      disposals.push(target.dispose);
      await withDatabase(target.url, async (database) => {
        await migrateToLatest(database);
        await assert.rejects(
          restoreBackup(database, file),
          (error: unknown) =>
            error instanceof ValidationError &&
            /older Quire release.*restore it into an empty database/.test(error.message),
        );
      });
    });
  });
}
