import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { newUserRow } from '../users/user-details.js';
import { ACTOR, secretsIn, startApiTestApp, type ApiTestApp } from './api.test-support.js';
import { customProgramKind } from '../directory/custom-program/custom-program.kind.js';

const EXAMPLES = new URL('../../examples/custom-directory/', import.meta.url).pathname;
const PASSWORD = 'lantern-orchid-93';
const PAGED = 250;

for (const kind of DATABASE_KINDS) {
  describe(`REST API: users [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
    let api: ApiTestApp;

    before(async () => {
      api = await startApiTestApp(kind);
      await api.t.createUser({ username: 'root', password: PASSWORD, isAdmin: true, fullName: 'Root Admin' });
      // Rows written directly: 250 argon2 hashes would take most of the test's time.
      const now = new Date().toISOString();
      const rows = Array.from({ length: PAGED }, (_, i) => {
        const n = String(i + 1).padStart(3, '0');
        return newUserRow(`p${n}`, now, {
          full_name: `Paged ${n}`,
          full_name_key: `paged ${n}`,
          email: `p${n}@example.org`,
          email_key: `p${n}@example.org`,
          disabled: i % 10 === 0 ? 1 : 0,
          card_number: `77${n}`,
        });
      });
      await api.t.app.database.db.insertInto('users').values(rows).execute();
      const source = await api.t.app.services.sources.add(
        customProgramKind,
        { name: 'Corporate Directory', program: `${EXAMPLES}users.sh`, authProgram: `${EXAMPLES}auth.sh` },
        ACTOR,
      );
      await api.t.app.services.sync.run(source, { dryRun: false, actor: ACTOR });
    });
    after(() => api.close());

    async function walk(query: string, limit: number): Promise<{ usernames: string[]; pages: number }> {
      const usernames: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const response = await api.call(
          'GET',
          `/api/v1/users?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`,
          { token: 'users:read' },
        );
        assert.equal(response.status, 200, response.body);
        usernames.push(...response.json.items.map((u: { username: string }) => u.username));
        cursor = response.json.nextCursor;
        pages++;
        assert.ok(pages < 100, 'paging ends');
      } while (cursor);
      return { usernames, pages };
    }

    it('pages through 250 users with cursors: each user once, in username order', async () => {
      const { usernames, pages } = await walk('&source=internal', 100);
      const expected = [
        'root',
        ...Array.from({ length: PAGED }, (_, i) => `p${String(i + 1).padStart(3, '0')}`),
      ].sort();
      assert.deepEqual(usernames, expected);
      assert.equal(pages, 3);
      const all = await walk('', 37);
      assert.equal(new Set(all.usernames).size, all.usernames.length, 'no user twice');
      assert.equal(all.usernames.length, PAGED + 1 + 4);
      assert.deepEqual(all.usernames, [...all.usernames].sort());
    });

    it('defaults to pages of 100 and refuses a limit outside 1–500, an unknown parameter and a forged cursor, naming them', async () => {
      const first = await api.call('GET', '/api/v1/users', { token: 'users:read' });
      assert.equal(first.json.items.length, 100);
      assert.equal(typeof first.json.nextCursor, 'string');
      for (const [query, field] of [
        ['limit=0', 'limit'],
        ['limit=501', 'limit'],
        ['limit=ten', 'limit'],
        ['page=2', 'page'],
        ['cursor=not*base64', 'cursor'],
        ['cursor=%C3%A9', 'cursor'],
        ['disabled=yes', 'disabled'],
      ] as const) {
        const response = await api.call('GET', `/api/v1/users?${query}`, { token: 'users:read' });
        assert.equal(response.status, 400, query);
        assert.equal(response.json.code, 'validation_failed');
        assert.ok(response.json.errors[field], `${query} names ${field}: ${response.body}`);
      }
    });

    it('filters by quick find, source and disabled, and pages the filtered list', async () => {
      const byName = await api.call('GET', '/api/v1/users?q=paged%2001', { token: 'users:read' });
      assert.equal(byName.status, 200, byName.body);
      assert.deepEqual(
        byName.json.items.map((u: { username: string }) => u.username),
        Array.from({ length: 10 }, (_, i) => `p${String(i + 10).padStart(3, '0')}`),
      );
      const byCard = await api.call('GET', '/api/v1/users?q=77250', { token: 'users:read' });
      assert.deepEqual(
        byCard.json.items.map((u: { username: string }) => u.username),
        ['p250'],
      );
      const oneLetter = await walk('&q=p', 40);
      assert.equal(oneLetter.usernames.length, PAGED);
      const quick = await walk('&q=p0', 7);
      assert.equal(quick.usernames.length, 99);
      assert.deepEqual(quick.usernames, [...quick.usernames].sort());
      const directory = await walk('&source=Corporate%20Directory', 100);
      assert.deepEqual(directory.usernames, ['alice', 'bob', 'carol', 'dave']);
      const disabled = await walk('&disabled=true&source=internal', 10);
      assert.equal(disabled.usernames.length, 25);
      assert.ok(disabled.usernames.every((name) => Number(name.slice(1)) % 10 === 1));
      const enabledPaged = await walk('&disabled=false&q=paged', 100);
      assert.equal(enabledPaged.usernames.length, 225);
      const unknown = await api.call('GET', '/api/v1/users?source=Nowhere', { token: 'users:read' });
      assert.equal(unknown.status, 400);
      assert.ok(unknown.json.errors.source);
    });

    it('gets one user by name, case-insensitively, and answers 404 for nobody', async () => {
      const response = await api.call('GET', '/api/v1/users/ROOT', { token: 'users:read' });
      assert.equal(response.status, 200);
      assert.equal(response.json.username, 'root');
      assert.equal(response.json.isAdmin, true);
      assert.equal(response.json.internal, true);
      assert.equal(response.json.source, 'Internal');
      const missing = await api.call('GET', '/api/v1/users/nobody', { token: 'users:read' });
      assert.equal(missing.status, 404);
      assert.equal(missing.json.code, 'not_found');
    });

    it('creates an internal user: 201, Location, and an audit entry naming the token', async () => {
      const response = await api.call('POST', '/api/v1/users', {
        token: 'users:write',
        body: {
          username: 'Nina',
          password: PASSWORD,
          fullName: 'Nina Novak',
          email: 'nina@example.org',
          department: 'Sales',
        },
      });
      assert.equal(response.status, 201, response.body);
      assert.equal(response.headers.location, '/api/v1/users/nina');
      assert.equal(response.json.username, 'nina');
      assert.equal(response.json.fullName, 'Nina Novak');
      const audit = await api.t.app.services.audit.list({ action: 'user.create', user: 'nina' });
      assert.equal(audit[0]?.actor, 'api-token:users:write');
      assert.equal(
        (await api.call('GET', '/api/v1/users/nina', { token: 'users:read' })).json.email,
        'nina@example.org',
      );
    });

    it('refuses invalid new users with 400 naming each field: schema failures, unknown fields and the service’s rules', async () => {
      const missing = await api.call('POST', '/api/v1/users', {
        token: 'users:write',
        body: { username: 'olga' },
      });
      assert.equal(missing.status, 400);
      assert.ok(missing.json.errors.password);
      const unknown = await api.call('POST', '/api/v1/users', {
        token: 'users:write',
        body: { username: 'olga', password: PASSWORD, groups: ['x'], role: 'admin' },
      });
      assert.equal(unknown.status, 400);
      assert.deepEqual(Object.keys(unknown.json.errors).sort(), ['groups', 'role']);
      const wrongType = await api.call('POST', '/api/v1/users', {
        token: 'users:write',
        body: { username: 'olga', password: PASSWORD, isAdmin: 'yes' },
      });
      assert.equal(wrongType.status, 400);
      assert.ok(wrongType.json.errors.isAdmin);
      const rules = await api.call('POST', '/api/v1/users', {
        token: 'users:write',
        body: { username: 'a/b', password: 'short', email: 'not-an-email' },
      });
      assert.equal(rules.status, 400);
      assert.equal(rules.json.code, 'validation_failed');
      assert.ok(
        rules.json.errors.username && rules.json.errors.password && rules.json.errors.email,
        rules.body,
      );
      const taken = await api.call('POST', '/api/v1/users', {
        token: 'users:write',
        body: { username: 'root', password: PASSWORD },
      });
      assert.equal(taken.status, 400);
      assert.match(taken.json.errors.username, /already exists/);
      const notObject = await api.call('POST', '/api/v1/users', { token: 'users:write', body: ['olga'] });
      assert.equal(notObject.status, 400);
      assert.equal(await api.t.app.services.users.findByUsername('olga'), undefined);
    });

    it('changes details, disabled and admin with PATCH, each audited with the token as actor', async () => {
      const response = await api.call('PATCH', '/api/v1/users/nina', {
        token: 'users:write',
        body: { office: 'Room 12', notes: 'Prefers duplex', cardNumber: '4242' },
      });
      assert.equal(response.status, 200, response.body);
      assert.equal(response.json.office, 'Room 12');
      assert.equal(response.json.cardNumber, '4242');
      const flags = await api.call('PATCH', '/api/v1/users/nina', {
        token: 'users:write',
        body: { disabled: true, admin: true },
      });
      assert.equal(flags.json.disabled, true);
      assert.equal(flags.json.isAdmin, true);
      const actions = (await api.t.app.services.audit.list({ user: 'nina' }))
        .filter((e) => e.actor === 'api-token:users:write')
        .map((e) => e.action);
      for (const action of ['user.update', 'user.disable', 'user.admin.grant'])
        assert.ok(actions.includes(action), action);
      const invalid = await api.call('PATCH', '/api/v1/users/nina', {
        token: 'users:write',
        body: { disabled: 'no', email: 'nope', username: 'renamed' },
      });
      assert.equal(invalid.status, 400);
      assert.ok(invalid.json.errors.disabled && invalid.json.errors.username, invalid.body);
      const email = await api.call('PATCH', '/api/v1/users/nina', {
        token: 'users:write',
        body: { email: 'nope' },
      });
      assert.equal(email.status, 400);
      assert.ok(email.json.errors.email);
      assert.equal(
        (await api.call('PATCH', '/api/v1/users/nobody', { token: 'users:write', body: { notes: 'x' } }))
          .status,
        404,
      );
    });

    it('disables and enables with POST …/disable and …/enable, and doing it twice changes nothing', async () => {
      const enabled = await api.call('POST', '/api/v1/users/nina/enable', { token: 'users:write' });
      assert.equal(enabled.status, 200, enabled.body);
      assert.equal(enabled.json.disabled, false);
      assert.equal(
        (await api.call('POST', '/api/v1/users/nina/disable', { token: 'users:write' })).json.disabled,
        true,
      );
      const before = (await api.t.app.services.audit.list({ user: 'nina', action: 'user.disable' })).length;
      assert.equal(
        (await api.call('POST', '/api/v1/users/nina/disable', { token: 'users:write', body: {} })).json
          .disabled,
        true,
      );
      assert.equal(
        (await api.t.app.services.audit.list({ user: 'nina', action: 'user.disable' })).length,
        before,
      );
      await api.call('POST', '/api/v1/users/nina/enable', { token: 'users:write' });
    });

    it('sets an internal user’s password with PUT …/password, audited, and refuses a weak one naming the field', async () => {
      const weak = await api.call('PUT', '/api/v1/users/nina/password', {
        token: 'users:write',
        body: { password: 'abc' },
      });
      assert.equal(weak.status, 400);
      assert.ok(weak.json.errors.password);
      const before = (await api.t.app.services.users.findByUsername('nina'))!.password_hash;
      const response = await api.call('PUT', '/api/v1/users/nina/password', {
        token: 'users:write',
        body: { password: 'quartz-meadow-71', mustChangePassword: true },
      });
      assert.equal(response.status, 204, response.body);
      assert.equal(response.body, '');
      const after = (await api.t.app.services.users.findByUsername('nina'))!;
      assert.notEqual(after.password_hash, before);
      assert.equal(after.must_change_password, 1);
      const [entry] = await api.t.app.services.audit.list({ user: 'nina', action: 'user.password.reset' });
      assert.equal(entry?.actor, 'api-token:users:write');
    });

    it('refuses to set a directory user’s password with 409 that says its source manages it', async () => {
      const response = await api.call('PUT', '/api/v1/users/alice/password', {
        token: 'users:write',
        body: { password: 'quartz-meadow-71' },
      });
      assert.equal(response.status, 409);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      assert.equal(response.json.code, 'conflict');
      assert.match(response.json.detail, /managed by its directory source "Corporate Directory"/);
      assert.equal((await api.t.app.services.users.findByUsername('alice'))!.password_hash, null);
    });

    it('refuses changes to the fields a directory source owns, naming them, and allows notes', async () => {
      const alice = await api.call('GET', '/api/v1/users/alice', { token: 'users:read' });
      assert.equal(alice.json.internal, false);
      assert.equal(alice.json.source, 'Corporate Directory');
      const refused = await api.call('PATCH', '/api/v1/users/alice', {
        token: 'users:write',
        body: { fullName: 'Alice Other', department: 'Legal', notes: 'VIP' },
      });
      assert.equal(refused.status, 400);
      assert.deepEqual(Object.keys(refused.json.errors).sort(), ['department', 'fullName']);
      assert.match(refused.json.errors.fullName, /managed by the directory source/);
      assert.equal((await api.t.app.services.users.findByUsername('alice'))!.notes, '', 'nothing was saved');
      const notes = await api.call('PATCH', '/api/v1/users/alice', {
        token: 'users:write',
        body: { notes: 'VIP', fullName: alice.json.fullName },
      });
      assert.equal(notes.status, 200, notes.body);
      assert.equal(notes.json.notes, 'VIP');
    });

    it('deletes a user with 204, audited; the user is then 404', async () => {
      const response = await api.call('DELETE', '/api/v1/users/nina', { token: 'users:write' });
      assert.equal(response.status, 204);
      assert.equal((await api.call('GET', '/api/v1/users/nina', { token: 'users:read' })).status, 404);
      const [entry] = await api.t.app.services.audit.list({ user: 'nina', action: 'user.delete' });
      assert.equal(entry?.actor, 'api-token:users:write');
      assert.equal((await api.call('DELETE', '/api/v1/users/nina', { token: 'users:write' })).status, 404);
    });

    it('refuses to remove the last administrator with 409', async () => {
      const response = await api.call('DELETE', '/api/v1/users/root', { token: 'users:write' });
      assert.equal(response.status, 409);
      assert.equal(response.json.code, 'conflict');
      assert.ok(await api.t.app.services.users.findByUsername('root'));
    });

    it('never lets a password hash reach a response', () => {
      assert.ok(api.bodies.length > 30);
      assert.deepEqual(secretsIn(api.bodies, [PASSWORD, 'quartz-meadow-71']), []);
    });
  });
}
