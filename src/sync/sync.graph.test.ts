/**
 * The sync engine with a Microsoft Entra ID source against the local Graph server, on SQLite and
 * PostgreSQL: the first run fills the delta mirror, later runs follow the deltaLink and still apply
 * renames, disables, removals, the removal limit and group changes as a full run would; a failing
 * source changes nothing (users, mirror, deltaLink).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SourceRow } from '../db/schema.js';
import { entraConfig, type EntraSourceConfig } from '../directory/entra-id/graph.config.js';
import { createGraphClient } from '../directory/entra-id/graph.client.js';
import { createGraphMirrorRepository } from '../directory/entra-id/graph-mirror.repository.js';
import { createSourcesRepository } from '../directory/sources.repository.js';
import { postgresSkip } from '../test-support/databases.js';
import { startGraphServer, type GraphServer } from '../test-support/graph-server.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';

const actor = { username: 'test', ip: '127.0.0.1' };
const USERS = 40;

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(
    `synchronizing from Microsoft Entra ID [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let graph: GraphServer;
      let t: TestApp;
      let source: SourceRow;
      let staff = '';
      let managers = '';
      const config = (overrides: Partial<EntraSourceConfig> = {}) =>
        entraConfig({
          ...graph.credentials,
          graphUrl: graph.url,
          loginUrl: graph.url,
          pageSize: 7,
          timeoutMs: 5000,
          ...overrides,
        });
      const mirrors = () => createGraphMirrorRepository(t.app.database.db);
      const reload = async () => (source = (await t.app.services.sources.findById(source.id))!);
      const sync = async (options: { overrideThreshold?: boolean } = {}) =>
        t.app.services.sync.run(await reload(), { dryRun: false, actor, ...options });
      const users = () =>
        t.app.database.db
          .selectFrom('users')
          .select(['username', 'external_id', 'disabled', 'department', 'full_name', 'card_number'])
          .where('source_id', '=', source.id)
          .orderBy('external_id')
          .execute();
      const members = async (group: string) =>
        (
          await t.app.database.db
            .selectFrom('group_members')
            .innerJoin('groups', 'groups.id', 'group_members.group_id')
            .innerJoin('users', 'users.id', 'group_members.user_id')
            .select('users.username')
            .where('groups.name', '=', group)
            .orderBy('users.username')
            .execute()
        ).map((r) => r.username);
      /** What a full read of the directory says the enabled users are, by immutable id. */
      const fullRead = async () => {
        const expected = new Map<string, string>();
        for await (const page of createGraphClient(config(), { mirror: null }).users())
          for (const u of page) if (!u.disabled) expected.set(u.externalId, u.username.toLowerCase());
        return expected;
      };
      const setOptions = (missingPolicy: string, maxRemovals = 500, maxRemovalsPercent = 10) =>
        t.app.services.sources.updateSyncOptions(
          source.id,
          {
            missingPolicy,
            maxRemovals,
            maxRemovalsPercent,
            schedule: '',
            importDisabled: false,
            importGroups: [],
          },
          actor,
        );

      before(async () => {
        graph = await startGraphServer({ users: USERS, memberChunk: 4 });
        t = await startTestApp({ kind });
        const user = (i: number) =>
          [graph.userId(i), '#microsoft.graph.user'] as [string, '#microsoft.graph.user'];
        managers = graph.addGroup('Managers', [user(11), user(12)]);
        staff = graph.addGroup('Staff', [
          ...Array.from({ length: 10 }, (_, i) => user(i + 1)),
          [managers, '#microsoft.graph.group'],
        ]);
        const now = new Date().toISOString();
        source = await createSourcesRepository(t.app.database.db).insert({
          name: 'Contoso',
          kind: 'entra',
          config: JSON.stringify(config()),
          priority: 1,
          created_at: now,
          updated_at: now,
        });
      });
      after(async () => {
        await t?.close();
        await graph?.stop();
      });

      it('imports every user and group, nested groups flattened, and fills the mirror', async () => {
        const report = await sync();
        assert.equal(report.status, 'succeeded', report.message);
        assert.equal(report.added, USERS);
        assert.equal(report.groups, 2);
        const first = (await users()).find((u) => u.external_id === graph.userId(1));
        assert.deepEqual(first, {
          username: 'user000001',
          external_id: graph.userId(1),
          disabled: 0,
          department: 'Department 1',
          full_name: 'User 000001',
          card_number: '100001',
        });
        assert.deepEqual(
          await members('Staff'),
          Array.from({ length: 12 }, (_, i) => `user${String(i + 1).padStart(6, '0')}`),
        );
        assert.deepEqual(await members('Managers'), ['user000011', 'user000012']);
        const mirror = await mirrors().summary(source.id);
        assert.deepEqual([mirror.users, mirror.groups, mirror.staged], [USERS, 2, 0]);
        assert.match(mirror.deltas.users ?? '', /\$deltatoken=/);
        assert.match(mirror.deltas.groups ?? '', /\$deltatoken=/);
      });

      it('fails with a clear message and changes nothing when the client secret is wrong, never showing it', async () => {
        const before = { users: await users(), mirror: await mirrors().summary(source.id) };
        const wrong = `${graph.credentials.clientSecret}-expired`;
        await t.app.services.sources.findById(source.id);
        await createSourcesRepository(t.app.database.db).update(source.id, {
          config: JSON.stringify(config({ clientSecret: wrong })),
        });
        graph.updateUser(graph.userId(9), { department: 'Never applied' });
        const report = await sync();
        assert.equal(report.status, 'failed');
        assert.match(report.message, /the client secret is wrong or expired.*Nothing was changed/);
        assert.ok(
          !report.message.includes(wrong) && !report.message.includes(graph.credentials.clientSecret),
        );
        const run = await t.app.services.sync.findRun(report.runId);
        assert.ok(!JSON.stringify(run).includes(wrong));
        assert.deepEqual(await users(), before.users);
        assert.deepEqual(await mirrors().summary(source.id), before.mirror);
        await createSourcesRepository(t.app.database.db).update(source.id, {
          config: JSON.stringify(config()),
        });
      });

      it('changes nothing (users, mirror, deltaLink) when Graph fails in the middle of the delta round', async () => {
        const before = { users: await users(), mirror: await mirrors().summary(source.id) };
        graph.fault({ endpoint: 'users/delta', nth: 1, status: 500 });
        const report = await sync();
        graph.clearFaults();
        assert.equal(report.status, 'failed');
        assert.match(report.message, /Microsoft Graph failed reading users \(500/);
        assert.deepEqual(await users(), before.users);
        assert.deepEqual(await mirrors().summary(source.id), before.mirror);
      });

      it(
        'ends a run that Graph keeps throttling with Retry-After: 0 after a bounded number of attempts, and releases the source',
        { timeout: 30_000 },
        async () => {
          const before = { users: await users(), mirror: await mirrors().summary(source.id) };
          graph.fault({ endpoint: 'users/delta', nth: 1, status: 429, retryAfter: 0 });
          const mark = graph.requests.length;
          const started = Date.now();
          const report = await sync();
          graph.clearFaults();
          assert.equal(report.status, 'failed');
          assert.match(
            report.message,
            /Microsoft Graph kept throttling reading users \(429 TooManyRequests.*gave up after 8 attempts in a row/,
          );
          assert.equal(graph.requests.slice(mark).filter((r) => r.endpoint === 'users/delta').length, 8);
          assert.ok(Date.now() - started < 15_000, `the run took ${Date.now() - started} ms`);
          assert.deepEqual(await users(), before.users);
          assert.deepEqual(await mirrors().summary(source.id), before.mirror);
          assert.equal(
            await t.app.services.sync.findRunning(source.id),
            undefined,
            'the run has ended and released the source',
          );
        },
      );

      it('reads only the changes through the deltaLink and applies them as a full run would', async () => {
        graph.updateUser(graph.userId(3), { userPrincipalName: 'renamed003@contoso.example' });
        graph.updateUser(graph.userId(4), { accountEnabled: false });
        graph.deleteUser(graph.userId(5));
        const newcomer = graph.addUser({
          userPrincipalName: 'newcomer@contoso.example',
          displayName: 'New Comer',
          department: 'Sales',
        });
        graph.removeMember(staff, graph.userId(2));
        const idBefore = (await t.app.services.users.findByUsername('user000003'))?.id;
        const mark = graph.requests.length;
        const report = await sync();
        assert.equal(report.status, 'succeeded', report.message);
        const reads = graph.requests.slice(mark).filter((r) => r.endpoint === 'users/delta');
        assert.deepEqual(
          reads.map((r) => r.round),
          ['delta'],
        );
        assert.equal(reads[0]!.objects, 5, 'users 3, 4, 5, 9 and the newcomer');
        assert.deepEqual([report.added, report.renamed, report.disabled, report.updated], [1, 1, 2, 1]);
        assert.equal(
          (await t.app.services.users.findByUsername('renamed003'))?.id,
          idBefore,
          'renamed by immutable id, not re-created',
        );
        assert.equal((await t.app.services.users.findByUsername('user000009'))?.department, 'Never applied');
        assert.equal((await t.app.services.users.findByUsername('newcomer'))?.external_id, newcomer);
        assert.ok(!(await members('Staff')).includes('user000002'));
        const enabled = new Map(
          (await users()).filter((u) => u.disabled === 0).map((u) => [u.external_id!, u.username]),
        );
        assert.deepEqual(enabled, await fullRead());
      });

      it('stops before changing anything when a delta round would remove more users than the limit, and again on the next run', async () => {
        for (let i = 20; i < 30; i++) graph.deleteUser(graph.userId(i));
        const first = await sync();
        assert.equal(first.status, 'failed');
        assert.equal(first.thresholdExceeded, true);
        assert.match(first.message, /Stopped before changing anything/);
        assert.equal(
          (await users()).filter((u) => u.disabled === 0 && /^user00002\d$/.test(u.username)).length,
          10,
        );
        // The mirror has moved on, but the engine still gets the whole picture: the vanished users stay missing.
        const again = await sync();
        assert.equal(again.thresholdExceeded, true);
        assert.equal(again.status, 'failed');
        const allowed = await sync({ overrideThreshold: true });
        assert.equal(allowed.status, 'succeeded', allowed.message);
        assert.equal(allowed.disabled, 10);
      });

      it('deletes users no longer listed under the delete policy', async () => {
        await setOptions('delete', 500, 100);
        graph.deleteUser(graph.userId(30));
        const report = await sync();
        assert.equal(report.status, 'succeeded', report.message);
        assert.ok(report.deleted >= 1);
        assert.equal(await t.app.services.users.findByUsername('user000030'), undefined);
        await setOptions('disable');
      });

      it('falls back to a full round in the same run when the deltaLink expired (410 Gone)', async () => {
        graph.expireDeltaTokens();
        graph.updateUser(graph.userId(31), { department: 'After expiry' });
        const mark = graph.requests.length;
        const report = await sync();
        assert.equal(report.status, 'succeeded', report.message);
        const reads = graph.requests.slice(mark).filter((r) => r.endpoint === 'users/delta');
        assert.deepEqual([reads[0]!.round, reads[0]!.status, reads[1]!.round], ['delta', 410, 'full']);
        assert.equal((await t.app.services.users.findByUsername('user000031'))?.department, 'After expiry');
        assert.equal(report.updated, 1);
      });

      it('removes the mirror of a removed source', async () => {
        const now = new Date().toISOString();
        const other = await createSourcesRepository(t.app.database.db).insert({
          name: 'Fabrikam',
          kind: 'entra',
          config: JSON.stringify(config()),
          priority: 2,
          created_at: now,
          updated_at: now,
        });
        const round = await mirrors().forSource(other.id).begin('users', 'full');
        await round.put([{ id: 'x', data: { id: 'x', displayName: 'X' } }]);
        await round.commit(`${graph.url}/v1.0/users/delta?$deltatoken=1.x`, 'scope');
        assert.equal((await mirrors().summary(other.id)).users, 1);
        await t.app.services.sources.remove(other.id, actor);
        assert.deepEqual(await mirrors().summary(other.id), { users: 0, groups: 0, staged: 0, deltas: {} });
        assert.equal((await mirrors().summary(source.id)).users > 0, true, 'other sources keep theirs');
      });
    },
  );
}
