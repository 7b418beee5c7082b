/**
 * The Quire servers running on this database (`server_instances`): each `quire serve` refreshes
 * its row every 30 seconds and deletes it when it stops cleanly; Admin Console → Operations lists
 * the ones seen recently.
 *
 *   const instances = createInstancesRepository(db);
 *   await instances.heartbeat({ id, hostname, pid, version, started_at }, new Date().toISOString());
 *   await instances.seenSince(fiveMinutesAgo); // [{ id, hostname, pid, version, started_at, last_seen_at }]
 */
import type { Kysely, Selectable } from 'kysely';
import type { DB, ServerInstancesTable } from '../db/schema.js';

export type ServerInstance = Selectable<ServerInstancesTable>;

export function createInstancesRepository(db: Kysely<DB>) {
  return {
    /** Inserts this server's row or refreshes its last_seen_at. */
    async heartbeat(instance: Omit<ServerInstance, 'last_seen_at'>, now: string): Promise<void> {
      await db
        .insertInto('server_instances')
        .values({ ...instance, last_seen_at: now })
        .onConflict((oc) => oc.column('id').doUpdateSet({ last_seen_at: now, version: instance.version }))
        .execute();
    },

    async remove(id: string): Promise<void> {
      await db.deleteFrom('server_instances').where('id', '=', id).execute();
    },

    /** Servers seen at or after `since`, most recently started first. Older rows are left to purge. */
    async seenSince(since: string): Promise<ServerInstance[]> {
      return db
        .selectFrom('server_instances')
        .selectAll()
        .where('last_seen_at', '>=', since)
        .orderBy('started_at', 'desc')
        .orderBy('id')
        .execute();
    },

    /** Rows of servers gone for longer than a day (crashed, never stopped cleanly). */
    async purgeBefore(before: string): Promise<void> {
      await db.deleteFrom('server_instances').where('last_seen_at', '<', before).execute();
    },
  };
}

export type InstancesRepository = ReturnType<typeof createInstancesRepository>;
