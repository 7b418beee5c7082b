/**
 * What the print-queue tests share: a test app with its spool in a temporary directory, a pinned
 * clock, printers and a Find-Me queue, a fake page counter and documents as streams.
 *
 *   const p = await startPrintTest('sqlite');
 *   const job = await p.services.printJobs.receive(p.job('alice', 'secure'), p.document(), p.pages(3));
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAmount } from '../accounts/money.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import type { DocumentCount } from './page-count.js';
import type { NewPrintJob } from './print-jobs.service.js';

export const ACTOR = { username: 'admin', ip: '127.0.0.1' };
export const ADMIN = { ...ACTOR, admin: true };
export const as = (username: string) => ({ username, ip: '127.0.0.1', admin: false });
export const $ = parseAmount;
export const PASSWORD = 'lantern-orchid-93';
export const DOCUMENT = Buffer.from('%PDF-1.7\n% a document Quire only spools in these tests\n%%EOF\n');

export interface PrintTest extends TestApp {
  clock: { at: Date; now(): Date };
  spoolDir: string;
  services: TestApp['app']['services'];
  job(username: string, queue: string, extra?: Partial<NewPrintJob>): NewPrintJob;
  document(bytes?: Buffer): { stream: AsyncIterable<Uint8Array>; format: string };
  /** A page counter that finds `pages` pages (colour page by page when given). */
  pages(pages: number, colors?: boolean[]): (file: string, format: string) => Promise<DocumentCount>;
  spoolFiles(): string[];
  /** Moves the clock on by `minutes`. */
  advance(minutes: number): void;
}

/**
 * Users alice, bob (restricted, no credit), carol; printers on server ps1: `lab` (charges at once),
 * `secure` (holds jobs), `east` and `west` (members of the Find-Me queue `anywhere`), `north`.
 */
export async function startPrintTest(kind: 'sqlite' | 'postgres'): Promise<PrintTest> {
  const spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-spool-'));
  const clock = { at: new Date('2026-12-05T09:00:00.000Z'), now: () => clock.at };
  const t = await startTestApp({ kind, ports: { clock }, env: { QUIRE_SPOOL_DIR: spoolDir } });
  const services = t.app.services;
  for (const username of ['alice', 'bob', 'carol']) await t.createUser({ username, password: PASSWORD });
  await services.accounts.setBalance('alice', $('10'), 'start', ACTOR);
  await services.accounts.setBalance('carol', $('10'), 'start', ACTOR);
  await services.accounts.update('bob', { restricted: 1, overdraft: 0 }, ACTOR);
  const add = (name: string, gray: string, color: string, extra = {}) =>
    services.printers.add({ server: 'ps1', name, cost_gray: $(gray), cost_color: $(color), ...extra }, ACTOR);
  await add('lab', '0.20', '0.20', { destination_uri: 'ipp://lab.example.org/ipp/print' });
  await add('secure', '0.10', '0.50', { hold_jobs: 1, duplex_discount: 50 });
  await add('east', '0.10', '0.50');
  await add('west', '0.20', '0.80');
  await add('north', '0.05', '0.05');
  await services.queues.addFindMe({ server: 'ps1', name: 'anywhere', printers: ['east', 'west'] }, ACTOR);
  return {
    ...t,
    clock,
    spoolDir,
    services,
    job: (username, queue, extra = {}) => ({
      queue,
      username,
      documentName: 'Essay.pdf',
      clientMachine: 'lab-12',
      ...extra,
    }),
    document: (bytes = DOCUMENT) => ({
      stream: (async function* () {
        yield bytes.subarray(0, 10);
        yield bytes.subarray(10);
      })(),
      format: 'application/pdf',
    }),
    pages: (pages, colors) => async () => ({ pages, pageColors: colors ?? null }),
    spoolFiles: () => fs.readdirSync(spoolDir),
    advance(minutes) {
      clock.at = new Date(clock.at.getTime() + minutes * 60_000);
    },
    async close() {
      await t.close();
      fs.rmSync(spoolDir, { recursive: true, force: true });
    },
  };
}
