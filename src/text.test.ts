/**
 * Text from outside with control characters or broken surrogates: refused with a field error by
 * every transport (REST, Admin Console forms, XML-RPC), the same way on both databases, with
 * nothing stored; and refused at the database when a service lets one through.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startApiTestApp, type ApiTestApp } from './api/api.test-support.js';
import { UnstorableTextError } from './db/text-guard.js';
import { createGraphMirrorRepository } from './directory/entra-id/graph-mirror.repository.js';
import { serializeMethodCall } from './rpc/xmlrpc.codec.js';
import { DATABASE_KINDS, postgresSkip } from './test-support/databases.js';
import type { TestClient } from './test-support/harness.js';
import { textProblem } from './text.js';
import { newUserRow } from './users/user-details.js';

const PASSWORD = 'lantern-orchid-93';
/** NUL, another C0 control, DEL, a C1 control, and an unpaired surrogate of each half. */
const BAD = {
  nul: 'a\u0000b',
  c0: 'a\u001bb',
  del: 'a\u007fb',
  c1: 'a\u009bb',
  high: 'a\ud800b',
  low: 'a\udc00b',
} as const;

describe('the text rule', () => {
  it('accepts tab and line breaks only in a multi-line field, and refuses controls and broken surrogates everywhere', () => {
    assert.equal(textProblem('line 1\n\tline 2\r\n'), null);
    assert.equal(textProblem('a\tb', { singleLine: true }), 'control');
    assert.equal(textProblem('Zoë 😀 日本'), null);
    for (const value of [BAD.nul, BAD.c0, BAD.del, BAD.c1])
      assert.equal(textProblem(value), 'control', JSON.stringify(value));
    for (const value of [BAD.high, BAD.low, '\ude00\ud83d'])
      assert.equal(textProblem(value), 'surrogate', JSON.stringify(value));
  });
});

