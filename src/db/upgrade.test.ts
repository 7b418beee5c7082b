import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createApp, type App } from '../app.js';
import { argon2Hasher } from '../passwords/password-hasher.js';
import { loadConfig } from '../config.js';
import { DATABASE_KINDS, freshDatabaseUrl, postgresSkip } from '../test-support/databases.js';
import { openDatabase } from './database.js';
import { MIGRATION_NAMES, migrateUpTo, migrationStatus } from './migrator.js';

/** The last migration of the previous release (git 416ca62). */
const PREVIOUS_RELEASE = '20261125T171000-user-properties';
const PASSWORD = 'alice kept this passphrase';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'quire-upgrade-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const configFor = (url: string) =>
  loadConfig({
    QUIRE_DATABASE_URL: url,
    QUIRE_DATA_DIR: tmp,
    QUIRE_PUBLIC_URL: 'http://localhost:9191',
    QUIRE_LOG_LEVEL: 'silent',
  });

for (const kind of DATABASE_KINDS) {
  describe(
    `upgrade from the previous release [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let url: string;
      let dispose: () => Promise<void>;
      let app: App | undefined;
      before(async () => {
        ({ url, dispose } = await freshDatabaseUrl(kind));
        const database = await openDatabase(url);
        try {
          const applied = await migrateUpTo(database, PREVIOUS_RELEASE);
          assert.deepEqual(applied, MIGRATION_NAMES.slice(0, MIGRATION_NAMES.indexOf(PREVIOUS_RELEASE) + 1));
          // Rows as that release wrote them: only the columns its schema had.
          const now = '2026-11-20T10:00:00.000Z';
          const db = database.db;
          const source = await db
            .insertInto('sources')
            .values({
              name: 'Corporate Directory',
              kind: 'custom',
              config: JSON.stringify({ program: '/opt/quire/users.sh', authProgram: null }),
              priority: 1,
              schedule: '0 2 * * *',
              created_at: now,
              updated_at: now,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          const user = (username: string, extra: Record<string, unknown>) => ({
            username,
            full_name: username,
            full_name_key: username,
            email: `${username}@example.org`,
            email_key: `${username}@example.org`,
            department: '',
            office: '',
            notes: '',
            card_number: '',
            card_number2: '',
            source_id: null,
            external_id: null,
            password_hash: null,
            is_admin: 0 as const,
            disabled: 0 as const,
            must_change_password: 0 as const,
            missing_since: null,
            created_at: now,
            updated_at: now,
            ...extra,
          });
          await db
            .insertInto('users')
            .values(
              user('alice', {
                password_hash: await argon2Hasher.hash(PASSWORD),
                is_admin: 1,
                username_alias: 'ally',
                home_folder: '\\\\files\\alice',
              }),
            )
            .execute();
          await db
            .insertInto('users')
            .values(user('carol', { source_id: source.id, external_id: 'guid-carol', department: 'Finance' }))
            .execute();
          // A look-alike name an older release accepted (Cyrillic "а", a full-width "ｃ", a digit).
          await db.insertInto('users').values(user('\u0430dmin\uff43ar0l', {})).execute();
          await db
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
              actor: 'schedule',
            })
            .execute();
          await db
            .insertInto('audit_log')
            .values({
              at: now,
              actor: 'cli:root',
              action: 'user.create',
              target: 'alice',
              ip: '',
              details: '{}',
            })
            .execute();
        } finally {
          await database.close();
        }
      });
      after(async () => {
        await app?.close();
        await dispose?.();
      });

      it('applies only the newer migrations at start-up', async () => {
        app = await createApp(configFor(url));
        assert.deepEqual(
          app.migrations,
          MIGRATION_NAMES.slice(MIGRATION_NAMES.indexOf(PREVIOUS_RELEASE) + 1),
        );
        assert.deepEqual((await migrationStatus(app.database)).pending, []);
      });

      it('keeps the data usable: sign-in, sources and sync runs', async () => {
        assert.ok(app, 'started by the previous test');
        const alice = await app.services.auth.signIn({
          username: 'alice',
          password: PASSWORD,
          ip: '192.0.2.1',
        });
        assert.equal(alice.home_folder, '\\\\files\\alice');
        assert.equal(alice.username_alias, 'ally');
        const sources = await app.services.sources.list();
        assert.deepEqual(
          sources.map((s) => [s.name, s.kind]),
          [['Corporate Directory', 'custom']],
        );
        const runs = await app.services.sync.listRuns();
        assert.deepEqual(
          runs.map((r) => [r.status, r.message]),
          [['succeeded', 'Added 1 user.']],
        );
        const carol = await app.database.db
          .selectFrom('users')
          .selectAll()
          .where('username', '=', 'carol')
          .executeTakeFirstOrThrow();
        assert.equal(carol.external_id, 'guid-carol');
        assert.equal(carol.department, 'Finance');
        // The migration gave existing users their skeleton: the look-alike check finds them.
        const skeletons = await app.database.db
          .selectFrom('users')
          .select(['username', 'username_skeleton'])
          .orderBy('id')
          .execute();
        assert.deepEqual(
          skeletons.map((r) => r.username_skeleton),
          ['alice', 'carol', 'admincarol'],
        );
        await assert.rejects(
          app.services.users.createInternal(
            { username: 'admincarol', password: 'admin has a long passphrase' },
            { username: 'test', ip: '' },
          ),
          /Validation|look/i,
        );
        const dave = await app.services.users.createInternal(
          { username: 'dave', password: 'dave has a long passphrase' },
          { username: 'test', ip: '' },
        );
        assert.ok(dave.id > carol.id);
      });
    },
  );

  describe(
    `a database upgraded by a newer release [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let url: string;
      let dispose: () => Promise<void>;
      before(async () => {
        ({ url, dispose } = await freshDatabaseUrl(kind));
        const app = await createApp(configFor(url));
        await sql`insert into kysely_migration (name, timestamp) values ('29991231T000000-from-the-future', '2999-12-31T00:00:00.000Z')`.execute(
          app.database.db,
        );
        await app.close();
      });
      after(async () => dispose?.());

      it('refuses to start, naming the unknown migration and what to do', async () => {
        await assert.rejects(createApp(configFor(url)), (error: Error) => {
          assert.match(error.message, /29991231T000000-from-the-future/);
          assert.match(
            error.message,
            /this database was upgraded by a newer Quire release; run that release \(or restore a backup made before the upgrade\)/,
          );
          assert.doesNotMatch(error.message, /corrupted migrations/);
          return true;
        });
      });
    },
  );
}
