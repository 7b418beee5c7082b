import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../../accounts/accounting.test-support.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';

const ADMIN_PASSWORD = 'admin-Passphrase-4821';
const USER_PASSWORD = 'user-Passphrase-4821';
const ACTOR = { username: 'test', ip: '' };

for (const kind of DATABASE_KINDS) {
  describe(
    `Admin Console → a printer → Print queue [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let admin: TestClient;
      let page = '';
      let findMePage = '';
      const stored = () => t.app.services.printers.require('ps1', 'library');
      const auditActions = async () =>
        (await t.app.services.audit.list({ user: 'admin' })).map((entry) => entry.action);

      before(async () => {
        t = await startTestApp({ kind });
        await t.createUser({ username: 'admin', password: ADMIN_PASSWORD, isAdmin: true });
        await t.createUser({ username: 'alice', password: USER_PASSWORD });
        const { printers, queues } = t.app.services;
        page = `/admin/printers/${(await printers.add({ server: 'ps1', name: 'library' }, ACTOR)).id}`;
        await printers.add({ server: 'ps1', name: 'lab' }, ACTOR);
        await printers.add({ server: 'ps1', name: 'annex' }, ACTOR);
        const findMe = await queues.addFindMe(
          { server: 'ps1', name: 'anywhere', printers: ['library', 'lab'] },
          ACTOR,
        );
        findMePage = `/admin/printers/${findMe.id}`;
        admin = t.client();
        assert.equal((await admin.signIn('admin', ADMIN_PASSWORD, 'admin')).status, 303);
      });
      afterEach(() => assertLedgerSums(t.app.services));
      after(() => t?.close());

      it('shows the queue addresses as `quire printer list` does, and the settings', async () => {
        const shown = await admin.get(page);
        assert.equal(shown.status, 200);
        assert.match(shown.body, /<h2 id="queue-title">Print queue<\/h2>/);
        assert.match(shown.body, /<code>ipp:\/\/localhost:9191\/printers\/library<\/code>/);
        assert.match(shown.body, /name="destination_uri"/);
        assert.match(shown.body, /<option value="basic" selected>/);
      });

      it('saves destination, hold and identification, audited like the CLI', async () => {
        await admin.get(page);
        const saved = await admin.post(`${page}/queue`, {
          destination_uri: ' ipps://printer.example.org/ipp/print ',
          hold_jobs: 'on',
          auth_mode: 'trusted',
        });
        assert.equal(saved.status, 303);
        assert.equal(saved.headers.location, `${page}?done=printer-saved`);
        const row = await stored();
        assert.equal(row.destination_uri, 'ipps://printer.example.org/ipp/print');
        assert.equal(row.hold_jobs, 1);
        assert.equal(row.auth_mode, 'trusted');
        assert.ok((await auditActions()).includes('printer.update'), String(await auditActions()));
        const shown = await admin.get(`${page}?done=printer-saved`);
        assert.match(shown.body, /value="ipps:\/\/printer\.example\.org\/ipp\/print"/);
        assert.match(
          shown.body,
          /<input id="field-hold_jobs" type="checkbox" name="hold_jobs" value="on" checked/,
        );
      });

      it('refuses a bad destination or mode with 400 and the field error, writing nothing', async () => {
        await admin.get(page);
        const before = await stored();
        for (const [destination_uri, auth_mode, error] of [
          ['http://x', 'basic', /must be an ipp:\/\/ or ipps:\/\/ address/],
          ['ipp://user:secret@printer.example.org/ipp', 'basic', /may not hold a user name or password/],
          ['ipp://printer.example.org/ipp', 'kerberos', /Choose basic or trusted\./],
        ] as const) {
          const refused = await admin.post(`${page}/queue`, { destination_uri, auth_mode });
          assert.equal(refused.status, 400, destination_uri);
          assert.match(refused.body, error);
          assert.match(refused.body, /class="error-summary"/);
        }
        assert.deepEqual(await stored(), before);
      });

      it("edits a Find-Me queue's members; an unknown printer is the field's error", async () => {
        const shown = await admin.get(findMePage);
        assert.match(shown.body, /Find-Me queue<\/h2>/);
        assert.match(shown.body, /value="ps1\\lab, ps1\\library"/);
        assert.doesNotMatch(shown.body, /name="destination_uri"/);
        const saved = await admin.post(`${findMePage}/members`, { printers: 'lab, annex' });
        assert.equal(saved.status, 303);
        const members = async () => (await t.app.services.queues.info('anywhere')).members;
        assert.deepEqual(await members(), ['ps1\\annex', 'ps1\\lab']);
        const refused = await admin.post(`${findMePage}/members`, { printers: 'lab, nowhere' });
        assert.equal(refused.status, 400);
        assert.match(refused.body, /No printer named &quot;nowhere&quot;/);
        assert.deepEqual(await members(), ['ps1\\annex', 'ps1\\lab']);
        const notFindMe = await admin.post(`${page}/members`, { printers: 'lab' });
        assert.equal(notFindMe.status, 400);
        assert.ok((await auditActions()).includes('queue.find-me.members'));
      });

      it('offers a Find-Me queue no prices, and still saves its name and location', async () => {
        const shown = await admin.get(findMePage);
        assert.match(shown.body, /has no prices of its own/);
        assert.doesNotMatch(shown.body, /Price per grey page|Prices by paper size/);
        const saved = await admin.post(findMePage, {
          display_name: 'Anywhere on campus',
          location: 'Everywhere',
          cost_gray: '0',
          cost_color: '0',
          duplex_discount: '0',
          enabled: 'on',
        });
        assert.equal(saved.status, 303);
        assert.equal(
          (await t.app.services.printers.require('ps1', 'anywhere')).display_name,
          'Anywhere on campus',
        );
      });

      it('refuses other users (403), signed-out visitors (401) and a wrong CSRF token', async () => {
        const user = t.client();
        await user.signIn('alice', USER_PASSWORD);
        const anonymous = t.client();
        await anonymous.get('/admin/login');
        const before = await stored();
        for (const path of ['/queue', '/members']) {
          const form = { destination_uri: 'ipp://evil.example.org/', auth_mode: 'basic', printers: 'lab' };
          assert.equal((await user.post(`${page}${path}`, form)).status, 403, path);
          assert.equal((await anonymous.post(`${page}${path}`, form)).status, 401, path);
          assert.equal((await admin.post(`${page}${path}`, { ...form, _csrf: 'bad' })).status, 403, path);
        }
        assert.deepEqual(await stored(), before);
      });
    },
  );
}
