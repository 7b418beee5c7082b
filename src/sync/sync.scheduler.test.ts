import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createServices, type Services } from '../app.js';
import type { SourceRow } from '../db/schema.js';
import { ConflictError } from '../errors.js';
import type { Clock } from '../ports.js';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import { createSyncLeaseRepository } from './sync-lease.repository.js';
import { createSyncRunsRepository } from './sync-runs.repository.js';
import { createSyncScheduleRepository, type SyncScheduleRepository } from './sync-schedule.repository.js';
import { createSyncScheduler, SCHEDULER_ACTOR, type SyncScheduler } from './sync.scheduler.js';
import { customProgramKind } from '../directory/custom-program/custom-program.kind.js';

const actor = { username: 'test', ip: '127.0.0.1' };
const syncOptions = {
  missingPolicy: 'disable' as const,
  maxRemovals: 500,
  maxRemovalsPercent: 10,
  importDisabled: false,
  importGroups: [],
};

/** A custom-program directory: `users` lines (tab-separated) after `sleep` seconds, or exit 1 when null. */
function program(dir: string, name: string, users: string | null, sleep = 0): string {
  const file = path.join(dir, `${name}.sh`);
  const listing = users === null ? 'exit 1' : `sleep ${sleep}; printf "${users}"`;
  writeFileSync(
    file,
    `#!/bin/sh\ncase "$2" in is-valid) echo Y ;; all-users) ${listing} ;; all-groups) ;; *) exit 1 ;; esac\n`,
  );
  chmodSync(file, 0o755);
  return file;
}

/**
 * A tick `hoursAgo` hours before the current hour: ticks follow the real clock, since done slots
 * older than a week are purged (a fixed date here once made these tests fail a week later).
 */
const tickAgo = (hoursAgo: number): Date =>
  new Date((Math.floor(Date.now() / 3_600_000) - hoursAgo) * 3_600_000);

/** A clock this many milliseconds ahead of the real one (another server, or later). */
const ahead = (ms: number): Clock => ({ now: () => new Date(Date.now() + ms) });

