/**
 * `quire restore`: replaces the database's contents with a backup (format: backup-format.ts).
 * Refuses a database already in use unless forced, and a backup from a newer schema; loads an
 * older release's backup at its own schema level, then migrates. Everything is loaded in ONE
 * transaction: any failure (a corrupt or truncated file, a constraint) rolls it back and leaves
 * the database as it was.
 *
 *   await restoreBackup(database, '/var/backups/quire.jsonl.gz', { force: false });
 */
import { sql, type Transaction } from 'kysely';
import { ConflictError, ValidationError } from '../errors.js';
import { isStorableText } from '../text.js';
import {
  BACKUP_TABLES,
  checkTablesListed,
  CLEARED_ON_RESTORE,
  parseLine,
  readBackupHeader,
  readLines,
  schemaLevel,
  type AnyDb,
  type BackupHeader,
  type Row,
  type TableSpec,
} from './backup-format.js';
import type { Database, DatabaseKind } from './database.js';
import { migrateToLatest, migrateUpTo, migrationStatus, refuseNewerSchema } from './migrator.js';
import type { DB } from './schema.js';

/** Rows per INSERT: 25 columns × 200 stays far below both databases' bound-parameter limits. */
const INSERT_BATCH = 200;

/** `id=7`, or `group_id=1, user_id=2`: which row, by its primary key. */
function describeRow(table: TableSpec, row: Row): string {
  return table.key.map((column) => `${column}=${JSON.stringify(row[column]) ?? 'null'}`).join(', ');
}

/**
 * Refuses a row with text no database stores faithfully (src/text.ts): a NUL, which a SQLite
 * database could hold before Quire refused it and PostgreSQL cannot, or an unpaired surrogate,
 * which both drivers would silently store as U+FFFD. Same answer on both databases, naming where.
 */
function refuseUnstorableText(table: TableSpec, row: Row): void {
  for (const [column, value] of Object.entries(row)) {
    if (typeof value === 'string' && !isStorableText(value)) {
      throw new Error(
        `cannot restore table ${table.name}, row ${describeRow(table, row)}: column ${column} holds a NUL or a broken (unpaired surrogate) character, which cannot be stored faithfully; correct it in the backup file and restore again`,
      );
    }
  }
}

/**
 * Inserts one batch. When the database refuses it, the batch is undone (a savepoint: PostgreSQL
 * accepts no further statement in a failed transaction otherwise) and its rows are tried one at a
 * time, so that the error names the table and the row the database refuses, with its reason.
 */
