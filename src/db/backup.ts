/**
 * `quire backup` and `quire restore`: one portable, logical format for both databases, so a
 * SQLite backup restores into PostgreSQL and back (the way to move from one to the other).
 *
 * The file is gzip'd JSON lines:
 *   {"format":"quire-backup","version":1,"createdAt":…,"quireVersion":…,"databaseKind":…,"migrations":[…]}
 *   {"table":"sources","row":{…}}            one line per row, tables in dependency order
 *   {"end":true,"rows":{"sources":2,…}}      the trailer: a file without it is truncated
 *
 * The backup reads every table inside one transaction (a consistent snapshot: REPEATABLE READ
 * READ ONLY on PostgreSQL, one read transaction on SQLite, whose WAL lets the server keep writing
 * meanwhile), a page at a time by primary key, so memory does not grow with the database. It is
 * written to FILE.tmp with mode 0600 (it holds password hashes and directory secrets) and renamed.
 *
 * A restore loads every table in ONE transaction: any failure (a corrupt or truncated file, a
 * constraint) rolls it back and leaves the database as it was.
 *
 *   await writeBackup(database, '/var/backups/quire.jsonl.gz', { quireVersion: '0.1.0' });
 *   await restoreBackup(database, '/var/backups/quire.jsonl.gz', { force: false });
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip } from 'node:zlib';
import { sql, type Kysely, type Transaction } from 'kysely';
import { ConflictError, ValidationError } from '../errors.js';
import type { Database, DatabaseKind } from './database.js';
import {
  MIGRATION_NAMES,
  migrateToLatest,
  migrateUpTo,
  migrationStatus,
  refuseNewerSchema,
} from './migrator.js';
import type { DB } from './schema.js';
import { isStorableText } from '../text.js';

export const BACKUP_FORMAT = 'quire-backup';
export const BACKUP_VERSION = 1;

interface TableSpec {
  name: string;
  /** Primary key columns: the order rows are read in, a page at a time. */
  key: string[];
  /** An identity column whose sequence must continue after the restored rows (PostgreSQL). */
  serial?: boolean;
}

/** What a backup holds, parents before children: restored in this order, emptied in reverse. */
export const BACKUP_TABLES: readonly TableSpec[] = [
  { name: 'settings', key: ['key'] },
  { name: 'sources', key: ['id'], serial: true },
  { name: 'users', key: ['id'], serial: true },
  { name: 'groups', key: ['id'], serial: true },
  { name: 'group_members', key: ['group_id', 'user_id'] },
  { name: 'admin_groups', key: ['group_id'] },
  { name: 'sessions', key: ['id'] },
  { name: 'audit_log', key: ['id'], serial: true },
  { name: 'sync_runs', key: ['id'], serial: true },
  { name: 'password_resets', key: ['token_hash'] },
  { name: 'password_reset_requests', key: ['id'], serial: true },
  { name: 'password_history', key: ['id'], serial: true },
  { name: 'email_changes', key: ['token_hash'] },
  { name: 'registrations', key: ['token_hash'] },
  { name: 'api_tokens', key: ['id'] },
  { name: 'directory_mirror', key: ['source_id', 'kind', 'object_id'] },
  { name: 'directory_delta', key: ['source_id', 'kind'] },
  { name: 'identity_providers', key: ['id'], serial: true },
  { name: 'accounts', key: ['id'], serial: true },
  { name: 'account_selections', key: ['user_id'] },
  { name: 'account_user_access', key: ['account_id', 'user_id'] },
  { name: 'account_group_access', key: ['account_id', 'group_id'] },
  { name: 'printers', key: ['id'], serial: true },
  { name: 'printer_size_costs', key: ['printer_id', 'size'] },
  { name: 'printer_access_groups', key: ['printer_id', 'group_id'] },
  { name: 'printer_labels', key: ['printer_id', 'label'] },
  { name: 'jobs', key: ['id'], serial: true },
  { name: 'ledger', key: ['id'], serial: true },
  { name: 'group_settings', key: ['group_id'] },
  { name: 'quota_allocations', key: ['group_id', 'period'] },
];

/**
 * Left out on purpose, all transient: the migration bookkeeping (the header lists the migrations
 * instead), a running sync's staging rows and lease, scheduled-sync slots (a restored database
 * must not replay the ticks that were pending when the backup was made), sign-in throttle
 * counters, single sign-on redirects in flight (minutes long) and the servers seen running. A restore empties them too,
 * except server_instances, which the running servers keep refreshing.
 */