for (const kind of DATABASE_KINDS) {
  describe(
    `text with control characters from outside [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let api: ApiTestApp;
      let admin: TestClient;

      before(async () => {
        api = await startApiTestApp(kind);
        await api.t.createUser({ username: 'root', password: PASSWORD, isAdmin: true });
        await api.t.createUser({
          username: 'bob',
          password: PASSWORD,
          fullName: 'Bob Brown',
          email: 'bob@example.org',
          notes: 'first',
        });
        admin = api.t.client();
        assert.equal((await admin.signIn('root', PASSWORD, 'admin')).status, 303);
      });
      after(() => api.close());

      const bob = async () => (await api.t.app.services.users.findByUsername('bob'))!;

      it('refuses them in notes, full name and email over REST, naming the field, and changes nothing', async () => {
        for (const field of ['notes', 'fullName', 'email'] as const) {
          for (const [name, value] of Object.entries(BAD)) {
            const response = await api.call('PATCH', '/api/v1/users/bob', {
              token: 'users:write',
              body: { [field]: field === 'email' ? `${value}@example.org` : value },
            });
            assert.equal(response.status, 400, `${field} ${name}: ${response.body}`);
            assert.equal(response.json.code, 'validation_failed');
            assert.ok(response.json.errors[field], `${field} ${name} names the field: ${response.body}`);
          }
        }
        const after = await bob();
        assert.deepEqual(
          [after.notes, after.full_name, after.email],
          ['first', 'Bob Brown', 'bob@example.org'],
        );
      });

      it('refuses a new user over REST whose full name holds NUL, and creates nobody', async () => {
        const response = await api.call('POST', '/api/v1/users', {
          token: 'users:write',
          body: { username: 'carol', password: PASSWORD, fullName: 'Carol\u0000' },
        });
        assert.equal(response.status, 400, response.body);
        assert.ok(response.json.errors.fullName, response.body);
        assert.equal(await api.t.app.services.users.findByUsername('carol'), undefined);
      });

      it('keeps tabs and line breaks in notes', async () => {
        const response = await api.call('PATCH', '/api/v1/users/bob', {
          token: 'users:write',
          body: { notes: 'desk 4\n\tby the window' },
        });
        assert.equal(response.status, 200, response.body);
        assert.equal((await bob()).notes, 'desk 4\n\tby the window');
      });

      it('answers a search for text with NUL with 400, not a database error', async () => {
        const response = await api.call('GET', '/api/v1/users?q=a%00', { token: 'users:read' });
        assert.equal(response.status, 400, response.body);
        assert.ok(response.json.errors.q, response.body);
      });

      it('re-renders the Admin Console user form with the field error, and changes nothing', async () => {
        const before = await bob();
        for (const [field, value] of [
          ['notes', BAD.nul],
          ['fullName', BAD.c1],
          ['email', `x${BAD.nul}@example.org`],
        ] as const) {
          await admin.get('/admin/users/bob');
          const form = {
            fullName: before.full_name,
            email: before.email,
            department: '',
            office: '',
            notes: before.notes,
            cardNumber: '',
            cardNumber2: '',
            [field]: value,
          };
          const response = await admin.post('/admin/users/bob', form);
          assert.equal(response.status, 400, `${field}: ${response.body.slice(0, 300)}`);
          assert.match(response.body, /id="field-\w+-error"[^>]*>[^<]*printable characters/, field);
        }
        const after = await bob();
        assert.deepEqual(
          [after.notes, after.full_name, after.email],
          [before.notes, before.full_name, before.email],
        );
      });

      it('re-renders Options with the error for an organisation name or help text with control characters, and keeps the stored values', async () => {
        const before = await api.t.app.services.settings.get();
        for (const [field, value] of [
          ['organizationName', 'Acme\u0000'],
          ['organizationName', 'Acme\nCorp'],
          ['passwordHelpText', 'Call\u0007 the desk'],
          ['passwordHelpText', 'Call\u0085'],
        ] as const) {
          await admin.get('/admin/options');
          const response = await admin.post('/admin/options', {
            organizationName: before.organizationName,
            passwordHelpText: before.passwordHelpText,
            [field]: value,
          });
          assert.equal(response.status, 400, `${field}: ${response.body.slice(0, 300)}`);
          assert.match(response.body, new RegExp(`id="field-${field}-error"`), field);
        }
        await admin.get('/admin/options');
        assert.equal(
          (
            await admin.post('/admin/options', {
              organizationName: before.organizationName,
              passwordHelpText: 'Line one\nLine two',
            })
          ).status,
          303,
          'a line break is fine in the help text',
        );
        const after = await api.t.app.services.settings.get();
        assert.equal(after.organizationName, before.organizationName);
      });

      it('answers a sign-in typed with NUL with the generic failure, not an error', async () => {
        const client = api.t.client();
        const response = await client.signIn('ro\u0000ot', PASSWORD);
        assert.ok(response.status < 500 && response.status !== 303, `status ${response.status}`);
      });

      it('refuses them in XML-RPC string arguments with a fault, and stores nothing', async () => {
        const call = async (xml: string) => {
          const response = await api.t.server.inject({
            method: 'POST',
            url: '/rpc/api/xmlrpc',
            payload: xml,
            headers: { 'content-type': 'text/xml' },
          });
          assert.equal(response.statusCode, 200);
          return response.body;
        };
        const token = api.tokens.xmlrpc;
        for (const value of [BAD.c1, BAD.del, BAD.c0.replace('\u001b', '&#27;'), 'a&#0;b', 'a&#xD800;b']) {
          const xml = serializeMethodCall('api.setUserProperty', [
            token,
            'bob',
            'notes',
            'PLACEHOLDER',
          ]).replace('PLACEHOLDER', value);
          assert.match(await call(xml), /<name>faultCode<\/name>/, JSON.stringify(value));
        }
        const created = await call(
          serializeMethodCall('api.addNewInternalUser', [
            token,
            'dave',
            PASSWORD,
            `Dave${BAD.c1}`,
            '',
            '',
            '',
          ]),
        );
        assert.match(created, /<name>faultCode<\/name>/);
        assert.equal(await api.t.app.services.users.findByUsername('dave'), undefined);
        assert.equal((await bob()).notes, 'desk 4\n\tby the window');
      });

      it('refuses at the database a NUL or broken surrogate that no service checked, on both databases alike', async () => {
        const now = new Date().toISOString();
        for (const notes of ['x\u0000', 'x\ud800']) {
          await assert.rejects(
            api.t.app.database.db
              .insertInto('users')
              .values(newUserRow('erin', now, { notes }))
              .execute(),
            UnstorableTextError,
          );
        }
        await assert.rejects(
          api.t.app.database.db.selectFrom('users').selectAll().where('username', '=', 'a\u0000').execute(),
          UnstorableTextError,
        );
        assert.equal(await api.t.app.services.users.findByUsername('erin'), undefined);
      });

      it('refuses at the database a NUL or broken surrogate inside an array parameter, as a bulk insert binds a column', async () => {
        const db = api.t.app.database.db;
        // PostgreSQL's unnest bulk insert binds each column as one text[] parameter.
        const round = await createGraphMirrorRepository(db).forSource(999).begin('users', 'full');
        for (const id of ['x\u0000', 'x\ud800'])
          await assert.rejects(
            round.put([
              { id: 'fine', data: null },
              { id, data: null },
            ]),
            UnstorableTextError,
            JSON.stringify(id),
          );
        assert.deepEqual(await db.selectFrom('directory_mirror_stage').select('object_id').execute(), []);
        // Nested arrays too (a text[][] parameter).
        await assert.rejects(sql`select ${[['a'], ['b\u0000']]} as x`.execute(db), UnstorableTextError);
      });
    },
  );
}
