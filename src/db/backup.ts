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
 *   await restoreBackup(database, '/var/backups/quire.jsonl.gz', { force: false }); // backup-restore.ts
 *
 * The format and its reading are in backup-format.ts.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { chmod, rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { sql, type Transaction } from 'kysely';
import {
  BACKUP_FORMAT,
  BACKUP_TABLES,
  BACKUP_VERSION,
  checkTablesListed,
  type AnyDb,
  type BackupHeader,
  type Row,
  type TableSpec,
} from './backup-format.js';
import type { Database } from './database.js';
import { migrationStatus } from './migrator.js';
import type { DB } from './schema.js';

const PAGE = 1000;

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
