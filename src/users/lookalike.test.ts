/**
 * Homograph usernames: a new internal user may not take a name that mixes scripts or looks like an
 * existing user's, whichever way it is created; a directory may, with a warning in the sync report.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { startApiTestApp, type ApiTestApp } from '../api/api.test-support.js';
import { serializeMethodCall } from '../rpc/xmlrpc.codec.js';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { UNREACHABLE_MAIL } from '../test-support/smtp.js';
import { ValidationError } from '../errors.js';
import { newUserRow } from './user-details.js';
import { usernameSkeleton } from './username.js';
import { customProgramKind } from '../directory/custom-program/custom-program.kind.js';

const PASSWORD = 'lantern-orchid-93';
const ACTOR = { username: 'test', ip: '127.0.0.1' };
/** "admin" with a Cyrillic "а" (U+0430) first. */
const CYRILLIC_A_DMIN = '\u0430dmin';
/** "paypal" entirely in Cyrillic look-alikes: one script, but it looks like the Latin name. */
const CYRILLIC_PAYPAL = '\u0440\u0430\u0443\u0440\u0430\u04cf';
const dir = mkdtempSync(path.join(os.tmpdir(), 'quire-lookalike-'));

for (const kind of DATABASE_KINDS) {
  describe(`look-alike usernames [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
    let api: ApiTestApp;
    const exists = async (name: string) =>
      (await api.t.app.services.users.findByUsername(name)) !== undefined;

    before(async () => {
      api = await startApiTestApp(kind);
      await api.t.createUser({ username: 'admin', password: PASSWORD, isAdmin: true });
      // As a directory (or an older release) could have stored it.
      await api.t.app.database.db
        .insertInto('users')
        .values(newUserRow(CYRILLIC_PAYPAL, new Date().toISOString()))
        .execute();
    });
    after(() => api.close());

    it('refuses over REST a mixed-script name and one that looks like an existing user, either way round', async () => {
      for (const [name, pattern] of [
        [CYRILLIC_A_DMIN, /mix letters of different scripts/],
        ['paypal', /looks like the existing user/],
        ['\u0441\u043e\u0440\u0435', /./],
      ] as const) {
        const response = await api.call('POST', '/api/v1/users', {
          token: 'users:write',
          body: { username: name, password: PASSWORD },
        });
        if (name === '\u0441\u043e\u0440\u0435') {
          // "соре": all Cyrillic and like no existing name: accepted.
          assert.equal(response.status, 201, response.body);
          continue;
        }
        assert.equal(response.status, 400, `${name}: ${response.body}`);
        assert.match(response.json.errors.username, pattern, name);
        assert.equal(await exists(name), false);
      }
    });

    it('normalizes a full-width name to its plain form (NFKC), so it is the existing user', async () => {
      const response = await api.call('POST', '/api/v1/users', {
        token: 'users:write',
        body: { username: '\uff41\uff44\uff4d\uff49\uff4e', password: PASSWORD },
      });
      assert.equal(response.status, 400, response.body);
      assert.match(response.json.errors.username, /already exists/);
    });

    it('refuses it in the Admin Console, over XML-RPC, on rename, in a batch import and at self-registration', async () => {
      const admin = api.t.client();
      assert.equal((await admin.signIn('admin', PASSWORD, 'admin')).status, 303);
      await admin.get('/admin/create-internal-user');
      const form = await admin.post('/admin/create-internal-user', {
        username: 'p\u0430ypal',
        password: PASSWORD,
        confirmPassword: PASSWORD,
      });
      assert.equal(form.status, 400);
      assert.match(form.body, /id="field-username-error"[^>]*>[^<]*mix letters/);
      // One script (Latin), like the stored Cyrillic user: the look-alike check itself refuses it.
      const alike = await admin.post('/admin/create-internal-user', {
        username: 'paypal',
        password: PASSWORD,
        confirmPassword: PASSWORD,
      });
      assert.equal(alike.status, 400);
      assert.match(alike.body, /id="field-username-error"[^>]*>[^<]*looks like the existing user/);

      const rpc = await api.t.server.inject({
        method: 'POST',
        url: '/rpc/api/xmlrpc',
        headers: { 'content-type': 'text/xml' },
        payload: serializeMethodCall('api.addNewInternalUser', [
          api.tokens.xmlrpc,
          'paypal',
          PASSWORD,
          '',
          '',
          '',
          '',
        ]),
      });
      assert.match(rpc.body, /<name>faultCode<\/name>/);
      assert.match(rpc.body, /looks like the existing user/);

      await api.t.createUser({ username: 'operator', password: PASSWORD });
      await api.t.createUser({ username: 'coco', password: PASSWORD });
      await assert.rejects(
        api.t.app.services.users.rename('operator', 'p\u0430ypal', ACTOR),
        (error: unknown) =>
          error instanceof ValidationError && /mix letters/.test(error.fields.username ?? ''),
      );
      await assert.rejects(
        api.t.app.services.users.rename('operator', 'paypal', ACTOR),
        (error: unknown) =>
          error instanceof ValidationError &&
          /looks like the existing user/.test(error.fields.username ?? ''),
      );

      const report = await api.t.app.services.batchImport.preview(
        () => Readable.from([`paypal\t${PASSWORD}\nadm\u0456n\t${PASSWORD}\nfresh\t${PASSWORD}\n`]),
        'internal-users',
      );
      assert.equal(report.created, 1, JSON.stringify(report));
      assert.deepEqual(
        report.rejected.map((r) => r.line),
        [1, 2],
      );

      // Registration needs a mail server to be switched on; nothing is delivered here.
      await api.t.app.services.mail.update(UNREACHABLE_MAIL);
      await api.t.app.services.settings.update({ selfRegistration: true });
      await assert.rejects(
        api.t.app.services.registration.register(
          {
            username: 'paypal',
            fullName: 'P',
            email: 'p@example.org',
            password: PASSWORD,
            confirmPassword: PASSWORD,
          },
          '192.0.2.9',
        ),
        (error: unknown) =>
          error instanceof ValidationError && /looks like/.test(error.fields.username ?? ''),
      );
      for (const name of ['paypal', 'p\u0430ypal', 'adm\u0456n'])
        assert.equal(await exists(name), false, name);
    });

    it('refuses a rename to a name like another user, even when it also looks like the user renamed', async () => {
      // Latin "oxo" and Cyrillic "охо" exist; Greek "οχο" looks like both.
      await api.t.createUser({ username: 'oxo', password: PASSWORD });
      await api.t.app.database.db
        .insertInto('users')
        .values(newUserRow('\u043e\u0445\u043e', new Date().toISOString()))
        .execute();
      await assert.rejects(
        api.t.app.services.users.rename('oxo', '\u03bf\u03c7\u03bf', ACTOR),
        (error: unknown) =>
          error instanceof ValidationError &&
          (error.fields.username ?? '').includes('looks like the existing user "\u043e\u0445\u043e"'),
      );
      assert.equal(await exists('\u03bf\u03c7\u03bf'), false);
      // Its own look-alike alone does not stop a rename: "operator" to "operat0r" is fine.
      assert.equal(
        (await api.t.app.services.users.rename('operator', 'operat0r', ACTOR)).username,
        'operat0r',
      );
    });

    it('refuses a name with an invisible mark or a Latin look-alike letter beside the plain one', async () => {
      for (const name of ['admin\u034f', 'admin\ufe00', 'adm\u0131n', '\u0251dmin', 'c0c0']) {
        const response = await api.call('POST', '/api/v1/users', {
          token: 'users:write',
          body: { username: name, password: PASSWORD },
        });
        assert.equal(response.status, 400, `${name}: ${response.body}`);
        assert.match(
          response.json.errors.username,
          /invisible characters|looks like the existing user/,
          name,
        );
        assert.equal(await exists(name), false, name);
      }
    });

    it('refuses two look-alike new names in one batch file: the later line', async () => {
      const file = `xoxo\t${PASSWORD}\n\u0445\u043e\u0445\u043e\t${PASSWORD}\n`;
      const report = await api.t.app.services.batchImport.apply(
        () => Readable.from([file]),
        'internal-users',
        {},
        ACTOR,
      );
      assert.equal(report.created, 1, JSON.stringify(report));
      assert.deepEqual(
        report.rejected.map((r) => r.line),
        [2],
      );
      assert.match(report.rejected[0]!.reason, /looks like the existing user "xoxo"/);
      assert.equal(await exists('\u0445\u043e\u0445\u043e'), false);
    });

    it('keeps a name stored under a compatibility form reachable, and refuses its plain form as taken', async () => {
      // As an older release (NFC only) could have stored it.
      await api.t.app.database.db
        .insertInto('users')
        .values(newUserRow('\uff4a\uff4f\uff48\uff4e', new Date().toISOString()))
        .execute();
      assert.equal(
        (await api.t.app.services.users.findByUsername('\uff2a\uff4f\uff48\uff4e'))?.username,
        '\uff4a\uff4f\uff48\uff4e',
      );
      const response = await api.call('POST', '/api/v1/users', {
        token: 'users:write',
        body: { username: 'john', password: PASSWORD },
      });
      assert.equal(response.status, 400, response.body);
      assert.match(response.json.errors.username, /looks like the existing user/);
    });

    it('imports such a directory user, warning about it in the sync report', async () => {
      const program = path.join(dir, `users-${kind}.sh`);
      writeFileSync(
        program,
        `#!/bin/sh\ncase "$2" in\n  is-valid) echo Y ;;\n  all-users) printf '${CYRILLIC_A_DMIN}\\tLook Alike\\t\\t\\t\\t\\nadmin\u034f\\tMarked\\t\\t\\t\\t\\nclerk\\tClerk\\t\\t\\t\\t\\n' ;;\n  all-groups) ;;\n  *) exit 1 ;;\nesac\n`,
      );
      chmodSync(program, 0o755);
      const source = await api.t.app.services.sources.add(
        customProgramKind,
        { name: 'Directory', program },
        ACTOR,
      );
      const report = await api.t.app.services.sync.run(source, { dryRun: false, actor: ACTOR });
      assert.equal(report.status, 'succeeded', report.message);
      const warnings = report.lines
        .filter((line) => line.kind === 'warning' && line.username === CYRILLIC_A_DMIN)
        .map((line) => line.detail);
      assert.ok(
        warnings.some((detail) =>
          /mixes scripts \(Cyrillic, Latin\)|mixes scripts \(Latin, Cyrillic\)/.test(detail),
        ),
        JSON.stringify(report.lines),
      );
      assert.ok(
        warnings.some((detail) => detail.includes('looks like the existing user "admin"')),
        JSON.stringify(report.lines),
      );
      assert.equal(await exists(CYRILLIC_A_DMIN), true);
      const marked = report.lines
        .filter((line) => line.kind === 'warning' && line.username === 'admin\u034f')
        .map((line) => line.detail);
      assert.ok(
        marked.some((detail) => /looks like the existing user "(admin|\u0430dmin)"/.test(detail)),
        JSON.stringify(report.lines),
      );

      // api.addNewUser adds a directory's user as a sync would: imported, the audit record warns.
      const entry = {
        externalId: 'alpha-dmin',
        ref: 'alpha-dmin',
        username: '\u0251dmin',
        fullName: 'Alpha',
        email: '',
        department: '',
        office: '',
        cardNumber: '',
        cardNumber2: '',
        otherEmails: [],
        alias: '',
        home: '',
        pin: '',
        disabled: false,
      };
      await api.t.app.services.users.addFromDirectory(source, entry, ACTOR);
      assert.equal(await exists('\u0251dmin'), true);
      const [audit] = await api.t.app.services.audit.list({ action: 'user.create', user: '\u0251dmin' });
      assert.match(
        JSON.stringify(JSON.parse(audit!.details).warnings),
        /looks like the existing user \\"admin\\"/,
      );
    });

    it('keeps every stored skeleton in step with its name, however the user was created or renamed', async () => {
      const rows = await api.t.app.database.db
        .selectFrom('users')
        .select(['username', 'username_skeleton'])
        .execute();
      assert.ok(rows.length > 10);
      for (const row of rows)
        assert.equal(row.username_skeleton, usernameSkeleton(row.username), row.username);
    });
  });
}
