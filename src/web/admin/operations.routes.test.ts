import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startInstanceHeartbeat } from '../../ops/instances.service.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';
import { customProgramKind } from '../../directory/custom-program/custom-program.kind.js';

const ADMIN_PASSWORD = 'admin-Passphrase-9051';
const ACTOR = { username: 'test', ip: '127.0.0.1' };
const VERSION = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

for (const kind of DATABASE_KINDS) {
  describe(
    `Admin Console → Operations [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let admin: TestClient;
      let runId: number;
      before(async () => {
        t = await startTestApp({ kind });
        await t.createUser({ username: 'admin', password: ADMIN_PASSWORD, isAdmin: true });
        await t.createUser({ username: 'gone', password: 'a long passphrase for gone' });
        await t.app.services.users.setDisabled('gone', true, ACTOR);
        const { db } = t.app.database;
        const source = await t.app.services.sources.add(
          customProgramKind,
          { name: 'Campus <Directory>', program: '/bin/true' },
          ACTOR,
        );
        const run = await db
          .insertInto('sync_runs')
          .values({
            source_id: source.id,
            started_at: minutesAgo(3),
            finished_at: minutesAgo(2),
            dry_run: 0,
            status: 'failed',
            added: 0,
            updated: 0,
            unchanged: 0,
            errors: 1,
            message: 'The directory program exited with status 3.',
            details: '[]',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        runId = run.id;
        const { instances } = t.app.services;
        await instances.heartbeat(
          {
            id: 'app-1:101:aaaa',
            hostname: 'app-1.example.org',
            pid: 101,
            version: VERSION,
            started_at: minutesAgo(60),
          },
          minutesAgo(0.5),
        );
        await instances.heartbeat(
          {
            id: 'app-old:7:bbbb',
            hostname: 'app-old.example.org',
            pid: 7,
            version: '0.0.1',
            started_at: minutesAgo(120),
          },
          minutesAgo(10),
        );
        admin = t.client();
        assert.equal((await admin.signIn('admin', ADMIN_PASSWORD, 'admin')).status, 303);
      });
      after(async () => t?.close());

      it('shows the version, Node.js, the database and a current schema', async () => {
        const page = await admin.get('/admin/operations');
        assert.equal(page.status, 200);
        assert.match(page.body, /<a href="\/admin\/operations" aria-current="page">Operations<\/a>/);
        assert.match(
          page.body,
          new RegExp(`<dt>Quire version</dt><dd>${VERSION.replace(/\./g, '\\.')}</dd>`),
        );
        assert.match(page.body, new RegExp(`<dd>${process.version.replace(/\./g, '\\.')}</dd>`));
        assert.match(page.body, kind === 'postgres' ? /<dd>PostgreSQL \d+/ : /<dd>SQLite 3\.\d+/);
        assert.match(page.body, /<dt>Database size<\/dt><dd>[\d.]+ (KiB|MiB|bytes)<\/dd>/);
        assert.match(page.body, /\d+ migrations applied, none pending/);
      });

      it('lists the servers seen in the last five minutes only', async () => {
        const page = await admin.get('/admin/operations');
        assert.match(page.body, /<td>app-1\.example\.org<\/td><td>101<\/td>/);
        assert.doesNotMatch(page.body, /app-old\.example\.org/);
      });

      it("shows each source's last run with a link to its report, and users by source", async () => {
        const page = await admin.get('/admin/operations');
        assert.match(page.body, /<td>Campus &lt;Directory><\/td><td>failed<\/td>/);
        assert.match(page.body, /The directory program exited with status 3\./);
        assert.match(page.body, new RegExp(`<a href="/admin/sync-runs/${runId}">Report ${runId}`));
        assert.match(page.body, /<td>internal<\/td><td>1<\/td><td>1<\/td>/, 'admin enabled, gone disabled');
      });

      it('says when no mail server is configured', async () => {
        const page = await admin.get('/admin/operations');
        assert.match(page.body, /No mail server is configured/);
      });

      it('records a running server and removes it when it stops', async () => {
        const heartbeat = await startInstanceHeartbeat({
          instances: t.app.services.instances,
          clock: { now: () => new Date() },
          log: { warn: () => {} },
        });
        assert.match(heartbeat.id, /^[^:]+:\d+:[0-9a-f]{8}$/);
        const seen = await t.app.services.instances.seenSince(minutesAgo(1));
        assert.deepEqual(
          seen.map((i) => i.id).filter((id) => id === heartbeat.id),
          [heartbeat.id],
        );
        assert.equal(seen.find((i) => i.id === heartbeat.id)?.pid, process.pid);
        await heartbeat.stop();
        assert.ok(
          !(await t.app.services.instances.seenSince(minutesAgo(1))).some((i) => i.id === heartbeat.id),
        );
      });
    },
  );
}
