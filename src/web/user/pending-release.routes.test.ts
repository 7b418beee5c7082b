import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../../accounts/accounting.test-support.js';
import { startPrintTest, type PrintTest } from '../../print/print.test-support.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import type { TestClient } from '../../test-support/harness.js';

const PASSWORD = 'lantern-orchid-93';
const PATH = '/user/jobs-pending-release';

for (const kind of DATABASE_KINDS) {
  describe(`Jobs Pending Release [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
    let p: PrintTest;
    let alice: TestClient;
    before(async () => {
      p = await startPrintTest(kind);
      alice = p.client();
      await alice.signIn('alice', PASSWORD);
    });
    after(() => p.close());
    afterEach(() => assertLedgerSums(p.services));

    const hold = async (username: string, queue: string, documentName = 'Essay.pdf') =>
      (await p.services.printJobs.receive(p.job(username, queue, { documentName }), p.document(), p.pages(3)))
        .id;
    const stateOf = async (id: number) => (await p.services.printJobs.get(id)).state;
    const balanceOf = async (username: string) =>
      (await p.services.accounts.accountOf(username)).account.balance;

    it('sends signed-out visitors to the sign-in page', async () => {
      const response = await p.client().get(PATH);
      assert.equal(response.status, 401);
      const posted = await p.client().post(`${PATH}/1/print`, {});
      assert.ok(posted.status === 401 || posted.status === 403, String(posted.status));
    });

    it("lists the user's held jobs with cost, and Find-Me jobs as depending on the printer", async () => {
      await hold('alice', 'secure', 'Thesis.pdf');
      await hold('alice', 'anywhere', 'Poster.pdf');
      await hold('carol', 'secure', 'Carols-secret.pdf');
      const page = await alice.get(PATH);
      assert.equal(page.status, 200);
      assert.match(page.body, /<h1>Jobs Pending Release<\/h1>/);
      assert.match(page.body, /Thesis\.pdf/);
      assert.match(page.body, /Poster\.pdf/);
      assert.doesNotMatch(page.body, /Carols-secret/);
      assert.match(page.body, /\$1\.50/); // 3 colour pages at 0.50 (PDF pages count as colour)
      assert.match(page.body, /Depends on the printer/);
      assert.match(page.body, /<option value="ps1\\east">east<\/option>/);
      assert.match(page.body, /href="\/user\/jobs-pending-release" aria-current="page"/);
    });

    it('prints a held job: charged once, gone from the list, a second Print changes nothing', async () => {
      const id = await hold('alice', 'secure', 'Once.pdf');
      const before = await balanceOf('alice');
      const printed = await alice.post(`${PATH}/${id}/print`, {});
      assert.equal(printed.status, 303);
      assert.equal(printed.headers.location, `${PATH}?done=released`);
      assert.equal(await stateOf(id), 'pending');
      assert.equal(await balanceOf('alice'), before - 15_000);
      const page = await alice.get(`${PATH}?done=released`);
      assert.match(page.body, /The job was sent to the printer\./);
      assert.doesNotMatch(page.body, /Once\.pdf/);
      const again = await alice.post(`${PATH}/${id}/print`, {});
      assert.equal(again.headers.location, `${PATH}?done=gone`);
      assert.equal(await balanceOf('alice'), before - 15_000);
    });

    it("prints a Find-Me job on the member chosen, at that printer's rates", async () => {
      const id = await hold('alice', 'anywhere', 'FindMe.pdf');
      const before = await balanceOf('alice');
      const printed = await alice.post(`${PATH}/${id}/print`, { printer: 'ps1\\west' });
      assert.equal(printed.headers.location, `${PATH}?done=released`);
      const job = await p.services.printJobs.get(id);
      assert.equal(job.releasedTo, 'ps1\\west');
      assert.equal(await balanceOf('alice'), before - 3 * 8_000);
    });

    it('refuses a Find-Me printer that is not a member with a 400 and the field error, nothing charged', async () => {
      const id = await hold('alice', 'anywhere', 'Wrong.pdf');
      const before = await balanceOf('alice');
      for (const printer of ['ps1\\north', '', 'ps1\\lab']) {
        const response = await alice.post(`${PATH}/${id}/print`, { printer });
        assert.equal(response.status, 400);
        assert.match(response.body, /Choose the printer to print on\./);
        assert.match(response.body, new RegExp(`id="field-printer-${id}-error"`));
      }
      assert.equal(await stateOf(id), 'pending-held');
      assert.equal(await balanceOf('alice'), before);
    });

    it("refuses someone else's job as gone, changing nothing", async () => {
      const id = await hold('carol', 'secure', 'Carols.pdf');
      for (const action of ['print', 'cancel']) {
        const response = await alice.post(`${PATH}/${id}/${action}`, {});
        assert.equal(response.headers.location, `${PATH}?done=gone`);
      }
      assert.equal(await stateOf(id), 'pending-held');
      for (const bad of ['0', 'x', '99999999', '1e3'])
        assert.equal((await alice.post(`${PATH}/${bad}/print`, {})).headers.location, `${PATH}?done=gone`);
    });

    it('cancels a held job uncharged', async () => {
      const id = await hold('alice', 'secure', 'Cancel-me.pdf');
      const before = await balanceOf('alice');
      const response = await alice.post(`${PATH}/${id}/cancel`, {});
      assert.equal(response.headers.location, `${PATH}?done=cancelled`);
      assert.equal(await stateOf(id), 'canceled');
      assert.equal(await balanceOf('alice'), before);
    });

    it("shows the account's refusal and keeps the job held when there is no credit", async () => {
      const bob = p.client();
      await bob.signIn('bob', PASSWORD);
      const id = await hold('bob', 'secure', 'No-credit.pdf');
      const response = await bob.post(`${PATH}/${id}/print`, {});
      assert.equal(response.headers.location, `${PATH}?done=denied`);
      assert.equal(await stateOf(id), 'pending-held');
      const page = await bob.get(`${PATH}?done=denied`);
      assert.match(page.body, /was not printed and is still waiting/);
      assert.match(page.body, /Not printed: Not enough credit/);
      assert.match(page.body, /No-credit\.pdf/);
    });

    it('refuses a post without the CSRF token', async () => {
      const id = await hold('alice', 'secure', 'Csrf.pdf');
      const response = await alice.post(`${PATH}/${id}/cancel`, { _csrf: 'forged' });
      assert.equal(response.status, 403);
      assert.equal(await stateOf(id), 'pending-held');
    });

    it('is translated (German)', async () => {
      const page = await alice.get(PATH, { 'accept-language': 'de' });
      assert.match(page.body, /Zurückgehaltene Aufträge/);
    });
  });
}
