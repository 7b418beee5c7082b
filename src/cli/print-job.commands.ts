/**
 * `quire job …` for jobs in the print queues: list the held ones, release one (to a Find-Me
 * queue's printer), cancel one. The CLI acts as an administrator: any user's job.
 *
 *   quire job list --held --json
 *   quire job release 42 --printer 'ps1\library'
 *   quire job cancel 42
 */
import type { Command } from 'commander';
import type { App } from '../app.js';
import type { HeldJob } from '../print/print-jobs.service.js';
import { money } from './accounting-args.js';
import { cliActor, positiveInteger, print, printColumns, printJson, withApp } from './io.js';

const admin = () => ({ ...cliActor(), admin: true });

function shownHeld(job: HeldJob) {
  return {
    id: job.id,
    at: job.createdAt,
    expires: job.expiresAt,
    user: job.username,
    queue: job.queue,
    document: job.documentName,
    pages: job.pages,
    colourPages: job.colorPages,
    copies: job.copies,
    sides: job.sides,
    media: job.media,
    cost: job.cost === null ? null : money(job.cost),
    message: job.stateMessage,
  };
}

/** `quire job list --held`: held jobs, newest first (a user's with --user, a queue's with --printer). */
export async function listHeld(
  services: App['services'],
  options: { user?: string; printer?: string; limit?: number; json?: boolean },
): Promise<void> {
  const rows = (
    await services.printJobs.held({
      username: options.user,
      queue: options.printer,
      limit: options.limit ?? 100,
    })
  ).map(shownHeld);
  if (options.json) return printJson(rows);
  printColumns(
    rows.map((row) => [
      String(row.id),
      row.at,
      row.user,
      row.queue,
      String(row.pages * row.copies),
      row.cost ?? '-',
      `expires ${row.expires ?? '-'}`,
      row.document,
    ]),
  );
}

export function registerPrintJobCommands(job: Command): void {
  job
    .command('release')
    .description("release a held job: it is charged now, at its printer's rates, and sent to print")
    .argument('<id>', 'the print job id (quire job list --held)', positiveInteger)
    .option('--printer <printer>', "for a Find-Me queue's job: the member printer to print on")
    .action(async (id: number, options: { printer?: string }) => {
      await withApp(async ({ services }) => {
        const result = await services.printJobs.release(id, admin(), options.printer);
        if (result.status === 'denied') {
          // Still held: the exit status tells a script nothing was charged.
          throw new Error(`job ${id} not released (still held): ${result.reason}`);
        }
        print(
          `Released job ${id} to ${result.job.releasedTo}: charged ${money(result.cost)} to ${result.account}; balance now ${money(result.balance)}.`,
        );
      });
    });

  job
    .command('cancel')
    .description('cancel a print job not yet printing (a charged one is refunded)')
    .argument('<id>', 'the print job id', positiveInteger)
    .action(async (id: number) => {
      await withApp(async ({ services }) => {
        const canceled = await services.printJobs.cancel(id, admin());
        print(
          `Cancelled job ${id}${canceled.chargedJobId === null ? '' : ` (job log ${canceled.chargedJobId} refunded)`}.`,
        );
      });
    });
}
