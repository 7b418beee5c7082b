/**
 * `quire printer …`: printers as accounting objects — names, cost model, enabled.
 *
 *   quire printer add library --server ps1 --cost-per-page 0.10 --colour-cost 0.50 --duplex-discount 20
 *   quire printer set library --size-cost A3=0.20/1.00 --location 'Library, ground floor'
 *   quire printer list --json
 */
import type { Command } from 'commander';
import type { PrinterSettings, SizeCost } from '../printers/printers.repository.js';
import { ValidationError } from '../errors.js';
import { cliActor, print, printColumns, printJson, withApp } from './io.js';
import { amountArg, money, optionalAmountArg, wholeArg } from './accounting-args.js';

const PAGE = 500;

interface CostOptions {
  server?: string;
  costPerPage?: string;
  colourCost?: string;
  duplexDiscount?: string;
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
  return settings;
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

export function registerPrinterCommands(program: Command): void {
  const printer = program.command('printer').description('printers: names, costs, enabled');

  printer
    .command('add')
    .description('add a printer (colour pages cost --cost-per-page unless --colour-cost is given)')
    .argument('<name>', 'the queue name')
    .option('--server <server>', "the print server's name (default: this machine's)")
    .option('--cost-per-page <amount>', 'grayscale price of one page')
    .option('--colour-cost <amount>', 'colour price of one page')
    .option('--duplex-discount <percent>', 'percent off each page printed on both sides')
    .action(async (name: string, options: CostOptions) => {
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
      'list printers: server\\queue, grayscale and colour price per page, duplex discount, enabled',
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
          ]),
        );
      });
    });

  printer
    .command('set')
    .description("change a printer's costs, names or state (only the options given change)")
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
    .action(async (name: string, options: SetOptions) => {
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
