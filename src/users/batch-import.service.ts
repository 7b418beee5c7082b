/**
 * User batch import in PaperCut's three tab-separated formats (see batch-import.parser.ts):
 * internal users, user update, card/ID numbers. A preview reports what an import would do; an
 * import is all-or-nothing: one rejected line and nothing changes, otherwise everything is applied
 * in one transaction. What each line does is decided in batch-import.plan.ts; the counts go into a
 * report (batch-import.report.ts).
 *
 * The file is read as a stream several times instead of being held in memory (100,000 lines):
 *   1. validate: parse, look up each chunk of 500 users, decide every line → the report;
 *   2. hash (only when the file sets passwords or PINs): argon2id with bounded concurrency, into a
 *      temporary table, before the transaction, so that no transaction waits minutes for hashing;
 *   3. apply: one transaction, the same decisions taken again against the database as it is now
 *      (a user created meanwhile makes its line rejected and the transaction roll back), chunked
 *      inserts and updates.
 *
 * PaperCut's semantics followed (Batch import and update user data, papercut.com/help/manuals/
 * ng-mf/applicationserver/user-import-update; Batch Internal User Import and Update, and KB "Batch
 * User Import/Update Example .tsv files", papercut.com/kb/Main/BatchUserImportUpdateExamples):
 *   - internal users: new names are created; existing internal users are updated ("optionally
 *     update existing internal user details"), their password and PIN replaced only with
 *     `overwriteExisting` (PaperCut's overwriteExistingPasswords); a directory user is refused.
 *   - user update: existing users' filled columns are updated; unknown names are created with
 *     `createNewUsers`, otherwise "ignored and only existing users are updated" (counted as skipped,
 *     not rejected). Quire creates them as internal users without a password (they cannot sign in
 *     until an administrator sets one). A directory user's source-owned fields may not change.
 *   - card numbers: sets the primary card/ID number, and the PIN where none is set or with
 *     `overwriteExisting` (PaperCut's overwriteExistingPINs). A directory user's card number is
 *     owned by its source, so a line changing it is refused; an unknown name is refused.
 *
 *   const report = await batchImport.preview(() => createReadStream(file), 'user-update', { createNewUsers: true });
 *   if (report.rejected.length === 0) await batchImport.apply(() => createReadStream(file), 'user-update', { createNewUsers: true }, actor);
 *   await app.services.batchImport.importFile('/tmp/users.tsv', 'card-numbers', {}, actor); // CLI, XML-RPC, server-command
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import os from 'node:os';
import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { isStorageFull } from '../db/database-errors.js';
import type { Database } from '../db/database.js';
import type { DB, NewUserRow } from '../db/schema.js';
import { NotFoundError, StorageFullError } from '../errors.js';
import { createLimiter, type PasswordHasher } from '../passwords/password-hasher.js';
import type { Clock } from '../ports.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import {
  BATCH_FORMAT_NAMES,
  parseBatchLines,
  type AccountColumns,
  type BatchFormat,
} from './batch-import.parser.js';
import {
  chunksOf,
  planChunk,
  type BatchInput,
  type BatchOptions,
  type Context,
} from './batch-import.plan.js';
import { emptyReport, needsHashes, tally, type BatchReport } from './batch-import.report.js';
import {
  createBatchImportRepository,
  type BatchImportRepository,
  type UserPatch,
} from './batch-import.repository.js';
import { detailsToRow, newUserRow } from './user-details.js';

/** Thrown inside the apply transaction to roll it back when a line became invalid meanwhile. */
class RejectedDuringApply extends Error {
  constructor(readonly report: BatchReport) {
    super('A line was rejected while applying the import.');
  }
}

