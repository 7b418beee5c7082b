/**
 * `quire account …` and `quire accounts verify`: a user's balance from the shell, and the proof
 * that every balance equals the sum of its ledger rows.
 *
 *   quire account adjust alice 5 --comment 'Top-up'
 *   quire account show alice --json
 *   quire accounts verify   # exit 1 and a line per account when a balance differs
 */
import type { Command } from 'commander';
import { ValidationError } from '../errors.js';
import { cliActor, positiveInteger, print, printColumns, printFields, printJson, withApp } from './io.js';
import { amountArg, money, yesNo } from './accounting-args.js';
import { describeCommand } from './command-list.js';

const COMMENT = ['--comment <text>', 'why (stored with the ledger row)'] as const;

export function registerAccountCommands(program: Command): void {
  const account = program.command('account').description(describeCommand('account'));

  account
    .command('show')
    .description("show a user's balance, restriction, overdraft and account selection")
    .argument('<user>', 'username')
    .option('--json', 'print JSON (amounts as decimal strings)')
    .action(async (name: string, options: { json?: boolean }) => {
      await withApp(async ({ services }) => {
        const { username, account: row } = await services.accounts.accountOf(name);
        const selection = await services.accounts.selection(username);
        const shown = {
          username,
          balance: money(row.balance),
          restricted: row.restricted === 1,
          overdraft: money(row.overdraft),
          enabled: row.enabled === 1,
          selection,
        };
        if (options.json) return printJson(shown);
        printFields([
          ['Username', username],
          ['Balance', shown.balance],
          ['Restricted', yesNo(shown.restricted)],
          ['Overdraft', shown.overdraft],
          ['Printing enabled', yesNo(shown.enabled)],
          [
            'Account selection',
            selection.sharedAccount ? `${selection.mode} (${selection.sharedAccount})` : selection.mode,
          ],
        ]);
      });
    });

  account
    .command('adjust')
    .description("add AMOUNT to a user's balance (negative to take), with a ledger row")
    .argument('<user>', 'username')
    .argument('<amount>', 'a decimal such as 5 or -1.25')
    .requiredOption(...COMMENT)
    .action(async (name: string, amountText: string, options: { comment: string }) => {
      const amount = amountArg('AMOUNT', amountText);
      await withApp(async ({ services }) => {
        await services.accounts.adjust(name, amount, options.comment, cliActor());
        const { username, account: row } = await services.accounts.accountOf(name);
        print(`Adjusted ${username}'s balance by ${money(amount)}; it is now ${money(row.balance)}.`);
      });
    });

  account
    .command('set')
    .description("set a user's balance to AMOUNT (the difference is one ledger row)")
    .argument('<user>', 'username')
    .argument('<amount>', 'a decimal such as 10 or 2.50')
    .requiredOption(...COMMENT)
    .action(async (name: string, amountText: string, options: { comment: string }) => {
      const amount = amountArg('AMOUNT', amountText);
      await withApp(async ({ services }) => {
        await services.accounts.setBalance(name, amount, options.comment, cliActor());
        const { username } = await services.accounts.accountOf(name);
        print(`Set ${username}'s balance to ${money(amount)}.`);
      });
    });

  account
    .command('transactions')
    .description(
      "list a user's transactions, newest first: id, time, type, amount, balance after, actor, comment",
    )
    .argument('<user>', 'username')
    .option('--limit <n>', 'at most this many (default 100)', positiveInteger)
    .option('--json', 'print a JSON array')
    .action(async (name: string, options: { limit?: number; json?: boolean }) => {
      await withApp(async ({ services }) => {
        const rows = await services.accounts.transactions(name, options.limit ?? 100);
        const shown = rows.map((row) => ({
          id: row.id,
          at: row.created_at,
          type: row.type,
          amount: money(row.amount),
          balanceAfter: money(row.balance_after),
          actor: row.actor,
          comment: row.comment,
          jobId: row.job_id,
        }));
        if (options.json) return printJson(shown);
        printColumns(
          shown.map((row) => [
            String(row.id),
            row.at,
            row.type,
            row.amount,
            row.balanceAfter,
            row.actor,
            row.comment,
          ]),
        );
      });
    });

  program
    .command('accounts')
    .description(describeCommand('accounts'))
    .command('verify')
    .description('check that every balance equals the sum of its ledger rows (exit 1 if one does not)')
    .action(async () => {
      await withApp(async ({ services }) => {
        const wrong = await services.accounts.verify();
        if (wrong.length === 0) {
          const count = await services.accounts.count();
          print(`All ${count} balances equal the sum of their ledger rows.`);
          return;
        }
        // Each account on its own `quire:` line, exit status 1.
        throw new ValidationError(
          Object.fromEntries(
            wrong.map((row) => [
              String(row.account_id),
              `account ${row.account_id}: balance ${money(row.balance)}, but its ledger rows sum to ${money(row.ledger_sum)}`,
            ]),
          ),
        );
      });
    });
}
