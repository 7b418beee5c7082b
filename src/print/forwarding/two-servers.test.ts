/**
 * Two Quire servers on one PostgreSQL database and one shared spool directory, as docs/printing.md
 * describes: a job held through server A's IPP queue is released through server B, and with both
 * servers' forwarders running, the printer receives it exactly once, byte-identical, charged once.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../../accounts/accounting.test-support.js';
import { createApp, type App } from '../../app.js';
import { loadConfig } from '../../config.js';
import { encodeMessage } from '../../ipp/encoding/encode.js';
import { attribute, mimeMediaType, name } from '../../ipp/encoding/values.js';
import { postIpp, request } from '../../ipp/ipp.test-support.js';
import { postgresSkip } from '../../test-support/databases.js';
import { TEST_ORIGIN } from '../../test-support/harness.js';
import { ippPeersSkip, startIppPrinter, type IppPrinter } from '../../test-support/ipp-peers.js';
import { $, ACTOR, FAST, startForwardingTest, type ForwardingTest } from './forwarding.test-support.js';

describe(
  'Two servers on one PostgreSQL: held on A, released on B',
  { skip: postgresSkip() || ippPeersSkip() },
  () => {
    let a: ForwardingTest;
    let b: App;
    let printer: IppPrinter;

    before(async () => {
      a = await startForwardingTest('postgres');
      printer = await startIppPrinter({ formats: ['application/pdf'] });
      b = await createApp(
        loadConfig({
          QUIRE_DATABASE_URL: a.app.config.databaseUrl,
          QUIRE_PUBLIC_URL: TEST_ORIGIN,
          QUIRE_LOG_LEVEL: 'silent',
          QUIRE_SPOOL_DIR: a.app.config.spoolDir,
        }),
      );
      await a.services.printers.add(
        {
          server: 'ps1',
          name: 'secure',
          cost_gray: $('0.10'),
          cost_color: $('0.10'),
          hold_jobs: 1,
          destination_uri: printer.uri,
        },
        ACTOR,
      );
    });
    after(async () => {
      await b?.close();
      await a?.close();
      await printer?.close();
    });
    afterEach(() => assertLedgerSums(a.services));

    it('forwards the job once, byte-identical, charged once', async () => {
      const before = await a.balance('alice');
      const credentials = `Basic ${Buffer.from('alice:lantern-orchid-93').toString('base64')}`;
      const reply = await postIpp(
        a.server,
        '/printers/secure',
        Buffer.concat([
          encodeMessage(
            request('Print-Job', 'secure', [
              attribute('job-name', name('Essay.pdf')),
              attribute('document-format', mimeMediaType('application/pdf')),
            ]),
          ),
          fs.readFileSync(a.pdf),
        ]),
        { authorization: credentials },
      );
      assert.equal(reply.status, 'successful-ok', reply.statusMessage);
      const id = (reply.group('job').get('job-id')![0] as { value: number }).value;
      assert.equal((await a.row(id)).state, 'pending-held');

      // Both servers forward; B releases the job A received.
      a.forwarder();
      const onB = b.services.printJobs.startForwarder(b.services.printerStatus, FAST);
      try {
        const released = await b.services.printJobs.release(id, {
          username: 'alice',
          ip: '127.0.0.1',
          admin: false,
        });
        assert.equal(released.status, 'released');
        const ended = await a.ended(id);
        assert.equal(ended.state, 'completed', ended.state_message);
        const received = await printer.received(1);
        assert.deepEqual(received.data, fs.readFileSync(a.pdf));
        // Give a second delivery every chance to happen before counting.
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        assert.equal(printer.receivedCount(), 1, 'forwarded exactly once');
        assert.deepEqual(await a.charges(id), [{ status: 'printed', cost: $('0.30'), refunded: 0 }]);
        assert.equal(await a.balance('alice'), before - $('0.30'));
      } finally {
        await onB.stop();
      }
    });
  },
);
