import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { ACTOR, secretsIn, startApiTestApp, type ApiTestApp } from './api.test-support.js';
import { customProgramKind } from '../directory/custom-program/custom-program.kind.js';
import { entraIdKind } from '../directory/entra-id/entra-id.kind.js';
import { ldapKind } from '../directory/ldap/ldap.kind.js';

const EXAMPLES = new URL('../../examples/custom-directory/', import.meta.url).pathname;
const BIND_PASSWORD = 'bind-Secret-4711';
const ENTRA_SECRET = 'entra~Secret.0815';

for (const kind of DATABASE_KINDS) {
  describe(
    `REST API: sources, sync runs, groups and the audit log [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let api: ApiTestApp;
      let customId = 0;
      let ldapId = 0;

      before(async () => {
        api = await startApiTestApp(kind);
        const { sources } = api.t.app.services;
        customId = (
          await sources.add(
            customProgramKind,
            {
              name: 'Corporate Directory',
              program: `${EXAMPLES}users.sh`,
              authProgram: `${EXAMPLES}auth.sh`,
            },
            ACTOR,
          )
        ).id;
        // Saved, never contacted: the API only shows it.
        ldapId = (
          await sources.add(
            ldapKind,
            {
              name: 'Corporate AD',
              preset: 'active-directory',
              urls: ['ldaps://dc1.example.org'],
              bindDn: 'CN=quire,DC=example,DC=org',
              bindPassword: BIND_PASSWORD,
              baseDns: ['DC=example,DC=org'],
            },
            ACTOR,
          )
        ).id;
      });
      after(() => api.close());

      async function waitForRun(id: number) {
        for (let i = 0; i < 200; i++) {
          const response = await api.call('GET', `/api/v1/sync-runs/${id}`, { token: 'sync:run' });
          assert.equal(response.status, 200, response.body);
          if (response.json.status !== 'running') return response.json;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        throw new Error(`run ${id} did not finish`);
      }

      it('lists sources and shows one, with the LDAP settings but never the bind password', async () => {
        const list = await api.call('GET', '/api/v1/sources', { token: 'sources:read' });
        assert.equal(list.status, 200);
        assert.deepEqual(
          list.json.items.map((s: { name: string }) => s.name),
          ['Corporate Directory', 'Corporate AD'],
        );
        const custom = await api.call('GET', `/api/v1/sources/${customId}`, { token: 'sources:read' });
        assert.equal(custom.json.kind, 'custom');
        assert.equal(custom.json.program, `${EXAMPLES}users.sh`);
        assert.equal(custom.json.priority, 1);
        const ldap = await api.call('GET', `/api/v1/sources/${ldapId}`, { token: 'sources:read' });
        assert.equal(ldap.status, 200);
        assert.equal(ldap.json.ldap.hasBindPassword, true);
        assert.equal(ldap.json.ldap.bindDn, 'CN=quire,DC=example,DC=org');
        assert.deepEqual(ldap.json.ldap.urls, ['ldaps://dc1.example.org']);
        assert.equal(ldap.json.ldap.attributes.username, 'sAMAccountName');
        assert.doesNotMatch(ldap.body + list.body, new RegExp(BIND_PASSWORD));
        assert.equal((await api.call('GET', '/api/v1/sources/999', { token: 'sources:read' })).status, 404);
        const notId = await api.call('GET', '/api/v1/sources/first', { token: 'sources:read' });
        assert.equal(notId.status, 400);
        assert.ok(notId.json.errors.id);
      });

      it('shows a Microsoft Entra ID source with its settings, saying a secret is stored but never giving it', async () => {
        const { sources } = api.t.app.services;
        const entra = await sources.add(
          entraIdKind,
          {
            name: 'Contoso 365',
            tenantId: 'contoso.onmicrosoft.com',
            clientId: '8d6f2f5e-3c1a-4c7b-9a55-1f0e2d3c4b5a',
            clientSecret: ENTRA_SECRET,
            certificatePem: '',
            privateKeyPem: '',
          },
          ACTOR,
        );
        const response = await api.call('GET', `/api/v1/sources/${entra.id}`, { token: 'sources:read' });
        assert.equal(response.status, 200, response.body);
        assert.equal(response.json.kind, 'entra');
        assert.equal(response.json.entra.tenantId, 'contoso.onmicrosoft.com');
        assert.equal(response.json.entra.hasClientSecret, true);
        assert.equal(response.json.entra.usernameFrom, 'upn-local-part');
        assert.doesNotMatch(response.body, new RegExp(ENTRA_SECRET));
        await sources.remove(entra.id, ACTOR);
      });

      it('starts a sync with 202 and a Location to its run, which finishes with counts', async () => {
        const response = await api.call('POST', `/api/v1/sources/${customId}/sync`, { token: 'sync:run' });
        assert.equal(response.status, 202, response.body);
        assert.equal(response.headers.location, `/api/v1/sync-runs/${response.json.id}`);
        assert.equal(response.json.source, 'Corporate Directory');
        assert.equal(response.json.dryRun, false);
        assert.equal(response.json.actor, 'api-token:sync:run');
        const run = await waitForRun(response.json.id);
        assert.equal(run.status, 'succeeded', run.message);
        assert.equal(run.phase, '');
        assert.equal(run.counts.added, 4);
        assert.ok(run.counts.groups >= 3);
        assert.ok(run.finishedAt);
        assert.ok(await api.t.app.services.users.findByUsername('alice'));
      });

      it('starts a dry run that changes nothing, and refuses a body with a wrong type or an unknown field', async () => {
        const response = await api.call('POST', `/api/v1/sources/${customId}/sync`, {
          token: 'sync:run',
          body: { dryRun: true },
        });
        assert.equal(response.status, 202, response.body);
        const run = await waitForRun(response.json.id);
        assert.equal(run.dryRun, true);
        assert.equal(run.status, 'succeeded');
        assert.equal(run.counts.added, 0);
        assert.equal(run.counts.unchanged, 4);
        const wrongType = await api.call('POST', `/api/v1/sources/${customId}/sync`, {
          token: 'sync:run',
          body: { dryRun: 'yes' },
        });
        assert.equal(wrongType.status, 400);
        assert.ok(wrongType.json.errors.dryRun);
        const unknown = await api.call('POST', `/api/v1/sources/${customId}/sync`, {
          token: 'sync:run',
          body: { overrideThreshold: true },
        });
        assert.equal(unknown.status, 400);
        assert.ok(unknown.json.errors.overrideThreshold);
        assert.equal((await api.call('POST', '/api/v1/sources/999/sync', { token: 'sync:run' })).status, 404);
      });

      it('lists sync runs newest first, by source, paged with cursors', async () => {
        const all = await api.call('GET', '/api/v1/sync-runs', { token: 'sync:run' });
        assert.equal(all.status, 200);
        const ids = all.json.items.map((r: { id: number }) => r.id);
        assert.ok(ids.length >= 2);
        assert.deepEqual(
          ids,
          [...ids].sort((a: number, b: number) => b - a),
        );
        const first = await api.call('GET', '/api/v1/sync-runs?limit=1&source=Corporate%20Directory', {
          token: 'sync:run',
        });
        assert.equal(first.json.items.length, 1);
        const second = await api.call(
          'GET',
          `/api/v1/sync-runs?limit=1&source=Corporate%20Directory&cursor=${first.json.nextCursor}`,
          { token: 'sync:run' },
        );
        assert.equal(second.json.items.length, 1);
        assert.ok(second.json.items[0].id < first.json.items[0].id);
        const none = await api.call('GET', '/api/v1/sync-runs?source=Corporate%20AD', { token: 'sync:run' });
        assert.deepEqual(none.json, { items: [], nextCursor: null });
        assert.equal(
          (await api.call('GET', '/api/v1/sync-runs?source=Nowhere', { token: 'sync:run' })).status,
          400,
        );
        assert.equal((await api.call('GET', '/api/v1/sync-runs/99999', { token: 'sync:run' })).status, 404);
      });

      it('lists groups from the directory, shows one with its member count, and pages its members', async () => {
        const list = await api.call('GET', '/api/v1/groups', { token: 'groups:read' });
        assert.equal(list.status, 200, list.body);
        assert.deepEqual(
          list.json.items.map((g: { name: string }) => g.name),
          ['Finance', 'Research Team', 'Staff'],
        );
        const paged = await api.call('GET', '/api/v1/groups?limit=2', { token: 'groups:read' });
        const rest = await api.call('GET', `/api/v1/groups?limit=2&cursor=${paged.json.nextCursor}`, {
          token: 'groups:read',
        });
        assert.deepEqual(
          [...paged.json.items, ...rest.json.items].map((g: { name: string }) => g.name),
          ['Finance', 'Research Team', 'Staff'],
        );
        assert.equal(rest.json.nextCursor, null);
        const staff = await api.call('GET', '/api/v1/groups/Staff', { token: 'groups:read' });
        assert.equal(staff.json.memberCount, 4);
        assert.equal(staff.json.source, 'Corporate Directory');
        const research = await api.call('GET', '/api/v1/groups/Research%20Team', { token: 'groups:read' });
        assert.equal(research.json.memberCount, 2);
        const members: string[] = [];
        let cursor: string | null = null;
        do {
          const page = await api.call(
            'GET',
            `/api/v1/groups/Staff/members?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
            { token: 'groups:read' },
          );
          assert.equal(page.status, 200, page.body);
          members.push(...page.json.items.map((u: { username: string }) => u.username));
          cursor = page.json.nextCursor;
        } while (cursor);
        assert.deepEqual(members, ['alice', 'bob', 'carol', 'dave']);
        assert.equal((await api.call('GET', '/api/v1/groups/Nope', { token: 'groups:read' })).status, 404);
        assert.equal(
          (await api.call('GET', '/api/v1/groups/Nope/members', { token: 'groups:read' })).status,
          404,
        );
      });

      it('reads the audit log newest first, filtered by user, action and since, paged with cursors', async () => {
        const created = await api.call('POST', '/api/v1/users', {
          token: 'users:write',
          body: { username: 'audited', password: 'lantern-orchid-93' },
        });
        assert.equal(created.status, 201);
        const byToken = await api.call('GET', '/api/v1/audit?user=api-token:users:write', {
          token: 'audit:read',
        });
        assert.equal(byToken.status, 200, byToken.body);
        assert.equal(byToken.json.items[0].action, 'user.create');
        assert.equal(byToken.json.items[0].target, 'audited');
        assert.deepEqual(byToken.json.items[0].details, { internal: true, admin: false });
        const byAction = await api.call('GET', '/api/v1/audit?action=source.create', { token: 'audit:read' });
        assert.deepEqual(
          byAction.json.items.map((e: { target: string }) => e.target),
          ['Contoso 365', 'Corporate AD', 'Corporate Directory'],
        );
        assert.doesNotMatch(byAction.body, new RegExp(`${BIND_PASSWORD}|${ENTRA_SECRET}`));
        const future = await api.call('GET', '/api/v1/audit?since=2999-01-01', { token: 'audit:read' });
        assert.deepEqual(future.json.items, []);
        const since = await api.call(
          'GET',
          `/api/v1/audit?since=${encodeURIComponent(byToken.json.items[0].at)}`,
          { token: 'audit:read' },
        );
        assert.ok(since.json.items.some((e: { target: string }) => e.target === 'audited'));
        const bad = await api.call('GET', '/api/v1/audit?since=yesterday', { token: 'audit:read' });
        assert.equal(bad.status, 400);
        assert.ok(bad.json.errors.since);

        const seen: number[] = [];
        let cursor: string | null = null;
        do {
          const page = await api.call('GET', `/api/v1/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`, {
            token: 'audit:read',
          });
          seen.push(...page.json.items.map((e: { id: number }) => e.id));
          cursor = page.json.nextCursor;
        } while (cursor);
        assert.equal(new Set(seen).size, seen.length);
        assert.deepEqual(
          seen,
          [...seen].sort((a, b) => b - a),
        );
        assert.ok(seen.length >= 5);
      });

      it('never lets a secret reach a response', () => {
        assert.deepEqual(secretsIn(api.bodies, [BIND_PASSWORD, ENTRA_SECRET, 'lantern-orchid-93']), []);
      });
    },
  );
}
