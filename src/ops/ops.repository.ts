/**
 * The database figures that /metrics and the operations page report: users by source and state,
 * synchronization runs by source and outcome, the database and its schema. Read at request time so that every server
 * sharing the database reports the same numbers.
 *
 *   const users = await ops.usersBySource(); // [{ source: 'internal', disabled: 0, n: 12 }, …]
 */
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { migrationStatus } from '../db/migrator.js';

export function createOpsRepository(database: Database) {
  const { db, kind } = database;
  return {
    /** A round trip to the database: throws when it cannot be reached. */
    async ping(): Promise<void> {
      await sql`select 1`.execute(db);
    },

    async usersBySource(): Promise<{ source: string; disabled: number; n: number }[]> {
      const rows = await db
        .selectFrom('users')
        .leftJoin('sources', 'sources.id', 'users.source_id')
        .select((eb) => [
          eb.fn.coalesce('sources.name', sql<string>`'internal'`).as('source'),
          'users.disabled',
          eb.fn.countAll<number>().as('n'),
        ])
        .groupBy(['sources.name', 'users.disabled'])
        .execute();
      return rows.map((r) => ({ source: r.source, disabled: Number(r.disabled), n: Number(r.n) }));
    },

    /** Which migrations are applied, pending or unknown to this server (see db/migrator.ts). */
    schemaStatus: () => migrationStatus(database),

    /** The database's kind, its server's version and its size in bytes (the operations page). */
    async databaseInfo(): Promise<{ kind: Database['kind']; version: string; sizeBytes: number }> {
      const query =
        kind === 'postgres'
          ? sql<{
              version: string;
              size: number;
            }>`select current_setting('server_version') as version, pg_database_size(current_database()) as size`
          : sql<{
              version: string;
              size: number;
            }>`select sqlite_version() as version, page_count * page_size as size from pragma_page_count(), pragma_page_size()`;
      const row = (await query.execute(db)).rows[0]!;
      return { kind, version: row.version, sizeBytes: Number(row.size) };
    },

    async syncRunCounts(): Promise<{ source: string; dry_run: number; status: string; n: number }[]> {
      const rows = await db
        .selectFrom('sync_runs')
        .innerJoin('sources', 'sources.id', 'sync_runs.source_id')
        .select((eb) => [
          'sources.name as source',
          'sync_runs.dry_run',
          'sync_runs.status',
          eb.fn.countAll<number>().as('n'),
        ])
        .groupBy(['sources.name', 'sync_runs.dry_run', 'sync_runs.status'])
        .execute();
      return rows.map((r) => ({
        source: r.source,
        dry_run: Number(r.dry_run),
        status: r.status,
        n: Number(r.n),
      }));
    },

    /** Each source's last finished real run and last successful one. */
    async lastRuns(): Promise<
      {
        source: string;
        sourceId: number;
        last: { id: number; started_at: string; finished_at: string; status: string; message: string } | null;
        lastSuccessAt: string | null;
      }[]
    > {
      const sources = await db
        .selectFrom('sources')
        .select(['id', 'name'])
        .orderBy('priority')
        .orderBy('id')
        .execute();
      return Promise.all(
        sources.map(async (s) => {
          const finished = db
            .selectFrom('sync_runs')
            .where('source_id', '=', s.id)
            .where('dry_run', '=', 0)
            .where('finished_at', 'is not', null);
          const last = await finished
            .select(['id', 'started_at', 'finished_at', 'status', 'message'])
            .orderBy('id', 'desc')
            .limit(1)
            .executeTakeFirst();
          const success = await finished
            .select('finished_at')
            .where('status', '=', 'succeeded')
            .orderBy('id', 'desc')
            .limit(1)
            .executeTakeFirst();
          return {
            source: s.name,
            sourceId: s.id,
            last: last
              ? {
                  id: last.id,
                  started_at: last.started_at,
                  finished_at: last.finished_at ?? '',
                  status: last.status,
                  message: last.message,
                }
              : null,
            lastSuccessAt: success?.finished_at ?? null,
          };
        }),
      );
    },
  };
}

export type OpsRepository = ReturnType<typeof createOpsRepository>;