export const TRANSIENT_TABLES: readonly string[] = [
  'kysely_migration',
  'kysely_migration_lock',
  'sync_stage_users',
  'sync_stage_groups',
  'sync_stage_members',
  'sync_stage_memberships',
  'directory_mirror_stage',
  'sync_leases',
  'sync_schedule_slots',
  'throttle',
  'sso_requests',
  'server_instances',
];
const CLEARED_ON_RESTORE = TRANSIENT_TABLES.filter(
  (t) => !t.startsWith('kysely_') && t !== 'server_instances',
);

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  quireVersion: string;
  databaseKind: DatabaseKind;
  migrations: string[];
}

const PAGE = 1000;
/** Rows per INSERT: 25 columns × 200 stays far below both databases' bound-parameter limits. */
const INSERT_BATCH = 200;

type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Row = Record<string, unknown>;

/**
 * Every table of the schema must be either backed up or declared transient: a table added by a
 * new migration and forgotten here stops the backup instead of silently missing from it.
 */
async function checkTablesListed(db: Kysely<DB>): Promise<Set<string>> {
  const known = new Set([...BACKUP_TABLES.map((t) => t.name), ...TRANSIENT_TABLES]);
  const tables = (await db.introspection.getTables({ withInternalKyselyTables: true })).map((t) => t.name);
  const unlisted = tables.filter((name) => !known.has(name) && !name.startsWith('sqlite_'));
  if (unlisted.length > 0)
    throw new Error(
      `table ${unlisted.join(', ')} is neither backed up nor declared transient (src/db/backup.ts)`,
    );
  return new Set(tables);
}

/** Reads one table a page at a time in primary-key order (keyset paging: no OFFSET rescans). */
async function* readTable(trx: Transaction<DB>, table: TableSpec): AsyncGenerator<Row> {
  const db = trx as unknown as AnyDb;
  let after: unknown[] | null = null;
  for (;;) {
    let query = db.selectFrom(table.name).selectAll();
    if (after) {
      const last = after;
      // A row-value comparison, which both databases evaluate in the same order as ORDER BY.
      query = query.where(
        sql<boolean>`(${sql.join(table.key.map((column) => sql.ref(column)))}) > (${sql.join(last)})`,
      );
    }
    for (const column of table.key) query = query.orderBy(column);
    const rows = (await query.limit(PAGE).execute()) as Row[];
    yield* rows;
    if (rows.length < PAGE) return;
    const lastRow = rows[rows.length - 1]!;
    after = table.key.map((column) => lastRow[column]);
  }
}

/** Writes a backup of `database` to `file` (replacing it only once the backup is complete). */
export async function writeBackup(
  database: Database,
  file: string,
  options: { quireVersion: string; now?: Date },
): Promise<{ rows: Record<string, number> }> {
  // An older schema (before a migration that added a table) simply has fewer tables to read.
  const present = await checkTablesListed(database.db);
  const tables = BACKUP_TABLES.filter((t) => present.has(t.name));
  const tmp = `${file}.tmp`;
  const counts: Record<string, number> = {};
  const snapshot = database.db.transaction();
  const reading =
    database.kind === 'postgres'
      ? snapshot.setIsolationLevel('repeatable read').setAccessMode('read only')
      : snapshot;
  try {
    await reading.execute(async (trx) => {
      const { applied } = await migrationStatus({ ...database, db: trx });
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        createdAt: (options.now ?? new Date()).toISOString(),
        quireVersion: options.quireVersion,
        databaseKind: database.kind,
        migrations: applied,
      };
      async function* lines(): AsyncGenerator<string> {
        yield `${JSON.stringify(header)}\n`;
        for (const table of tables) {
          counts[table.name] = 0;
          for await (const row of readTable(trx, table)) {
            counts[table.name]! += 1;
            yield `${JSON.stringify({ table: table.name, row })}\n`;
          }
        }
        yield `${JSON.stringify({ end: true, rows: counts })}\n`;
      }
      // 0600 from the first byte: the file holds password hashes and directory secrets.
      const out = createWriteStream(tmp, { mode: 0o600 });
      await once(out, 'open');
      await chmod(tmp, 0o600); // an existing FILE.tmp keeps its old mode otherwise
      await pipeline(lines(), createGzip(), out);
    });
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  return { rows: counts };
}

