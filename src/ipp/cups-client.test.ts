/**
 * A real operating system's print queue printing through Quire: a private cupsd whose queue's
 * device URI is a Quire queue, so CUPS's own ipp backend is the client (Get-Printer-Attributes,
 * Validate-Job, Create-Job, Send-Document, Get-Job-Attributes), as on any Linux or macOS machine
 * or a CUPS print server in front of Quire. `?waitjob=false`: CUPS does not wait for a held job.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../accounts/accounting.test-support.js';
import { $, ACTOR, PASSWORD, startPrintTest, type PrintTest } from '../print/print.test-support.js';
import { ippPeersSkip, makePdf, startCups, type Cups } from '../test-support/ipp-peers.js';

describe('A CUPS queue printing through Quire', { skip: ippPeersSkip() }, () => {
  let p: PrintTest;
  let cups: Cups;
  let dir: string;
  let origin: string;
  let pdf: string;

  const balance = async (username: string) => (await p.services.accounts.accountOf(username)).account.balance;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'quire-cups-client-'));
    pdf = path.join(dir, 'essay.pdf');
    [p, cups] = await Promise.all([startPrintTest('sqlite'), startCups(), makePdf(3, pdf)]);
    await p.services.printers.add(
      { server: 'ps1', name: 'front', cost_gray: $('0.10'), cost_color: $('0.10'), auth_mode: 'trusted' },
      ACTOR,
    );
    await p.services.settings.update({ printServerAddresses: '127.0.0.1' });
    await p.server.listen({ port: 0, host: '127.0.0.1' });
    origin = `127.0.0.1:${(p.server.server.address() as { port: number }).port}`;
  });
  after(async () => {
    await Promise.all([p?.close(), cups?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => assertLedgerSums(p.services));

  it('lp -U alice on a queue trusting the print server: alice is charged for the real pages', async () => {
    const before = await balance('alice');
    await cups.addQueue('quire-front', `ipp://${origin}/printers/front?waitjob=false&contimeout=10`);
    const id = await cups.lp('quire-front', 'alice', pdf, '-t', 'Essay');
    assert.equal(await cups.waitJob(id), 'completed');
    const [job] = await p.services.printJobs.list({ queue: 'front', username: 'alice', which: 'all' });
    assert.ok(job, 'Quire has the job');
    assert.equal(job.documentName, 'Essay');
    assert.equal(job.pages, 3);
    assert.deepEqual(job.stateReasons, ['job-queued']);
    assert.equal(await balance('alice'), before - $('0.30'));
    const file = p.spoolFiles().find((name) => name.startsWith(`${job.id}-`));
    assert.ok(file, 'the document waits in the spool');
    assert.deepEqual(readFileSync(path.join(p.spoolDir, file)), readFileSync(pdf), 'byte-identical');
  });

  it('lp with the user name and password in the device URI, on a hold queue: held, uncharged', async () => {
    const before = await balance('carol');
    await cups.addQueue(
      'quire-secure',
      `ipp://carol:${encodeURIComponent(PASSWORD)}@${origin}/printers/secure?waitjob=false&contimeout=10`,
    );
    const id = await cups.lp('quire-secure', 'carol', pdf, '-t', 'Held essay');
    assert.equal(await cups.waitJob(id), 'completed');
    const [job] = await p.services.printJobs.list({ queue: 'secure', username: 'carol', which: 'all' });
    assert.equal(job?.state, 'pending-held');
    assert.equal(job?.pages, 3);
    assert.equal(await balance('carol'), before);
  });
});