export function createBatchImportService(deps: {
  database: Database;
  repository?: BatchImportRepository;
  settings: SettingsService;
  audit: AuditService;
  sources: { names(): Promise<Map<number, string>> };
  hasher: PasswordHasher;
  clock: Clock;
  /** Where the credit balance and restricted columns are stored; without it they are not. */
  accounts?: Pick<AccountsService, 'setBalance' | 'update'>;
}) {
  const { database, settings, audit, sources, hasher, clock } = deps;
  const repository = deps.repository ?? createBatchImportRepository();
  const { db } = database;
  // The hasher port may already queue calls (argon2Hasher does); this bounds the batch's own
  // share, so an import never has more than one hash per core in flight.
  const limit = createLimiter(Math.max(os.availableParallelism(), 1));

  async function contextFor(format: BatchFormat, options: BatchOptions): Promise<Context> {
    if (!BATCH_FORMAT_NAMES.includes(format)) throw new Error(`Unknown batch format "${String(format)}".`);
    return {
      format,
      options,
      passwordOptions: await settings.get(),
      sourceNames: await sources.names(),
      newSkeletons: new Map(),
    };
  }

  /** Pass 1: the report, changing nothing. */
  async function validate(input: BatchInput, context: Context): Promise<BatchReport> {
    const report = emptyReport(context.format);
    for await (const chunk of chunksOf(input, context.format)) {
      for (const { row, plan } of await planChunk(repository, context, chunk, db)) tally(report, row, plan);
    }
    return report;
  }

  /** Pass 2: argon2id of every password and PIN the import will store, into the hash table. */
  async function hashInto(
    table: string,
    input: BatchInput,
    context: Context,
    executor: Kysely<DB>,
  ): Promise<void> {
    for await (const chunk of chunksOf(input, context.format)) {
      const wanted = (await planChunk(repository, context, chunk, executor)).flatMap(({ plan }) =>
        (plan.kind === 'create' || plan.kind === 'update') &&
        (plan.password !== undefined || plan.pin !== undefined)
          ? [
              {
                username: plan.kind === 'create' ? plan.username : plan.user.username,
                password: plan.password,
                pin: plan.pin,
              },
            ]
          : [],
      );
      const hashOf = (secret: string | undefined) =>
        secret === undefined ? Promise.resolve(null) : limit(() => hasher.hash(secret));
      const rows = await Promise.all(
        wanted.map(async (w) => ({
          username: w.username,
          password_hash: await hashOf(w.password),
          pin_hash: await hashOf(w.pin),
        })),
      );
      await repository.insertHashes(table, rows, executor);
    }
  }

  /** Pass 3, inside the transaction: the same decisions again, then the writes. */
  async function write(
    table: string,
    input: BatchInput,
    context: Context,
    trx: Transaction<DB>,
  ): Promise<BatchReport> {
    const report = emptyReport(context.format);
    const now = clock.now().toISOString();
    for await (const chunk of chunksOf(input, context.format)) {
      const planned = await planChunk(repository, context, chunk, trx);
      const needHashes = planned.flatMap(({ plan }) =>
        plan.kind === 'create' ? [plan.username] : plan.kind === 'update' ? [plan.user.username] : [],
      );
      const hashes = await repository.hashesFor(table, needHashes, trx);
      const inserts: NewUserRow[] = [];
      const patches: UserPatch[] = [];
      const sessionsToEnd: number[] = [];
      for (const { row, plan } of planned) {
        let final = plan;
        if (plan.kind === 'create' || plan.kind === 'update') {
          const name = plan.kind === 'create' ? plan.username : plan.user.username;
          const staged = hashes.get(name);
          // A user created or changed since the hashes were made: its line no longer matches them.
          if (
            (plan.password !== undefined && !staged?.password_hash) ||
            (plan.pin !== undefined && !staged?.pin_hash)
          ) {
            final = {
              kind: 'rejected',
              reason: `${name} was created or changed while the file was being imported; import the file again.`,
            };
          } else if (plan.kind === 'create') {
            inserts.push(
              newUserRow(name, now, {
                ...detailsToRow(plan.details),
                ...(plan.expiryDate ? { expiry_date: plan.expiryDate } : {}),
                password_hash: staged?.password_hash ?? null,
                ...(staged?.pin_hash ? { card_pin_hash: staged.pin_hash } : {}),
              }),
            );
          } else {
            patches.push({
              ...plan.patch,
              ...(plan.password !== undefined ? { password_hash: staged!.password_hash! } : {}),
              ...(plan.pin !== undefined ? { card_pin_hash: staged!.pin_hash! } : {}),
            });
            if (plan.password !== undefined) sessionsToEnd.push(plan.user.id);
          }
        }
        tally(report, row, final);
      }
      if (report.rejectedCount > 0) throw new RejectedDuringApply(report);
      await repository.insertUsers(inserts, trx);
      await repository.updateUsers(patches, now, trx);
      await repository.endSessions(sessionsToEnd, trx);
    }
    return report;
  }

  /**
   * The hash table is a temporary table, visible only on the connection that made it: on
   * PostgreSQL the import holds one pooled connection throughout; SQLite has a single connection,
   * which must stay free for other requests while argon2id runs, so the import uses it as usual.
   */
  async function onOneConnection<T>(work: (executor: Kysely<DB>) => Promise<T>): Promise<T> {
    return database.kind === 'postgres' ? db.connection().execute(work) : work(db);
  }

  /** Passes 2 and 3 for a file that creates or updates users; a report with rejections means nothing changed. */
  async function writeUsers(input: BatchInput, context: Context, checked: BatchReport): Promise<BatchReport> {
    const table = `batch_import_hashes_${randomBytes(6).toString('hex')}`;
    try {
      return await onOneConnection(async (executor) => {
        await repository.createHashTable(table, executor);
        try {
          if (needsHashes.has(checked)) await hashInto(table, input, context, executor);
          return await executor.transaction().execute(async (trx) => {
            // The planner's statistics do not see the rows this transaction inserts, so after a
            // few chunks it would scan the whole users table for every chunk's look-up by name
            // (212 s instead of seconds for 100,000 new users). The unique index is always right.
            if (trx.getExecutor().adapter instanceof PostgresAdapter)
              await sql`set local enable_seqscan = off`.execute(trx);
            return write(table, input, context, trx);
          });
        } finally {
          await repository.dropHashTable(table, executor);
        }
      });
    } catch (error) {
      if (isStorageFull(error)) {
        throw new StorageFullError(
          'The disk that holds the database is full (the database could not grow). Nothing was imported: free some space, then import the file again.',
        );
      }
      if (!(error instanceof RejectedDuringApply)) throw error;
      // The transaction rolled back: the report says which lines (up to this chunk) stopped it.
      return error.report;
    }
  }

  /**
   * Pass 4, after the users are written: each line's credit balance and restricted status through
   * the accounts service (each balance change is a ledger row of its own). Lines naming a user
   * Quire does not have (skipped by a user update without createNewUsers) are left out. Every
   * value was checked in pass 1, so a file is not refused half-way here.
   */
  async function applyAccountColumns(input: BatchInput, format: BatchFormat, actor: Actor): Promise<number> {
    if (format === 'card-numbers' || !deps.accounts) return 0;
    let changed = 0;
    for await (const row of parseBatchLines(input(), format)) {
      if (!row.ok) continue;
      const { username, balance, restricted } = row.record as AccountColumns & { username: string };
      if (balance === undefined && restricted === undefined) continue;
      try {
        if (restricted !== undefined)
          await deps.accounts.update(username, { restricted: restricted ? 1 : 0 }, actor);
        if (balance !== undefined) await deps.accounts.setBalance(username, balance, 'Batch import', actor);
        changed += 1;
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    }
    return changed;
  }

  const service = {
    /** What an import of this file would do; changes nothing. */
    async preview(
      input: BatchInput,
      format: BatchFormat,
      options: BatchOptions = {},
      _actor?: Actor,
    ): Promise<BatchReport> {
      return validate(input, await contextFor(format, options));
    },

    /**
     * Imports the file: nothing changes unless every line is accepted. One `user.batch_import`
     * audit record per applied import, with the counts: per-user `user.create` / `user.update`
     * records would put 100,000 rows in the audit log for one administrator action. Passwords and
     * PINs never reach the report, the audit log or the log.
     */
    async apply(
      input: BatchInput,
      format: BatchFormat,
      options: BatchOptions,
      actor: Actor,
    ): Promise<BatchReport> {
      const context = await contextFor(format, options);
      const checked = await validate(input, context);
      if (checked.rejectedCount > 0) return checked;
      let report = checked;
      if (checked.created + checked.updated > 0) {
        const written = await writeUsers(input, context, checked);
        if (written.rejectedCount > 0) return written;
        report = written;
      }
      const accountsSet = await applyAccountColumns(input, format, actor);
      if (report === checked && accountsSet === 0) return checked;
      report.applied = true;
      await audit.record({
        actor: actor.username,
        action: 'user.batch_import',
        ip: actor.ip,
        details: {
          format,
          lines: report.lines,
          created: report.created,
          updated: report.updated,
          unchanged: report.unchanged,
          skipped: report.skipped,
          accounts: accountsSet,
          createNewUsers: Boolean(options.createNewUsers),
          overwriteExisting: Boolean(options.overwriteExisting),
        },
      });
      return report;
    },

    /** Imports a file on disk (CLI, XML-RPC `api.batchImport…`, `server-command batch-import-…`). */
    importFile(path: string, format: BatchFormat, options: BatchOptions, actor: Actor): Promise<BatchReport> {
      return service.apply(() => createReadStream(path), format, options, actor);
    },

    /** What importing a file on disk would do, changing nothing. */
    previewFile(path: string, format: BatchFormat, options: BatchOptions = {}): Promise<BatchReport> {
      return service.preview(() => createReadStream(path), format, options);
    },
  };
  return service;
}

export type BatchImportService = ReturnType<typeof createBatchImportService>;
