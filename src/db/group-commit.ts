/**
 * Group commit for SQLite: small write transactions that arrive together (concurrent charges)
 * run as one SQLite transaction, each inside a savepoint of its own, and commit once. A commit
 * writes every page the transaction touched to the WAL; a charge touches a dozen pages (the job,
 * the ledger row, their indexes, the balance), most of them the same pages as the next charge's,
 * so one commit for a batch costs about what one commit for one charge costs.
 *
 * Each work's outcome is its own: one that throws, or whose result `undo` rejects, is rolled back
 * to its savepoint and the others still commit. A caller's promise settles only after the batch
 * committed (or failed, and then every caller of the batch gets the error), so a charge that was
 * answered is on disk as it was before. PostgreSQL needs none of this: its pool runs transactions
 * side by side and its own group commit shares the WAL flush.
 *
 *   const commit = createGroupCommit(db);
 *   const jobId = await commit.run((trx) => createJobsRepository(trx).insert(job), () => false);
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.js';

/** More would make the first caller of a batch wait for many others' statements. */
const MAX_BATCH = 64;

interface Pending {
  work: (trx: Kysely<DB>) => Promise<unknown>;
  undo: (result: unknown) => boolean;
  resolve: (result: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export function createGroupCommit(db: Kysely<DB>) {
  const queue: Pending[] = [];
  let draining = false;

  async function runOne(trx: Kysely<DB>, item: Pending): Promise<Outcome> {
    await sql`savepoint quire_work`.execute(trx);
    let outcome: Outcome;
    try {
      const value = await item.work(trx);
      outcome = { ok: true, value };
      if (item.undo(value)) await sql`rollback to quire_work`.execute(trx);
    } catch (error) {
      outcome = { ok: false, error };
      // If SQLite rolled the whole transaction back by itself (a full disk), this throws, and the
      // batch fails as a whole: nothing of it was written.
      await sql`rollback to quire_work`.execute(trx);
    }
    await sql`release quire_work`.execute(trx);
    return outcome;
  }

  async function runBatch(batch: Pending[]): Promise<void> {
    const outcomes: Outcome[] = [];
    try {
      await db.transaction().execute(async (trx) => {
        for (const item of batch) outcomes.push(await runOne(trx, item));
      });
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }

  async function drain(): Promise<void> {
    try {
      while (queue.length > 0) {
        // One turn of the event loop lets the requests that are ready queue their work too.
        await new Promise((resolve) => setImmediate(resolve));
        await runBatch(queue.splice(0, MAX_BATCH));
      }
    } finally {
      draining = false;
    }
  }

  return {
    /** Runs `work` in a transaction shared with other concurrent works; `undo` says to roll it back. */
    run<T>(work: (trx: Kysely<DB>) => Promise<T>, undo: (result: T) => boolean): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({
          work,
          undo: undo as (result: unknown) => boolean,
          resolve: resolve as (result: unknown) => void,
          reject,
        });
        if (!draining) {
          draining = true;
          void drain();
        }
      });
    },
  };
}

export type GroupCommit = ReturnType<typeof createGroupCommit>;
