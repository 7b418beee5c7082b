/**
 * `quire source …` and `quire sync`: directory sources and synchronizing users from them.
 *
 *   quire source add-custom --name 'Corporate Directory' --program /opt/dir/users.sh --auth-program /opt/dir/auth.sh
 *   printf '%s\n' "$BIND_PW" | quire source add-ldap --name 'Corporate AD' --preset active-directory \
 *     --url ldaps://dc1.example.org --bind-dn 'CN=quire,OU=Service,DC=example,DC=org' --bind-password-stdin --base-dn 'DC=example,DC=org'
 *   printf '%s\n' "$CLIENT_SECRET" | quire source add-entra --name 'Contoso' --tenant-id contoso.onmicrosoft.com --client-id 1b2c… --client-secret-stdin
 *   quire source add-google --name 'Example Workspace' --key-file sa.json --admin-email admin@example.org
 *   quire source set 'Corporate Directory' --program /opt/dir/users2.sh   (any field of any kind)
 *   quire source test 'Corporate AD'
 *   quire sync --dry-run
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { App } from '../app.js';
import type { SourceRow, SyncRunRow } from '../db/schema.js';
import type { CliIo } from '../directory/kind.js';
import { SOURCE_KINDS } from '../directory/kinds.js';
import { presentSource } from '../directory/source.presenter.js';
import { NotFoundError } from '../errors.js';
import type { SyncReport } from '../sync/sync-run.js';
import { registerSetCommand } from './source-set.command.js';
import {
  cliActor,
  positiveInteger,
  print,
  printColumns,
  printJson,
  printable,
  readFirstLine,
  withApp,
  withCoreApp,
} from './io.js';
import { describeCommand } from './command-list.js';

function nonNegativeInteger(raw: string): number {
  return raw === '0' ? 0 : positiveInteger(raw);
}

/** Reads a file the administrator named; a missing or unreadable one is a clear error, not a stack trace. */
function readNamedFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `cannot read the ${what} ${file} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`,
      { cause: error },
    );
  }
}

/** What a kind's `add-<kind>` command may read besides its options. */
const CLI_IO: CliIo = { readFirstLine: () => readFirstLine(), readFile: readNamedFile, positiveInteger };

function printReport(report: SyncReport): void {
  print(
    `${printable(report.source)}: ${report.status}${report.dryRun ? ' (dry run: nothing was changed)' : ''}`,
  );
  print(
    `  added ${report.added}, updated ${report.updated}, renamed ${report.renamed}, disabled ${report.disabled}, deleted ${report.deleted}, ` +
      `unchanged ${report.unchanged}, conflicts ${report.conflicts}, errors ${report.errors}`,
  );
  if (report.message) print(`  ${printable(report.message)}`);
  for (const line of report.lines)
    print(
      `  ${line.kind.padEnd(8)} ${printable(line.username)}${line.detail ? `  ${printable(line.detail)}` : ''}`,
    );
}