/** Reads a backup's lines; a damaged gzip stream surfaces as a clear error. */
async function* readLines(file: string): AsyncGenerator<string> {
  const gunzip = createGunzip();
  const input = createReadStream(file).on('error', (error) => gunzip.destroy(error));
  // Iterating the gunzip stream itself (not readline over it) is what makes a damaged or cut
  // gzip stream reject here, instead of surfacing as an unhandled stream error.
  const decoder = new StringDecoder('utf8');
  let pending = '';
  try {
    for await (const chunk of input.pipe(gunzip) as AsyncIterable<Buffer>) {
      const parts = (pending + decoder.write(chunk)).split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) if (line !== '') yield line.replace(/\r$/, '');
    }
    pending += decoder.end();
    if (pending !== '') yield pending.replace(/\r$/, '');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES')
      throw new Error(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
    throw new Error(`${file} is not a complete Quire backup (${(error as Error).message})`, {
      cause: error,
    });
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

function parseLine(file: string, line: string, number: number): Row {
  try {
    const value: unknown = JSON.parse(line);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Row;
  } catch {
    // reported below
  }
  throw new Error(`${file} is not a complete Quire backup (line ${number} is damaged)`);
}

function parseHeader(file: string, line: string | undefined): BackupHeader {
  const header = line === undefined ? null : parseLine(file, line, 1);
  if (!header || header.format !== BACKUP_FORMAT) throw new Error(`${file} is not a Quire backup`);
  if (header.version !== BACKUP_VERSION)
    throw new Error(
      `${file} is a Quire backup of format version ${String(header.version)}, which this release cannot read`,
    );
  if (!Array.isArray(header.migrations) || !header.migrations.every((m) => typeof m === 'string'))
    throw new Error(`${file} is not a complete Quire backup (its header is damaged)`);
  return header as unknown as BackupHeader;
}

/** The backup's header, without restoring anything (for checks and messages). */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  for await (const line of readLines(file)) return parseHeader(file, line);
  return parseHeader(file, undefined);
}

/**
 * Whether this binary can load a backup made at `migrations`: the same list, or an older release's
 * list (a prefix of ours: loaded at its own level, then migrated).
 */
function schemaLevel(file: string, migrations: string[]): 'same' | 'older' {
  const isPrefix =
    migrations.length <= MIGRATION_NAMES.length && migrations.every((name, i) => MIGRATION_NAMES[i] === name);
  if (!isPrefix) {
    const newer = migrations.filter((name) => !MIGRATION_NAMES.includes(name));
    throw new ValidationError({
      file:
        newer.length > 0
          ? `${file} was made by a newer Quire release (migration ${newer.at(-1)} is unknown here); restore it with that release or a later one`
          : `${file} was made with a different set of migrations than this Quire release has; restore it with the release that made it`,
    });
  }
  return migrations.length === MIGRATION_NAMES.length ? 'same' : 'older';
}

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

/**
 * Replaces the database's contents with the backup in `file`. Refuses a database that already
 * has users unless `force`, and a backup from a newer schema; loads everything in one transaction.
 */
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

export async function restoreBackup(
  database: Database,
  file: string,
  options: { force?: boolean } = {},
): Promise<{ header: BackupHeader; rows: Record<string, number>; migrated: string[] }> {
  await refuseNewerSchema(database);
  const header = await readBackupHeader(file);
  // Before any migration runs: a refused restore leaves the database exactly as it was.
  if (!options.force) {
    const content = await contentRows(database);
    const described = Object.entries(content).map(([table, n]) => `${n} ${table.replace('_', ' ')}`);
    if (described.length > 0)
      throw new ConflictError(
        `the database already has ${described.join(', ')}; restoring would replace everything in it. Run the restore again with --force to do that`,
      );
  }
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
  const present = await checkTablesListed(database.db);

  const order = new Map(BACKUP_TABLES.map((t, i) => [t.name, i]));
  const rows: Record<string, number> = {};
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
      if (ended)
        throw new Error(`${file} is not a complete Quire backup (data after its end, line ${number})`);
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
    await resetSequences(trx, database.kind, present);
  });
  const migrated = level === 'older' ? await migrateToLatest(database) : [];
  return { header, rows, migrated };
}
