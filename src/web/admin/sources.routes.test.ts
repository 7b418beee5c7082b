/**
 * User/Group Sync in the Admin Console, through real HTTP on a real SQLite database with CSRF:
 * custom program and LDAP sources, their forms and sync options, Synchronize Now and watching a
 * run, cancelling, the removal limit, converting a conflicting internal user, and a bind password
 * that never reaches a page. The LDAP cases that need a directory run against a real slapd.
 */
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { SourceRow } from '../../db/schema.js';
import type { LdapSourceConfig } from '../../directory/ldap/ldap.config.js';
import {
  startTestApp,
  type TestApp,
  type TestClient,
  type TestResponse,
} from '../../test-support/harness.js';
import { generateDirectory } from '../../test-support/ldap-fixtures.js';
import { skipUnless } from '../../test-support/require.js';
import { slapdAvailable, startSlapd, type SlapdServer } from '../../test-support/slapd.js';
import { customProgramKind } from '../../directory/custom-program/custom-program.kind.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/custom-directory/', import.meta.url));
const ACTOR = { username: 'test', ip: '127.0.0.1' };
const ADMIN_PASSWORD = 'admin-Passphrase-4821';
const USER_PASSWORD = 'plain-user-Pass-7351';
/** Distinctive, so that finding it anywhere in a page or the audit log is unambiguous. */
const BIND_PASSWORD = 'Bind-Secret-q7Zx93kLw';
/** A loopback port nothing listens on: saving does not connect, testing fails fast. */
const DEAD_LDAP_URL = 'ldap://127.0.0.1:9';

function location(response: TestResponse): string {
  return String(response.headers.location ?? '');
}

/** The fields of the LDAP form as a browser sends them, with overrides. */
function ldapForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: 'Staff LDAP',
    preset: 'openldap',
    urls: DEAD_LDAP_URL,
    caCertificate: '',
    bindDn: 'cn=quire,ou=services,dc=example,dc=org',
    bindPassword: BIND_PASSWORD,
    baseDns: 'ou=staff,dc=example,dc=org',
    userFilter: '',
    groupFilter: '',
    groupMemberAttributes: '',
    'attributes.username': '',
    'attributes.externalId': '',
    'attributes.fullName': '',
    'attributes.email': '',
    'attributes.department': '',
    'attributes.office': '',
    'attributes.cardNumber': '',
    'attributes.cardNumber2': '',
    pageSize: '',
    connectTimeoutMs: '2000',
    timeoutMs: '',
    action: 'save',
    ...overrides,
  };
}

