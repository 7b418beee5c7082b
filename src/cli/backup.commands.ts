/**
 * `quire backup FILE`, `quire restore FILE [--force]` and `quire migrate [--status]`: the database
 * commands. The format and its guarantees are described in db/backup.ts.
 *
 *   quire backup /var/backups/quire-$(date +%F).jsonl.gz
 *   quire restore /var/backups/quire-2026-11-25.jsonl.gz --force
 *   quire migrate --status
 */
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { writeBackup } from '../db/backup.js';
import { restoreBackup } from '../db/backup-restore.js';
import { openDatabase, type Database } from '../db/database.js';
import { migrationStatus, SchemaTooNewError } from '../db/migrator.js';
import { QUIRE_VERSION } from '../ops/version.js';
import { cliActor, print, printColumns, withApp } from './io.js';
import { describeCommand } from './command-list.js';

const total = (rows: Record<string, number>) => Object.values(rows).reduce((sum, n) => sum + n, 0);

/** The configured database as is: no migrations applied (restore and --status decide themselves). */
async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase(config.databaseUrl, { prepare: config.databasePrepare });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

export function registerDatabaseCommands(program: Command): void {
  program
    .command('backup')
    .description(describeCommand('backup'))
    .argument('<file>', 'where to write the backup; replaced only once the new backup is complete')
    .action(async (file: string) => {
      await withApp(async ({ database, services }) => {
        const { rows } = await writeBackup(database, file, { quireVersion: QUIRE_VERSION });
        await services.audit.record({
          actor: cliActor().username,
          action: 'database.backup',
          target: file,
          ip: '',
          details: { rows: total(rows) },
        });
        print(
          `Wrote ${file}: ${rows.users ?? 0} users, ${total(rows)} rows from the ${database.kind === 'postgres' ? 'PostgreSQL' : 'SQLite'} database.`,
        );
        print('The file holds password hashes and directory secrets: keep it as safe as the database.');
      });
    });

  program
    .command('restore')
    .description(describeCommand('restore'))
    .argument('<file>', 'a backup file')
    .option('--force', 'replace a database that already has users (everything in it is deleted)')
    .action(async (file: string, options: { force?: boolean }) => {
      const { header, rows, migrated } = await withDatabase((database) =>
        restoreBackup(database, file, { force: options.force === true }),
      );
      // Recorded in the restored database, so its audit log says where its contents came from.
      await withApp(({ services }) =>
        services.audit.record({
          actor: cliActor().username,
          action: 'database.restore',
          target: file,
          ip: '',
          details: { createdAt: header.createdAt, from: header.databaseKind, rows: total(rows) },
        }),
      );
      print(
        `Restored ${file} (made ${header.createdAt} by Quire ${header.quireVersion} on ${header.databaseKind}): ${rows.users ?? 0} users, ${total(rows)} rows.`,
      );
      for (const name of migrated) print(`Applied migration ${name}.`);
    });

  program
    .command('migrate')
    .description(describeCommand('migrate'))
    .option('--status', 'only list the applied and pending migrations; change nothing')
    .action(async (options: { status?: boolean }) => {
      if (options.status) {
        await withDatabase(async (database) => {
          const { applied, pending, unknown } = await migrationStatus(database);
          printColumns([
            ['STATUS', 'MIGRATION'],
            ...applied.map((name) => [unknown.includes(name) ? 'unknown' : 'applied', name]),
            ...pending.map((name) => ['pending', name]),
          ]);
          print(
            pending.length === 0
              ? 'No migrations are pending.'
              : `${pending.length} migrations are pending: run \`quire migrate\` or start the server to apply them.`,
          );
          if (unknown.length > 0) throw new SchemaTooNewError(unknown);
        });
        return;
      }
      // createApp applies pending migrations (and refuses a newer schema); this reports what it applied.
      await withApp(async ({ migrations }) => {
        if (migrations.length === 0) print('The database is up to date; no migrations to apply.');
        for (const name of migrations) print(`Applied migration ${name}.`);
      });
    });
}
