/**
 * The backup file's format, shared by writing (backup.ts) and restoring (backup-restore.ts): which
 * tables it holds, its header, and reading it back line by line with clear errors for a damaged,
 * truncated or foreign file (the layout is described in backup.ts).
 *
 *   const header = await readBackupHeader('/var/backups/quire.jsonl.gz'); // { migrations: […], … }
 */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import type { Kysely } from 'kysely';
import { ValidationError } from '../errors.js';
import type { DatabaseKind } from './database.js';
import { MIGRATION_NAMES } from './migrator.js';
import type { DB } from './schema.js';

export const BACKUP_FORMAT = 'quire-backup';
export const BACKUP_VERSION = 1;

export interface TableSpec {
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
  { name: 'two_factor_totp', key: ['user_id'] },
  { name: 'two_factor_recovery_codes', key: ['code_hash'] },
  { name: 'two_factor_keys', key: ['id'] },
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
  { name: 'find_me_members', key: ['queue_id', 'printer_id'] },
  { name: 'jobs', key: ['id'], serial: true },
  { name: 'ledger', key: ['id'], serial: true },
  { name: 'group_settings', key: ['group_id'] },
  { name: 'quota_allocations', key: ['group_id', 'period'] },
];

/**
 * Left out on purpose, all transient: the migration bookkeeping (the header lists the migrations
 * instead), a running sync's staging rows and lease, scheduled-sync slots (a restored database
 * must not replay the ticks that were pending when the backup was made), sign-in throttle
 * counters, single sign-on redirects in flight (minutes long), the servers seen running, and the
 * print jobs in flight (their documents are in the spool directory, which a backup does not hold;
 * their charges are in the job log), the printers' polled state, previewed batch-import
 * uploads (30 minutes long) and security-key challenges being answered (minutes long). A restore empties them too, except server_instances, which
 * the running servers keep refreshing.
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
  'print_jobs',
  'printer_status',
  'batch_import_previews',
  'batch_import_preview_parts',
  'two_factor_challenges',
];
/**
 * Kept by the database itself from the rows a backup holds, so neither backed up nor cleared:
 * quick find's trigram index, filled by triggers on users — SQLite's FTS5 table users_search with
 * its shadow tables (migration 20261208T100000), PostgreSQL's users_search_rows (20261209T100000).
 */
export const DERIVED_TABLE_PREFIX = 'users_search';
/** A directory sync's own staging tables while it runs (src/sync/sync-stage-tables.ts): transient. */
const RUN_STAGING_TABLE = /^sync_stage_[a-z]+_r[0-9]+$/;

export const CLEARED_ON_RESTORE = TRANSIENT_TABLES.filter(
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

export type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type Row = Record<string, unknown>;

/**
 * Every table of the schema must be either backed up or declared transient: a table added by a
 * new migration and forgotten here stops the backup instead of silently missing from it.
 */
export async function checkTablesListed(db: Kysely<DB>): Promise<Set<string>> {
  const known = new Set([...BACKUP_TABLES.map((t) => t.name), ...TRANSIENT_TABLES]);
  const tables = (await db.introspection.getTables({ withInternalKyselyTables: true })).map((t) => t.name);
  const unlisted = tables.filter(
    (name) =>
      !known.has(name) &&
      !name.startsWith('sqlite_') &&
      !name.startsWith(DERIVED_TABLE_PREFIX) &&
      !RUN_STAGING_TABLE.test(name),
  );
  if (unlisted.length > 0)
    throw new Error(
      `table ${unlisted.join(', ')} is neither backed up nor declared transient (src/db/backup-format.ts)`,
    );
  return new Set(tables);
}

/** Reads a backup's lines; a damaged gzip stream surfaces as a clear error. */
export async function* readLines(file: string): AsyncGenerator<string> {
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

export function parseLine(file: string, line: string, number: number): Row {
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
export function schemaLevel(file: string, migrations: string[]): 'same' | 'older' {
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
