/**
 * `quire printer …`: printers as accounting objects — names, cost model, enabled — and as print
 * queues: where jobs are forwarded, whether they are held until released, how users are identified.
 *
 *   quire printer add library --server ps1 --cost-per-page 0.10 --colour-cost 0.50 --duplex-discount 20
 *   quire printer add secure --destination ipps://printer.example.org/ipp/print --hold --auth trusted
 *   quire printer set library --size-cost A3=0.20/1.00 --location 'Library, ground floor'
 *   quire printer list --json   # with each queue's ipp:// address
 */
import type { Command } from 'commander';
import type { App } from '../app.js';
import type { PrinterRow } from '../db/accounting.schema.js';
import type { PrinterSettings, SizeCost } from '../printers/printers.repository.js';
import { ValidationError } from '../errors.js';
import { QUEUE_AUTH_MODES } from '../printers/queue-settings.js';
import { fullName } from '../print/queues.service.js';
import { cliActor, print, printColumns, printJson, withApp } from './io.js';
import { amountArg, money, optionalAmountArg, wholeArg } from './accounting-args.js';
import { describeCommand } from './command-list.js';

const PAGE = 500;

interface CostOptions {
  server?: string;
  costPerPage?: string;
  colourCost?: string;
  duplexDiscount?: string;
  destination?: string;
  /** --hold / --no-hold (set); undefined when neither is given. */
  hold?: boolean;
  auth?: string;
}

interface SetOptions extends CostOptions {
  displayName?: string;
  location?: string;
  enabled?: boolean;
  disabled?: boolean;
  sizeCost?: string[];
}

function costSettings(options: CostOptions): PrinterSettings {
  const settings: PrinterSettings = {};
  const gray = optionalAmountArg('--cost-per-page', options.costPerPage);
  const color = optionalAmountArg('--colour-cost', options.colourCost);
  if (gray !== undefined) settings.cost_gray = gray;
  if (color !== undefined) settings.cost_color = color;
  if (options.duplexDiscount !== undefined) settings.duplex_discount = wholeArg(options.duplexDiscount, 0);
  if (options.destination !== undefined) settings.destination_uri = options.destination.trim();
  if (options.hold !== undefined) settings.hold_jobs = options.hold ? 1 : 0;
  if (options.auth !== undefined) {
    const mode = QUEUE_AUTH_MODES.get(options.auth.trim().toLowerCase());
    if (!mode) throw new ValidationError({ auth: `--auth: basic or trusted (not "${options.auth}").` });
    settings.auth_mode = mode;
  }
  return settings;
}

/** The queue options `printer add` and `printer set` share. */
function queueOptions(command: Command): Command {
  return command
    .option('--destination <uri>', "where jobs are forwarded: ipp:// or ipps:// ('' for not yet)")
    .option(
      '--auth <mode>',
      'how users are identified: basic (a password) or trusted (a trusted print server)',
    );
}

