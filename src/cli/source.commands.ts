/**
 * `quire source …` and `quire sync`: directory sources and synchronizing users from them.
 *
 *   quire source add-custom --name 'Corporate Directory' --program /opt/dir/users.sh --auth-program /opt/dir/auth.sh
 *   quire sync --dry-run
 */
import type { Command } from 'commander';
import type { SourceRow } from '../db/schema.js';
import { SOURCE_KIND_LABELS } from '../directory/sources.service.js';
import { NotFoundError } from '../errors.js';
import type { SyncReport } from '../sync/sync.service.js';
import { cliActor, print, printColumns, printJson, printable, withApp } from './io.js';

/**
 * The fields of a source that may be shown. Chosen one by one, never the stored config as a whole:
 * the LDAP and cloud sources to come keep bind passwords and client secrets there.
 */
function presentSource(source: SourceRow) {
  const config = JSON.parse(source.config) as Record<string, unknown>;
  return {
    id: source.id,
    name: source.name,
    kind: source.kind,
    kindLabel: SOURCE_KIND_LABELS[source.kind] ?? source.kind,
    ...(source.kind === 'custom' ? { program: config.program as string, authProgram: (config.authProgram as string | null) ?? null } : {}),
    createdAt: source.created_at,
  };
}

function printReport(report: SyncReport): void {
  print(`${printable(report.source)}: ${report.status}${report.dryRun ? ' (dry run: nothing was changed)' : ''}`);
  print(`  added ${report.added}, updated ${report.updated}, unchanged ${report.unchanged}, errors ${report.errors}`);
  if (report.message) print(`  ${printable(report.message)}`);
  for (const line of report.lines) print(`  ${line.kind.padEnd(8)} ${printable(line.username)}${line.detail ? `  ${printable(line.detail)}` : ''}`);
}

export function registerSourceCommands(program: Command): void {
  const source = program.command('source').description('directory sources that users are synchronized from');

  source
    .command('add-custom')
    .description('add a custom user/auth program source (PaperCut-compatible protocol)')
    .requiredOption('--name <name>', 'display name, such as "Corporate Directory"')
    .requiredOption('--program <path>', 'absolute path of the user directory program')
    .option('--auth-program <path>', 'absolute path of the authentication program')
    .action(async (options: { name: string; program: string; authProgram?: string }) => {
      await withApp(async ({ services }) => {
        const row = await services.sources.addCustom(options, cliActor());
        print(`Added directory source "${printable(row.name)}". Try it with: quire sync --source NAME --dry-run`);
      });
    });

  source
    .command('list')
    .description('list directory sources: name, kind, program')
    .option('--json', 'print a JSON array')
    .action(async (options: { json?: boolean }) => {
      await withApp(async ({ services }) => {
        const sources = (await services.sources.list()).map(presentSource);
        if (options.json) printJson(sources);
        else printColumns(sources.map((s) => [s.name, s.kindLabel, s.program ?? '']));
      });
    });

  program
    .command('sync')
    .description('synchronize users from one directory source, or from every source in order')
    .option('--source <name>', 'only this source')
    .option('--dry-run', 'show what would change and change nothing')
    .action(async (options: { source?: string; dryRun?: boolean }) => {
      await withApp(async ({ services }) => {
        const run = { dryRun: Boolean(options.dryRun), actor: cliActor() };
        let reports: SyncReport[];
        if (options.source === undefined) {
          reports = await services.sync.runAll(run);
          if (reports.length === 0) print('No directory sources are configured; nothing to synchronize.');
        } else {
          const row = await services.sources.findByName(options.source);
          if (!row) throw new NotFoundError(`No directory source named "${options.source}".`);
          reports = [await services.sync.run(row, run)];
        }
        reports.forEach(printReport);
        const failed = reports.filter((r) => r.status === 'failed');
        if (failed.length > 0) throw new Error(`synchronization failed for ${failed.map((r) => `"${r.source}"`).join(', ')}`);
      });
    });
}
