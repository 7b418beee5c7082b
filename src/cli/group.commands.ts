/**
 * `quire group …`: what a group gives its members' accounts — a quota per period and the initial
 * settings of new users.
 *
 *   quire group set-quota Students 5 --period weekly --cap 20
 *   quire group set-initial Staff --credit 10 --restricted --overdraft 2
 */
import type { Command } from 'commander';
import { cliActor, print, withApp } from './io.js';
import { amountArg, money, optionalAmountArg } from './accounting-args.js';
import { describeCommand } from './command-list.js';

export function registerGroupCommands(program: Command): void {
  const group = program.command('group').description(describeCommand('group'));

  group
    .command('set-quota')
    .description("add AMOUNT to each member's balance every period (once across all servers)")
    .argument('<group>', 'the group name')
    .argument('<amount>', 'a decimal such as 5 (0 stops the quota)')
    .requiredOption('--period <period>', 'none, daily, weekly, monthly or cron')
    .option('--cron <expression>', 'the schedule for --period cron, e.g. "0 6 * * 1"')
    .option('--cap <amount>', 'add nothing beyond this balance')
    .action(
      async (name: string, amountText: string, options: { period: string; cron?: string; cap?: string }) => {
        const amount = amountArg('AMOUNT', amountText);
        const cap = optionalAmountArg('--cap', options.cap) ?? null;
        await withApp(async ({ services }) => {
          await services.groupAccounts.setQuota(
            name,
            { amount, period: options.period, cron: options.cron, cap },
            cliActor(),
          );
          const { name: group } = await services.groups.requireGroup(name);
          print(
            `Set the quota of ${group} to ${money(amount)} ${options.period}${cap === null ? '' : ` up to ${money(cap)}`}.`,
          );
        });
      },
    );

  group
    .command('set-initial')
    .description("set the credit, restriction and overdraft the group's new users start with")
    .argument('<group>', 'the group name')
    .option('--credit <amount>', 'initial credit (default 0)')
    .option('--restricted', 'new users are restricted (default: unrestricted)')
    .option('--overdraft <amount>', 'overdraft of a restricted new user (default 0)')
    .action(async (name: string, options: { credit?: string; restricted?: boolean; overdraft?: string }) => {
      const credit = optionalAmountArg('--credit', options.credit) ?? 0;
      const overdraft = optionalAmountArg('--overdraft', options.overdraft) ?? 0;
      await withApp(async ({ services }) => {
        await services.groupAccounts.update(
          name,
          {
            new_user_settings: 1,
            initial_credit: credit,
            initial_restricted: options.restricted ? 1 : 0,
            initial_overdraft: overdraft,
          },
          cliActor(),
        );
        const { name: group } = await services.groups.requireGroup(name);
        print(
          `New users of ${group} start with ${money(credit)}, ${options.restricted ? `restricted (overdraft ${money(overdraft)})` : 'unrestricted'}.`,
        );
      });
    });
}
