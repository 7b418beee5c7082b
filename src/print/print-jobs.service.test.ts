import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../accounts/accounting.test-support.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { $, ACTOR, ADMIN, as, DOCUMENT, startPrintTest, type PrintTest } from './print.test-support.js';

for (const kind of DATABASE_KINDS) {
  describe(
    `Print jobs: receive, hold, release, cancel [${kind}]`,
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
      const balance = async (username: string) =>
        (await p.services.accounts.accountOf(username)).account.balance;

      it('charges a job on a queue that does not hold at once, and keeps its document (0600) for the forwarder', async () => {
        const { printJobs } = p.services;
        const job = await printJobs.receive(
          p.job('alice', 'lab', { options: { copies: 2 } }),
          p.document(),
          p.pages(3),
        );
        assert.equal(job.state, 'pending');
        assert.deepEqual(job.stateReasons, ['job-queued']);
        assert.equal(job.size, DOCUMENT.length);
        assert.deepEqual([job.pages, job.copies, job.queue], [3, 2, 'ps1\\lab']);
        const [charged] = await jobLogFor(job.id);
        assert.equal(Number(charged?.id), job.chargedJobId);
        assert.equal(Number(charged?.cost), $('1.20'), '3 pages × 2 copies × 0.20');
        assert.equal(charged?.origin, 'ipp');
        assert.equal(await balance('alice'), $('8.80'));
        const [file] = p.spoolFiles().filter((name) => name.startsWith(`${job.id}-`));
        assert.ok(file, 'the document waits in the spool');
        const stat = fs.statSync(path.join(p.spoolDir, file));
        assert.equal(stat.mode & 0o777, 0o600);
        assert.deepEqual(fs.readFileSync(path.join(p.spoolDir, file)), DOCUMENT);
      });

      it('holds a job uncharged on a holding queue, shows its cost, and charges it once when released', async () => {
        const { printJobs } = p.services;
        const job = await printJobs.receive(
          p.job('alice', 'secure', { options: { sides: 'two-sided-long-edge' } }),
          p.document(),
          p.pages(4, [true, false, false, false]),
        );
        assert.equal(job.state, 'pending-held');
        assert.deepEqual(job.stateReasons, ['job-hold-until-specified']);
        assert.equal(job.expiresAt, '2026-12-05T09:30:00.000Z', "PaperCut's default: 30 minutes");
        assert.deepEqual(await jobLogFor(job.id), [], 'nothing charged while held');
        const held = (await printJobs.heldFor('Alice')).find((row) => row.id === job.id);
        // One colour page at 0.50 and three grey at 0.10, half off for duplex.
        assert.equal(held?.cost, $('0.40'));
        const before = await balance('alice');
        const released = await printJobs.release(job.id, as('alice'));
        assert.equal(released.status, 'released');
        assert.equal(released.status === 'released' ? released.cost : 0, $('0.40'));
        assert.equal(released.job.state, 'pending');
        assert.equal(released.job.releasedTo, 'ps1\\secure');
        assert.equal(await balance('alice'), before - $('0.40'));
        await assert.rejects(printJobs.release(job.id, as('alice')), ConflictError);
        assert.equal((await jobLogFor(job.id)).length, 1);
        assert.equal(
          (await printJobs.heldFor('alice')).some((row) => row.id === job.id),
          false,
        );
      });

      it('releases a job once when several releases race', async () => {
        const { printJobs } = p.services;
        const job = await printJobs.receive(
          p.job('carol', 'secure'),
          p.document(),
          p.pages(2, [false, false]),
        );
        const before = await balance('carol');
        const results = await Promise.allSettled(
          Array.from({ length: 6 }, (_, i) => printJobs.release(job.id, i % 2 ? ADMIN : as('carol'))),
        );
        const released = results.filter((r) => r.status === 'fulfilled' && r.value.status === 'released');
        assert.equal(released.length, 1, 'exactly one release wins');
        for (const result of results)
          if (result.status === 'rejected')
            assert.ok(result.reason instanceof ConflictError, String(result.reason));
        const charges = (await jobLogFor(job.id)).filter((row) => row.status === 'printed');
        assert.equal(charges.length, 1);
        assert.equal(await balance('carol'), before - $('0.20'));
      });

      it('releases a Find-Me job to the member chosen, at its rates, and refuses any other printer', async () => {
        const { printJobs, queues } = p.services;
        const info = await queues.info('anywhere');
        assert.deepEqual(
          [info.kind, info.holdJobs, info.members],
          ['find-me', true, ['ps1\\east', 'ps1\\west']],
        );
        const job = await printJobs.receive(
          p.job('alice', 'anywhere'),
          p.document(),
          p.pages(2, [true, false]),
        );
        assert.equal(job.state, 'pending-held');
        assert.equal((await printJobs.heldFor('alice')).find((row) => row.id === job.id)?.cost, null);
        await assert.rejects(printJobs.release(job.id, as('alice')), ValidationError);
        await assert.rejects(
          printJobs.release(job.id, as('alice'), 'north'),
          /not a printer of the Find-Me queue/,
        );
        await assert.rejects(printJobs.release(job.id, as('alice'), 'nowhere'), ValidationError);
        assert.equal((await printJobs.get(job.id)).state, 'pending-held', 'a refused release leaves it held');
        const released = await printJobs.release(job.id, as('alice'), 'ps1\\west');
        assert.equal(
          released.status === 'released' ? released.cost : 0,
          $('1.00'),
          '0.80 colour + 0.20 grey',
        );
        assert.equal(released.job.releasedTo, 'ps1\\west');
        const [charged] = await jobLogFor(job.id);
        assert.equal(charged?.printer_name, 'ps1\\west');
      });

      it('refuses a restricted user without credit when the job arrives, says why, and logs the denial', async () => {
        const { printJobs } = p.services;
        const before = await balance('bob');
        const job = await printJobs.receive(p.job('bob', 'lab'), p.document(), p.pages(1));
        assert.equal(job.state, 'aborted');
        assert.ok(job.stateReasons.includes('account-authorization-failed'));
        assert.match(job.stateMessage, /Not enough credit/);
        assert.equal(job.chargedJobId, null);
        const [denied] = await jobLogFor(job.id);
        assert.equal(denied?.status, 'denied');
        assert.match(denied?.reason ?? '', /Not enough credit/);
        assert.equal(await balance('bob'), before);
        assert.deepEqual(
          p.spoolFiles().filter((name) => name.startsWith(`${job.id}-`)),
          [],
          'document removed',
        );
      });

      it('puts a held job back on hold, with the reason, when its account will not pay at release', async () => {
        const { printJobs, accounts } = p.services;
        const job = await printJobs.receive(p.job('bob', 'secure'), p.document(), p.pages(1, [false]));
        const denied = await printJobs.release(job.id, as('bob'));
        assert.equal(denied.status, 'denied');
        assert.equal(denied.job.state, 'pending-held');
        assert.match(denied.job.stateMessage, /Not enough credit/);
        assert.equal(denied.job.releasedTo, '');
        await accounts.setBalance('bob', $('1'), 'top-up', ACTOR);
        const released = await printJobs.release(job.id, as('bob'));
        assert.equal(released.status, 'released');
        assert.equal(await balance('bob'), $('0.90'));
      });

      it('does not cancel (nor refund) a job its printer already has', async () => {
        const { printJobs } = p.services;
        const before = await balance('carol');
        const sent = await printJobs.receive(p.job('carol', 'lab'), p.document(), p.pages(2));
        // Handed back to pending between follow-ups, with the printer's job id recorded.
        await p.app.database.db
          .updateTable('print_jobs')
          .set({ destination_job_id: 7 })
          .where('id', '=', sent.id)
          .execute();
        await assert.rejects(printJobs.cancel(sent.id, as('carol')), /at its printer/);
        assert.equal((await printJobs.get(sent.id)).state, 'pending');
        assert.equal(await balance('carol'), before - $('0.40'), 'still charged: it prints');
      });

      it('cancels a held job uncharged and a charged one with a refund, removing the document', async () => {
        const { printJobs } = p.services;
        const held = await printJobs.receive(p.job('carol', 'secure'), p.document(), p.pages(1));
        const canceled = await printJobs.cancel(held.id, as('carol'));
        assert.deepEqual([canceled.state, canceled.stateReasons], ['canceled', ['job-canceled-by-user']]);
        assert.deepEqual(
          p.spoolFiles().filter((name) => name.startsWith(`${held.id}-`)),
          [],
        );
        assert.deepEqual(await jobLogFor(held.id), []);
        const before = await balance('carol');
        const queued = await printJobs.receive(p.job('carol', 'lab'), p.document(), p.pages(5));
        assert.equal(await balance('carol'), before - $('1'));
        await printJobs.cancel(queued.id, ADMIN);
        assert.equal(await balance('carol'), before, 'the charge is given back');
        const [charge] = await jobLogFor(queued.id);
        assert.equal(charge?.status, 'refunded');
        assert.deepEqual(
          p.spoolFiles().filter((name) => name.startsWith(`${queued.id}-`)),
          [],
        );
        await assert.rejects(printJobs.cancel(queued.id, ADMIN), ConflictError);
        await assert.rejects(printJobs.release(held.id, as('carol')), ConflictError);
      });

      it("lets only a job's owner or an administrator release or cancel it, and audits an administrator's", async () => {
        const { printJobs, audit } = p.services;
        const job = await printJobs.receive(p.job('alice', 'secure'), p.document(), p.pages(1));
        await assert.rejects(printJobs.release(job.id, as('carol')), ForbiddenError);
        await assert.rejects(printJobs.cancel(job.id, as('carol')), ForbiddenError);
        await assert.rejects(printJobs.release(987_654, as('alice')), NotFoundError);
        const released = await printJobs.release(job.id, ADMIN);
        assert.equal(released.job.releasedBy, 'admin');
        const [entry] = await audit.list({ action: 'print-job.release', limit: 1 });
        assert.equal(entry?.target, String(job.id));
      });

      it('refuses a job before storing anything: unknown queue or user, disabled printer, no access', async () => {
        const { printJobs, printers, groups } = p.services;
        const files = p.spoolFiles().length;
        await assert.rejects(
          printJobs.receive(p.job('alice', 'nope'), p.document(), p.pages(1)),
          NotFoundError,
        );
        await assert.rejects(
          printJobs.receive(p.job('nobody', 'lab'), p.document(), p.pages(1)),
          NotFoundError,
        );
        await printers.disable('ps1', 'north', 10, ACTOR);
        await assert.rejects(
          printJobs.receive(p.job('alice', 'north'), p.document(), p.pages(1)),
          /not accepting jobs/,
        );
        await printers.disable('ps1', 'north', 0, ACTOR);
        await groups.addMember('carol', 'Staff', ACTOR);
        await printers.addAccessGroup('ps1', 'north', 'Staff', ACTOR);
        await assert.rejects(
          printJobs.receive(p.job('alice', 'north'), p.document(), p.pages(1)),
          ForbiddenError,
        );
        await assert.rejects(
          printJobs.receive(
            p.job('alice', 'lab', { options: { copies: 0, numberUp: 3 } }),
            p.document(),
            p.pages(1),
          ),
          (error: unknown) =>
            error instanceof ValidationError && 'copies' in error.fields && 'numberUp' in error.fields,
        );
        assert.equal(p.spoolFiles().length, files);
      });

      it('takes a document in a second step (Create-Job, Send-Document) and aborts one that cannot be counted', async () => {
        const { printJobs } = p.services;
        const created = await printJobs.createJob(p.job('alice', 'secure'));
        assert.deepEqual([created.state, created.stateReasons], ['pending', ['job-incoming']]);
        await assert.rejects(
          printJobs.sendDocument(created.id, 'carol', p.document(), p.pages(1)),
          ForbiddenError,
        );
        const held = await printJobs.sendDocument(created.id, 'alice', p.document(), p.pages(2));
        assert.equal(held.state, 'pending-held');
        await assert.rejects(
          printJobs.sendDocument(created.id, 'alice', p.document(), p.pages(1)),
          ConflictError,
        );
        const broken = await printJobs.createJob(p.job('alice', 'lab'));
        const unreadable = async () => {
          throw new Error('The PDF is damaged: no page tree.');
        };
        await assert.rejects(printJobs.sendDocument(broken.id, 'alice', p.document(), unreadable), /damaged/);
        const aborted = await printJobs.get(broken.id);
        assert.deepEqual(
          [aborted.state, aborted.stateMessage],
          ['aborted', 'The PDF is damaged: no page tree.'],
        );
        assert.deepEqual(
          p.spoolFiles().filter((name) => name.startsWith(`${broken.id}-`)),
          [],
        );
        assert.deepEqual(await jobLogFor(broken.id), []);
      });

      it('charges what page-ranges, number-up, colour mode and media select, at the paper size price', async () => {
        const { printJobs, printers } = p.services;
        await printers.setSizeCosts(
          'ps1',
          'lab',
          [{ size: 'A3', cost_gray: $('0.40'), cost_color: $('0.40') }],
          ACTOR,
        );
        const options = {
          pageRanges: [[2, 5]] as [number, number][],
          numberUp: 2,
          media: 'iso_a3_297x420mm',
        };
        const job = await printJobs.receive(p.job('alice', 'lab', { options }), p.document(), p.pages(10));
        assert.equal(job.pages, 2, 'pages 2–5, two to a side');
        const [charged] = await jobLogFor(job.id);
        assert.equal(Number(charged?.cost), $('0.80'));
        assert.equal(charged?.paper_size, 'a3');
      });
    },
  );
}
