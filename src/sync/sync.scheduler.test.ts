import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import { createSyncScheduler, type SyncScheduler } from './sync.scheduler.js';

const actor = { username: 'test', ip: '127.0.0.1' };

describe('scheduled synchronization', () => {
  let t: TestApp;
  let scheduler: SyncScheduler;
  const warnings: string[] = [];
  before(async () => {
    t = await startTestApp();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'quire-sched-'));
    const program = path.join(dir, 'users.sh');
    writeFileSync(program, '#!/bin/sh\ncase "$2" in is-valid) echo Y ;; all-users) printf "alice\\tAlice\\n" ;; all-groups) ;; *) exit 1 ;; esac\n');
    chmodSync(program, 0o755);
    await t.app.services.sources.addCustom({ name: 'Nightly', program }, actor);
    scheduler = createSyncScheduler({ sources: t.app.services.sources, sync: t.app.services.sync, log: { info: () => undefined, warn: (_d, m) => void warnings.push(m) } });
  });
  after(async () => {
    scheduler.stop();
    await t.close();
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
    await t.app.services.sources.updateSyncOptions(source.id, { missingPolicy: 'disable', maxRemovals: 500, maxRemovalsPercent: 10, schedule: '* * * * * *', importDisabled: false, importGroups: [] }, actor);
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
    assert.deepEqual(warnings, []);
  });

  it('stops scheduling a source whose schedule is emptied', async () => {
    const source = (await t.app.services.sources.findByName('Nightly'))!;
    await t.app.services.sources.updateSyncOptions(source.id, { missingPolicy: 'disable', maxRemovals: 500, maxRemovalsPercent: 10, schedule: '', importDisabled: false, importGroups: [] }, actor);
    await scheduler.refresh();
    assert.equal(scheduler.nextRuns().size, 0);
  });

  it('refuses an invalid schedule with a clear message', async () => {
    const source = (await t.app.services.sources.findByName('Nightly'))!;
    await assert.rejects(
      t.app.services.sources.updateSyncOptions(source.id, { missingPolicy: 'disable', maxRemovals: 500, maxRemovalsPercent: 10, schedule: 'every night', importDisabled: false, importGroups: [] }, actor),
      (error: { fields?: Record<string, string> }) => /not a valid schedule/.test(error.fields?.schedule ?? ''),
    );
  });
});
