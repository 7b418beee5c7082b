/**
 * The accounting repositories over one database handle, and a way to run several of them in one
 * transaction: a charge writes the job, the ledger row and the balance together or not at all.
 *
 *   await store.transaction(async ({ ledger, jobs }) => { … });
 */
import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../db/database.js';
import { createGroupCommit } from '../db/group-commit.js';
import type { DB } from '../db/schema.js';
import { createChargeRepository } from '../jobs/charge.repository.js';
import { createJobsRepository } from '../jobs/jobs.repository.js';
import { createPrintersRepository } from '../printers/printers.repository.js';
import { createAccountsRepository } from './accounts.repository.js';
import { createGroupSettingsRepository } from './group-settings.repository.js';
import { createLedgerRepository } from './ledger.repository.js';

function repositories(db: Kysely<DB>) {
  return {
    accounts: createAccountsRepository(db),
    ledger: createLedgerRepository(db),
    printers: createPrintersRepository(db),
    jobs: createJobsRepository(db),
    groupSettings: createGroupSettingsRepository(db),
  };
}

export type AccountingRepositories = ReturnType<typeof repositories>;

/** Carries a result out of a transaction that must roll back (Kysely rolls back on a throw). */
class RollBack<T> {
  constructor(readonly result: T) {}
}

export function createAccountingStore(db: Kysely<DB>, kind: DatabaseKind) {
  const groupCommit = kind === 'sqlite' ? createGroupCommit(db) : undefined;
  return {
    ...repositories(db),
    /** PostgreSQL's charge in one statement (jobs/charge.repository.ts); SQLite runs the transaction. */
    chargeAtOnce: kind === 'postgres' ? createChargeRepository(db).chargeAtOnce : undefined,
    /**
     * Runs `work` in one transaction; it commits unless `work` throws or `rollbackOn` says the
     * result means "undo" (a charge refused after its job row was written). `work` must use only
     * the repositories it is given: on SQLite any other query waits for the transaction's one
     * connection, which never comes free (read settings and the like before). On SQLite, works
     * that arrive together share one transaction, each in a savepoint (db/group-commit.ts).
     */
    async transaction<T>(
      work: (repos: AccountingRepositories) => Promise<T>,
      options: { rollbackOn?: (result: T) => boolean } = {},
    ): Promise<T> {
      const undo = options.rollbackOn ?? (() => false);
      if (groupCommit) return groupCommit.run((trx) => work(repositories(trx)), undo);
      try {
        return await db.transaction().execute(async (trx) => {
          const result = await work(repositories(trx));
          if (undo(result)) throw new RollBack(result);
          return result;
        });
      } catch (error) {
        if (error instanceof RollBack) return error.result as T;
        throw error;
      }
    },
  };
}

export type AccountingStore = ReturnType<typeof createAccountingStore>;
