/**
 * Applies the ordered, timestamp-named migrations in ./migrations at start-up (and from
 * `quire migrate`). The list is static so that the compiled CLI needs no file-system scan; a
 * migration's module is loaded only when it is applied.
 */
import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Database } from './database.js';

/**
 * Every migration this binary knows, in the order it is applied (a backup records the ones
 * applied): its module is ./migrations/<name>.js.
 */
export const MIGRATION_NAMES: readonly string[] = [
  '20261125T000000-initial',
  '20261125T120000-directory-sync',
  '20261125T160000-password-reset',
  '20261125T161000-self-registration',
  '20261125T162000-password-history-email-change',
  '20261125T170000-api-tokens',
  '20261125T171000-user-properties',
  '20261125T180000-graph-mirror',
  '20261125T181000-single-sign-on',
  '20261125T191000-sync-schedule-slots',
  '20261125T192000-server-instances',
  '20261202T000000-sync-stage-details',
  '20261202T010000-username-skeleton',
  '20261202T020000-user-language',
  '20261202T030000-accounting',
  '20261202T100000-ledger-by-time',
  '20261203T000000-log-indexes',
  '20261204T000000-accounts-by-balance',
  '20261205T000000-print-queues',
  '20261206T100000-printer-forwarding',
  '20261207T000000-session-areas',
  '20261208T100000-users-search',
  '20261208T110000-last-sign-in',
  '20261208T120000-account-expiry',
  '20261208T140000-api-token-expiry',
  '20261208T140500-batch-import-previews',
  '20261208T150000-two-factor',
  '20261209T090000-users-search-order',
  '20261209T100000-users-search-rows',
];
const KNOWN = new Set(MIGRATION_NAMES);

/** A migration's module, loaded only when it runs: a start that finds none pending loads none. */
const load = (name: string) => import(`./migrations/${name}.js`) as Promise<Migration>;

/** Thrown when a newer Quire release has migrated the database past what this binary knows. */
export class SchemaTooNewError extends Error {
  constructor(readonly unknown: string[]) {
    super(
      `the database has migration ${unknown.at(-1)}, which this Quire release does not know: this database was upgraded by a newer Quire release; run that release (or restore a backup made before the upgrade)`,
    );
  }
}

const provider: MigrationProvider = {
  getMigrations: async () =>
    Object.fromEntries(
      MIGRATION_NAMES.map((name): [string, Migration] => [
        name,
        {
          up: async (db) => (await load(name)).up(db),
          down: async (db) => {
            const migration = await load(name);
            if (!migration.down) throw new Error(`migration ${name} cannot be undone`);
            await migration.down(db);
          },
        },
      ]),
    ),
};

/**
 * Kysely's Migrator alone would stop on a newer schema with "corrupted migrations: previously
 * executed migration … is missing"; this says what happened and what to do instead.
 */
export async function refuseNewerSchema(database: Database): Promise<void> {
  const { unknown } = await migrationStatus(database);
  if (unknown.length > 0) throw new SchemaTooNewError(unknown);
}

export async function migrateToLatest(database: Database): Promise<string[]> {
  return migrate(database, (migrator) => migrator.migrateToLatest());
}

/** Applies the migrations up to and including `name` (never down): an older release's schema, for upgrade tests and restores. */
export async function migrateUpTo(database: Database, name: string): Promise<string[]> {
  if (!KNOWN.has(name)) throw new Error(`unknown migration ${name}`);
  const { pending } = await migrationStatus(database);
  if (!pending.includes(name)) return [];
  return migrate(database, (migrator) => migrator.migrateTo(name));
}

async function migrate(
  database: Database,
  run: (migrator: Migrator) => Promise<MigrationResultSet>,
): Promise<string[]> {
  const { pending, unknown } = await migrationStatus(database);
  if (unknown.length > 0) throw new SchemaTooNewError(unknown);
  // Nothing to apply (every start but the first after an upgrade): no migration lock to take.
  if (pending.length === 0) return [];
  const migrator = new Migrator({ db: database.db, provider });
  const { error, results } = await run(migrator);
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration ${failed} failed: ${(error as Error).message ?? String(error)}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Whether the database's schema is the one this server was built for: `pending` migrations this
 * binary would apply, `unknown` ones a newer release applied (an older binary must not run on them).
 */
export async function migrationStatus(
  database: Database,
): Promise<{ applied: string[]; pending: string[]; unknown: string[] }> {
  const rows = await database.db
    .withoutPlugins()
    .selectFrom('kysely_migration' as never)
    .select('name' as never)
    .execute()
    .catch(() => [] as { name: string }[]);
  const names = (rows as { name: string }[]).map((r) => r.name).sort();
  const applied = new Set(names);
  return {
    applied: names,
    pending: MIGRATION_NAMES.filter((name) => !applied.has(name)),
    unknown: [...applied].filter((name) => !KNOWN.has(name)),
  };
}
