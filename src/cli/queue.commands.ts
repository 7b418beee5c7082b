/**
 * `quire queue …`: Find-Me queues, whose jobs are held and released to whichever member printer
 * the user chooses (costed at that printer's rates). Printers' own queue settings are on
 * `quire printer add|set` (--destination, --hold, --auth).
 *
 *   quire queue add-find-me anywhere --printers 'ps1\library,ps1\lab'
 *   quire queue set-members anywhere --printers library,lab,annex
 */
import type { Command } from 'commander';
import { fullName } from '../print/queues.service.js';
import { cliActor, print, withApp } from './io.js';
import { describeCommand } from './command-list.js';

/** `A,B` → ['A', 'B']: printer names never hold a comma's neighbours' spaces. */
const names = (list: string) =>
  list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);

export function registerQueueCommands(program: Command): void {
  const queue = program.command('queue').description(describeCommand('queue'));

  queue
    .command('add-find-me')
    .description('add a Find-Me queue: its jobs are held until released to one of its printers')
    .argument('<name>', 'the queue name (clients print to /printers/NAME)')
    .requiredOption('--printers <list>', 'its member printers, comma-separated (server\\queue or queue)')
    .option('--server <server>', "the print server's name (default: this machine's)")
    .action(async (name: string, options: { printers: string; server?: string }) => {
      await withApp(async ({ services }) => {
        const added = await services.queues.addFindMe(
          { name, server: options.server, printers: names(options.printers) },
          cliActor(),
        );
        const members = (await services.queues.members(added.id)).map(fullName);
        print(`Added Find-Me queue ${fullName(added)} (printers: ${members.join(', ')}).`);
        print(`Clients print to ${services.queues.urls(added.name).ipp}`);
      });
    });

  queue
    .command('set-members')
    .description("replace a Find-Me queue's printers")
    .argument('<name>', 'the Find-Me queue')
    .requiredOption('--printers <list>', 'its member printers, comma-separated')
    .action(async (name: string, options: { printers: string }) => {
      await withApp(async ({ services }) => {
        const members = await services.queues.setMembers(name, names(options.printers), cliActor());
        print(`Find-Me queue ${name} prints on ${members.join(', ')}.`);
      });
    });
}