for (const kind of DATABASE_KINDS) {
  describe(
    `scheduled synchronization [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let dir: string;
      let scheduler: SyncScheduler;
      const warnings: string[] = [];
      const log = { info: () => undefined, warn: (_d: object, m: string) => void warnings.push(m) };
      before(async () => {
        t = await startTestApp({ kind });
        dir = mkdtempSync(path.join(os.tmpdir(), 'quire-sched-'));
        await t.app.services.sources.add(
          customProgramKind,
          { name: 'Nightly', program: program(dir, 'nightly', 'alice\\tAlice\\n') },
          actor,
        );
        scheduler = createSyncScheduler({
          sources: t.app.services.sources,
          sync: t.app.services.sync,
          slots: createSyncScheduleRepository(t.app.database.db),
          log,
        });
      });
      after(async () => {
        scheduler.stop();
        await t.close();
        rmSync(dir, { recursive: true, force: true });
      });

      it('schedules a new source nightly at 02:00 by default', async () => {
        await scheduler.start();
        const [next] = [...scheduler.nextRuns().values()];
        assert.ok(next);
        assert.equal(next.getHours(), 2);
        assert.equal(next.getMinutes(), 0);
      });

      it('runs a source on its schedule as the "scheduler" actor, and picks up a changed schedule', async () => {
        const source = (await t.app.services.sources.findByName('Nightly'))!;
        // croner accepts a seconds field: every second, so the test need not wait a minute.
        await t.app.services.sources.updateSyncOptions(
          source.id,
          { ...syncOptions, schedule: '* * * * * *' },
          actor,
        );
        await scheduler.refresh();
        let runs = await t.app.services.sync.listRuns(source.id);
        for (let i = 0; i < 150 && !runs.some((r) => r.status === 'succeeded'); i++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          runs = await t.app.services.sync.listRuns(source.id);
        }
        const done = runs.find((r) => r.status === 'succeeded');
        assert.ok(done, 'a scheduled run finished');
        assert.equal(done.actor, 'scheduler');
        assert.equal(done.dry_run, 0);
        assert.ok(await t.app.services.users.findByUsername('alice'));
        // The scheduler marks its slot once the run has recorded its outcome: a moment later.
        const slotsOf = () => createSyncScheduleRepository(t.app.database.db).list(source.id);
        let slots = await slotsOf();
        for (let i = 0; i < 50 && !slots.some((s) => s.run_id === done.id && s.status === 'done'); i++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          slots = await slotsOf();
        }
        assert.ok(
          slots.some((s) => s.status === 'done' && s.run_id === done.id),
          'the tick was recorded as a slot, done by that run',
        );
        assert.deepEqual(warnings, []);
      });

      it('stops scheduling a source whose schedule is emptied', async () => {
        const source = (await t.app.services.sources.findByName('Nightly'))!;
        await t.app.services.sources.updateSyncOptions(source.id, { ...syncOptions, schedule: '' }, actor);
        await scheduler.refresh();
        assert.equal(scheduler.nextRuns().size, 0);
        scheduler.stop();
      });

      it('refuses an invalid schedule with a clear message', async () => {
        const source = (await t.app.services.sources.findByName('Nightly'))!;
        await assert.rejects(
          t.app.services.sources.updateSyncOptions(
            source.id,
            { ...syncOptions, schedule: 'every night' },
            actor,
          ),
          (error: { fields?: Record<string, string> }) =>
            /not a valid schedule/.test(error.fields?.schedule ?? ''),
        );
      });

      describe('on several servers sharing the database', () => {
        let slots: SyncScheduleRepository;
        /** A second server: its own services (its own lease holder) on the same database. */
        const server = async (clock?: Clock): Promise<{ services: Services; scheduler: SyncScheduler }> => {
          const services = await createServices(t.app.database, t.app.config, clock ? { clock } : {});
          return {
            services,
            scheduler: createSyncScheduler({
              sources: services.sources,
              sync: services.sync,
              slots,
              log,
              ...(clock ? { clock } : {}),
            }),
          };
        };
        const addSource = async (name: string, users: string | null, sleep = 0): Promise<SourceRow> => {
          const source = await t.app.services.sources.add(
            customProgramKind,
            { name, program: program(dir, name, users, sleep) },
            actor,
          );
          await t.app.services.sources.updateSyncOptions(source.id, { ...syncOptions, schedule: '' }, actor);
          return source;
        };
        before(() => {
          slots = createSyncScheduleRepository(t.app.database.db);
        });

        it('runs a tick once, whichever servers fire it', async () => {
          const source = await addSource('Once', 'bob\\tBob\\n');
          const [a, b, c] = await Promise.all([server(), server(), server()]);
          const tick = tickAgo(6);
          const reports = await Promise.all([a, b, c].map((s) => s.scheduler.fire(source.id, tick)));
          const ran = reports.filter((r) => r !== null);
          assert.equal(ran.length, 1, 'one server ran the tick');
          assert.equal(ran[0]!.status, 'succeeded');
          const runs = await t.app.services.sync.listRuns(source.id);
          assert.deepEqual(
            runs.map((r) => r.id),
            [ran[0]!.runId],
            'no other run was started, not even a refused one',
          );
          const [slot, ...more] = await slots.list(source.id);
          assert.deepEqual(
            { slot: slot?.slot, status: slot?.status, run: slot?.run_id, more: more.length },
            { slot: tick.toISOString(), status: 'done', run: ran[0]!.runId, more: 0 },
          );
          // A late server's tick for the same time finds the slot and does nothing.
          assert.equal(await a.scheduler.fire(source.id, tick), null);
          assert.equal((await t.app.services.sync.listRuns(source.id)).length, 1);
        });

        it('takes over a slot whose server died once its lease expires, and marks the dead run interrupted', async () => {
          const source = await addSource('Takeover', 'carol\\tCarol\\n');
          // What a server that died mid-run leaves behind: a pending slot, a running run and its lease.
          const started = new Date(Date.now() - 10_000).toISOString();
          const slot = tickAgo(5).toISOString();
          assert.equal(await slots.create(source.id, slot, started), true);
          const dead = await createSyncRunsRepository(t.app.database.db).insert({
            source_id: source.id,
            started_at: started,
            finished_at: null,
            dry_run: 0,
            status: 'running',
            added: 0,
            updated: 0,
            unchanged: 0,
            errors: 0,
            message: '',
            details: '{}',
            actor: SCHEDULER_ACTOR.username,
          });
          assert.equal(await slots.claim(source.id, slot, dead.id, started), true);
          assert.ok(
            await createSyncLeaseRepository(t.app.database.db).acquire(
              source.id,
              'dead-host:1:0',
              dead.id,
              started,
              new Date(Date.now() + 50_000).toISOString(),
            ),
          );

          const now = await server();
          await now.scheduler.poll();
          assert.equal(
            (await t.app.services.sync.listRuns(source.id)).length,
            1,
            'nothing is taken over while the lease lives',
          );
          assert.equal(await t.app.services.users.findByUsername('carol'), undefined);

          const later = await server(ahead(60_000));
          await later.scheduler.poll();
          const runs = await t.app.services.sync.listRuns(source.id);
          assert.equal(runs.length, 2);
          const interrupted = runs.find((r) => r.id === dead.id)!;
          assert.equal(interrupted.status, 'failed');
          assert.match(interrupted.message, /^Interrupted: the server running this synchronization stopped/);
          const takeover = runs.find((r) => r.id !== dead.id)!;
          assert.equal(takeover.status, 'succeeded');
          assert.equal(takeover.actor, 'scheduler');
          assert.ok(await t.app.services.users.findByUsername('carol'));
          assert.deepEqual(
            (await slots.list(source.id)).map((s) => [s.slot, s.status, s.run_id]),
            [[slot, 'done', takeover.id]],
          );
        });

        it('leaves the slot of a run cancelled by its server shutting down pending, and another server finishes it', async () => {
          const source = await addSource('Shutdown', 'dave\\tDave\\n', 2);
          const stopping = await server();
          const tick = tickAgo(4);
          const fired = stopping.scheduler.fire(source.id, tick);
          for (let i = 0; i < 50 && !(await t.app.services.sync.findRunning(source.id)); i++)
            await new Promise((r) => setTimeout(r, 50));
          assert.ok(await t.app.services.sync.findRunning(source.id), 'the run started');
          // What `quire serve` does on SIGTERM: stop scheduling, then cancel its runs.
          stopping.scheduler.stop();
          await stopping.services.sync.shutdown();
          assert.equal((await fired)?.status, 'cancelled');
          assert.equal((await slots.list(source.id))[0]?.status, 'pending');
          assert.equal(await t.app.services.users.findByUsername('dave'), undefined);

          // Polled a little later (slots just created belong to the server that created them).
          const other = await server(ahead(5_000));
          await other.scheduler.poll();
          const [slot] = await slots.list(source.id);
          assert.equal(slot?.status, 'done');
          assert.equal((await t.app.services.sync.findRun(slot.run_id!))?.status, 'succeeded');
          assert.ok(await t.app.services.users.findByUsername('dave'));
        });

        it('marks the slot done when its run fails for a source reason, so it is not retried until the next tick', async () => {
          const source = await addSource('Broken', null);
          const a = await server();
          const report = await a.scheduler.fire(source.id, tickAgo(3));
          assert.equal(report?.status, 'failed');
          assert.equal((await slots.list(source.id))[0]?.status, 'done');
          await (await server(ahead(60_000))).scheduler.poll();
          assert.equal((await t.app.services.sync.listRuns(source.id)).length, 1);
        });

        it('abandons a run whose slot another server finished meanwhile, changing nothing', async () => {
          const source = await addSource('Raced', 'erin\\tErin\\n');
          const slot = tickAgo(2).toISOString();
          await slots.create(source.id, slot, new Date().toISOString());
          await slots.complete(source.id, slot, new Date().toISOString());
          await assert.rejects(
            t.app.services.sync.run(source, {
              dryRun: false,
              actor: SCHEDULER_ACTOR,
              claim: (runId) => slots.claim(source.id, slot, runId, new Date().toISOString()),
            }),
            ConflictError,
          );
          const [run] = await t.app.services.sync.listRuns(source.id);
          assert.equal(run?.status, 'cancelled');
          assert.match(run.message, /already run this scheduled synchronization/);
          assert.equal(await t.app.services.users.findByUsername('erin'), undefined);
          assert.equal(
            await createSyncLeaseRepository(t.app.database.db).find(source.id),
            undefined,
            'the lease was released',
          );
        });
      });
    },
  );
}