describe('User/Group Sync in the Admin Console', () => {
  let t: TestApp;
  let admin: TestClient;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'quire-sources-'));

  const services = () => t.app.services;

  /** A copy of the example user program beside its own users.tsv; returns the program and a way to rewrite the list. */
  function userProgram(name: string, tsv: string): { program: string; write(tsv: string): void } {
    const dir = mkdtempSync(path.join(scratch, `${name}-`));
    copyFileSync(path.join(EXAMPLES, 'users.sh'), path.join(dir, 'users.sh'));
    chmodSync(path.join(dir, 'users.sh'), 0o755);
    const write = (text: string) => writeFileSync(path.join(dir, 'users.tsv'), text);
    write(tsv);
    return { program: path.join(dir, 'users.sh'), write };
  }

  /** A user program that takes `seconds` to list one user: a run that stays running long enough to watch. */
  function slowProgram(seconds: number, username = 'slowpoke'): string {
    const file = path.join(mkdtempSync(path.join(scratch, 'slow-')), 'slow.sh');
    writeFileSync(
      file,
      `#!/bin/sh\ncase "$2" in\n  all-users) sleep ${seconds}; printf "${username}\\tSlow Poke\\n" ;;\nesac\n`,
    );
    chmodSync(file, 0o755);
    return file;
  }

  /** Follows Synchronize Now to its run page and polls that page until the run has finished. */
  async function finishedRunPage(runPath: string): Promise<TestResponse> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const page = await admin.get(runPath);
      assert.equal(page.status, 200);
      if (!page.body.includes('http-equiv="refresh"')) return page;
      assert.ok(Date.now() < deadline, `${runPath} still running after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function synchronize(
    sourceId: number,
    form: Record<string, string> = {},
  ): Promise<{ runPath: string; page: TestResponse }> {
    const response = await admin.post(`/admin/sources/${sourceId}/sync`, form);
    assert.equal(response.status, 303, response.body);
    const runPath = location(response);
    assert.match(runPath, /^\/admin\/sync-runs\/\d+$/);
    return { runPath, page: await finishedRunPage(runPath) };
  }

  /** Waits for every run still going in the background, so that closing the app interrupts none. */
  async function settle(): Promise<void> {
    const deadline = Date.now() + 30_000;
    while ((await services().sync.listRuns(undefined, 100)).some((r) => r.status === 'running')) {
      assert.ok(Date.now() < deadline, 'runs still going after 30 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  before(async () => {
    t = await startTestApp();
    await t.createUser({ username: 'admin', password: ADMIN_PASSWORD, fullName: 'Ada Admin', isAdmin: true });
    const corporate = await services().sources.add(
      customProgramKind,
      {
        name: 'Corporate Directory',
        program: path.join(EXAMPLES, 'users.sh'),
        authProgram: path.join(EXAMPLES, 'auth.sh'),
      },
      ACTOR,
    );
    const report = await services().sync.run(corporate, { dryRun: false, actor: ACTOR });
    assert.equal(report.status, 'succeeded', report.message);
    admin = t.client();
    assert.equal((await admin.signIn('admin', ADMIN_PASSWORD, 'admin')).status, 303);
    await admin.get('/admin/sources');
  });

  after(async () => {
    if (t) await settle();
    await t?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  describe('the list of sources', () => {
    it('lists each source with its kind, role, schedule, policy for missing users and last run', async () => {
      const response = await admin.get('/admin/sources');
      assert.equal(response.status, 200);
      const row = /<tr><td>Corporate Directory.*?<\/tr>/s.exec(response.body)?.[0] ?? '';
      assert.match(
        row,
        /<td>Custom program<div class="cell-detail"><code>[^<]*users\.sh<\/code><\/div><\/td><td>Primary source<\/td>/,
      );
      assert.match(
        row,
        /<td>Every day at 02:00<div class="cell-detail"><code class="nowrap">0 2 \* \* \*<\/code>/,
      );
      assert.match(row, /<td>Disable them<\/td>/);
      assert.match(row, /status-succeeded/);
      assert.doesNotMatch(row, /Make primary/, 'the primary source offers no "Make primary"');
      assert.match(
        response.body,
        /href="\/admin\/sources\/new-ldap">Add LDAP \/ Active Directory source<\/a>/,
      );
      assert.match(
        response.body,
        /name="dryRun" value="on" class="button-secondary">Test run \(change nothing\)/,
      );
      assert.match(response.body, /Allow this run to disable or delete more than the limit/);
    });

    it('refuses a custom program that does not exist with 400 and a field error', async () => {
      const response = await admin.post('/admin/sources', {
        name: 'HR Directory',
        program: '/nonexistent/users.sh',
        authProgram: '',
      });
      assert.equal(response.status, 400);
      assert.match(response.body, /id="field-program-error">No executable program at this path/);
      assert.match(response.body, /value="HR Directory"/);
      assert.equal(await services().sources.findByName('HR Directory'), undefined);
    });

    it('adds a custom program source as the secondary source, with "Make primary"', async () => {
      const { program } = userProgram(
        'hr',
        'erin\tErin Example\terin@example.org\tHR\tBuilding 4\t3000\nfrank\tFrank Example\tfrank@example.org\tHR\tBuilding 4\t3001\n',
      );
      const response = await admin.post('/admin/sources', { name: 'HR Directory', program, authProgram: '' });
      assert.equal(response.status, 303);
      assert.equal(location(response), '/admin/sources?done=source-added');
      const page = await admin.get(location(response));
      assert.match(page.body, /The source was added\./);
      const row = /<tr><td>HR Directory.*?<\/tr>/s.exec(page.body)?.[0] ?? '';
      assert.match(row, /<td>Secondary source<\/td>/);
      assert.match(row, /Never synchronized/);
      assert.match(row, />Make primary<span class="visually-hidden"> HR Directory<\/span>/);
    });

    it('makes a source primary: it is listed and synchronized first', async () => {
      const hr = (await services().sources.findByName('HR Directory'))!;
      const response = await admin.post(`/admin/sources/${hr.id}/primary`, {});
      assert.equal(location(response), '/admin/sources?done=primary');
      const page = await admin.get(location(response));
      assert.match(page.body, /<tr><td>HR Directory.*?<td>Primary source<\/td>/s);
      assert.equal((await services().sources.list())[0]?.name, 'HR Directory');
      await admin.post(
        `/admin/sources/${(await services().sources.findByName('Corporate Directory'))!.id}/primary`,
        {},
      );
      assert.equal((await services().sources.list())[0]?.name, 'Corporate Directory');
    });
  });

  describe('Synchronize Now and the run page', () => {
    let hr: SourceRow;

    before(async () => {
      hr = (await services().sources.findByName('HR Directory'))!;
    });

    it('runs a test run that reports who would be added and adds nobody', async () => {
      const { page } = await synchronize(hr.id, { dryRun: 'on' });
      assert.match(page.body, /Test run \(nothing changed\)/);
      assert.match(page.body, /Test run: would add 2/);
      assert.match(page.body, /<caption>Would add \(2\)<\/caption>/);
      assert.match(page.body, /<td>erin<\/td>/);
      assert.equal(await services().users.findByUsername('erin'), undefined);
    });

    it('redirects to the run page at once, which eventually shows the run succeeded with its counts and samples', async () => {
      const { runPath, page } = await synchronize(hr.id);
      assert.match(page.body, /<span class="badge status-succeeded">succeeded<\/span>/);
      assert.match(
        page.body,
        /<div><dt>Added<\/dt><dd>2<\/dd><\/div><div><dt>Updated<\/dt><dd>0<\/dd><\/div><div><dt>Renamed<\/dt><dd>0<\/dd><\/div><div><dt>Disabled<\/dt><dd>0<\/dd><\/div><div><dt>Deleted<\/dt><dd>0<\/dd><\/div>/,
      );
      assert.match(page.body, /<caption>Added \(2\)<\/caption>/);
      assert.match(page.body, /<caption>Users \(first 2\)<\/caption>/);
      assert.match(page.body, /<td>Frank Example<\/td>/);
      assert.doesNotMatch(page.body, /Cancel<span/, 'a finished run has no Cancel button');
      assert.equal((await services().users.findByUsername('erin'))?.source_id, hr.id);
      const id = runPath.split('/').pop();
      assert.match(
        (await admin.get('/admin/sources')).body,
        new RegExp(`<a href="/admin/sync-runs/${id}">Report ${id}</a>`),
      );
    });

    it('shows a running run with its phase, a 2-second refresh and Cancel; cancelling stops it and changes nothing', async () => {
      const source = await services().sources.add(
        customProgramKind,
        { name: 'Slow Directory', program: slowProgram(6) },
        ACTOR,
      );
      const response = await admin.post(`/admin/sources/${source.id}/sync`, {});
      assert.equal(response.status, 303);
      const running = await admin.get(location(response));
      assert.equal(running.status, 200);
      assert.match(running.body, /<meta http-equiv="refresh" content="2"\/>/);
      assert.match(
        running.body,
        /This synchronization is running: (starting|reading users), 0 directory entries read\./,
      );
      assert.match(running.body, /<form method="post" action="\/admin\/sync-runs\/\d+\/cancel">/);
      assert.match((await admin.get('/admin/sources')).body, /Watch run \d+<\/a>/);
      assert.match(
        running.body,
        new RegExp(`<a href="${location(response)}\\?refresh=off">Stop refreshing this page</a>`),
      );
      const still = await admin.get(`${location(response)}?refresh=off`);
      assert.doesNotMatch(still.body, /http-equiv="refresh"/, 'an administrator can stop the refreshing');
      assert.match(still.body, /This page does not refresh by itself\./);
      assert.match(still.body, new RegExp(`<a href="${location(response)}">Refresh every 2 seconds</a>`));

      const cancel = await admin.post(`${location(response)}/cancel`, {});
      assert.equal(cancel.status, 303);
      assert.equal(location(cancel), `${location(response)}?done=cancel-requested`);
      assert.match(
        (await admin.get(location(cancel))).body,
        /Cancel requested: the run stops at its next step/,
      );
      const page = await finishedRunPage(location(response));
      assert.match(page.body, /status-cancelled/);
      assert.match(page.body, /Cancelled before any change was made; nothing was changed\./);
      assert.equal(await services().users.findByUsername('slowpoke'), undefined);
    });

    it('answers Cancel on a finished run with 409 and a clear message', async () => {
      const [finished] = await services().sync.listRuns(hr.id, 1);
      const response = await admin.post(`/admin/sync-runs/${finished!.id}/cancel`, {});
      assert.equal(response.status, 409);
      assert.match(
        response.body,
        /This synchronization has already finished, so there is nothing to cancel\./,
      );
      assert.match(response.body, /Sync report \d+: HR Directory/);
    });

    it('answers a second Synchronize Now while one runs by showing the running run, recording nothing', async () => {
      const source = await services().sources.add(
        customProgramKind,
        { name: 'Slower Directory', program: slowProgram(4, 'slowpoke2') },
        ACTOR,
      );
      const first = await admin.post(`/admin/sources/${source.id}/sync`, {});
      assert.equal(first.status, 303);
      const second = await admin.post(`/admin/sources/${source.id}/sync`, {});
      assert.equal(second.status, 303);
      assert.equal(location(second), `${location(first)}?done=already-running`);
      assert.equal((await services().sync.listRuns(source.id)).length, 1);
      await finishedRunPage(location(first));
    });

    it('stops a run over the removal limit and offers to run again allowing it', async () => {
      const list = userProgram('limit', 'gina\tGina\nhank\tHank\nivy\tIvy\n');
      const source = await services().sources.add(
        customProgramKind,
        { name: 'Limit Directory', program: list.program },
        ACTOR,
      );
      await synchronize(source.id);
      list.write('gina\tGina\n');
      const { page } = await synchronize(source.id);
      assert.match(page.body, /status-failed/);
      assert.match(page.body, /Stopped before changing anything: this run would disable 2 of 3 users/);
      assert.match(page.body, /Synchronize now, allowing this run to exceed the limit/);
      assert.equal((await services().users.findByUsername('hank'))?.disabled, 0);

      const override =
        /<form method="post" action="(\/admin\/sources\/\d+\/sync)"><input type="hidden" name="_csrf" value="[^"]+"\/><input type="hidden" name="overrideThreshold" value="on"\/>/.exec(
          page.body,
        );
      assert.ok(override, 'the override form');
      const response = await admin.post(override[1]!, { overrideThreshold: 'on' });
      const allowed = await finishedRunPage(location(response));
      assert.match(allowed.body, /status-succeeded/);
      assert.match(allowed.body, /<dt>Removal limit<\/dt><dd>Allowed to exceed it<\/dd>/);
      assert.match(allowed.body, /<caption>Disabled \(2\)<\/caption>/);
      assert.equal((await services().users.findByUsername('hank'))?.disabled, 1);
    });

    it('answers unknown sources and runs with 404, never 500', async () => {
      for (const url of [
        '/admin/sources/9999/sync',
        '/admin/sources/abc/sync',
        '/admin/sync-runs/9999/cancel',
        '/admin/sources/0/primary',
        '/admin/sources/9999/remove',
      ]) {
        assert.equal((await admin.post(url, {})).status, 404, url);
      }
      for (const url of [
        '/admin/sync-runs/9999',
        '/admin/sync-runs/1e3',
        '/admin/sources/9999/options',
        '/admin/sources/9999/edit',
        '/admin/sources/-1/remove',
        '/admin/sync-runs/1/convert?username=nobody',
      ]) {
        assert.equal((await admin.get(url)).status, 404, url);
      }
      assert.equal(
        (await admin.get(`/admin/sources/${hr.id}/edit-ldap`)).status,
        404,
        'a custom program source has no LDAP settings',
      );
      assert.equal((await admin.get(`/admin/sources/${hr.id}/edit`)).status, 200, 'but settings of its own');
    });
  });

  describe('converting an internal user that a run reports as a conflict', () => {
    it('offers the conversion on the run page, asks to confirm, then makes the user a directory user without a password', async () => {
      await t.createUser({ username: 'ivan', password: USER_PASSWORD, fullName: 'Ivan Internal' });
      const { program } = userProgram(
        'conflict',
        'ivan\tIvan Directory\tivan@example.org\njudy\tJudy Directory\n',
      );
      const source = await services().sources.add(
        customProgramKind,
        { name: 'Conflict Directory', program, authProgram: path.join(EXAMPLES, 'auth.sh') },
        ACTOR,
      );
      const { runPath, page } = await synchronize(source.id);
      assert.match(page.body, /<caption>Conflicts \(1\)<\/caption>/);
      assert.match(page.body, /An internal user has this name; it was left alone\./);
      const button = new RegExp(
        `<form method="get" action="${runPath}/convert"><input type="hidden" name="username" value="ivan"/><button type="submit" class="button-secondary">Convert internal user to directory user`,
      );
      assert.match(page.body, button);
      assert.doesNotMatch(page.body, /value="judy"/, 'no conversion for a user that was simply added');

      const confirm = await admin.get(`${runPath}/convert?username=ivan`);
      assert.equal(confirm.status, 200);
      assert.match(confirm.body, /<h1>Convert ivan to a directory user\?<\/h1>/);
      assert.match(confirm.body, /ivan \(Ivan Internal\) is an internal user/);
      assert.notEqual(
        (await services().users.findByUsername('ivan'))?.password_hash,
        null,
        'asking changes nothing',
      );

      const response = await admin.post(`${runPath}/convert`, { username: 'ivan' });
      assert.equal(response.status, 303);
      assert.equal(location(response), '/admin/users/ivan?done=converted');
      assert.match((await admin.get(location(response))).body, /ivan is now a directory user/);
      const ivan = await services().users.findByUsername('ivan');
      assert.equal(ivan?.source_id, source.id);
      assert.equal(ivan?.password_hash, null);
      assert.equal(ivan?.external_id, 'ivan');

      assert.equal(
        (await admin.get(`${runPath}/convert?username=ivan`)).status,
        409,
        'converting twice is refused',
      );
      assert.equal((await admin.post(`${runPath}/convert`, { username: 'ivan' })).status, 409);
      assert.equal(
        (await admin.post(`${runPath}/convert`, { username: 'judy' })).status,
        404,
        'judy was no conflict',
      );
    });
  });

  describe('sync options', () => {
    let source: SourceRow;
    const valid = {
      missingPolicy: 'delete',
      maxRemovals: '50',
      maxRemovalsPercent: '5',
      schedule: '30 1 * * 1-5',
      importDisabled: 'on',
      importGroups: 'Staff\r\nStudents\r\n',
    };

    before(async () => {
      source = (await services().sources.findByName('Corporate Directory'))!;
    });

    it('shows the options with Disable as the default and the removal limit explained', async () => {
      const page = await admin.get(`/admin/sources/${source.id}/options`);
      assert.equal(page.status, 200);
      assert.match(
        page.body,
        /<input id="field-missingPolicy-disable" type="radio" name="missingPolicy" value="disable" checked/,
      );
      assert.match(
        page.body,
        /A run that would disable or delete more than 500 users or 10 % of this source's users, whichever is smaller, stops before changing\s+anything\./,
      );
      assert.match(page.body, /With the 4 users Corporate Directory provides now, that is at most 0\./);
      assert.match(page.body, /value="0 2 \* \* \*"/);
      assert.match(page.body, /<option value="daily" selected>Every day at a time<\/option>/);
    });

    it('refuses a schedule that is not a cron expression with 400, saving nothing', async () => {
      const response = await admin.post(`/admin/sources/${source.id}/options`, {
        ...valid,
        schedule: 'every night',
      });
      assert.equal(response.status, 400);
      assert.match(response.body, /id="field-schedule-error">This is not a valid schedule\./);
      assert.match(response.body, /value="every night"/);
      assert.equal((await services().sources.findById(source.id))?.schedule, '0 2 * * *');
    });

    it('refuses limits that are not whole numbers in range with 400', async () => {
      const response = await admin.post(`/admin/sources/${source.id}/options`, {
        ...valid,
        maxRemovals: 'lots',
        maxRemovalsPercent: '101',
      });
      assert.equal(response.status, 400);
      assert.match(response.body, /id="field-maxRemovals-error">Enter a whole number of users/);
      assert.match(response.body, /id="field-maxRemovalsPercent-error">Enter a percentage from 0 to 100\./);
      const bad = await admin.post(`/admin/sources/${source.id}/options`, {
        ...valid,
        missingPolicy: 'explode',
        maxRemovals: '',
      });
      assert.equal(bad.status, 400);
      assert.match(bad.body, /Choose keep, disable or delete\./);
      assert.equal((await services().sources.findById(source.id))?.missing_policy, 'disable');
    });

    it('saves the options; an empty schedule means on demand only', async () => {
      const response = await admin.post(`/admin/sources/${source.id}/options`, valid);
      assert.equal(response.status, 303);
      assert.equal(location(response), '/admin/sources?done=options-saved');
      let row = (await services().sources.findById(source.id))!;
      assert.deepEqual(
        [
          row.missing_policy,
          row.max_removals,
          row.max_removals_percent,
          row.schedule,
          row.import_disabled,
          row.import_groups,
        ],
        ['delete', 50, 5, '30 1 * * 1-5', 1, 'Staff\nStudents'],
      );
      await admin.post(`/admin/sources/${source.id}/options`, {
        ...valid,
        schedule: '',
        missingPolicy: 'disable',
        maxRemovals: '500',
        maxRemovalsPercent: '10',
        importDisabled: '',
        importGroups: '',
      });
      row = (await services().sources.findById(source.id))!;
      assert.equal(row.schedule, '');
      assert.equal(row.import_disabled, 0);
      assert.match(
        (await admin.get('/admin/sources')).body,
        /<tr><td>Corporate Directory.*?<td>On demand only<\/td>/s,
      );
    });
  });

  describe('removing a source', () => {
    it('asks first, and refuses with 409 while the source still provides users', async () => {
      const source = (await services().sources.findByName('Corporate Directory'))!;
      const confirm = await admin.get(`/admin/sources/${source.id}/remove`);
      assert.equal(confirm.status, 200);
      assert.match(confirm.body, /<h1>Remove Corporate Directory\?<\/h1>/);
      const response = await admin.post(`/admin/sources/${source.id}/remove`, {});
      assert.equal(response.status, 409);
      assert.match(response.body, /&quot;Corporate Directory&quot; still provides 4 users\./);
      assert.ok(await services().sources.findById(source.id));
    });

    it('removes a source without users', async () => {
      const source = await services().sources.add(
        customProgramKind,
        { name: 'Empty Directory', program: path.join(EXAMPLES, 'users.sh') },
        ACTOR,
      );
      const response = await admin.post(`/admin/sources/${source.id}/remove`, {});
      assert.equal(location(response), '/admin/sources?done=source-removed');
      assert.match((await admin.get(location(response))).body, /The source was removed\./);
      assert.equal(await services().sources.findById(source.id), undefined);
    });
  });

  describe('LDAP / Active Directory sources', () => {
    it('shows the form with every field labelled, the three directory types and their defaults', async () => {
      const page = await admin.get('/admin/sources/new-ldap');
      assert.equal(page.status, 200);
      for (const name of Object.keys(ldapForm()).filter((n) => n !== 'action'))
        assert.match(page.body, new RegExp(`<label for="field-${name}">`), name);
      for (const name of ['startTls', 'allowPasswordChange'])
        assert.match(
          page.body,
          new RegExp(
            `<input id="field-${name}" type="checkbox" name="${name}" value="on" aria-describedby="field-${name}-hint"/>`,
          ),
          `${name} is off`,
        );
      assert.match(
        page.body,
        /<option value="active-directory" selected>Active Directory<\/option><option value="openldap">OpenLDAP \/ Unix<\/option><option value="edirectory">eDirectory<\/option>/,
      );
      assert.match(
        page.body,
        /Empty: sAMAccountName \(Active Directory\), uid \(OpenLDAP \/ Unix\), cn \(eDirectory\)\./,
      );
      assert.match(page.body, /id="field-attributes.email-hint">Empty: mail\.<\/p>/);
      assert.match(page.body, /id="field-attributes.cardNumber-hint">Empty: not imported\.<\/p>/);
      assert.match(
        page.body,
        /<input id="field-bindPassword" name="bindPassword" type="password" autocomplete="new-password" required/,
      );
      assert.match(
        page.body,
        /<button type="submit" name="action" value="save">Save<\/button><button type="submit" name="action" value="test" class="button-secondary">Test settings<\/button>/,
      );
    });

    it('refuses an incomplete form with 400 and a message by each field, saving nothing and sending no password back', async () => {
      const response = await admin.post(
        '/admin/sources/new-ldap',
        ldapForm({
          name: '',
          urls: 'http://dc1.example.org',
          bindDn: '',
          baseDns: '  ',
          userFilter: '(uid=',
          pageSize: 'many',
          'attributes.email': 'e mail',
        }),
      );
      assert.equal(response.status, 400);
      const expected: [string, RegExp][] = [
        ['name', /Enter a name for the source/],
        ['urls', /&quot;http:\/\/dc1.example.org&quot; is not an LDAP URL/],
        ['bindDn', /Enter the DN/],
        ['baseDns', /Enter at least one base DN/],
        ['userFilter', /This is not a valid LDAP filter/],
        ['pageSize', /The page size is a whole number from 1 to 5000\./],
        ['attributes.email', /&quot;e mail&quot; is not an attribute name\./],
      ];
      for (const [name, message] of expected) {
        const error = new RegExp(
          `<p class="field-error" id="field-${name.replace('.', '\\.')}-error">([^<]*)</p>`,
        ).exec(response.body);
        assert.ok(error, `an error beside ${name}`);
        assert.match(error[1]!, message, name);
      }
      assert.match(response.body, /There is a problem/);
      assert.match(response.body, /value="\(uid="/, 'entered values are kept');
      assert.ok(!response.body.includes(BIND_PASSWORD), 'the password is not sent back');
      assert.match(response.body, /type it again before you save/);
      assert.equal(
        (await services().sources.list()).some((s) => s.kind === 'ldap'),
        false,
      );
    });

    it('refuses directory password changes on Active Directory without an encrypted connection', async () => {
      const response = await admin.post(
        '/admin/sources/new-ldap',
        ldapForm({ preset: 'active-directory', allowPasswordChange: 'on' }),
      );
      assert.equal(response.status, 400);
      assert.match(
        response.body,
        /id="field-allowPasswordChange-error">Active Directory accepts password changes only over an encrypted connection/,
      );
      assert.equal(
        (await services().sources.list()).some((s) => s.kind === 'ldap'),
        false,
      );
    });

    it('asks for a bind password when adding', async () => {
      const response = await admin.post('/admin/sources/new-ldap', ldapForm({ bindPassword: '' }));
      assert.equal(response.status, 400);
      assert.match(response.body, /id="field-bindPassword-error">Enter the password of the bind account\./);
    });

    it('shows a directory that cannot be reached as a failed test on the form (502), saving nothing', async () => {
      const response = await admin.post('/admin/sources/new-ldap', ldapForm({ action: 'test' }));
      assert.equal(response.status, 502);
      assert.match(response.body, /<h2 id="test-title">Test results<\/h2>/);
      assert.match(response.body, /The test failed: [^<]+ Nothing was saved\./);
      assert.match(response.body, /value="Staff LDAP"/);
      assert.ok(!response.body.includes(BIND_PASSWORD));
      assert.equal(await services().sources.findByName('Staff LDAP'), undefined);
    });

    describe('a saved LDAP source and its bind password', () => {
      let source: SourceRow;
      const storedPassword = async () =>
        (JSON.parse((await services().sources.findById(source.id))!.config) as LdapSourceConfig).bindPassword;

      before(async () => {
        const response = await admin.post('/admin/sources/new-ldap', ldapForm({ startTls: 'on' }));
        assert.equal(response.status, 303, response.body);
        assert.equal(location(response), '/admin/sources?done=source-added');
        source = (await services().sources.findByName('Staff LDAP'))!;
      });

      it('stores the preset defaults for the fields left empty', async () => {
        const config = JSON.parse(source.config) as LdapSourceConfig;
        assert.equal(config.preset, 'openldap');
        assert.equal(config.startTls, true);
        assert.equal(config.attributes.username, 'uid');
        assert.equal(config.attributes.externalId, 'entryUUID');
        assert.equal(config.userFilter, '(|(objectClass=inetOrgPerson)(objectClass=posixAccount))');
        assert.deepEqual(config.groupMemberAttributes, ['member', 'uniqueMember', 'memberUid']);
        assert.equal(config.connectTimeoutMs, 2000);
        assert.equal(config.allowPasswordChange, false);
        assert.equal(await storedPassword(), BIND_PASSWORD);
      });

      it('shows the edit form filled in, with "A password is stored" and no password', async () => {
        const page = await admin.get(`/admin/sources/${source.id}/edit`);
        assert.equal(page.status, 200);
        assert.match(page.body, /<h1>Edit Staff LDAP<\/h1>/);
        assert.match(page.body, /A password is stored; leave empty to keep it\./);
        assert.match(page.body, /value="cn=quire,ou=services,dc=example,dc=org"/);
        assert.match(page.body, /value="uid"/);
        assert.match(page.body, /<option value="openldap" selected>/);
        assert.match(
          page.body,
          /<input id="field-startTls" type="checkbox" name="startTls" value="on" checked/,
        );
        assert.doesNotMatch(page.body, /<input id="field-bindPassword"[^>]*required/);
      });

      it('keeps the stored password when the field is left empty on edit', async () => {
        const response = await admin.post(
          `/admin/sources/${source.id}/edit`,
          ldapForm({
            bindPassword: '',
            baseDns: 'ou=staff,dc=example,dc=org\nou=students,dc=example,dc=org',
            'attributes.email': 'mail',
          }),
        );
        assert.equal(response.status, 303, response.body);
        assert.equal(location(response), '/admin/sources?done=source-saved');
        assert.equal(await storedPassword(), BIND_PASSWORD);
        const config = JSON.parse((await services().sources.findById(source.id))!.config) as LdapSourceConfig;
        assert.deepEqual(config.baseDns, ['ou=staff,dc=example,dc=org', 'ou=students,dc=example,dc=org']);
      });

      it("tests a saved source's edited settings with the stored password, changing nothing", async () => {
        const before = (await services().sources.findById(source.id))!.config;
        const response = await admin.post(
          `/admin/sources/${source.id}/edit`,
          ldapForm({ bindPassword: '', action: 'test', name: 'Renamed LDAP' }),
        );
        assert.equal(response.status, 502);
        assert.match(response.body, /The test failed/);
        assert.doesNotMatch(
          response.body,
          /Enter the password of the bind account/,
          'the stored password was used',
        );
        assert.equal((await services().sources.findById(source.id))!.config, before);
        assert.equal((await services().sources.findById(source.id))!.name, 'Staff LDAP');
      });

      it('never shows the bind password: not on the list, the edit form, a run page or the audit log', async () => {
        const { page: run } = await synchronize(source.id, { dryRun: 'on' });
        assert.match(run.body, /status-failed/, 'the directory cannot be reached');
        const pages = await Promise.all(
          [
            '/admin/sources',
            `/admin/sources/${source.id}/edit`,
            `/admin/sources/${source.id}/options`,
            '/admin/audit',
            '/admin/audit?action=source.create',
          ].map((url) => admin.get(url)),
        );
        for (const page of [...pages, run]) {
          assert.equal(page.status, 200);
          assert.ok(!page.body.includes(BIND_PASSWORD), 'the bind password appears on a page');
        }
        assert.match(pages[3]!.body, /source\.update/);
        const entries = await services().audit.list({ user: 'admin', limit: 500 });
        assert.ok(entries.some((e) => e.action === 'source.create' && e.target === 'Staff LDAP'));
        assert.ok(entries.every((e) => !(e.details ?? '').includes(BIND_PASSWORD)));
      });

      it('changes the password when a new one is typed', async () => {
        const response = await admin.post(
          `/admin/sources/${source.id}/edit`,
          ldapForm({ bindPassword: 'a-New-Bind-Secret-2' }),
        );
        assert.equal(response.status, 303);
        assert.equal(await storedPassword(), 'a-New-Bind-Secret-2');
      });
    });
  });
});

describe(
  'User/Group Sync against a real OpenLDAP directory',
  { skip: skipUnless(slapdAvailable(), 'slapd is not installed') },
  () => {
    let t: TestApp;
    let slapd: SlapdServer;
    let admin: TestClient;
    const directory = generateDirectory({
      baseDn: 'ou=staff,dc=example,dc=org',
      flavour: 'openldap',
      users: 25,
      groups: 3,
      membersPerGroup: 5,
      prefix: 'staff',
    });

    const form = (overrides: Record<string, string> = {}) =>
      ldapForm({
        name: 'Staff OpenLDAP',
        urls: slapd.url,
        bindDn: slapd.serviceDn,
        bindPassword: slapd.servicePassword,
        baseDns: 'ou=staff,dc=example,dc=org',
        ...overrides,
      });

    before(async () => {
      [t, slapd] = await Promise.all([startTestApp(), startSlapd({ entries: directory.entries() })]);
      await t.createUser({ username: 'admin', password: ADMIN_PASSWORD, isAdmin: true });
      admin = t.client();
      await admin.signIn('admin', ADMIN_PASSWORD, 'admin');
      await admin.get('/admin/sources');
    });

    after(async () => {
      await t?.close();
      await slapd?.stop();
    });

    it("tests the form's settings: the first 10 users and the groups with their member counts, saving nothing", async () => {
      const response = await admin.post('/admin/sources/new-ldap', form({ action: 'test' }));
      assert.equal(response.status, 200, response.body.slice(0, 2000));
      assert.match(response.body, /Connected and logged in to the directory\./);
      assert.match(response.body, /<h3>Users \(first 10\)<\/h3>/);
      const first = directory.user(1);
      assert.ok(
        response.body.includes(
          `<td>${first.username}</td><td>${first.fullName}</td><td>${first.email}</td><td>No</td>`,
        ),
        'the first user with name and email',
      );
      assert.match(response.body, /<h3>Groups \(first 3\)<\/h3>/);
      assert.match(response.body, /<td>group0001<\/td><td>5<\/td>/);
      assert.ok(!response.body.includes(slapd.servicePassword));
      assert.equal((await t.app.services.sources.list()).length, 0, 'nothing saved');
    });

    it('shows a wrong bind password as a failed test, not a 500', async () => {
      const response = await admin.post(
        '/admin/sources/new-ldap',
        form({ action: 'test', bindPassword: 'not-the-password' }),
      );
      assert.equal(response.status, 502);
      assert.match(response.body, /The test failed: /);
      assert.ok(!response.body.includes('not-the-password'));
    });

    it('saves the source and synchronizes it: the run page ends "succeeded" with the users imported', async () => {
      const saved = await admin.post('/admin/sources/new-ldap', form());
      assert.equal(saved.status, 303);
      const source = (await t.app.services.sources.findByName('Staff OpenLDAP'))!;
      const response = await admin.post(`/admin/sources/${source.id}/sync`, {});
      assert.equal(response.status, 303);
      let page: TestResponse;
      const deadline = Date.now() + 30_000;
      do {
        page = await admin.get(location(response));
        await new Promise((resolve) => setTimeout(resolve, 100));
      } while (page.body.includes('http-equiv="refresh"') && Date.now() < deadline);
      assert.match(page.body, /status-succeeded/, page.body.slice(0, 3000));
      assert.match(page.body, /<dt>Added<\/dt><dd>25<\/dd>/);
      assert.match(page.body, /<dt>Groups<\/dt><dd>3<\/dd>/);
      const user = await t.app.services.users.findByUsername(directory.user(7).username);
      assert.equal(user?.source_id, source.id);
      assert.equal(user?.external_id, directory.user(7).externalId);
      assert.equal(user?.password_hash, null);
      assert.ok(!page.body.includes(slapd.servicePassword));
    });
  },
);
