import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../../accounts/accounting.test-support.js';
import { createPrinterClient } from '../../ipp/client/printer-client.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import {
  ippPeersSkip,
  startCups,
  startIppPrinter,
  type Cups,
  type IppPrinter,
} from '../../test-support/ipp-peers.js';
import { $, startForwardingTest, type ForwardingTest } from './forwarding.test-support.js';

const peersSkip = ippPeersSkip();

for (const kind of DATABASE_KINDS) {
  describe(
    `Forwarding print jobs to real printers [${kind}]`,
    { skip: peersSkip || (kind === 'postgres' ? postgresSkip() : false) },
    () => {
      let f: ForwardingTest;
      let office: IppPrinter;
      let raster: IppPrinter;
      let cups: Cups;
      before(async () => {
        [f, office, raster, cups] = await Promise.all([
          startForwardingTest(kind),
          startIppPrinter({ formats: ['application/pdf'] }),
          startIppPrinter({ name: 'Raster', formats: ['image/pwg-raster'] }),
          startCups(),
        ]);
        await f.addPrinter('office', office.uri);
        await f.addPrinter('raster', raster.uri);
        await f.addPrinter('sink', await cups.addQueue('sink', 'file:///dev/null'));
      });
      afterEach(() => assertLedgerSums(f.services));
      after(async () => {
        await f?.close();
        await Promise.all([office?.close(), raster?.close(), cups?.close()]);
      });

      it('sends the document byte-identical, follows the job to its end and records the printer’s count', async () => {
        const id = await f.print('alice', 'office');
        const forwarder = f.forwarder();
        await f.ended(id);
        await forwarder.stop(); // the document is removed just after the job ends
        const row = await f.row(id);
        assert.equal(row.state, 'completed');
        assert.equal(row.state_reasons, 'job-completed-successfully');
        assert.ok(row.destination_job_id !== null, 'the printer’s job id is kept');
        assert.equal(
          typeof row.impressions_completed,
          'number',
          'ippeveprinter reports job-impressions-completed',
        );
        assert.equal(row.spool_file, '', 'the document left the spool');
        const received = await office.received(1);
        assert.deepEqual(received.data, readFileSync(f.pdf));
        assert.equal(received.attributes.IPP_JOB_NAME, 'Essay.pdf');
        assert.equal(received.attributes.IPP_JOB_ORIGINATING_USER_NAME, 'alice');
        assert.deepEqual(await f.charges(id), [{ status: 'printed', cost: $('0.30'), refunded: 0 }]);
        const status = await f.services.printerStatus.byPrinter();
        assert.ok(
          [...status.values()].some((s) => s.state === 'idle'),
          'the printers were polled',
        );
      });

      it('retries a printer that is busy with another job: both arrive once', async () => {
        await office.waitIdle();
        const before = office.receivedCount();
        const ids = [
          await f.print('alice', 'office', 'One.pdf'),
          await f.print('alice', 'office', 'Two.pdf'),
        ];
        const forwarder = f.forwarder();
        const rows = await Promise.all(ids.map((id) => f.ended(id)));
        await forwarder.stop();
        assert.deepEqual(
          rows.map((row) => row.state),
          ['completed', 'completed'],
        );
        assert.equal(office.receivedCount(), before + 2);
        const names = await Promise.all(
          [1, 2].map(async (n) => (await office.received(before + n)).attributes.IPP_JOB_NAME),
        );
        assert.deepEqual(names.sort(), ['One.pdf', 'Two.pdf']);
      });

      it('keeps a job while its printer is down and prints it once when it is back, charged once', async () => {
        await office.waitIdle();
        await office.stop();
        const balance = await f.balance('alice');
        const id = await f.print('alice', 'office');
        const forwarder = f.forwarder();
        const waiting = await f.until(id, (row) => row.attempts >= 2 && row.state === 'pending');
        assert.match(waiting.state_message, /could not be reached/);
        assert.equal(waiting.state_reasons, 'job-queued');
        assert.ok(
          (await f.services.printerStatus.needingAttention()).some(
            (s) => s.name === 'office' && s.state === 'unreachable',
          ),
        );
        await office.start();
        const row = await f.ended(id);
        await forwarder.stop();
        assert.equal(row.state, 'completed');
        assert.deepEqual((await office.received(1)).data, readFileSync(f.pdf));
        assert.equal(office.receivedCount(), 1);
        assert.deepEqual(await f.charges(id), [{ status: 'printed', cost: $('0.30'), refunded: 0 }]);
        assert.equal(await f.balance('alice'), balance - $('0.30'));
      });

      it('aborts a job whose document the printer refuses, and refunds it exactly once', async () => {
        const balance = await f.balance('alice');
        const id = await f.print('alice', 'raster');
        assert.equal(await f.balance('alice'), balance - $('0.30'));
        const forwarders = [f.forwarder({ owner: 'server-a' }), f.forwarder({ owner: 'server-b' })];
        const row = await f.ended(id);
        await Promise.all(forwarders.map((forwarder) => forwarder.stop()));
        assert.equal(row.state, 'aborted');
        assert.match(row.state_message, /refused the job \(client-error-/);
        assert.deepEqual(await f.charges(id), [{ status: 'refunded', cost: $('0.30'), refunded: $('0.30') }]);
        assert.equal(await f.balance('alice'), balance);
        assert.equal(raster.receivedCount(), 0);
      });

      it('sends concurrent jobs to a CUPS raw queue, each document once', async () => {
        const ids = await Promise.all(
          ['A.pdf', 'B.pdf', 'C.pdf'].map((name) => f.print('alice', 'sink', name)),
        );
        const forwarder = f.forwarder({ concurrency: 3 });
        const rows = await Promise.all(ids.map((id) => f.ended(id)));
        await forwarder.stop();
        assert.deepEqual(
          rows.map((row) => row.state),
          ['completed', 'completed', 'completed'],
        );
        const remote = rows.map((row) => row.destination_job_id!);
        assert.equal(new Set(remote).size, 3);
        for (const jobId of remote) assert.deepEqual(cups.spooled(jobId), readFileSync(f.pdf));
      });

      it('follows, and does not send again, a job a server sent before it died', async () => {
        await office.waitIdle();
        const before = office.receivedCount();
        const id = await f.print('bob', 'office');
        // Server "dead" claimed the job and sent it, then stopped; its lease runs out in 300 ms.
        const sent = await createPrinterClient(office.uri).printJob({
          file: f.spoolPath((await f.row(id)).spool_file),
          format: 'application/pdf',
          jobName: 'Essay.pdf',
          userName: 'bob',
        });
        assert.ok(sent.ok);
        await f.app.database.db
          .updateTable('print_jobs')
          .set({
            state: 'processing',
            lease_owner: 'dead',
            lease_until: new Date(Date.now() + 300).toISOString(),
            destination_job_id: sent.jobId,
          })
          .where('id', '=', id)
          .execute();
        const forwarder = f.forwarder();
        const ended = await f.ended(id);
        await forwarder.stop();
        assert.equal(ended.state, 'completed');
        assert.equal(office.receivedCount(), before + 1, 'sent once');
      });

      it('sends a job again when its printer stopped mid-job and forgot it; charged once, never lost', async () => {
        await office.waitIdle();
        const balance = await f.balance('alice');
        const id = await f.print('alice', 'office', 'Mid.pdf');
        // A server sent it and stopped; then the printer stopped too, before the job ended there.
        const sent = await createPrinterClient(office.uri).printJob({
          file: f.spoolPath((await f.row(id)).spool_file),
          format: 'application/pdf',
          jobName: 'Mid.pdf',
          userName: 'alice',
        });
        assert.ok(sent.ok);
        await f.app.database.db
          .updateTable('print_jobs')
          .set({
            state: 'processing',
            lease_owner: 'dead',
            lease_until: new Date().toISOString(),
            destination_job_id: sent.jobId,
          })
          .where('id', '=', id)
          .execute();
        await office.stop();
        const forwarder = f.forwarder();
        const waiting = await f.until(id, (row) => row.attempts >= 2 && row.state === 'pending');
        assert.match(waiting.state_message, /could not be reached/);
        assert.equal(
          waiting.destination_job_id,
          sent.jobId,
          'followed, not sent again, while the printer is away',
        );
        await office.start();
        const row = await f.ended(id);
        await forwarder.stop();
        assert.equal(row.state, 'completed');
        assert.equal(office.receivedCount(), 1, 'the restarted printer got it once');
        const received = await office.received(1);
        assert.equal(received.attributes.IPP_JOB_NAME, 'Mid.pdf');
        assert.deepEqual(received.data, readFileSync(f.pdf));
        assert.deepEqual(await f.charges(id), [{ status: 'printed', cost: $('0.30'), refunded: 0 }]);
        assert.equal(await f.balance('alice'), balance - $('0.30'));
      });

      it('refunds a job whose printer was deleted, and lets one without a destination wait', async () => {
        await f.addPrinter('temporary', office.uri);
        await f.services.printers.add(
          { server: 'ps1', name: 'unplugged', cost_gray: $('0.10'), cost_color: $('0.10') },
          { username: 'admin', ip: '' },
        );
        const gone = await f.print('alice', 'temporary');
        const waits = await f.print('alice', 'unplugged');
        await f.services.printers.remove('ps1', 'temporary', { username: 'admin', ip: '' });
        const forwarder = f.forwarder();
        const row = await f.ended(gone);
        const waiting = await f.until(waits, (r) => r.attempts >= 1 && r.state === 'pending');
        await forwarder.stop();
        assert.equal(row.state, 'aborted');
        assert.match(row.state_message, /printer was deleted/);
        assert.deepEqual(await f.charges(gone), [
          { status: 'refunded', cost: $('0.30'), refunded: $('0.30') },
        ]);
        assert.match(waiting.state_message, /has a destination/);
        assert.ok(Date.parse(waiting.next_attempt_at!) > Date.now(), 'tried again later');
      });

      it('follows a job waiting at a stopped CUPS queue without holding up other printers', async () => {
        const stoppedQueue = await cups.addQueue('paused', 'file:///dev/null');
        await f.addPrinter('paused', stoppedQueue);
        await cups.disable('paused', 'Out of paper');
        await office.waitIdle();
        const waiting = await f.print('alice', 'paused', 'Waiting.pdf');
        const forwarder = f.forwarder({ concurrency: 1 });
        await f.until(waiting, (row) => row.destination_job_id !== null && row.attempts >= 3);
        const other = await f.print('alice', 'office', 'Other.pdf');
        assert.equal(
          (await f.ended(other)).state,
          'completed',
          'the other printer’s job went through meanwhile',
        );
        assert.equal((await f.row(waiting)).state, 'processing');
        await cups.enable('paused');
        const row = await f.ended(waiting);
        await forwarder.stop();
        assert.equal(row.state, 'completed');
        assert.deepEqual(cups.spooled(row.destination_job_id!), readFileSync(f.pdf));
      });
    },
  );
}
