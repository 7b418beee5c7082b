/**
 * The only code that changes a balance. Each change is one conditional UPDATE of the account
 * (never read-then-write) and the ledger row that explains it, in the caller's transaction, so a
 * balance always equals the sum of its ledger rows and two concurrent charges cannot both pass a
 * restricted account's limit: the second UPDATE waits for the first's row lock (PostgreSQL) or
 * transaction (SQLite) and then re-checks its WHERE against the new balance.
 *
 *   await db.transaction().execute((trx) =>
 *     createLedgerRepository(trx).move(accountId, -500, { type: 'print-charge', … }));
 */
import { sql, type Kysely } from 'kysely';
import type { AccountType, LedgerRow, LedgerType } from '../db/accounting.schema.js';
import type { DB } from '../db/schema.js';
import { MAX_AMOUNT } from './money.js';

export interface LedgerEntry {
  type: LedgerType;
  comment: string;
  actor: string;
  jobId?: number | null;
  at: string;
  /** A charge also adds its job and pages to the account's counts, in the same UPDATE. */
  counts?: { jobs: number; pages: number };
}

/** What a change must respect; admin adjustments respect none of the limits. */
export interface MoveGuard {
  /** Refuse when a restricted account would go below -overdraft. */
  limit?: boolean;
  /** Refuse unless the account is enabled and not disabled until later than `entry.at`. */
  enabled?: boolean;
  /** Refuse unless the balance is at least this before the change (…IfAvailable). */
  atLeast?: number;
}

/** What the Transaction Log filters by; every field is optional and they combine. */
export interface LedgerFilter {
  accountId?: number;
  /** Who made the change, as stored (a username, `system`…). */
  actor?: string;
  /** ISO times: created_at >= from and < to. */
  from?: string;
  to?: string;
  /** Only rows with an id below this (the next page, newest first). */
  before?: number;
}

/** A ledger row with the account it belongs to: a shared account's name, or the user's. */
export interface LedgerLogRow extends LedgerRow {
  account_type: AccountType;
  account_name: string;
}

export type MoveResult = { ok: true; balance: number; ledgerId: number } | { ok: false };

