/**
 * `quire job …`: record a job (charged like any other, origin `cli`), read the job log, refund;
 * and for the print queues' jobs, list the held ones, release, cancel (print-job.commands.ts).
 *
 *   quire job record --user alice --printer 'ps1\library' --pages 12 --colour-pages 2 --duplex
 *   quire job list --user alice --json
 *   quire job list --held
 *   quire job refund 42 --comment 'Paper jam'
 */
import type { Command } from 'commander';
import type { JobRow } from '../db/accounting.schema.js';
import { printerPath } from '../jobs/job-log.service.js';
import { cliActor, positiveInteger, print, printColumns, printJson, withApp } from './io.js';
import { money, optionalAmountArg, wholeArg } from './accounting-args.js';
import { listHeld, registerPrintJobCommands } from './print-job.commands.js';
import { describeCommand } from './command-list.js';

interface RecordOptions {
  user: string;
  printer: string;
  pages: string;
  copies?: string;
  colourPages?: string;
  duplex?: boolean;
  paperSize?: string;
  document?: string;
  sharedAccount?: string;
}

interface ListOptions {
  held?: boolean;
  user?: string;
  printer?: string;
  account?: string;
  status?: string;
  from?: string;
  to?: string;
  limit?: number;
  json?: boolean;
}

function shownJob(job: JobRow) {
  return {
    id: job.id,
    at: job.created_at,
    user: job.username,
    printer: job.printer_name,
    account: job.account_name,
    document: job.document_name,
    pages: job.pages,
    copies: job.copies,
    totalPages: job.total_pages,
    colourPages: job.color_pages,
    duplex: job.duplex === 1,
    paperSize: job.paper_size,
    cost: money(job.cost),
    refunded: money(job.refunded),
    status: job.status,
    reason: job.reason,
    origin: job.origin,
  };
}

export function registerJobCommands(program: Command): void {
  const job = program.command('job').description(describeCommand('job'));

  job
    .command('record')
    .description("charge a job as a print queue would (priced by the printer's cost model)")
    .requiredOption('--user <user>', 'who printed')
    .requiredOption('--printer <printer>', 'server\\queue, or a queue name only one server has')
    .requiredOption('--pages <n>', 'pages of one copy')
    .option('--copies <n>', 'copies (default 1)')
    .option('--colour-pages <n>', 'pages of one copy in colour (default 0)')
    .option('--duplex', 'printed on both sides')
    .option('--paper-size <size>', "e.g. A4 (default: the printer's base prices)")
    .option('--document <name>', 'the document name')
    .option('--shared-account <name>', 'charge this shared account (the user must have access)')
    .action(async (options: RecordOptions) => {
      await withApp(async ({ services }) => {
        const { server, name } = printerPath(options.printer);
        const result = await services.charging.charge({
          username: options.user,
          server,
          printer: name,
          pages: wholeArg(options.pages, 0),
          copies: wholeArg(options.copies, 1),
          colorPages: wholeArg(options.colourPages, 0),
          duplex: Boolean(options.duplex),
          paperSize: options.paperSize ?? '',
          documentName: options.document ?? '',
          clientMachine: '',
          sharedAccount: options.sharedAccount,
          origin: 'cli',
        });
        if (result.status === 'denied') {
          // The denied job is in the log; the exit status tells a script it was not charged.
          throw new Error(`job ${result.jobId} denied: ${result.reason}`);
        }
        print(
          `Recorded job ${result.jobId}: charged ${money(result.cost)} to ${result.account}; balance now ${money(result.balance)}.`,
        );
      });
    });

  job
    .command('list')
    .description('the job log, newest first: id, time, user, printer, pages, cost, status, account, document')
    .option(
      '--held',
      'instead, the jobs held until released: id, time, user, queue, pages, cost (- on a Find-Me queue), expiry, document',
    )
    .option('--user <user>', 'jobs of this user')
    .option('--printer <printer>', 'jobs on this printer (server\\queue or queue name)')
    .option('--account <name>', "jobs charged to this shared account (or this user's personal account)")
    .option('--status <status>', 'printed, denied, refunded or cancelled')
    .option('--from <time>', 'at or after this date/time (ISO 8601)')
    .option('--to <time>', 'before this date/time (ISO 8601)')
    .option('--limit <n>', 'at most this many (default 100)', positiveInteger)
    .option('--json', 'print a JSON array (amounts as decimal strings)')
    .action(async (options: ListOptions) => {
      const { limit, json, held, ...filters } = options;
      await withApp(async ({ services }) => {
        if (held) return listHeld(services, options);
        const rows = (await services.jobLog.page(filters, limit ?? 100)).map(shownJob);
        if (json) return printJson(rows);
        printColumns(
          rows.map((row) => [
            String(row.id),
            row.at,
            row.user,
            row.printer,
            String(row.totalPages),
            row.cost,
            row.status,
            row.account,
            row.document,
          ]),
        );
      });
    });

  job
    .command('refund')
    .description("give back a job's cost (or part of it) to the account it was charged to")
    .argument('<id>', 'the job id')
    .option('--amount <amount>', 'how much (default: all that is not yet refunded)')
    .requiredOption('--comment <text>', 'why (stored with the refund row)')
    .action(async (id: string, options: { amount?: string; comment: string }) => {
      const amount = optionalAmountArg('--amount', options.amount);
      const jobId = wholeArg(id, 0);
      await withApp(async ({ services }) => {
        const refunded = await services.charging.refund(jobId, amount, options.comment, cliActor());
        print(
          `Refunded job ${refunded.id}: ${money(refunded.refunded)} of ${money(refunded.cost)} given back.`,
        );
      });
    });

  registerPrintJobCommands(job);
}
