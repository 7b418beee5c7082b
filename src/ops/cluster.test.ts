import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApp, type App } from '../app.js';
import { loadConfig } from '../config.js';
import type { SourceRow } from '../db/schema.js';
import { startCluster, nginxSkip, type Cluster } from '../test-support/cluster.js';
import { freshDatabaseUrl, postgresSkip } from '../test-support/databases.js';
import { customProgramKind } from '../directory/custom-program/custom-program.kind.js';

const ACTOR = { username: 'test', ip: '127.0.0.1' };
const PASSWORD = 'a long cluster passphrase 42';
const DIRECTORY_USERS = ['sync.one', 'sync.two', 'sync.three'];
/** Short leases, so that a dead server's scheduled sync is taken over in seconds (polls every 1.5 s). */
const LEASE_SECONDS = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A browser: a cookie jar, the last page's `_csrf`, forms posted with this site's Origin. */
class Browser {
  readonly cookies = new Map<string, string>();
  csrf = '';
  /** X-Quire-Instance of every answer, in order. */
  readonly instances: string[] = [];

  constructor(
    readonly origin: string,
    /** Who the client is, as a trusted proxy would say (each test its own, so address throttling stays apart). */
    readonly forwardedFor: string,
  ) {}

  async request(
    method: 'GET' | 'POST',
    url: string,
    form?: Record<string, string>,
  ): Promise<{ status: number; body: string; location: string | null }> {
    const headers: Record<string, string> = {
      cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'x-forwarded-for': this.forwardedFor,
    };
    let body: string | undefined;
    if (form) {
      headers.origin = this.origin;
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams({ _csrf: this.csrf, ...form }).toString();
    }
    const response = await fetch(`${this.origin}${url}`, { method, headers, body, redirect: 'manual' });
    this.instances.push(response.headers.get('x-quire-instance') ?? '(none)');
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';', 1)[0]!;
      const eq = pair.indexOf('=');
      if (pair.slice(eq + 1) === '' || /Expires=Thu, 01 Jan 1970/i.test(line))
        this.cookies.delete(pair.slice(0, eq));
      else this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const text = await response.text();
    const match = /name="_csrf" value="([^"]+)"/.exec(text);
    if (match) this.csrf = match[1]!;
    return { status: response.status, body: text, location: response.headers.get('location') };
  }

  async signIn(username: string, password: string, area: 'user' | 'admin' = 'user') {
    await this.request('GET', `/${area}/login`);
    return this.request('POST', `/${area}/login`, { username, password });
  }
}