export function createLedgerRepository(db: Kysely<DB>) {
  return {
    /**
     * Adds `amount` (negative to take) to the account and writes its ledger row; `{ ok: false }`
     * when a guard refuses or the balance would leave ±MAX_AMOUNT, and then nothing is written.
     */
    async move(
      accountId: number,
      amount: number,
      entry: LedgerEntry,
      guard: MoveGuard = {},
    ): Promise<MoveResult> {
      let update = db
        .updateTable('accounts')
        .set({ balance: sql`balance + ${amount}`, updated_at: entry.at })
        .$if(entry.counts !== undefined, (query) =>
          query.set((eb) => ({
            job_count: eb('job_count', '+', entry.counts!.jobs),
            page_count: eb('page_count', '+', entry.counts!.pages),
          })),
        )
        .where('id', '=', accountId)
        .where(sql<boolean>`balance + ${amount} between ${-MAX_AMOUNT} and ${MAX_AMOUNT}`);
      if (guard.limit) {
        update = update.where((eb) =>
          eb.or([eb('restricted', '=', 0), eb(sql`balance + ${amount}`, '>=', sql`-overdraft`)]),
        );
      }
      if (guard.enabled) {
        update = update
          .where('enabled', '=', 1)
          .where((eb) => eb.or([eb('disabled_until', 'is', null), eb('disabled_until', '<=', entry.at)]));
      }
      if (guard.atLeast !== undefined) update = update.where('balance', '>=', guard.atLeast);
      const row = await update.returning('balance').executeTakeFirst();
      if (!row) return { ok: false };
      const balance = Number(row.balance);
      const inserted = await db
        .insertInto('ledger')
        .values({
          account_id: accountId,
          amount,
          balance_after: balance,
          type: entry.type,
          comment: entry.comment,
          actor: entry.actor,
          job_id: entry.jobId ?? null,
          created_at: entry.at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { ok: true, balance, ledgerId: Number(inserted.id) };
    },

    /**
     * Reads the balance under a row lock (a no-op UPDATE: it locks on PostgreSQL and needs no
     * FOR UPDATE, which SQLite lacks), for the few changes that depend on the current balance
     * (set to a value, top up to a cap). Call it inside a transaction.
     */
    async lockBalance(accountId: number): Promise<number | undefined> {
      const row = await db
        .updateTable('accounts')
        .set({ balance: sql`balance` })
        .where('id', '=', accountId)
        .returning('balance')
        .executeTakeFirst();
      return row ? Number(row.balance) : undefined;
    },

    /**
     * An account's ledger, newest first: a page before ledger id `before` (keyset). The page's ids
     * come from (account_id, id) alone, then their rows: asked for in one step, PostgreSQL walks
     * the primary key backwards past every other account's rows when this account holds a few %
     * of the ledger (its planner assumes them spread evenly over the ids); the ids alone are an
     * index-only scan, which it prefers once autovacuum has marked the table's pages all-visible.
     * SQLite reads the same covering index either way.
     */
    async page(accountId: number, limit: number, before?: number): Promise<LedgerRow[]> {
      let ids = db.selectFrom('ledger').select('id').where('account_id', '=', accountId);
      if (before !== undefined) ids = ids.where('id', '<', before);
      const rows = await db
        .selectFrom('ledger')
        .selectAll()
        .where('id', 'in', ids.orderBy('id', 'desc').limit(limit))
        .orderBy('id', 'desc')
        .execute();
      return rows.map(numeric);
    },

    /**
     * The account's balance just before each of `moments` (ISO times): the balance after its last
     * ledger row written earlier, 0 before its first. One query, one index seek per moment.
     */
    async balancesBefore(accountId: number, moments: readonly string[]): Promise<number[]> {
      if (moments.length === 0) return [];
      const row = await db
        .selectNoFrom((eb) =>
          moments.map((moment, i) =>
            eb
              .selectFrom('ledger')
              .select('balance_after')
              .where('account_id', '=', accountId)
              .where('created_at', '<', moment)
              .orderBy('created_at', 'desc')
              .orderBy('id', 'desc')
              .limit(1)
              .as(`b${i}`),
          ),
        )
        .executeTakeFirstOrThrow();
      const balances = new Map(Object.entries(row));
      return moments.map((_, i) => Number(balances.get(`b${i}`) ?? 0));
    },

    /**
     * Every account's ledger, newest first (keyset on the id), as the Transaction Log shows it.
     * Each filter has an index: (account_id, id), (actor, id), created_at. The page's ids are
     * chosen first, from the filter's index alone, for the reason given at `page`.
     */
    async log(filter: LedgerFilter, limit: number): Promise<LedgerLogRow[]> {
      let ids = db.selectFrom('ledger').select('id');
      if (filter.accountId !== undefined) ids = ids.where('account_id', '=', filter.accountId);
      if (filter.actor !== undefined) ids = ids.where('actor', '=', filter.actor);
      if (filter.from !== undefined) ids = ids.where('created_at', '>=', filter.from);
      if (filter.to !== undefined) ids = ids.where('created_at', '<', filter.to);
      if (filter.before !== undefined) ids = ids.where('id', '<', filter.before);
      const rows = await db
        .selectFrom('ledger as l')
        .innerJoin('accounts as a', 'a.id', 'l.account_id')
        .leftJoin('users as u', 'u.id', 'a.user_id')
        .selectAll('l')
        .select(['a.type as account_type', sql<string>`coalesce(a.name, u.username, '')`.as('account_name')])
        .where('l.id', 'in', ids.orderBy('id', 'desc').limit(Math.min(Math.max(limit, 0), 10_000)))
        .orderBy('l.id', 'desc')
        .execute();
      return rows.map((row) => ({ ...row, ...numeric(row) }));
    },

    /**
     * Accounts whose balance differs from the sum of their ledger rows (none, if all is well),
     * and accounts whose newest row's balance_after is not the balance.
     */
    async discrepancies(): Promise<{ account_id: number; balance: number; ledger_sum: number }[]> {
      const rows = await db
        .selectFrom('accounts as a')
        .leftJoin(
          (eb) =>
            eb
              .selectFrom('ledger')
              .select(['account_id', (e) => e.fn.sum<number>('amount').as('total')])
              .groupBy('account_id')
              .as('l'),
          (join) => join.onRef('l.account_id', '=', 'a.id'),
        )
        .select(['a.id as account_id', 'a.balance', sql<number>`coalesce(l.total, 0)`.as('ledger_sum')])
        .where(sql<boolean>`a.balance <> coalesce(l.total, 0)`)
        .orderBy('a.id')
        .execute();
      return rows.map((row) => ({
        account_id: row.account_id,
        balance: Number(row.balance),
        ledger_sum: Number(row.ledger_sum),
      }));
    },
  };
}

/** PostgreSQL may hand bigint sums back as text; every money value becomes a number here. */
function numeric(row: LedgerRow): LedgerRow {
  return {
    ...row,
    id: Number(row.id),
    amount: Number(row.amount),
    balance_after: Number(row.balance_after),
    job_id: row.job_id === null ? null : Number(row.job_id),
  };
}

export type LedgerRepository = ReturnType<typeof createLedgerRepository>;
