/**
 * Applies the ordered, timestamp-named migrations in ./migrations at start-up (and from
 * `quire migrate`). The list is static so that the compiled CLI needs no file-system scan; a
 * migration's module is loaded only when it is applied.
 */
import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Database } from './database.js';

/** Each migration's module, loaded only when it runs: a start that finds none pending loads none. */
const MIGRATIONS: Record<string, () => Promise<Migration>> = {
  '20261125T000000-initial': () => import('./migrations/20261125T000000-initial.js'),
  '20261125T120000-directory-sync': () => import('./migrations/20261125T120000-directory-sync.js'),
  '20261125T160000-password-reset': () => import('./migrations/20261125T160000-password-reset.js'),
  '20261125T161000-self-registration': () => import('./migrations/20261125T161000-self-registration.js'),
  '20261125T162000-password-history-email-change': () =>
    import('./migrations/20261125T162000-password-history-email-change.js'),
  '20261125T170000-api-tokens': () => import('./migrations/20261125T170000-api-tokens.js'),
  '20261125T171000-user-properties': () => import('./migrations/20261125T171000-user-properties.js'),
  '20261125T180000-graph-mirror': () => import('./migrations/20261125T180000-graph-mirror.js'),
  '20261125T181000-single-sign-on': () => import('./migrations/20261125T181000-single-sign-on.js'),
  '20261125T191000-sync-schedule-slots': () => import('./migrations/20261125T191000-sync-schedule-slots.js'),
  '20261125T192000-server-instances': () => import('./migrations/20261125T192000-server-instances.js'),
  '20261202T000000-sync-stage-details': () => import('./migrations/20261202T000000-sync-stage-details.js'),
  '20261202T010000-username-skeleton': () => import('./migrations/20261202T010000-username-skeleton.js'),
  '20261202T020000-user-language': () => import('./migrations/20261202T020000-user-language.js'),
  '20261202T030000-accounting': () => import('./migrations/20261202T030000-accounting.js'),
  '20261202T100000-ledger-by-time': () => import('./migrations/20261202T100000-ledger-by-time.js'),
  '20261203T000000-log-indexes': () => import('./migrations/20261203T000000-log-indexes.js'),
  '20261204T000000-accounts-by-balance': () => import('./migrations/20261204T000000-accounts-by-balance.js'),
  '20261205T000000-print-queues': () => import('./migrations/20261205T000000-print-queues.js'),
  '20261206T100000-printer-forwarding': () => import('./migrations/20261206T100000-printer-forwarding.js'),
  '20261207T000000-session-areas': () => import('./migrations/20261207T000000-session-areas.js'),
  '20261208T100000-users-search': () => import('./migrations/20261208T100000-users-search.js'),
  '20261208T110000-last-sign-in': () => import('./migrations/20261208T110000-last-sign-in.js'),
  '20261208T120000-account-expiry': () => import('./migrations/20261208T120000-account-expiry.js'),
  '20261208T140000-api-token-expiry': () => import('./migrations/20261208T140000-api-token-expiry.js'),
  '20261208T140500-batch-import-previews': () =>
    import('./migrations/20261208T140500-batch-import-previews.js'),
  '20261208T150000-two-factor': () => import('./migrations/20261208T150000-two-factor.js'),
  '20261209T090000-users-search-order': () => import('./migrations/20261209T090000-users-search-order.js'),
  '20261209T100000-users-search-rows': () => import('./migrations/20261209T100000-users-search-rows.js'),
};

/** Every migration this binary knows, oldest first: a backup records the ones applied. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS);

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
      Object.entries(MIGRATIONS).map(([name, load]): [string, Migration] => [
        name,
        {
          up: async (db) => (await load()).up(db),
          down: async (db) => {
            const migration = await load();
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
  if (!Object.hasOwn(MIGRATIONS, name)) throw new Error(`unknown migration ${name}`);
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
    pending: Object.keys(MIGRATIONS).filter((name) => !applied.has(name)),
    unknown: [...applied].filter((name) => !Object.hasOwn(MIGRATIONS, name)),
  };
}
