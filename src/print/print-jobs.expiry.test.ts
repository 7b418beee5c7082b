import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../accounts/accounting.test-support.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { chargeRequest } from './job-intake.js';
import { createPrintJobsRepository } from './print-jobs.repository.js';
import { as, startPrintTest, type PrintTest } from './print.test-support.js';

for (const kind of DATABASE_KINDS) {
  describe(
    `Print jobs: expiry and recovery [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let p: PrintTest;
      before(async () => {
        p = await startPrintTest(kind);
      });
      afterEach(() => assertLedgerSums(p.services));
      after(() => p?.close());

      const jobLogFor = (printJobId: number) =>
        p.app.database.db.selectFrom('jobs').selectAll().where('print_job_id', '=', printJobId).execute();
      const filesOf = (id: number) => p.spoolFiles().filter((name) => name.startsWith(`${id}-`));
      /** What a server that stopped mid-way leaves: the job pending under a lease that ran out. */
      const strand = (id: number, extra: Record<string, string | null> = {}) =>
        p.app.database.db
          .updateTable('print_jobs')
          .set({ state: 'pending', lease_owner: 'gone:1', lease_until: '2026-12-05T08:00:00.000Z', ...extra })
          .where('id', '=', id)
          .execute();

      it('deletes held jobs not released in the configured time, uncharged, with their documents, once', async () => {
        const { printJobs, settings } = p.services;
        await settings.update({ heldJobExpiryMinutes: 10 });
        const job = await printJobs.receive(p.job('alice', 'secure'), p.document(), p.pages(1));
        assert.equal(filesOf(job.id).length, 1);
        p.advance(9);
        assert.equal((await printJobs.expire()).expired, 0);
        p.advance(2);
        // Two servers' ticks at the same moment: each job expires once.
        const [first, second] = await Promise.all([printJobs.expire(), printJobs.expire()]);
        assert.equal(first.expired + second.expired, 1);
        const expired = await printJobs.get(job.id);
        assert.equal(expired.state, 'aborted');
        assert.match(expired.stateMessage, /Not released within 10 minutes/);
        assert.deepEqual(filesOf(job.id), []);
        assert.deepEqual(await jobLogFor(job.id), []);
        await assert.rejects(printJobs.release(job.id, as('alice')), ConflictError);
        await settings.update({ heldJobExpiryMinutes: 30 });
      });

      it('puts a job back on hold when the server releasing it stopped before charging', async () => {
        const { printJobs } = p.services;
        const job = await printJobs.receive(p.job('alice', 'secure'), p.document(), p.pages(1));
        await strand(job.id, {
          released_at: p.clock.now().toISOString(),
          released_printer_name: 'ps1\\secure',
        });
        assert.equal((await printJobs.expire()).recovered, 1);
        const back = await printJobs.get(job.id);
        assert.deepEqual([back.state, back.releasedTo], ['pending-held', '']);
        assert.equal((await printJobs.release(job.id, as('alice'))).status, 'released');
        assert.equal((await jobLogFor(job.id)).length, 1);
      });

      it('links the charge when the server releasing a job stopped after charging it', async () => {
        const { printJobs, charging } = p.services;
        const job = await printJobs.receive(p.job('carol', 'secure'), p.document(), p.pages(2));
        await strand(job.id, { released_at: p.clock.now().toISOString() });
        const row = (await createPrintJobsRepository(p.app.database.db).byId(job.id))!;
        const secure = await p.services.printers.require('ps1', 'secure');
        const charged = await charging.charge(chargeRequest(row, { pages: 2, colorPages: 0 }, secure));
        assert.equal(charged.status, 'printed');
        await printJobs.expire();
        const linked = await printJobs.get(job.id);
        assert.deepEqual([linked.state, linked.chargedJobId], ['pending', charged.jobId]);
        await assert.rejects(printJobs.release(job.id, as('carol')), ConflictError, 'never charged twice');
      });

      it('aborts a job whose document never arrived, and removes what did', async () => {
        const { printJobs } = p.services;
        const created = await printJobs.createJob(p.job('alice', 'lab'));
        p.advance(4);
        await printJobs.expire();
        assert.equal(
          (await printJobs.get(created.id)).state,
          'pending',
          'within the multiple-operation time-out',
        );
        p.advance(2);
        await printJobs.expire();
        const aborted = await printJobs.get(created.id);
        assert.deepEqual(
          [aborted.state, aborted.stateMessage],
          ['aborted', 'The document did not arrive completely.'],
        );
      });

      it('removes documents an ended job left in the spool, and forgets ended jobs after a day', async () => {
        const { printJobs } = p.services;
        const job = await printJobs.receive(p.job('alice', 'secure'), p.document(), p.pages(1));
        await printJobs.cancel(job.id, as('alice'));
        // A document left behind (its removal failed): the sweep removes it.
        const name = `${job.id}-leftover.job`;
        fs.writeFileSync(path.join(p.spoolDir, name), 'x', { mode: 0o600 });
        await p.app.database.db
          .updateTable('print_jobs')
          .set({ spool_file: name })
          .where('id', '=', job.id)
          .execute();
        assert.ok((await printJobs.expire()).removed >= 1);
        assert.deepEqual(filesOf(job.id), []);
        p.advance(25 * 60);
        assert.ok((await printJobs.expire()).purged >= 1);
        await assert.rejects(printJobs.get(job.id), NotFoundError);
      });

      it('lets one forwarder claim each charged job, and another take it over once the lease runs out', async () => {
        const { printJobs } = p.services;
        const repository = createPrintJobsRepository(p.app.database.db);
        const job = await printJobs.receive(p.job('alice', 'lab'), p.document(), p.pages(1));
        const now = p.clock.now().toISOString();
        const soon = new Date(p.clock.now().getTime() + 60_000).toISOString();
        // Three servers claim until nothing is left: every job waiting for its printer once.
        const claimed: number[] = [];
        await Promise.all(
          ['a', 'b', 'c'].map(async (owner) => {
            for (let claim; (claim = await repository.claimForForwarding(owner, now, soon));)
              claimed.push(claim.id);
          }),
        );
        assert.ok(claimed.includes(job.id));
        assert.equal(new Set(claimed).size, claimed.length, 'no job claimed twice');
        const mine = (await repository.byId(job.id))!;
        assert.deepEqual([mine.state, mine.attempts], ['processing', 1]);
        await assert.rejects(printJobs.cancel(job.id, as('alice')), ConflictError);
        const later = new Date(p.clock.now().getTime() + 120_000).toISOString();
        const again: number[] = [];
        for (let claim; (claim = await repository.claimForForwarding('d', later, later));)
          again.push(claim.id);
        assert.deepEqual(again.sort(), claimed.sort(), 'a lease run out lets another server take over');
        assert.equal((await repository.byId(job.id))?.attempts, 2);
      });
    },
  );
}
