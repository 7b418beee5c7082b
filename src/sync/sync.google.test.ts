/**
 * The sync engine over a Google Workspace source (a local Directory API server), on SQLite and
 * PostgreSQL: the first run adds everyone with nested groups, a renamed account stays the same
 * user (Google's immutable id), a suspended account is disabled, and a page that fails in the
 * middle of a run changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SourceRow } from '../db/schema.js';
import { postgresSkip } from '../test-support/databases.js';
import {
  googleUser,
  startGoogleDirectoryServer,
  type GoogleDirectoryServer,
} from '../test-support/google-directory-server.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import { googleKind } from '../directory/google/google.kind.js';

const actor = { username: 'test', ip: '127.0.0.1' };
const ADMIN = 'admin@example.org';

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(
    `synchronizing from Google Workspace [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let google: GoogleDirectoryServer;
      let t: TestApp;
      let source: SourceRow;
      const sync = async () =>
        t.app.services.sync.run((await t.app.services.sources.findById(source.id))!, {
          dryRun: false,
          actor,
        });
      const user = (name: string) => t.app.services.users.findByUsername(name);
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

      before(async () => {
        google = await startGoogleDirectoryServer({ admins: [ADMIN] });
        google.users = [
          googleUser({
            id: '2001',
            primaryEmail: 'alice@example.org',
            fullName: 'Alice Archer',
            department: 'Finance',
            cardNumber: '5001',
          }),
          googleUser({ id: '2002', primaryEmail: 'bob@example.org', fullName: 'Bob Baker' }),
          googleUser({ id: '2003', primaryEmail: 'carol@example.org', fullName: 'Carol Cooper' }),
          googleUser({ id: '2004', primaryEmail: 'dave@example.org', fullName: 'Dave Dunn' }),
          googleUser({ id: '2005', primaryEmail: 'erin@example.org', fullName: 'Erin Evans' }),
        ];
        google.groups = [
          {
            id: 'g-all',
            email: 'all@example.org',
            name: 'All Staff',
            members: [
              { id: '2001', email: 'alice@example.org', type: 'USER' },
              { id: 'g-ops', email: 'ops@example.org', type: 'GROUP' },
            ],
          },
          {
            id: 'g-ops',
            email: 'ops@example.org',
            name: 'Operations',
            members: [
              { id: '2004', email: 'dave@example.org', type: 'USER' },
              { id: '2005', email: 'erin@example.org', type: 'USER' },
            ],
          },
        ];
        t = await startTestApp({ kind });
        source = await t.app.services.sources.add(
          googleKind,
          {
            name: 'Example Workspace',
            serviceAccountKey: google.serviceAccountKey(),
            adminEmail: ADMIN,
            apiUrl: google.url,
            pageSize: 2,
          },
          actor,
        );
        // Suspended accounts are imported as disabled users, so that a suspension shows as "disabled".
        await t.app.services.sources.updateSyncOptions(
          source.id,
          {
            missingPolicy: 'disable',
            maxRemovals: 100,
            maxRemovalsPercent: 100,
            schedule: '',
            importDisabled: true,
            importGroups: [],
          },
          actor,
        );
      });
      after(async () => {
        await t?.close();
        await google?.close();
      });

      it('adds every user on the first run, keyed by Google’s id, with nested groups flattened', async () => {
        const report = await sync();
        assert.equal(report.status, 'succeeded', report.message);
        assert.equal(report.added, 5);
        assert.equal(report.groups, 2);
        const alice = await user('alice');
        assert.equal(alice?.external_id, '2001');
        assert.equal(alice?.full_name, 'Alice Archer');
        assert.equal(alice?.email, 'alice@example.org');
        assert.equal(alice?.department, 'Finance');
        assert.equal(alice?.card_number, '5001');
        assert.deepEqual(await members('All Staff'), ['alice', 'dave', 'erin']);
        assert.equal(
          google.requests.filter((r) => r.path === '/users').length >= 3,
          true,
          'five users in pages of two',
        );
      });

      it('renames a user whose primary email changed, keeping the same Quire user', async () => {
        const before = await user('bob');
        google.users[1] = googleUser({
          id: '2002',
          primaryEmail: 'robert@example.org',
          fullName: 'Robert Baker',
        });
        const report = await sync();
        assert.equal(report.status, 'succeeded', report.message);
        assert.equal(report.renamed, 1);
        assert.equal(report.added, 0);
        const robert = await user('robert');
        assert.equal(robert?.id, before?.id);
        assert.equal(robert?.full_name, 'Robert Baker');
        assert.equal(await user('bob'), undefined);
      });

      it('disables a user suspended in Google Workspace', async () => {
        google.users[2] = googleUser({
          id: '2003',
          primaryEmail: 'carol@example.org',
          fullName: 'Carol Cooper',
          suspended: true,
        });
        const report = await sync();
        assert.equal(report.status, 'succeeded', report.message);
        assert.equal(report.disabled, 1);
        assert.equal((await user('carol'))?.disabled, 1);
        assert.equal((await user('alice'))?.disabled, 0);
      });

      it('changes nothing when a page fails in the middle of the run', async () => {
        google.users[0] = googleUser({
          id: '2001',
          primaryEmail: 'alice@example.org',
          fullName: 'Alice Renamed',
        });
        google.users.push(
          googleUser({ id: '2006', primaryEmail: 'frank@example.org', fullName: 'Frank Foster' }),
        );
        google.users.splice(3, 1); // dave leaves
        google.injectFault({ on: 'page', list: 'users', page: 2, status: 403 });
        try {
          const report = await sync();
          assert.equal(report.status, 'failed');
          assert.match(report.message, /lacks the privilege/);
        } finally {
          google.clearFaults();
        }
        assert.equal((await user('alice'))?.full_name, 'Alice Archer');
        assert.equal(await user('frank'), undefined);
        assert.equal((await user('dave'))?.disabled, 0);
        // The directory is readable again: the same changes now apply.
        const report = await sync();
        assert.equal(report.status, 'succeeded', report.message);
        assert.equal((await user('alice'))?.full_name, 'Alice Renamed');
        assert.ok(await user('frank'));
        assert.equal((await user('dave'))?.disabled, 1);
      });
    },
  );
}
