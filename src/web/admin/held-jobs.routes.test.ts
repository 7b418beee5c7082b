import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../../accounts/accounting.test-support.js';
import { startPrintTest, type PrintTest } from '../../print/print.test-support.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import type { TestClient } from '../../test-support/harness.js';

const ADMIN_PASSWORD = 'admin-Passphrase-4821';

for (const kind of DATABASE_KINDS) {
  describe(
    `Admin Console → a queue → Held jobs [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let p: PrintTest;
      let admin: TestClient;
      let secure = '';
      let anywhere = '';
      before(async () => {
        p = await startPrintTest(kind);
        await p.createUser({ username: 'root', password: ADMIN_PASSWORD, isAdmin: true });
        admin = p.client();
        assert.equal((await admin.signIn('root', ADMIN_PASSWORD, 'admin')).status, 303);
        secure = `/admin/printers/${(await p.services.printers.require('ps1', 'secure')).id}`;
        anywhere = `/admin/printers/${(await p.services.printers.require('ps1', 'anywhere')).id}`;
      });
      after(() => p.close());
      afterEach(() => assertLedgerSums(p.services));

      const hold = async (username: string, queue: string, documentName: string) =>
        (
          await p.services.printJobs.receive(
            p.job(username, queue, { documentName }),
            p.document(),
            p.pages(2),
          )
        ).id;
      const stateOf = async (id: number) => (await p.services.printJobs.get(id)).state;

      it("lists every user's jobs held on the queue, and releases one as an administrator", async () => {
        const id = await hold('alice', 'secure', 'Alices.pdf');
        await hold('carol', 'secure', 'Carols.pdf');
        const page = await admin.get(secure);
        assert.match(page.body, /<h2 id="held-title">Held jobs<\/h2>/);
        assert.match(page.body, /Alices\.pdf/);
        assert.match(page.body, /Carols\.pdf/);
        const released = await admin.post(`${secure}/held/${id}/release`, {});
        assert.equal(released.headers.location, `${secure}?done=job-released`);
        assert.equal(await stateOf(id), 'pending');
        const again = await admin.post(`${secure}/held/${id}/release`, {});
        assert.equal(again.headers.location, `${secure}?done=job-gone`);
        const audit = await p.services.audit.list({ user: 'root' });
        assert.ok(audit.some((entry) => entry.action === 'print-job.release'));
      });

      it("releases a Find-Me job to the member chosen; a printer that is not one is the job's error", async () => {
        const id = await hold('alice', 'anywhere', 'FindMe.pdf');
        const page = await admin.get(anywhere);
        assert.match(page.body, /Depends on the printer/);
        const refused = await admin.post(`${anywhere}/held/${id}/release`, { printer: 'ps1\\north' });
        assert.equal(refused.status, 400);
        assert.match(refused.body, /is not a printer of the Find-Me queue/);
        assert.equal(await stateOf(id), 'pending-held');
        const released = await admin.post(`${anywhere}/held/${id}/release`, { printer: 'ps1\\west' });
        assert.equal(released.headers.location, `${anywhere}?done=job-released`);
        assert.equal((await p.services.printJobs.get(id)).releasedTo, 'ps1\\west');
      });

      it('cancels a held job uncharged; a job of another queue is gone', async () => {
        const id = await hold('carol', 'secure', 'Cancel.pdf');
        const other = await admin.post(`${anywhere}/held/${id}/cancel`, {});
        assert.equal(other.headers.location, `${anywhere}?done=job-gone`);
        assert.equal(await stateOf(id), 'pending-held');
        const cancelled = await admin.post(`${secure}/held/${id}/cancel`, {});
        assert.equal(cancelled.headers.location, `${secure}?done=job-cancelled`);
        assert.equal(await stateOf(id), 'canceled');
      });

      it('keeps a job held when its account will not pay, saying why', async () => {
        const id = await hold('bob', 'secure', 'Bobs.pdf');
        const denied = await admin.post(`${secure}/held/${id}/release`, {});
        assert.equal(denied.headers.location, `${secure}?done=job-denied`);
        assert.equal(await stateOf(id), 'pending-held');
        assert.match(
          (await admin.get(denied.headers.location as string)).body,
          /Not printed: Not enough credit/,
        );
      });

      it('refuses other users (403), signed-out visitors (401) and a wrong CSRF token', async () => {
        const id = await hold('alice', 'secure', 'Guarded.pdf');
        const alice = p.client();
        await alice.signIn('alice', 'lantern-orchid-93');
        const anonymous = p.client();
        await anonymous.get('/admin/login');
        for (const action of ['release', 'cancel']) {
          assert.equal((await alice.post(`${secure}/held/${id}/${action}`, {})).status, 403);
          assert.equal((await anonymous.post(`${secure}/held/${id}/${action}`, {})).status, 401);
          assert.equal((await admin.post(`${secure}/held/${id}/${action}`, { _csrf: 'bad' })).status, 403);
        }
        assert.equal(await stateOf(id), 'pending-held');
      });
    },
  );
}
