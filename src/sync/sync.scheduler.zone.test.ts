/**
 * Sync schedules run in the organisation's time zone (Options) and follow a changed zone at the
 * next refresh: "0 2 * * *" is 02:00 in Tokyo (17:00 UTC), then 02:00 UTC once the zone is UTC.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SourceRow } from '../db/schema.js';
import type { SourcesService } from '../directory/sources.service.js';
import type { SyncScheduleRepository } from './sync-schedule.repository.js';
import { createSyncScheduler } from './sync.scheduler.js';
import type { SyncService } from './sync.service.js';

describe('the sync scheduler’s time zone', () => {
  it('runs a schedule in the organisation’s time zone and picks up a changed zone', async () => {
    let zone = 'Asia/Tokyo';
    const source = { id: 7, name: 'Nightly', schedule: '0 2 * * *' } as SourceRow;
    const scheduler = createSyncScheduler({
      // Only the list is read until a tick fires: no database is needed.
      sources: { list: async () => [source] } as unknown as SourcesService,
      sync: {} as SyncService,
      slots: {} as SyncScheduleRepository,
      log: { info: () => undefined, warn: () => undefined },
      timeZone: async () => zone,
    });
    try {
      await scheduler.refresh();
      let next = scheduler.nextRuns().get(7);
      assert.ok(next);
      assert.equal(next.getUTCHours(), 17, '02:00 in Tokyo is 17:00 UTC');
      assert.equal(next.getUTCMinutes(), 0);
      zone = 'UTC';
      await scheduler.refresh();
      next = scheduler.nextRuns().get(7);
      assert.equal(next?.getUTCHours(), 2, 'the changed zone moves the job');
    } finally {
      scheduler.stop();
    }
  });
});
