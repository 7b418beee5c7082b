/**
 * The database adapter of the GraphMirror port (graph.mirror.ts): the mirror tables of Microsoft
 * Graph sources. Only this file (and the source's removal in sources.repository.ts) touches them.
 *
 *   const mirrors = createGraphMirrorRepository(db);
 *   const mirror = mirrors.forSource(source.id);
 *   const round = await mirror.begin('users', 'full');
 *   await round.put(page.map((u) => ({ id: u.id, data: u })));
 *   await round.commit(deltaLink, scope);
 *
 * A round stages its objects under a random stage id, so an unfinished round (a failure, a crash)
 * never touches the committed picture; `commit` folds the stage in with set-based statements.
 */
import { randomUUID } from 'node:crypto';
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { GraphMirror, GraphObject, MirrorKind, MirrorRound } from './graph.mirror.js';

const CHUNK = 500;
type MirrorRow = { object_id: string; data: string | null };
/** A round that put more objects than this has the mirror table analyzed (PostgreSQL). */
const ANALYZE_AFTER = 1000;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function createGraphMirrorRepository(db: Kysely<DB>) {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  function forSource(sourceId: number): GraphMirror {
    /**
     * A round's staged rows of these ids. PostgreSQL joins the id array with the primary key, one
     * statement: `object_id IN (…)` made it scan every row the round had staged (16 ms a page).
     */
    async function stagedRows(stageId: string, ids: string[]): Promise<MirrorRow[]> {
      if (postgres)
        return (
          await sql<MirrorRow>`select s.object_id, s.data from unnest(${ids}::text[]) as wanted (id)
            join directory_mirror_stage s on s.stage_id = ${stageId} and s.object_id = wanted.id`.execute(db)
        ).rows;
      return db
        .selectFrom('directory_mirror_stage')
        .select(['object_id', 'data'])
        .where('stage_id', '=', stageId)
        .where('object_id', 'in', ids)
        .execute();
    }

    /** The committed picture's rows of these ids, of one kind. */
    async function committedRows(kind: MirrorKind, ids: string[]): Promise<MirrorRow[]> {
      if (postgres)
        return (
          await sql<MirrorRow>`select m.object_id, m.data from unnest(${ids}::text[]) as wanted (id)
            join directory_mirror m
              on m.source_id = ${sourceId} and m.kind = ${kind} and m.object_id = wanted.id`.execute(db)
        ).rows;
      return db
        .selectFrom('directory_mirror')
        .select(['object_id', 'data'])
        .where('source_id', '=', sourceId)
        .where('kind', '=', kind)
        .where('object_id', 'in', ids)
        .execute();
    }

    return {
      async delta(kind) {
        const row = await db
          .selectFrom('directory_delta')
          .select(['delta_link', 'scope'])
          .where('source_id', '=', sourceId)
          .where('kind', '=', kind)
          .executeTakeFirst();
        return row ? { link: row.delta_link, scope: row.scope } : null;
      },

      async forget(kind) {
        await db
          .deleteFrom('directory_delta')
          .where('source_id', '=', sourceId)
          .where('kind', '=', kind)
          .execute();
      },

      async begin(kind: MirrorKind, mode: 'full' | 'delta'): Promise<MirrorRound> {
        const stageId = randomUUID();
        /** Objects put in this round (an object put twice counts twice: an estimate is enough). */
        let putCount = 0;
        const parse = (data: string | null) => (data === null ? null : (JSON.parse(data) as GraphObject));
        return {
          async current(ids) {
            const found = new Map<string, GraphObject | null>();
            const unique = [...new Set(ids)];
            // PostgreSQL takes the ids as one array parameter; SQLite in chunks of CHUNK parameters.
            const batches = postgres ? (unique.length > 0 ? [unique] : []) : chunks(unique);
            for (const batch of batches) {
              for (const row of await stagedRows(stageId, batch)) found.set(row.object_id, parse(row.data));
              const rest = batch.filter((id) => !found.has(id));
              if (mode !== 'delta' || rest.length === 0) continue;
              for (const row of await committedRows(kind, rest)) found.set(row.object_id, parse(row.data));
            }
            return found;
          },

          async put(objects) {
            if (objects.length === 0) return;
            putCount += objects.length;
            const rows = [
              ...new Map(objects.map((o) => [o.id, o.data === null ? null : JSON.stringify(o.data)])),
            ];
            if (postgres) {
              // One statement per page with a column array per field (unnest): few parameters, one round trip.
              await sql`insert into directory_mirror_stage (stage_id, source_id, object_id, data)
                select cast(${stageId} as text), cast(${sourceId} as integer), * from unnest(${rows.map(([id]) => id)}::text[], ${rows.map(([, data]) => data)}::text[])
                on conflict (stage_id, object_id) do update set data = excluded.data`.execute(db);
              return;
            }
            for (const chunk of chunks(rows)) {
              await db
                .insertInto('directory_mirror_stage')
                .values(
                  chunk.map(([object_id, data]) => ({
                    stage_id: stageId,
                    source_id: sourceId,
                    object_id,
                    data,
                  })),
                )
                .onConflict((oc) =>
                  oc
                    .columns(['stage_id', 'object_id'])
                    .doUpdateSet({ data: (eb) => eb.ref('excluded.data') }),
                )
                .execute();
            }
          },

          async commit(deltaLink, scope) {
            await db.transaction().execute(async (trx) => {
              const mirrored = trx
                .deleteFrom('directory_mirror')
                .where('source_id', '=', sourceId)
                .where('kind', '=', kind);
              if (mode === 'full') await mirrored.execute();
              else
                await mirrored
                  .where('object_id', 'in', (eb) =>
                    eb
                      .selectFrom('directory_mirror_stage')
                      .select('object_id')
                      .where('stage_id', '=', stageId),
                  )
                  .execute();
              await sql`insert into directory_mirror (source_id, kind, object_id, data)
                select source_id, cast(${kind} as text), object_id, data from directory_mirror_stage
                where stage_id = ${stageId} and data is not null`.execute(trx);
              await trx
                .insertInto('directory_delta')
                .values({
                  source_id: sourceId,
                  kind,
                  delta_link: deltaLink,
                  scope,
                  updated_at: new Date().toISOString(),
                })
                .onConflict((oc) =>
                  oc
                    .columns(['source_id', 'kind'])
                    .doUpdateSet({ delta_link: deltaLink, scope, updated_at: new Date().toISOString() }),
                )
                .execute();
              await trx.deleteFrom('directory_mirror_stage').where('stage_id', '=', stageId).execute();
              // A first round fills the table: until autovacuum came by, the planner kept the
              // statistics of an empty one, and the next run's reading of the picture (`objects`)
              // sorted the whole table for each page: 1.3 s instead of 0.2 s at 100,000 users.
              if (postgres && putCount > ANALYZE_AFTER) await sql`analyze directory_mirror`.execute(trx);
            });
          },

          async discard() {
            await db.deleteFrom('directory_mirror_stage').where('stage_id', '=', stageId).execute();
          },
        };
      },

      async *objects(kind, pageSize) {
        let after: string | null = null;
        for (;;) {
          let query = db
            .selectFrom('directory_mirror')
            .select(['object_id', 'data'])
            .where('source_id', '=', sourceId)
            .where('kind', '=', kind);
          if (after !== null) query = query.where('object_id', '>', after);
          const rows = await query.orderBy('object_id').limit(pageSize).execute();
          if (rows.length === 0) return;
          after = rows.at(-1)!.object_id;
          yield rows.map((r) => JSON.parse(r.data) as GraphObject);
          if (rows.length < pageSize) return;
        }
      },
    };
  }

  return {
    forSource,
    /** Every mirror row of a source, for tests and diagnostics: committed objects per kind and the stored links. */
    async summary(
      sourceId: number,
    ): Promise<{ users: number; groups: number; staged: number; deltas: Record<string, string> }> {
      const counts = await db
        .selectFrom('directory_mirror')
        .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
        .where('source_id', '=', sourceId)
        .groupBy('kind')
        .execute();
      const staged = await db
        .selectFrom('directory_mirror_stage')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('source_id', '=', sourceId)
        .executeTakeFirstOrThrow();
      const deltas = await db
        .selectFrom('directory_delta')
        .select(['kind', 'delta_link'])
        .where('source_id', '=', sourceId)
        .execute();
      const count = (kind: string) => Number(counts.find((c) => c.kind === kind)?.n ?? 0);
      return {
        users: count('users'),
        groups: count('groups'),
        staged: Number(staged.n),
        deltas: Object.fromEntries(deltas.map((d) => [d.kind, d.delta_link])),
      };
    },
  };
}

export type GraphMirrorRepository = ReturnType<typeof createGraphMirrorRepository>;