/** `A3=0.20/1.00` (grayscale/colour per page), or `A3=0.20` for both. */
function sizeCost(spec: string): SizeCost {
  const match = /^([^=]+)=([^/]+)(?:\/(.+))?$/.exec(spec);
  if (!match)
    throw new ValidationError({
      sizeCost: `--size-cost: write SIZE=GREY/COLOUR, e.g. A3=0.20/1.00 (not "${spec}").`,
    });
  const gray = amountArg('--size-cost', match[2]!);
  return {
    size: match[1]!.trim(),
    cost_gray: gray,
    cost_color: match[3] === undefined ? gray : amountArg('--size-cost', match[3]),
  };
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** A printer as a queue: what `printer list` shows besides its costs. */
async function queueOf(services: App['services'], row: PrinterRow) {
  const urls = services.queues.urls(row.name);
  return {
    kind: row.kind,
    destination: row.destination_uri,
    holdJobs: row.kind === 'find-me' || row.hold_jobs === 1,
    auth: row.auth_mode,
    queueUrl: urls.ipp,
    secureQueueUrl: urls.ipps,
    ...(row.kind === 'find-me' ? { members: (await services.queues.members(row.id)).map(fullName) } : {}),
  };
}

export function registerPrinterCommands(program: Command): void {
  const printer = program.command('printer').description(describeCommand('printer'));

  queueOptions(
    printer
      .command('add')
      .description('add a printer (colour pages cost --cost-per-page unless --colour-cost is given)')
      .argument('<name>', 'the queue name')
      .option('--server <server>', "the print server's name (default: this machine's)")
      .option('--cost-per-page <amount>', 'grayscale price of one page')
      .option('--colour-cost <amount>', 'colour price of one page')
      .option('--duplex-discount <percent>', 'percent off each page printed on both sides')
      .option('--hold', 'hold jobs until released (secure print)'),
  ).action(async (name: string, options: CostOptions) => {
    const settings = costSettings(options);
    if (settings.cost_color === undefined && settings.cost_gray !== undefined)
      settings.cost_color = settings.cost_gray;
    await withApp(async ({ services }) => {
      const row = await services.printers.add({ server: options.server, name, ...settings }, cliActor());
      print(`Added printer ${row.server_name}\\${row.name}.`);
    });
  });

  printer
    .command('list')
    .description(
      'list printers: server\\queue, grey and colour price per page, duplex discount, enabled, what the queue does (direct, hold or find-me), its ipp:// address',
    )
    .option('--json', 'print a JSON array (amounts as decimal strings)')
    .action(async (options: { json?: boolean }) => {
      await withApp(async ({ services }) => {
        const rows = [];
        for (let offset = 0; ; offset += PAGE) {
          const page = await services.printers.list(offset, PAGE);
          rows.push(...page);
          if (page.length < PAGE) break;
        }
        const shown = [];
        for (const row of rows) {
          const details = await services.printers.details(row.server_name, row.name);
          shown.push({
            printer: `${row.server_name}\\${row.name}`,
            displayName: row.display_name,
            location: row.location,
            costPerPage: money(row.cost_gray),
            colourCost: money(row.cost_color),
            duplexDiscount: Number(row.duplex_discount),
            sizeCosts: details.sizeCosts.map((cost) => ({
              size: cost.size,
              costPerPage: money(cost.cost_gray),
              colourCost: money(cost.cost_color),
            })),
            accessGroups: details.accessGroups,
            enabled: row.enabled === 1,
            ...(await queueOf(services, row)),
          });
        }
        if (options.json) return printJson(shown);
        printColumns(
          shown.map((row) => [
            row.printer,
            row.costPerPage,
            row.colourCost,
            `${row.duplexDiscount}%`,
            row.enabled ? 'enabled' : 'disabled',
            row.kind === 'find-me' ? 'find-me' : row.holdJobs ? 'hold' : 'direct',
            row.queueUrl,
          ]),
        );
      });
    });

  queueOptions(
    printer
      .command('set')
      .description("change a printer's costs, names, state or queue (only the options given change)")
      .argument('<name>', 'the queue name')
      .option('--server <server>', 'the print server (needed when several have this queue name)')
      .option('--cost-per-page <amount>', 'grayscale price of one page')
      .option('--colour-cost <amount>', 'colour price of one page')
      .option('--duplex-discount <percent>', 'percent off each page printed on both sides')
      .option(
        '--size-cost <spec>',
        'SIZE=GREY/COLOUR per page, e.g. A3=0.20/1.00 (repeatable; replaces every size price)',
        collect,
        [],
      )
      .option('--display-name <text>', 'the name shown to users')
      .option('--location <text>', 'where the printer is')
      .option('--enabled', 'accept jobs')
      .option('--disabled', 'refuse jobs')
      .option('--hold', 'hold jobs until released')
      .option('--no-hold', 'print jobs without holding them'),
  ).action(async (name: string, options: SetOptions) => {
    if (options.enabled && options.disabled)
      throw new ValidationError({ enabled: 'Give --enabled or --disabled, not both.' });
    const settings = costSettings(options);
    if (options.displayName !== undefined) settings.display_name = options.displayName;
    if (options.location !== undefined) settings.location = options.location;
    if (options.enabled || options.disabled) settings.enabled = options.enabled ? 1 : 0;
    const sizeCosts = options.sizeCost?.length ? options.sizeCost.map(sizeCost) : undefined;
    await withApp(async ({ services }) => {
      const row = await services.printers.configure(
        options.server,
        name,
        { settings, sizeCosts },
        cliActor(),
      );
      print(`Changed printer ${row.server_name}\\${row.name}.`);
    });
  });

  printer
    .command('remove')
    .description('delete a printer (its jobs stay in the job log)')
    .argument('<name>', 'the queue name')
    .option('--server <server>', 'the print server (needed when several have this queue name)')
    .action(async (name: string, options: { server?: string }) => {
      await withApp(async ({ services }) => {
        const row = await services.printers.require(options.server, name);
        await services.printers.remove(row.server_name, row.name, cliActor());
        print(`Removed printer ${row.server_name}\\${row.name}.`);
      });
    });
}
