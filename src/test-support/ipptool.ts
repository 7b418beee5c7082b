/**
 * CUPS's ipptool (Debian package cups-ipp-utils) as a real IPP client in tests, with CUPS's own
 * conformance files. Asynchronous: the server it talks to usually runs in the test's own process.
 *
 *   describe('…', { skip: ipptoolSkip() }, () => {
 *     const run = await ipptool(['-t', '-T', '10', uri, cupsTestFile('get-printer-attributes.test')]);
 *     assert.equal(run.code, 0, run.output);
 *   });
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { skipUnless } from './require.js';

export const IPPTOOL = '/usr/bin/ipptool';
export const CUPS_TEST_FILES = '/usr/share/cups/ipptool';

/** Skips (or, under QUIRE_TEST_REQUIRE_ALL=1, fails) when ipptool or CUPS's test files are missing. */
export function ipptoolSkip(): string | false {
  return skipUnless(
    existsSync(IPPTOOL) && existsSync(CUPS_TEST_FILES),
    'ipptool is not installed (apt-get install cups-ipp-utils)',
  );
}

export function cupsTestFile(name: string): string {
  return path.join(CUPS_TEST_FILES, name);
}

export interface IpptoolRun {
  code: number;
  /** stdout and stderr, for assertion messages. */
  output: string;
}

/** Runs ipptool with these arguments; never throws for a failing test, only reports its exit code. */
export function ipptool(args: readonly string[], timeoutMs = 60_000): Promise<IpptoolRun> {
  return new Promise((resolve) => {
    execFile(IPPTOOL, args, { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      const signal = error && 'signal' in error && error.signal ? `\n(ended by ${error.signal})` : '';
      resolve({ code, output: `${stdout}${stderr}${signal}` });
    });
  });
}
