/**
 * Quire's print queues against CUPS's ipptool and CUPS's own conformance files, over a real
 * connection to a Quire server: get-printer-attributes.test and ipp-2.0.test (which includes
 * ipp-1.1.test) pass whole, on a queue whose jobs the forwarder sends to a real IPP printer.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import { cupsTestFile, ipptool, ipptoolSkip } from '../test-support/ipptool.js';
import { flatPdf } from '../documents/document-fixtures.test-support.js';
import type { Forwarder } from '../print/forwarding/forwarder.js';
import { FAST } from '../print/forwarding/forwarding.test-support.js';
import { ippPeersSkip, startIppPrinter, type IppPrinter } from '../test-support/ipp-peers.js';

const ACTOR = { username: 'test', ip: '127.0.0.1' };

/** ipptool -t's report: each test's name (cut to 68 characters) and PASS, FAIL or SKIP, with the lines under it. */
function results(output: string): Map<string, { result: string; details: string[] }> {
  const tests = new Map<string, { result: string; details: string[] }>();
  let current: string[] = [];
  for (const line of output.split('\n')) {
    const match = /^ {4}(\S.*?)\s+\[(PASS|FAIL|SKIP)\]$/.exec(line);
    if (match) {
      current = [];
      tests.set(match[1]!, { result: match[2]!, details: current });
    } else current.push(line.trim());
  }
  return tests;
}

const REFUSALS = `{
  NAME "Unsupported operation"
  OPERATION Cancel-My-Jobs
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  STATUS server-error-operation-not-supported
  EXPECT status-message OF-TYPE text
}
{
  NAME "Unsupported operation attribute"
  OPERATION Get-Printer-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR name job-name "not for this operation"
  STATUS successful-ok-ignored-or-substituted-attributes
  EXPECT job-name IN-GROUP unsupported-attributes-tag OF-TYPE unsupported
  EXPECT printer-name IN-GROUP printer-attributes-tag
}
{
  NAME "Unsupported charset"
  OPERATION Get-Printer-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset iso-8859-1
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  STATUS client-error-charset-not-supported
}
`;

for (const kind of DATABASE_KINDS) {
  describe(
    `IPP print queues with CUPS ipptool [${kind}]`,
    { skip: (kind === 'postgres' && postgresSkip()) || ipptoolSkip() || ippPeersSkip() },
    () => {
      let t: TestApp;
      let printer: IppPrinter;
      let forwarder: Forwarder;
      let base: string;
      let dir: string;
      let pdf: string;

      before(async () => {
        t = await startTestApp({ kind });
        await t.app.services.printers.add({ name: 'library', location: 'First floor' }, ACTOR);
        // A queue forwarding to a real IPP printer, so that jobs complete as the tests expect.
        printer = await startIppPrinter({ formats: ['application/pdf'] });
        await t.app.services.printers.add(
          { name: 'front', auth_mode: 'trusted', destination_uri: printer.uri },
          ACTOR,
        );
        forwarder = t.app.services.printJobs.startForwarder(t.app.services.printerStatus, FAST);
        await t.app.services.settings.update({ printServerAddresses: '127.0.0.1' });
        // ipptool sends the name of the user running it.
        await t.createUser({ username: os.userInfo().username, password: 'lantern-orchid-93' });
        await t.server.listen({ port: 0, host: '127.0.0.1' });
        base = `ipp://127.0.0.1:${(t.server.server.address() as { port: number }).port}/printers`;
        dir = mkdtempSync(path.join(os.tmpdir(), 'quire-ipptool-'));
        pdf = path.join(dir, 'document.pdf');
        writeFileSync(pdf, flatPdf(2));
      });
      after(async () => {
        await forwarder?.stop();
        await printer?.close();
        await t?.close();
        rmSync(dir, { recursive: true, force: true });
      });

      it("passes CUPS's get-printer-attributes.test", async () => {
        const run = await ipptool([
          '-t',
          '-T',
          '10',
          `${base}/library`,
          cupsTestFile('get-printer-attributes.test'),
        ]);
        assert.equal(run.code, 0, run.output);
      });

      it("passes CUPS's ipp-2.0.test, and the ipp-1.1.test it includes, on a queue forwarding to a printer", async () => {
        const run = await ipptool([
          '-I',
          '-t',
          '-T',
          '10',
          '-f',
          pdf,
          `${base}/front`,
          cupsTestFile('ipp-2.0.test'),
        ]);
        const tests = results(run.output);
        const failed = [...tests].filter(([, test]) => test.result === 'FAIL').map(([name]) => name);
        assert.deepEqual(failed, [], run.output);
        for (const name of [
          'RFC 8011 section 4.2.1: Print-Job Operation',
          'Get-Job-Attributes Until Job Complete',
          'RFC 8011 section 4.3.3: Cancel-Job Operation (completed job)',
          'RFC 8011 section 4.3.1: Send-Document Operation',
          'PWG 5100.12 section 6.2 - Required Printer Description Attributes',
        ])
          assert.equal(tests.get(name.slice(0, 68))?.result, 'PASS', `${name}\n${run.output}`);
        assert.equal(run.code, 0, run.output);
      });

      it('answers an unsupported operation, attribute and charset as RFC 8011 says', async () => {
        const file = path.join(dir, 'refusals.test');
        writeFileSync(file, REFUSALS);
        const run = await ipptool(['-t', '-T', '10', `${base}/library`, file]);
        assert.equal(run.code, 0, run.output);
      });

      it('answers client-error-not-found for a queue that does not exist', async () => {
        const file = path.join(dir, 'not-found.test');
        writeFileSync(
          file,
          `{
  NAME "No such queue"
  OPERATION Get-Printer-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  STATUS client-error-not-found
  EXPECT !printer-name
}
`,
        );
        const run = await ipptool(['-t', '-T', '10', `${base}/nowhere`, file]);
        assert.equal(run.code, 0, run.output);
      });
    },
  );
}
