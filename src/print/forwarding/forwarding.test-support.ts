/**
 * What the forwarder tests share: a test app (real clock, spool in a temporary directory) with
 * users alice (10.00) and bob, a real PDF, printers whose destinations are real IPP peers, and a
 * way to print a charged job and wait for its end.
 *
 *   const f = await startForwardingTest('sqlite');
 *   await f.addPrinter('office', printer.uri);
 *   const id = await f.print('alice', 'office');
 *   const forwarder = f.forwarder();            // short intervals
 *   const job = await f.ended(id);              // its print_jobs row once completed/canceled/aborted
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAmount } from '../../accounts/money.js';
import type { PrintJobRow } from '../../db/print.schema.js';
import { makePdf } from '../../test-support/ipp-peers.js';
import { startTestApp, type TestApp } from '../../test-support/harness.js';
import { ENDED_STATES } from '../print-jobs.repository.js';
import type { Forwarder, ForwarderOptions } from './forwarder.js';

export const ACTOR = { username: 'admin', ip: '127.0.0.1' };
export const $ = parseAmount;
/** Intervals short enough for tests. */
export const FAST: ForwarderOptions = {
  pollMs: 50,
  followMs: 50,
  // Handed back after a few polls: every test also follows jobs across claims.
  followSliceMs: 120,
  firstBackoffMs: 200,
  maxBackoffMs: 1_000,
  leaseMs: 3_000,
  requestTimeoutMs: 5_000,
  statusPollMs: 60_000,
};

export interface ForwardingTest extends TestApp {
  services: TestApp['app']['services'];
  /** A 3-page PDF made by Ghostscript. */
  pdf: string;
  /** A spool file's full path. */
  spoolPath(name: string): string;
  /** A printer charging 0.10 a page that forwards to `destination`. */
  addPrinter(name: string, destination: string): Promise<void>;
  /** A charged job on `queue` (3 pages, 0.30); its id. */
  print(username: string, queue: string, documentName?: string): Promise<number>;
  row(id: number): Promise<PrintJobRow>;
  /** Waits for the job to end (rejects after `timeoutMs`). */
  ended(id: number, timeoutMs?: number): Promise<PrintJobRow>;
  /** Waits until `check` holds for the job's row. */
  until(id: number, check: (row: PrintJobRow) => boolean, timeoutMs?: number): Promise<PrintJobRow>;
  /** Starts a forwarder (stopped by `close`). */
  forwarder(options?: ForwarderOptions): Forwarder;
  balance(username: string): Promise<number>;
  /** The job log's rows for this print job. */
  charges(printJobId: number): Promise<{ status: string; cost: number; refunded: number }[]>;
}

export async function startForwardingTest(kind: 'sqlite' | 'postgres'): Promise<ForwardingTest> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-forwarding-'));
  const pdf = path.join(dir, 'essay.pdf');
  await makePdf(3, pdf);
  const t = await startTestApp({ kind, env: { QUIRE_SPOOL_DIR: path.join(dir, 'spool') } });
  const services = t.app.services;
  for (const username of ['alice', 'bob']) await t.createUser({ username, password: 'lantern-orchid-93' });
  await services.accounts.setBalance('alice', $('10'), 'start', ACTOR);
  const forwarders: Forwarder[] = [];
  const row = async (id: number) =>
    await t.app.database.db
      .selectFrom('print_jobs')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  async function until(id: number, check: (row: PrintJobRow) => boolean, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const now = await row(id);
      if (check(now)) return now;
      if (Date.now() > deadline)
        throw new Error(
          `job ${id} did not get there in time: ${JSON.stringify({ state: now.state, message: now.state_message, attempts: now.attempts })}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  return {
    ...t,
    services,
    pdf,
    spoolPath: (name) => path.join(dir, 'spool', name),
    async addPrinter(name, destination) {
      await services.printers.add(
        { server: 'ps1', name, cost_gray: $('0.10'), cost_color: $('0.10'), destination_uri: destination },
        ACTOR,
      );
    },
    async print(username, queue, documentName = 'Essay.pdf') {
      const job = await services.printJobs.receive(
        { queue, username, documentName, clientMachine: 'lab-12' },
        { stream: fs.createReadStream(pdf), format: 'application/pdf' },
        async () => ({ pages: 3, pageColors: null }),
      );
      if (job.state !== 'pending')
        throw new Error(`the job was not charged: ${job.state} ${job.stateMessage}`);
      return job.id;
    },
    row,
    until,
    ended: (id, timeoutMs) => until(id, (now) => ENDED_STATES.includes(now.state), timeoutMs),
    forwarder(options = {}) {
      const forwarder = services.printJobs.startForwarder(services.printerStatus, { ...FAST, ...options });
      forwarders.push(forwarder);
      return forwarder;
    },
    async balance(username) {
      return (await services.accounts.accountOf(username)).account.balance;
    },
    async charges(printJobId) {
      const rows = await t.app.database.db
        .selectFrom('jobs')
        .select(['status', 'cost', 'refunded'])
        .where('print_job_id', '=', printJobId)
        .execute();
      return rows.map((r) => ({ status: r.status, cost: Number(r.cost), refunded: Number(r.refunded) }));
    },
    async close() {
      await Promise.all(forwarders.map((forwarder) => forwarder.stop()));
      await t.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
