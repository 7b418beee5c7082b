import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ippPeersSkip,
  makePdf,
  startCups,
  startIppPrinter,
  type Cups,
  type IppPrinter,
} from './ipp-peers.js';

describe('IPP peers for tests: ippeveprinter and a private cupsd', { skip: ippPeersSkip() }, () => {
  let dir = '';
  let printer: IppPrinter;
  let cups: Cups;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'quire-peers-test-'));
    [printer, cups] = await Promise.all([startIppPrinter(), startCups()]);
  });
  after(async () => {
    await Promise.all([printer?.close(), cups?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints through CUPS’s ipp backend to ippeveprinter, byte-identical, as the lp user', async () => {
    const file = path.join(dir, 'doc.pdf');
    await makePdf(2, file);
    await cups.addQueue('office', printer.uri);
    const id = await cups.lp('office', 'alice', file, '-t', 'Essay');
    assert.equal(await cups.waitJob(id), 'completed');
    const job = await printer.received(1);
    assert.deepEqual(job.data, readFileSync(file));
    assert.equal(job.attributes.IPP_JOB_ORIGINATING_USER_NAME, 'alice');
    assert.equal(printer.receivedCount(), 1);
  });

  it('keeps documents on a raw file:///dev/null queue, and restarts a printer on its port', async () => {
    const file = path.join(dir, 'doc3.pdf');
    await makePdf(3, file);
    await cups.addQueue('sink', 'file:///dev/null');
    const id = await cups.lp('sink', 'bob', file);
    assert.equal(await cups.waitJob(id), 'completed');
    assert.deepEqual(cups.spooled(id), readFileSync(file));
    await printer.stop();
    await printer.start();
    assert.equal(printer.receivedCount(), 0, 'a new start begins at job 1');
    await printer.waitIdle();
  });
});
