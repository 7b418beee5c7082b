/**
 * `quire user import FILE --format …`: PaperCut's batch user import from the command line. The
 * report goes to stdout, every rejected line to stderr as `line N: reason`; the exit status is 1
 * when any line was rejected (and then nothing was imported).
 *
 *   quire user import users.tsv --format user-update --create-new-users --preview
 *   quire user import cards.tsv --format card-numbers --overwrite-existing --json
 */
import { access } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { BATCH_FORMAT_NAMES, type BatchFormat } from '../users/batch-import.parser.js';
import type { BatchReport } from '../users/batch-import.report.js';
import { cliActor, print, printable, printFields, printJson, withApp } from './io.js';

interface ImportOptions {
  format: BatchFormat;
  createNewUsers?: boolean;
  overwriteExisting?: boolean;
  preview?: boolean;
  json?: boolean;
}

function printReport(report: BatchReport, preview: boolean): void {
  printFields([
    ['Format', report.format],
    ['Lines', String(report.lines)],
    [preview ? 'Would create' : 'Created', String(report.created)],
    [preview ? 'Would update' : 'Updated', String(report.updated)],
    ['Unchanged', String(report.unchanged)],
    ['Skipped (unknown users)', String(report.skipped)],
    ['Rejected', String(report.rejectedCount)],
    ['Ignored columns', report.ignoredColumns.join(', ') || '-'],
  ]);
  if (report.rejectedCount > 0)
    print('Nothing was imported: fix the rejected lines and import the file again.');
  else
    print(
      report.applied ? 'Imported.' : preview ? 'Preview only: nothing was changed.' : 'Nothing to change.',
    );
}

export function registerBatchImportCommands(program: Command): void {
  const user = program.commands.find((command) => command.name() === 'user');
  if (!user) throw new Error('register the user commands first');
  user
    .command('import')
    .description('batch import or update users from a PaperCut tab-separated file (all or nothing)')
    .argument('<file>', 'the tab-separated file')
    .addOption(
      new Option('--format <format>', 'the file format')
        .choices([...BATCH_FORMAT_NAMES])
        .makeOptionMandatory(),
    )
    .option('--create-new-users', 'user-update: create users the file names but Quire does not have')
    .option(
      '--overwrite-existing',
      'replace existing passwords (internal-users) and PINs (internal-users, card-numbers)',
    )
    .option('--preview', 'show what the import would do, changing nothing')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, options: ImportOptions) => {
      await access(file).catch(() => {
        throw new Error(`cannot read ${file}`);
      });
      const report = await withApp(async (app) => {
        const batch = app.services.batchImport;
        const choices = {
          createNewUsers: Boolean(options.createNewUsers),
          overwriteExisting: Boolean(options.overwriteExisting),
        };
        return options.preview
          ? batch.previewFile(file, options.format, choices)
          : batch.importFile(file, options.format, choices, cliActor());
      });
      if (options.json) printJson(report);
      else printReport(report, Boolean(options.preview));
      for (const { line, reason } of report.rejected)
        process.stderr.write(`line ${line}: ${printable(reason)}\n`);
      if (report.rejectedCount > report.rejected.length)
        process.stderr.write(`… and ${report.rejectedCount - report.rejected.length} more rejected lines\n`);
      // runCli turns this into `quire: …` on stderr and exit status 1.
      if (report.rejectedCount > 0)
        throw new Error(`${report.rejectedCount} line(s) rejected; nothing was imported.`);
    });
}