async function insertRows(db: AnyDb, table: TableSpec, rows: Row[]): Promise<void> {
  await sql`savepoint restore_batch`.execute(db);
  try {
    await db.insertInto(table.name).values(rows).execute();
    await sql`release savepoint restore_batch`.execute(db);
    return;
  } catch (error) {
    // SQLite ends the whole transaction on some errors (a full disk): then there is no savepoint
    // to go back to, and the original error is the one to report.
    const undone = await sql`rollback to savepoint restore_batch`.execute(db).then(
      () => true,
      () => false,
    );
    if (!undone)
      throw new Error(`cannot restore table ${table.name}: ${(error as Error).message}`, { cause: error });
    for (const row of rows) {
      try {
        await db.insertInto(table.name).values(row).execute();
      } catch (rowError) {
        throw new Error(
          `cannot restore table ${table.name}, row ${describeRow(table, row)}: ${(rowError as Error).message}`,
          { cause: rowError },
        );
      }
    }
    throw new Error(
      `cannot restore table ${table.name} (rows ${describeRow(table, rows[0]!)} to ${describeRow(table, rows.at(-1)!)}): ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** Sets each identity sequence past the restored rows, so new inserts get fresh ids. */
async function resetSequences(trx: Transaction<DB>, kind: DatabaseKind, present: Set<string>): Promise<void> {
  if (kind !== 'postgres') return; // SQLite's AUTOINCREMENT counter follows explicit ids by itself
  for (const table of BACKUP_TABLES.filter((t) => t.serial && present.has(t.name))) {
    await sql`select setval(pg_get_serial_sequence(${table.name}, 'id'), coalesce((select max(id) from ${sql.table(table.name)}), 0) + 1, false)`.execute(
      trx,
    );
  }
}

/** Tables whose rows mean the database is in use (a source or a token exists before any user is synced). */
const CONTENT_TABLES = ['users', 'sources', 'api_tokens', 'identity_providers'] as const;

/** Rows in the tables that say the database is in use; a table that does not exist yet counts 0. */
async function contentRows(database: Database): Promise<Record<string, number>> {
  const db = database.db as unknown as AnyDb;
  const counts: Record<string, number> = {};
  for (const table of CONTENT_TABLES) {
    try {
      const { n } = (await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()) as { n: number };
      if (Number(n) > 0) counts[table] = Number(n);
    } catch {
      // Not created yet: an empty database.
    }
  }
  return counts;
}

/** Refuses a database already in use, before anything changes. */
async function refuseInUse(database: Database): Promise<void> {
  const content = await contentRows(database);
  const described = Object.entries(content).map(([table, n]) => `${n} ${table.replace('_', ' ')}`);
  if (described.length > 0)
    throw new ConflictError(
      `the database already has ${described.join(', ')}; restoring would replace everything in it. Run the restore again with --force to do that`,
    );
}

/** Brings the schema to the backup's level: ours, or an older release's (migrated after loading). */
async function migrateToBackupLevel(
  database: Database,
  file: string,
  header: BackupHeader,
): Promise<'same' | 'older'> {
  const level = schemaLevel(file, header.migrations);
  if (level === 'older') {
    // Load at the backup's own level, then migrate: possible only while this database is not past it.
    const { applied } = await migrationStatus(database);
    if (!applied.every((name) => header.migrations.includes(name))) {
      throw new ValidationError({
        file: `${file} was made by an older Quire release (last migration ${header.migrations.at(-1) ?? 'none'}); restore it into an empty database (a new SQLite file or an empty PostgreSQL database), which Quire then upgrades`,
      });
    }
    if (header.migrations.length > 0) await migrateUpTo(database, header.migrations.at(-1)!);
  } else {
    await migrateToLatest(database);
  }
  return level;
}

/** Inserts every row of the file in batches, table by table; checks the trailer's counts. */
async function loadRows(db: AnyDb, file: string): Promise<Record<string, number>> {
  const order = new Map(BACKUP_TABLES.map((t, i) => [t.name, i]));
  const rows: Record<string, number> = {};
  let batch: Row[] = [];
  let batchTable = '';
  let position = -1;
  let ended: Row | null = null;
  const flush = async () => {
    if (batch.length > 0) await insertRows(db, BACKUP_TABLES[position]!, batch);
    batch = [];
  };
  let number = 0;
  for await (const line of readLines(file)) {
    number += 1;
    if (number === 1) continue; // the header, checked above
    if (ended) throw new Error(`${file} is not a complete Quire backup (data after its end, line ${number})`);
    const entry = parseLine(file, line, number);
    if (entry.end === true) {
      ended = entry;
      continue;
    }
    const table = entry.table;
    const index = typeof table === 'string' ? order.get(table) : undefined;
    if (index === undefined || index < position || !entry.row || typeof entry.row !== 'object')
      throw new Error(`${file} is not a complete Quire backup (line ${number} is damaged)`);
    if (table !== batchTable || batch.length >= INSERT_BATCH) await flush();
    batchTable = table as string;
    position = index;
    refuseUnstorableText(BACKUP_TABLES[index]!, entry.row as Row);
    batch.push(entry.row as Row);
    rows[batchTable] = (rows[batchTable] ?? 0) + 1;
  }
  await flush();
  const expected = (ended as { rows?: unknown } | null)?.rows;
  if (!expected || typeof expected !== 'object')
    throw new Error(`${file} is not a complete Quire backup (it ends early, after line ${number})`);
  for (const [table, count] of Object.entries(expected as Record<string, number>)) {
    if ((rows[table] ?? 0) !== count)
      throw new Error(
        `${file} is not a complete Quire backup (${table}: ${count} rows listed, ${rows[table] ?? 0} found)`,
      );
  }
  return rows;
}

/**
 * Replaces the database's contents with the backup in `file`. Refuses a database that already
 * has users unless `force`, and a backup from a newer schema; loads everything in one transaction.
 */
export async function restoreBackup(
  database: Database,
  file: string,
  options: { force?: boolean } = {},
): Promise<{ header: BackupHeader; rows: Record<string, number>; migrated: string[] }> {
  await refuseNewerSchema(database);
  const header = await readBackupHeader(file);
  // Before any migration runs: a refused restore leaves the database exactly as it was.
  if (!options.force) await refuseInUse(database);
  const level = await migrateToBackupLevel(database, file, header);
  const present = await checkTablesListed(database.db);

  let rows: Record<string, number> = {};
  await database.db.transaction().execute(async (trx) => {
    // Without the text guard (src/db/text-guard.ts), whose one message would not say where: each
    // row's text is checked by refuseUnstorableText, which names the table, row and column; any
    // other row the database refuses (a duplicate key) is named by insertRows with its reason.
    const db = trx.withoutPlugins() as unknown as AnyDb;
    if (!options.force) {
      const { n } = (await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()) as { n: number };
      if (Number(n) > 0)
        throw new ConflictError(
          `the database already has ${n} users; restoring would replace everything in it. Run the restore again with --force to do that`,
        );
    }
    for (const table of CLEARED_ON_RESTORE.filter((t) => present.has(t)))
      await db.deleteFrom(table).execute();
    for (const table of [...BACKUP_TABLES].reverse().filter((t) => present.has(t.name)))
      await db.deleteFrom(table.name).execute();

    rows = await loadRows(db, file);
    await resetSequences(trx, database.kind, present);
  });
  const migrated = level === 'older' ? await migrateToLatest(database) : [];
  return { header, rows, migrated };
}
