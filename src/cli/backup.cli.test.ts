import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createApp, type App } from '../app.js';
import { loadConfig } from '../config.js';
import { fails, ok, runCli } from '../test-support/cli.js';
import { DATABASE_KINDS, freshDatabaseUrl, postgresSkip } from '../test-support/databases.js';

const PASSWORD = 'correct horse battery staple';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-backup-cli-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

type Kind = (typeof DATABASE_KINDS)[number];

/** The environment of a fresh database of `kind` (SQLite under its own data directory). */
async function environment(kind: Kind, disposals: (() => Promise<void>)[]): Promise<Record<string, string>> {
  const env: Record<string, string> = { QUIRE_DATA_DIR: fs.mkdtempSync(path.join(tmp, 'data-')) };
  if (kind === 'postgres') {
    const fresh = await freshDatabaseUrl('postgres');
    disposals.push(fresh.dispose);
    env.QUIRE_DATABASE_URL = fresh.url;
  }
  return env;
}

async function inApp<T>(env: Record<string, string>, work: (app: App) => Promise<T>): Promise<T> {
  const app = await createApp(loadConfig({ ...env, QUIRE_LOG_LEVEL: 'silent' }));
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

for (const from of DATABASE_KINDS) {
  const to: Kind = from === 'sqlite' && !postgresSkip() ? 'postgres' : 'sqlite';
  describe(
    `quire backup / restore / migrate from ${from} into ${to}`,
    { skip: from === 'postgres' ? postgresSkip() : false },
    () => {
      const disposals: (() => Promise<void>)[] = [];
      let source: Record<string, string>;
      let target: Record<string, string>;
      const file = path.join(tmp, `${from}-backup.jsonl.gz`);
      before(async () => {
        source = await environment(from, disposals);
        target = await environment(to, disposals);
      });
      after(async () => {
        for (const dispose of disposals) await dispose();
      });

      it('lists pending migrations with --status, changing nothing, then applies them', () => {
        const status = ok(runCli(['migrate', '--status'], source)).stdout;
        assert.match(status, /^pending +20261125T000000-initial$/m);
        assert.match(status, /migrations are pending/);
        assert.match(
          ok(runCli(['migrate', '--status'], source)).stdout,
          /^pending +20261125T000000-initial$/m,
          'still pending: --status applied nothing',
        );
        assert.match(ok(runCli(['migrate'], source)).stdout, /Applied migration 20261125T000000-initial\./);
        const after = ok(runCli(['migrate', '--status'], source)).stdout;
        assert.match(after, /^applied +20261125T000000-initial$/m);
        assert.doesNotMatch(after, /^pending/m);
        assert.match(after, /No migrations are pending\./);
      });

      it('writes a backup readable only by its owner', () => {
        ok(runCli(['user', 'add', 'alice', '--admin', '--password-stdin'], source, `${PASSWORD}\n`));
        const result = ok(runCli(['backup', file], source));
        assert.match(
          result.stdout,
          new RegExp(`Wrote ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 1 users`),
        );
        assert.equal(fs.statSync(file).mode & 0o777, 0o600);
        assert.ok(!fs.existsSync(`${file}.tmp`));
      });

      it(`restores it into an empty ${to} database, where the user signs in with the old password`, async () => {
        const result = ok(runCli(['restore', file], target));
        assert.match(result.stdout, new RegExp(`Restored .* on ${from}\\): 1 users`));
        const signedIn = await inApp(target, (app) =>
          app.services.auth.signIn({ username: 'alice', password: PASSWORD, ip: '192.0.2.1' }),
        );
        assert.equal(signedIn.username, 'alice');
        assert.match(ok(runCli(['user', 'list'], target)).stdout, /alice/);
      });

      it('refuses to restore over users without --force, and replaces them with it', () => {
        ok(runCli(['user', 'add', 'bob', '--password-stdin'], target, 'bob has a long passphrase\n'));
        fails(runCli(['restore', file], target), 1, /^quire: the database already has 2 users; .*--force/m);
        assert.match(ok(runCli(['user', 'list'], target)).stdout, /bob/, 'nothing changed');
        ok(runCli(['restore', file, '--force'], target));
        assert.doesNotMatch(ok(runCli(['user', 'list'], target)).stdout, /bob/);
      });

      it('refuses a file that is not a backup', () => {
        const bogus = path.join(tmp, `${from}-bogus.gz`);
        fs.writeFileSync(bogus, 'not a backup');
        fails(runCli(['restore', bogus, '--force'], target), 1, /^quire: .*not a complete Quire backup/m);
        fails(runCli(['restore', path.join(tmp, 'missing.gz')], target), 1, /^quire: cannot read/m);
      });

      it('refuses every command on a database upgraded by a newer release', async () => {
        await inApp(source, (app) =>
          sql`insert into kysely_migration (name, timestamp) values ('29991231T000000-from-the-future', '2999-12-31T00:00:00.000Z')`.execute(
            app.database.db,
          ),
        );
        const message =
          /^quire: .*29991231T000000-from-the-future.*this database was upgraded by a newer Quire release; run that release \(or restore a backup made before the upgrade\)$/m;
        fails(runCli(['migrate'], source), 1, message);
        fails(runCli(['user', 'list'], source), 1, message);
        fails(runCli(['backup', path.join(tmp, 'never.gz')], source), 1, message);
        const status = fails(runCli(['migrate', '--status'], source), 1, message);
        assert.match(status.stdout, /^unknown +29991231T000000-from-the-future$/m);
      });
    },
  );
}