/** A progress line on stderr, rewritten in place on a terminal (stdout stays the report). */
function progressPrinter(sourceName: string): (phase: string, entries: number) => void {
  let last = 0;
  return (phase, entries) => {
    const now = Date.now();
    if (now - last < 500) return;
    last = now;
    const text = `${printable(sourceName)}: ${phase}, ${entries} entries read`;
    if (process.stderr.isTTY) process.stderr.write(`\r${text}\u001b[K`);
    else process.stderr.write(`${text}\n`);
  };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

async function findSource(app: App, name: string): Promise<SourceRow> {
  const row = await app.services.sources.findByName(name);
  if (!row) throw new NotFoundError(`No directory source named "${name}".`);
  return row;
}

/** Waits for a run (possibly on another server) to end, printing its progress. */
async function watchRun(app: App, runId: number): Promise<SyncRunRow> {
  for (;;) {
    const run = await app.services.sync.findRun(runId);
    if (!run) throw new NotFoundError(`There is no synchronization run #${runId}.`);
    if (run.status !== 'running') return run;
    process.stderr.write(`run #${runId}: ${run.phase}, ${run.progress} entries read\n`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

export function registerSourceCommands(program: Command): void {
  const source = program.command('source').description(describeCommand('source'));
  registerAddCommands(source);
  registerTestCommand(source);
  registerSetOptionsCommand(source);
  registerSetCommand(source);
  registerManageCommands(source);
  registerSyncCommand(program);
}

function registerAddCommands(source: Command): void {
  // One `add-<kind>` per kind in the registry; the kind says its options and how they become its input.
  for (const kind of SOURCE_KINDS.values()) {
    kind.cli
      .options(source.command(`add-${kind.name}`).description(kind.cli.description), CLI_IO)
      .action(async (options: Record<string, unknown>) => {
        // Read before the app opens: stdin and named files fail fast, before any database work.
        const input = await kind.cli.input(options, CLI_IO);
        await withApp(async ({ services }) => {
          const row = await services.sources.add(kind, input, cliActor());
          print(
            `Added directory source "${printable(row.name)}". Try it with: quire source test "${printable(row.name)}"`,
          );
        });
      });
  }
}

/** `source test`: a dry run that also shows the first users and groups found. */
function registerTestCommand(source: Command): void {
  source
    .command('test <name>')
    .description(
      'connect and bind, show the first users and groups found and what a sync would change; changes nothing',
    )
    .action(async (name: string) => {
      await withApp(async (app) => {
        const row = await findSource(app, name);
        await app.services.sources.clientFor(row).check();
        print(`Connected to "${printable(row.name)}".`);
        const report = await app.services.sync.run(row, {
          dryRun: true,
          actor: cliActor(),
          onProgress: progressPrinter(row.name),
        });
        if (report.samples.users.length) {
          print('First users found:');
          printColumns(
            report.samples.users.map((u) => [
              '  ' + u.username,
              u.full_name,
              u.email,
              u.status === 'excluded' ? '(not imported)' : '',
            ]),
          );
        }
        if (report.samples.groups.length) {
          print('First groups found:');
          printColumns(report.samples.groups.map((g) => ['  ' + g.name, `${g.members} members`]));
        }
        printReport(report);
        if (report.status !== 'succeeded') throw new Error(`the test of "${row.name}" failed`);
      });
    });
}

function registerSetOptionsCommand(source: Command): void {
  source
    .command('set-options <name>')
    .description('how a source is synchronized: users no longer listed, removal limit, schedule, which users')
    .option(
      '--missing <policy>',
      'what happens to users the directory no longer lists: keep, disable or delete',
    )
    .option(
      '--max-removals <n>',
      'most users one run may disable or delete (default 500)',
      nonNegativeInteger,
    )
    .option(
      '--max-removals-percent <p>',
      'most users one run may disable or delete, in % of the source (default 10)',
      nonNegativeInteger,
    )
    .option('--schedule <cron>', 'cron expression, e.g. "0 2 * * *"; "" for on demand only')
    .option('--import-disabled', 'import users disabled in the directory (as disabled users)')
    .option('--no-import-disabled', 'do not import users disabled in the directory')
    .option('--import-group <name>', 'import only (nested) members of this group; repeatable', collect)
    .option('--all-users', 'import every user again (clears --import-group)')
    .action(
      async (
        name: string,
        options: {
          missing?: string;
          maxRemovals?: number;
          maxRemovalsPercent?: number;
          schedule?: string;
          importDisabled?: boolean;
          importGroup?: string[];
          allUsers?: boolean;
        },
      ) => {
        await withApp(async (app) => {
          const row = await findSource(app, name);
          await app.services.sources.updateSyncOptions(
            row.id,
            {
              missingPolicy: options.missing ?? row.missing_policy,
              maxRemovals: options.maxRemovals ?? row.max_removals,
              maxRemovalsPercent: options.maxRemovalsPercent ?? row.max_removals_percent,
              schedule: options.schedule ?? row.schedule,
              importDisabled: options.importDisabled ?? row.import_disabled === 1,
              importGroups: options.allUsers
                ? []
                : (options.importGroup ?? row.import_groups.split('\n').filter(Boolean)),
            },
            cliActor(),
          );
          print(`Saved the synchronization options of "${printable(row.name)}".`);
        });
      },
    );
}

/** `source make-primary`, `remove` and `list`. */
function registerManageCommands(source: Command): void {
  source
    .command('make-primary <name>')
    .description('synchronize this source first (the others follow in their order)')
    .action(async (name: string) => {
      await withApp(async (app) => {
        const row = await findSource(app, name);
        await app.services.sources.makePrimary(row.id, cliActor());
        print(`"${printable(row.name)}" is now the primary source.`);
      });
    });

  source
    .command('remove <name>')
    .description('remove a source that no longer provides any user')
    .action(async (name: string) => {
      await withApp(async (app) => {
        const row = await findSource(app, name);
        await app.services.sources.remove(row.id, cliActor());
        print(`Removed directory source "${printable(row.name)}".`);
      });
    });

  source
    .command('list')
    .description('list directory sources: name, kind, where it reads from (primary first)')
    .option('--json', 'print a JSON array (never includes bind passwords, client secrets or keys)')
    .action(async (options: { json?: boolean }) => {
      await withCoreApp(async (app) => {
        const rows = await app.services.sources.list();
        if (options.json) printJson(rows.map((s) => presentSource(s, app.services.sources)));
        else
          printColumns(
            rows.map((row) => {
              const { kind, presented } = app.services.sources.present(row);
              return [row.name, kind.label, kind.location(presented)];
            }),
          );
      });
    });
}

function registerSyncCommand(program: Command): void {
  program
    .command('sync')
    .description(describeCommand('sync'))
    .option('--source <name>', 'only this source')
    .option('--dry-run', 'show what would change and change nothing')
    .option('--allow-removals', 'let this run disable or delete more users than the removal limit (audited)')
    .option(
      '--watch <run>',
      'follow a run started elsewhere (web page, another server) until it ends',
      positiveInteger,
    )
    .option('--cancel <run>', 'ask a running synchronization to stop; it changes nothing', positiveInteger)
    .action(
      async (options: {
        source?: string;
        dryRun?: boolean;
        allowRemovals?: boolean;
        watch?: number;
        cancel?: number;
      }) => {
        await withApp(async (app) => {
          const { services } = app;
          if (options.cancel !== undefined) {
            await services.sync.cancel(options.cancel, cliActor());
            print(`Asked run #${options.cancel} to stop; it stops before changing anything.`);
            return;
          }
          if (options.watch !== undefined) {
            const run = await watchRun(app, options.watch);
            print(`run #${run.id}: ${run.status}`);
            print(`  ${printable(run.message)}`);
            if (run.status !== 'succeeded') throw new Error(`synchronization run #${run.id} ${run.status}`);
            return;
          }
          const rows =
            options.source === undefined
              ? await services.sources.list()
              : [await findSource(app, options.source)];
          if (rows.length === 0) print('No directory sources are configured; nothing to synchronize.');
          const reports: SyncReport[] = [];
          for (const row of rows) {
            reports.push(
              await services.sync.run(row, {
                dryRun: Boolean(options.dryRun),
                overrideThreshold: Boolean(options.allowRemovals),
                actor: cliActor(),
                onProgress: progressPrinter(row.name),
              }),
            );
          }
          if (process.stderr.isTTY && reports.length) process.stderr.write('\n');
          reports.forEach(printReport);
          const failed = reports.filter((r) => r.status !== 'succeeded');
          if (failed.length > 0)
            throw new Error(`synchronization failed for ${failed.map((r) => `"${r.source}"`).join(', ')}`);
        });
      },
    );
}
