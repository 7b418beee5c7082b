import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../../test-support/free-ports.js';
import { ippPeersSkip, makePdf, startIppPrinter, type IppPrinter } from '../../test-support/ipp-peers.js';
import { IppTransportError } from './ipp-transport.js';
import { createPrinterClient, type RemoteJob } from './printer-client.js';

describe('IPP client against ippeveprinter', { skip: ippPeersSkip() }, () => {
  let dir = '';
  let printer: IppPrinter;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'quire-ipp-client-'));
    printer = await startIppPrinter({ formats: ['application/pdf'] });
    await makePdf(3, path.join(dir, 'doc.pdf'));
  });
  after(async () => {
    await printer?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const followToEnd = async (client: ReturnType<typeof createPrinterClient>, jobId: number) => {
    for (let i = 0; i < 200; i++) {
      const job = await client.getJob(jobId);
      assert.ok(job.ok, 'Get-Job-Attributes answers');
      if (['completed', 'aborted', 'canceled'].includes(job.state)) return job as RemoteJob;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the job did not end');
  };

  it('reads the printer’s state and formats, prints a document byte-identical and follows it to its end', async () => {
    const client = createPrinterClient(printer.uri);
    const status = await client.getPrinter();
    assert.ok(status.ok);
    assert.equal(status.state, 'idle');
    assert.ok(status.formats.includes('application/pdf'));
    const sent = await client.printJob({
      file: path.join(dir, 'doc.pdf'),
      format: 'application/pdf',
      jobName: 'Essay.pdf',
      userName: 'alice',
      copies: 2,
    });
    assert.ok(sent.ok, JSON.stringify(sent));
    const ended = await followToEnd(client, sent.jobId);
    assert.equal(ended.state, 'completed');
    assert.equal(ended.jobName, 'Essay.pdf');
    assert.equal(ended.userName, 'alice');
    const cancel = await client.cancelJob(sent.jobId, 'alice');
    assert.equal(
      cancel.ok ? 'ok' : cancel.status,
      'client-error-not-possible',
      'a completed job cannot be cancelled',
    );
    const received = await printer.received(1);
    assert.deepEqual(received.data, readFileSync(path.join(dir, 'doc.pdf')));
    assert.equal(received.attributes.IPP_COPIES, '2');
  });

  it('speaks ipps:// to the same printer without checking its self-signed certificate', async () => {
    await printer.waitIdle();
    const status = await createPrinterClient(printer.uri.replace('ipp://', 'ipps://')).getPrinter();
    assert.ok(status.ok);
  });

  it('returns the printer’s refusal of a format as a status, and says when nothing answers', async () => {
    await printer.waitIdle();
    const file = path.join(dir, 'image.jpg');
    writeFileSync(file, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0xff, 0xd9]));
    const refused = await createPrinterClient(printer.uri).printJob({
      file,
      format: 'image/jpeg',
      jobName: 'photo.jpg',
      userName: 'alice',
    });
    assert.equal(refused.ok, false);
    // ippeveprinter names the document-format attribute rather than the format error.
    assert.match(
      refused.ok ? '' : refused.status,
      /^client-error-(document-format|attributes-or-values)-not-supported$/,
    );
    const nobody = createPrinterClient(`ipp://127.0.0.1:${await freePort()}/ipp/print`);
    await assert.rejects(nobody.getPrinter(), (error: unknown) => {
      assert.ok(error instanceof IppTransportError);
      assert.equal(error.failure, 'refused');
      return true;
    });
  });
});