describe(
  'several Quire servers on one PostgreSQL database behind nginx',
  { skip: postgresSkip() || nginxSkip() },
  () => {
    let database: { url: string; dispose(): Promise<void> };
    let dir: string;
    let check: App;
    let cluster: Cluster;
    let source: SourceRow;

    before(async () => {
      database = await freshDatabaseUrl('postgres');
      dir = mkdtempSync(path.join(os.tmpdir(), 'quire-cluster-test-'));
      // Migrates the database, then stays open to look at it as the servers change it.
      check = await createApp(
        loadConfig({ QUIRE_DATABASE_URL: database.url, QUIRE_DATA_DIR: dir, QUIRE_LOG_LEVEL: 'silent' }),
      );
      const users = check.services.users;
      await users.createInternal({ username: 'alice', password: PASSWORD, fullName: 'Alice' }, ACTOR);
      await users.createInternal({ username: 'mallory', password: PASSWORD, fullName: 'Mallory' }, ACTOR);
      await users.createInternal(
        { username: 'root', password: PASSWORD, fullName: 'Administrator', isAdmin: true },
        ACTOR,
      );
      // A directory that takes 4 s to list its users, synchronized every 15 s (schedules are read
      // when a server starts, so it is set before the servers start).
      const program = path.join(dir, 'directory.sh');
      const listing = DIRECTORY_USERS.map((u) => `${u}\\t${u}\\n`).join('');
      writeFileSync(
        program,
        `#!/bin/sh\ncase "$2" in is-valid) echo Y ;; all-users) sleep 4; printf "${listing}" ;; all-groups) ;; *) exit 1 ;; esac\n`,
      );
      chmodSync(program, 0o755);
      source = await check.services.sources.add(
        customProgramKind,
        { name: 'Slow directory', program },
        ACTOR,
      );
      await check.services.sources.updateSyncOptions(
        source.id,
        {
          missingPolicy: 'disable',
          maxRemovals: 500,
          maxRemovalsPercent: 10,
          schedule: '*/15 * * * * *',
          importDisabled: false,
          importGroups: [],
        },
        ACTOR,
      );
      cluster = await startCluster({
        servers: 3,
        databaseUrl: database.url,
        env: { QUIRE_SYNC_LEASE_SECONDS: String(LEASE_SECONDS) },
      });
    });

    after(async () => {
      await cluster?.stop();
      await check?.close();
      await database?.dispose();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('keeps a session signed in through nginx while requests alternate between servers', async () => {
      const browser = new Browser(cluster.url, '192.0.2.10');
      const signedIn = await browser.signIn('alice', PASSWORD);
      assert.equal(signedIn.status, 303, signedIn.body.slice(0, 500));
      const answered = new Set<string>();
      for (let k = 0; k < 6; k++) {
        const page = await browser.request('GET', '/user/summary');
        assert.equal(page.status, 200, `request ${k}: ${page.body.slice(0, 300)}`);
        assert.match(page.body, /Logged in as <strong>alice<\/strong>/, `request ${k} is logged in`);
        answered.add(browser.instances.at(-1)!);
      }
      const known = new Set(cluster.servers.map((s) => s.instance));
      assert.ok(
        [...answered].every((i) => known.has(i)),
        `answers came from the cluster's servers: ${[...answered].join(', ')}`,
      );
      assert.ok(
        answered.size >= 2,
        `the requests alternated between servers: ${browser.instances.join(', ')}`,
      );
    });

    it('holds a lockout earned on one server on the others', async () => {
      const [first, second, third] = cluster.servers;
      const attacker = new Browser(first!.origin, '192.0.2.20');
      await attacker.request('GET', '/user/login');
      const { lockoutFailures } = await check.services.settings.get();
      for (let k = 0; k < lockoutFailures; k++) {
        const failed = await attacker.request('POST', '/user/login', {
          username: 'mallory',
          password: 'wrong password',
        });
        assert.equal(failed.status, 401, `failure ${k + 1}`);
      }
      // The right password, from another address, on each other server and through nginx.
      for (const origin of [second!.origin, third!.origin, cluster.url]) {
        const owner = new Browser(origin, '198.51.100.7');
        const refused = await owner.signIn('mallory', PASSWORD);
        assert.equal(refused.status, 429, `${origin} refused the locked account`);
        assert.equal(owner.cookies.has('quire_session'), false);
      }
    });

    it('shows a settings change made on one server through another within seconds', async () => {
      const [first, second] = cluster.servers;
      const admin = new Browser(first!.origin, '192.0.2.30');
      assert.equal((await admin.signIn('root', PASSWORD, 'admin')).status, 303);
      await admin.request('GET', '/admin/options');
      const name = `Cluster Org ${process.pid}`;
      const saved = await admin.request('POST', '/admin/options', { organizationName: name });
      assert.equal(saved.status, 303, saved.body.slice(0, 500));
      const started = Date.now();
      const reader = new Browser(second!.origin, '192.0.2.31');
      let page = await reader.request('GET', '/user/login');
      while (!page.body.includes(name) && Date.now() - started < 10_000) {
        await sleep(200);
        page = await reader.request('GET', '/user/login');
      }
      assert.ok(page.body.includes(name), 'the other server shows the new organisation name');
      assert.ok(Date.now() - started < 5_000, `seen after ${Date.now() - started} ms`);
    });

    it('finishes a scheduled sync on another server when the one running it is killed, losing nothing', async () => {
      const db = check.database.db;
      // Wait for a scheduled run that is still reading the (slow) directory, and for its slot.
      let lease: { holder: string; run_id: number } | undefined;
      let slot: { slot: string } | undefined;
      for (const deadline = Date.now() + 25_000; !slot && Date.now() < deadline; await sleep(100)) {
        lease = await db
          .selectFrom('sync_leases')
          .select(['holder', 'run_id'])
          .where('source_id', '=', source.id)
          .executeTakeFirst();
        if (!lease) continue;
        const run = await check.services.sync.findRun(lease.run_id);
        if (run?.status !== 'running' || run.phase !== 'reading users') continue;
        slot = await db
          .selectFrom('sync_schedule_slots')
          .select('slot')
          .where('run_id', '=', lease.run_id)
          .where('status', '=', 'pending')
          .executeTakeFirst();
      }
      assert.ok(lease && slot, `a scheduled run started:\n${cluster.output()}`);
      const holder = cluster.servers.find((s) => lease.holder.startsWith(`${s.instance}:`));
      assert.ok(holder, `the lease holder ${lease.holder} is one of the servers`);
      await cluster.kill(holder.index);
      assert.equal(holder.alive(), false);

      // Another server finds the slot pending once the lease has expired, and runs it.
      let state: { status: string } | undefined;
      for (
        const deadline = Date.now() + 25_000;
        state?.status !== 'done' && Date.now() < deadline;
        await sleep(200)
      ) {
        state = await db
          .selectFrom('sync_schedule_slots')
          .select('status')
          .where('source_id', '=', source.id)
          .where('slot', '=', slot.slot)
          .executeTakeFirst();
      }
      assert.equal(state?.status, 'done', `the slot was finished by another server:\n${cluster.output()}`);
      const dead = await check.services.sync.findRun(lease.run_id);
      assert.equal(dead?.status, 'failed');
      assert.match(dead.message, /^Interrupted: the server running this synchronization stopped/);
      const runs = await check.services.sync.listRuns(source.id, 100);
      const takeover = runs.find((r) => r.id > lease.run_id && r.status === 'succeeded');
      assert.ok(
        takeover,
        `a later run succeeded: ${runs.map((r) => `#${r.id} ${r.status} ${r.message}`).join('; ')}`,
      );
      assert.equal(takeover.actor, 'scheduler');
      // Every directory user exactly once, and nobody else from this source.
      const synced = await db
        .selectFrom('users')
        .select('username')
        .where('source_id', '=', source.id)
        .orderBy('username')
        .execute();
      assert.deepEqual(
        synced.map((u) => u.username),
        [...DIRECTORY_USERS].sort(),
      );
      // The survivors still answer through nginx.
      const after = await fetch(`${cluster.url}/healthz`);
      assert.equal(after.status, 200);
      assert.notEqual(after.headers.get('x-quire-instance'), holder.instance);
    });
  },
);
