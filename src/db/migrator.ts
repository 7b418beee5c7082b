/**
 * Applies the ordered, timestamp-named migrations in ./migrations at start-up (and from
 * `quire migrate`). The list is static so that the compiled CLI needs no file-system scan.
 */
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
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
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export async function migrateToLatest(database: Database): Promise<string[]> {
  const migrator = new Migrator({ db: database.db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration ${failed} failed: ${(error as Error).message ?? String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Whether the database's schema is the one this server was built for: `pending` migrations this
 * binary would apply, `unknown` ones a newer release applied (an older binary must not run on them).
 */
export async function migrationStatus(database: Database): Promise<{ pending: string[]; unknown: string[] }> {
  const rows = await database.db
    .withoutPlugins()
    .selectFrom('kysely_migration' as never)
    .select('name' as never)
    .execute()
    .catch(() => [] as { name: string }[]);
  const applied = new Set((rows as { name: string }[]).map((r) => r.name));
  return {
    pending: Object.keys(MIGRATIONS).filter((name) => !applied.has(name)),
    unknown: [...applied].filter((name) => !Object.hasOwn(MIGRATIONS, name)),
  };
}
