/**
 * `quire shared-account …`: PaperCut's department and project accounts from the shell.
 *
 *   quire shared-account add 'Science\Physics' --restricted
 *   quire shared-account grant Science --group Staff
 *   quire shared-account adjust Science 50 --comment 'Term budget'
 */
import type { Command } from 'commander';
import { ValidationError } from '../errors.js';
import { cliActor, print, printColumns, printFields, printJson, withApp } from './io.js';
import { amountArg, money, optionalAmountArg, yesNo } from './accounting-args.js';
import { describeCommand } from './command-list.js';

const COMMENT = ['--comment <text>', 'why (stored with the ledger row)'] as const;
const PAGE = 500;

interface Who {
  user?: string;
  group?: string;
}

/** Exactly one of --user and --group. */
function who(options: Who): Who {
  if ((options.user === undefined) === (options.group === undefined))
    throw new ValidationError({ who: 'Give --user USER or --group GROUP (one of them).' });
  return options.user !== undefined ? { user: options.user } : { group: options.group };
}

export function registerSharedAccountCommands(program: Command): void {
  const shared = program.command('shared-account').description(describeCommand('shared-account'));

  shared
    .command('add')
    .description('add a shared account; a sub-account is named "Parent\\Child"')
    .argument('<name>', 'the account name')
    .option('--restricted', 'refuse charges below zero (or below the overdraft)')
    .option('--overdraft <amount>', 'how far below zero a restricted account may go')
    .option('--pin <pin>', 'a PIN or code for the account')
    .option('--notes <text>', 'notes')
    .action(
      async (
        name: string,
        options: { restricted?: boolean; overdraft?: string; pin?: string; notes?: string },
      ) => {
        const overdraft = optionalAmountArg('--overdraft', options.overdraft);
        if (overdraft !== undefined && overdraft < 0)
          throw new ValidationError({ overdraft: '--overdraft: the overdraft must be zero or more.' });
        await withApp(async ({ services }) => {
          const row = await services.sharedAccounts.add(name, cliActor(), {
            ...(options.restricted ? { restricted: 1 as const } : {}),
            ...(overdraft !== undefined ? { overdraft } : {}),
            ...(options.pin !== undefined ? { pin: options.pin } : {}),
            ...(options.notes !== undefined ? { notes: options.notes } : {}),
          });
          print(`Added shared account ${row.name}.`);
        });
      },
    );

  shared
    .command('list')
    .description('list shared accounts: name, balance, restricted, enabled')
    .option('--json', 'print a JSON array (amounts as decimal strings)')
    .action(async (options: { json?: boolean }) => {
      await withApp(async ({ services }) => {
        const rows = [];
        for (let after: string | undefined; ;) {
          const page = await services.sharedAccounts.page(after, PAGE);
          rows.push(...page);
          if (page.length < PAGE) break;
          after = page.at(-1)!.name ?? undefined;
        }
        const shown = rows.map((row) => ({
          name: row.name ?? '',
          balance: money(row.balance),
          restricted: row.restricted === 1,
          overdraft: money(row.overdraft),
          enabled: row.enabled === 1,
        }));
        if (options.json) return printJson(shown);
        printColumns(
          shown.map((row) => [
            row.name,
            row.balance,
            row.restricted ? 'restricted' : 'unrestricted',
            row.enabled ? 'enabled' : 'disabled',
          ]),
        );
      });
    });

  shared
    .command('adjust')
    .description("add AMOUNT to a shared account's balance (negative to take)")
    .argument('<name>', 'the account name')
    .argument('<amount>', 'a decimal such as 50 or -2.5')
    .requiredOption(...COMMENT)
    .action(async (name: string, amountText: string, options: { comment: string }) => {
      const amount = amountArg('AMOUNT', amountText);
      await withApp(async ({ services }) => {
        const balance = await services.sharedAccounts.adjust(name, amount, options.comment, cliActor());
        print(
          `Adjusted ${(await services.sharedAccounts.require(name)).name}'s balance by ${money(amount)}; it is now ${money(balance)}.`,
        );
      });
    });

  shared
    .command('set')
    .description("set a shared account's balance to AMOUNT")
    .argument('<name>', 'the account name')
    .argument('<amount>', 'a decimal such as 100')
    .requiredOption(...COMMENT)
    .action(async (name: string, amountText: string, options: { comment: string }) => {
      const amount = amountArg('AMOUNT', amountText);
      await withApp(async ({ services }) => {
        await services.sharedAccounts.setBalance(name, amount, options.comment, cliActor());
        print(`Set ${(await services.sharedAccounts.require(name)).name}'s balance to ${money(amount)}.`);
      });
    });

  for (const [verb, description] of [
    ['grant', 'let a user, or the members of a group, charge the account'],
    ['revoke', 'take that access away again'],
  ] as const) {
    shared
      .command(verb)
      .description(description)
      .argument('<name>', 'the account name')
      .option('--user <user>', 'a username')
      .option('--group <group>', 'a group name')
      .action(async (name: string, options: Who) => {
        const target = who(options);
        await withApp(async ({ services }) => {
          await services.sharedAccounts[verb](name, target, cliActor());
          const account = (await services.sharedAccounts.require(name)).name;
          const whom = target.user !== undefined ? `user ${target.user}` : `group ${target.group}`;
          print(
            verb === 'grant'
              ? `Gave ${whom} access to ${account}.`
              : `Took ${whom}'s access to ${account} away.`,
          );
        });
      });
  }

  shared
    .command('remove')
    .description('delete a shared account (its jobs stay in the job log)')
    .argument('<name>', 'the account name')
    .action(async (name: string) => {
      await withApp(async ({ services }) => {
        const { name: full } = await services.sharedAccounts.require(name);
        await services.sharedAccounts.remove(name, cliActor());
        print(`Removed shared account ${full}.`);
      });
    });

  shared
    .command('show')
    .description('show one shared account')
    .argument('<name>', 'the account name')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { json?: boolean }) => {
      await withApp(async ({ services }) => {
        const row = await services.sharedAccounts.require(name);
        const access = await services.sharedAccounts.access(name);
        const shown = {
          name: row.name ?? '',
          balance: money(row.balance),
          restricted: row.restricted === 1,
          overdraft: money(row.overdraft),
          enabled: row.enabled === 1,
          users: access.users,
          groups: access.groups,
        };
        if (options.json) return printJson(shown);
        printFields([
          ['Name', shown.name],
          ['Balance', shown.balance],
          ['Restricted', yesNo(shown.restricted)],
          ['Overdraft', shown.overdraft],
          ['Enabled', yesNo(shown.enabled)],
          ['Users', shown.users.join(', ') || '-'],
          ['Groups', shown.groups.join(', ') || '-'],
        ]);
      });
    });
}
