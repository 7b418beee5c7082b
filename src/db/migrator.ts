/**
 * Applies the ordered, timestamp-named migrations in ./migrations at start-up (and from
 * `quire migrate`). The list is static so that the compiled CLI needs no file-system scan.
 */
import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Database } from './database.js';
import * as initial from './migrations/20261125T000000-initial.js';
import * as directorySync from './migrations/20261125T120000-directory-sync.js';
import * as passwordReset from './migrations/20261125T160000-password-reset.js';
import * as selfRegistration from './migrations/20261125T161000-self-registration.js';
import * as passwordHistoryEmailChange from './migrations/20261125T162000-password-history-email-change.js';
import * as apiTokens from './migrations/20261125T170000-api-tokens.js';
import * as userProperties from './migrations/20261125T171000-user-properties.js';
import * as graphMirror from './migrations/20261125T180000-graph-mirror.js';
import * as singleSignOn from './migrations/20261125T181000-single-sign-on.js';
import * as syncScheduleSlots from './migrations/20261125T191000-sync-schedule-slots.js';
import * as serverInstances from './migrations/20261125T192000-server-instances.js';
import * as syncStageDetails from './migrations/20261202T000000-sync-stage-details.js';
import * as usernameSkeleton from './migrations/20261202T010000-username-skeleton.js';
import * as userLanguage from './migrations/20261202T020000-user-language.js';
import * as accounting from './migrations/20261202T030000-accounting.js';
import * as ledgerByTime from './migrations/20261202T100000-ledger-by-time.js';
import * as logIndexes from './migrations/20261203T000000-log-indexes.js';
import * as accountsByBalance from './migrations/20261204T000000-accounts-by-balance.js';
import * as printQueues from './migrations/20261205T000000-print-queues.js';
import * as printerForwarding from './migrations/20261206T100000-printer-forwarding.js';
import * as sessionAreas from './migrations/20261207T000000-session-areas.js';
import * as usersSearch from './migrations/20261208T100000-users-search.js';
import * as usersSearchOrder from './migrations/20261209T090000-users-search-order.js';
import * as usersSearchRows from './migrations/20261209T100000-users-search-rows.js';
import * as lastSignIn from './migrations/20261208T110000-last-sign-in.js';
import * as accountExpiry from './migrations/20261208T120000-account-expiry.js';
import * as apiTokenExpiry from './migrations/20261208T140000-api-token-expiry.js';
import * as batchImportPreviews from './migrations/20261208T140500-batch-import-previews.js';
import * as twoFactor from './migrations/20261208T150000-two-factor.js';

const MIGRATIONS: Record<string, Migration> = {
  '20261125T000000-initial': initial,
  '20261125T120000-directory-sync': directorySync,
  '20261125T160000-password-reset': passwordReset,
  '20261125T161000-self-registration': selfRegistration,
  '20261125T162000-password-history-email-change': passwordHistoryEmailChange,
  '20261125T170000-api-tokens': apiTokens,
  '20261125T171000-user-properties': userProperties,
  '20261125T180000-graph-mirror': graphMirror,
  '20261125T181000-single-sign-on': singleSignOn,
  '20261125T191000-sync-schedule-slots': syncScheduleSlots,
  '20261125T192000-server-instances': serverInstances,
  '20261202T000000-sync-stage-details': syncStageDetails,
  '20261202T010000-username-skeleton': usernameSkeleton,
  '20261202T020000-user-language': userLanguage,
  '20261202T030000-accounting': accounting,
  '20261202T100000-ledger-by-time': ledgerByTime,
  '20261203T000000-log-indexes': logIndexes,
  '20261204T000000-accounts-by-balance': accountsByBalance,
  '20261205T000000-print-queues': printQueues,
  '20261206T100000-printer-forwarding': printerForwarding,
  '20261207T000000-session-areas': sessionAreas,
  '20261208T100000-users-search': usersSearch,
  '20261208T110000-last-sign-in': lastSignIn,
  '20261208T120000-account-expiry': accountExpiry,
  '20261208T140000-api-token-expiry': apiTokenExpiry,
  '20261208T140500-batch-import-previews': batchImportPreviews,
  '20261208T150000-two-factor': twoFactor,
  '20261209T090000-users-search-order': usersSearchOrder,
  '20261209T100000-users-search-rows': usersSearchRows,
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

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

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
  await refuseNewerSchema(database);
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
