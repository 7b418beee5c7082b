/**
 * Editing a source of every kind in the Admin Console (a custom program too, which is added from
 * the list), the Remove page when removal cannot work, Synchronize Now while a run is in progress
 * (refused without a failed run, post/redirect/get) and the schedule's choices — on both databases.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { customProgramKind } from '../../directory/custom-program/custom-program.kind.js';
import type { CustomProgramConfig } from '../../directory/custom-program/custom-program.config.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import {
  startGoogleDirectoryServer,
  type GoogleDirectoryServer,
} from '../../test-support/google-directory-server.js';
import { startGraphServer, type GraphServer } from '../../test-support/graph-server.js';
import {
  startTestApp,
  type TestApp,
  type TestClient,
  type TestResponse,
} from '../../test-support/harness.js';

const ACTOR = { username: 'test', ip: '127.0.0.1' };
const ADMIN_PASSWORD = 'admin-Passphrase-4821';
const location = (response: TestResponse) => String(response.headers.location ?? '');

for (const kind of DATABASE_KINDS) {
  describe(
    `editing sources, removing them and Synchronize Now [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let admin: TestClient;
      let google: GoogleDirectoryServer;
      let graph: GraphServer;
      const scratch = mkdtempSync(path.join(os.tmpdir(), 'quire-source-edit-'));
      const services = () => t.app.services;

      /** An executable that lists one user (after `seconds`), printing its arguments into a file. */
      function program(name: string, seconds = 0): { file: string; argsFile: string } {
        const file = path.join(scratch, `${name}.sh`);
        const argsFile = path.join(scratch, `${name}.args`);
        writeFileSync(
          file,
          `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\n` +
            `for a in "$@"; do case "$a" in all-users) sleep ${seconds}; printf 'ulla\\tUlla User\\n' ;; is-valid) echo Y ;; esac; done\n`,
        );
        chmodSync(file, 0o755);
        return { file, argsFile };
      }

      before(async () => {
        google = await startGoogleDirectoryServer({ admins: ['admin@example.org'] });
        graph = await startGraphServer({ users: 2, groups: 1, membersPerGroup: 1 });
        t = await startTestApp({ kind });
        await t.createUser({ username: 'admin', password: ADMIN_PASSWORD, isAdmin: true });
        admin = t.client();
        assert.equal((await admin.signIn('admin', ADMIN_PASSWORD, 'admin')).status, 303);
        await admin.get('/admin/sources');
      });

      after(async () => {
        await t?.close();
        await google?.close();
        await graph?.stop();
        rmSync(scratch, { recursive: true, force: true });
      });

      describe('every kind has an Edit page', () => {
        it('edits a custom program source: name, program and arguments of both programs', async () => {
          const first = program('first');
          const second = program('second');
          const source = await services().sources.add(
            customProgramKind,
            { name: 'HR Programs', program: first.file },
            ACTOR,
          );
          const page = await admin.get(`/admin/sources/${source.id}/edit`);
          assert.equal(page.status, 200);
          assert.match(page.body, /<h1>Edit HR Programs<\/h1>/);
          assert.ok(page.body.includes(`value="${first.file}"`), 'the program is filled in');
          assert.match(page.body, /<textarea id="field-programArgs" name="programArgs"/);
          const saved = await admin.post(`/admin/sources/${source.id}/edit`, {
            name: 'HR Programs 2',
            program: second.file,
            programArgs: '--config\r\n/etc/hr two.conf\r\n',
            authProgram: first.file,
            authProgramArgs: '--strict',
            action: 'save',
          });
          assert.equal(saved.status, 303);
          assert.equal(location(saved), '/admin/sources?done=source-saved');
          const row = (await services().sources.findById(source.id))!;
          assert.equal(row.name, 'HR Programs 2');
          assert.deepEqual(JSON.parse(row.config) as CustomProgramConfig, {
            program: second.file,
            programArgs: ['--config', '/etc/hr two.conf'],
            authProgram: first.file,
            authProgramArgs: ['--strict'],
          });
          // The arguments come first, each one argv element, then the protocol's own.
          const report = await services().sync.run(row, { dryRun: true, actor: ACTOR });
          assert.equal(report.status, 'succeeded');
          assert.equal(readFileSync(second.argsFile, 'utf8'), '--config\n/etc/hr two.conf\n-\nall-groups\n');
        });

        it('refuses a program that does not exist with 400 by the field, changing nothing', async () => {
          const source = (await services().sources.findByName('HR Programs 2'))!;
          const response = await admin.post(`/admin/sources/${source.id}/edit`, {
            name: 'Renamed',
            program: '/nonexistent/users.sh',
            programArgs: '',
            authProgram: '',
            authProgramArgs: '',
            action: 'save',
          });
          assert.equal(response.status, 400);
          assert.match(response.body, /id="field-program-error">No executable program at this path/);
          assert.equal((await services().sources.findById(source.id))?.name, 'HR Programs 2');
        });

        it('edits an LDAP source, keeping its stored bind password', async () => {
          const added = await admin.post('/admin/sources/new-ldap', {
            name: 'Staff LDAP',
            preset: 'openldap',
            urls: 'ldap://127.0.0.1:9',
            bindDn: 'cn=quire,dc=example,dc=org',
            bindPassword: 'Bind-Secret-5521',
            baseDns: 'dc=example,dc=org',
            action: 'save',
          });
          assert.equal(added.status, 303);
          const source = (await services().sources.findByName('Staff LDAP'))!;
          const form = await admin.get(`/admin/sources/${source.id}/edit`);
          assert.equal(form.status, 200);
          const saved = await admin.post(`/admin/sources/${source.id}/edit`, {
            name: 'Staff LDAP West',
            preset: 'openldap',
            urls: 'ldap://127.0.0.1:10',
            bindDn: 'cn=quire,dc=example,dc=org',
            bindPassword: '',
            baseDns: 'dc=example,dc=org',
            action: 'save',
          });
          assert.equal(saved.status, 303);
          const row = (await services().sources.findById(source.id))!;
          assert.equal(row.name, 'Staff LDAP West');
          const config = JSON.parse(row.config) as { urls: string[]; bindPassword: string };
          assert.deepEqual(config.urls, ['ldap://127.0.0.1:10']);
          assert.equal(config.bindPassword, 'Bind-Secret-5521');
        });

        it('edits a Google Workspace source and a Microsoft Entra ID source', async () => {
          const googleForm = {
            name: 'Workspace',
            serviceAccountKey: google.serviceAccountKey(),
            adminEmail: 'admin@example.org',
            usernameFrom: 'email-local-part',
            apiUrl: google.url,
            action: 'save',
          };
          assert.equal((await admin.post('/admin/sources/new-google', googleForm)).status, 303);
          const workspace = (await services().sources.findByName('Workspace'))!;
          assert.equal((await admin.get(`/admin/sources/${workspace.id}/edit`)).status, 200);
          const googleSaved = await admin.post(`/admin/sources/${workspace.id}/edit`, {
            ...googleForm,
            name: 'Workspace East',
            serviceAccountKey: '',
            domain: 'example.org',
          });
          assert.equal(googleSaved.status, 303, googleSaved.body.slice(0, 400));
          assert.equal((await services().sources.findById(workspace.id))?.name, 'Workspace East');

          const entraForm = {
            name: 'Contoso',
            tenantId: graph.credentials.tenantId,
            clientId: graph.credentials.clientId,
            clientSecret: graph.credentials.clientSecret,
            usernameFrom: 'upn-local-part',
            graphUrl: graph.url,
            loginUrl: graph.url,
            action: 'save',
          };
          assert.equal((await admin.post('/admin/sources/new-entra', entraForm)).status, 303);
          const contoso = (await services().sources.findByName('Contoso'))!;
          assert.equal((await admin.get(`/admin/sources/${contoso.id}/edit`)).status, 200);
          const entraSaved = await admin.post(`/admin/sources/${contoso.id}/edit`, {
            ...entraForm,
            name: 'Contoso Ltd',
            clientSecret: '',
          });
          assert.equal(entraSaved.status, 303, entraSaved.body.slice(0, 400));
          assert.equal((await services().sources.findById(contoso.id))?.name, 'Contoso Ltd');
        });

        it('links Edit settings for every source on the list', async () => {
          const list = await admin.get('/admin/sources');
          for (const source of await services().sources.list())
            assert.ok(list.body.includes(`href="/admin/sources/${source.id}/edit"`), source.name);
        });
      });

      describe('removing a source', () => {
        it('offers no Remove button while the source provides users, and says what to do', async () => {
          const source = (await services().sources.findByName('HR Programs 2'))!;
          await services().sync.run(source, { dryRun: false, actor: ACTOR });
          const page = await admin.get(`/admin/sources/${source.id}/remove`);
          assert.equal(page.status, 200);
          assert.match(page.body, /It provides 1 users now\./);
          assert.match(page.body, /A source can be removed only once it provides no users/);
          assert.doesNotMatch(page.body, /<button[^>]*>Remove source<\/button>/);
          assert.ok(page.body.includes(`href="/admin/sources/${source.id}/options">Open the sync options`));
        });

        it('offers the Remove button for a source without users', async () => {
          const source = (await services().sources.findByName('Staff LDAP West'))!;
          const page = await admin.get(`/admin/sources/${source.id}/remove`);
          assert.match(page.body, /<button type="submit" class="button-danger">Remove source<\/button>/);
        });
      });

      describe('Synchronize Now', () => {
        it('refuses politely while a run is in progress: no failed run, redirected to the running one', async () => {
          const slow = program('slow', 3);
          const source = await services().sources.add(
            customProgramKind,
            { name: 'Slow Programs', program: slow.file },
            ACTOR,
          );
          const test = await admin.post(`/admin/sources/${source.id}/sync`, { dryRun: 'on' });
          assert.equal(test.status, 303);
          const runPath = location(test);
          const again = await admin.post(`/admin/sources/${source.id}/sync`, {});
          assert.equal(again.status, 303, 'post/redirect/get: never a page at the POST address');
          assert.equal(location(again), `${runPath}?done=already-running`);
          const shown = await admin.get(location(again));
          assert.match(shown.body, /A run is in progress: this is it\./);
          const runs = await services().sync.listRuns(source.id);
          assert.equal(runs.length, 1, 'the refused run is not recorded');
          assert.notEqual(runs[0]!.status, 'failed');
          const deadline = Date.now() + 30_000;
          while ((await services().sync.findRunning(source.id)) && Date.now() < deadline)
            await new Promise((resolve) => setTimeout(resolve, 200));
          const list = await admin.get('/admin/sources');
          const row = /<tr><td>Slow Programs.*?<\/tr>/s.exec(list.body)?.[0] ?? '';
          assert.match(row, /status-succeeded/);
          assert.match(row, /Report \d+<\/a> \(test run\)/);
        });

        it('labels Synchronize Now and Test run apart, and a test run says so on its report', async () => {
          const list = await admin.get('/admin/sources');
          assert.match(
            list.body,
            /<button type="submit">Synchronize Now<span class="visually-hidden"> from Slow Programs/,
          );
          assert.match(
            list.body,
            /<button type="submit" name="dryRun" value="on" class="button-secondary">Test run \(change nothing\)/,
          );
          const [run] = await services().sync.listRuns(
            (await services().sources.findByName('Slow Programs'))!.id,
            1,
          );
          assert.match((await admin.get(`/admin/sync-runs/${run!.id}`)).body, /Test run \(nothing changed\)/);
        });
      });

      describe('the schedule', () => {
        const options = (schedule: Record<string, string>) => ({
          missingPolicy: 'disable',
          maxRemovals: '500',
          maxRemovalsPercent: '10',
          importGroups: '',
          scheduleTime: '',
          scheduleDay: '1',
          schedule: '',
          ...schedule,
        });

        it('saves the common choices as cron and shows them in words', async () => {
          const source = (await services().sources.findByName('Slow Programs'))!;
          const cases: [Record<string, string>, string, string][] = [
            [{ scheduleEvery: 'hourly' }, '0 * * * *', 'Every hour'],
            [{ scheduleEvery: 'daily', scheduleTime: '02:00' }, '0 2 * * *', 'Every day at 02:00'],
            [
              { scheduleEvery: 'weekly', scheduleTime: '6:30', scheduleDay: '1' },
              '30 6 * * 1',
              'Every Monday at 06:30',
            ],
            [{ scheduleEvery: 'custom', schedule: '15 3 1,15 * *' }, '15 3 1,15 * *', '15 3 1,15 * *'],
            [{ scheduleEvery: 'none', schedule: '1 1 * * *' }, '', 'On demand only'],
          ];
          for (const [fields, cron, words] of cases) {
            const response = await admin.post(`/admin/sources/${source.id}/options`, options(fields));
            assert.equal(response.status, 303, JSON.stringify(fields));
            assert.equal((await services().sources.findById(source.id))?.schedule, cron);
            const list = await admin.get('/admin/sources');
            const row = /<tr><td>Slow Programs.*?<\/tr>/s.exec(list.body)?.[0] ?? '';
            assert.ok(row.includes(`<td>${words}`), `${cron} in words: ${words}`);
          }
          await admin.post(
            `/admin/sources/${source.id}/options`,
            options({ scheduleEvery: 'weekly', scheduleTime: '06:00', scheduleDay: '5' }),
          );
          const page = await admin.get(`/admin/sources/${source.id}/options`);
          assert.match(page.body, /<option value="weekly" selected>/);
          assert.match(page.body, /<option value="5" selected>Friday<\/option>/);
          assert.match(page.body, /Now: Every Friday at 06:00\./);
        });

        it('refuses an invalid cron or time with 400 by the field, saving nothing', async () => {
          const source = (await services().sources.findByName('Slow Programs'))!;
          const bad = await admin.post(
            `/admin/sources/${source.id}/options`,
            options({ scheduleEvery: 'custom', schedule: 'every night' }),
          );
          assert.equal(bad.status, 400);
          assert.match(bad.body, /id="field-schedule-error">This is not a valid schedule\./);
          const time = await admin.post(
            `/admin/sources/${source.id}/options`,
            options({ scheduleEvery: 'daily', scheduleTime: '25:00' }),
          );
          assert.equal(time.status, 400);
          assert.match(time.body, /id="field-scheduleTime-error">Enter a time as HH:MM/);
          const unknown = await admin.post(
            `/admin/sources/${source.id}/options`,
            options({ scheduleEvery: 'constructor' }),
          );
          assert.equal(unknown.status, 400);
          assert.equal((await services().sources.findById(source.id))?.schedule, '0 6 * * 5');
        });
      });
    },
  );
}
