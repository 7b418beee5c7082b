/**
 * `quire api-token …`: tokens for the XML-RPC web services and the REST API. `create` prints the
 * token alone on stdout, once, so a script can capture it:
 *
 *   TOKEN=$(quire api-token create --name provisioning --scope users:read --scope users:write)
 *   quire api-token create --name term-project --scope xmlrpc --expires 2027-06-30
 *   quire api-token list --json
 *   quire api-token revoke provisioning
 */
import type { Command } from 'commander';
import { API_SCOPES, SCOPE_NAMES } from '../api-tokens/api-tokens.service.js';
import { cliActor, print, printColumns, printJson, withApp } from './io.js';
import { describeCommand } from './command-list.js';

export function registerApiTokenCommands(program: Command): void {
  const apiToken = program.command('api-token').description(describeCommand('api-token'));

  apiToken
    .command('create')
    .description('create a token and print it on stdout; it is shown only this once')
    .requiredOption('--name <name>', 'a unique label: who or what uses the token')
    // No default scope: a token gets exactly what was asked for. Checked by the service (status 1
    // with its message), not by commander, which would print the scope list after its error.
    .option(
      '--scope <scope...>',
      `what the token may do (repeatable; at least one):\n${SCOPE_NAMES.map((scope) => `  ${scope}: ${API_SCOPES[scope]}`).join('\n')}`,
    )
    .option(
      '--expires <date>',
      'the last day the token works, YYYY-MM-DD in the organisation’s time zone (default: it does not expire)',
    )
    .action(async (options: { name: string; scope?: string[]; expires?: string }) => {
      await withApp(async ({ services }) => {
        const { token, row } = await services.apiTokens.create(
          { name: options.name, scopes: options.scope ?? [], expires: options.expires },
          cliActor(),
        );
        // Nothing else on stdout: `TOKEN=$(quire api-token create …)` must capture the token alone.
        print(token);
        process.stderr.write(
          `Created API token "${row.name}" (${row.scopes.join(' ')}${row.expiresAt ? `; expires ${row.expiresAt}` : ''}). Store it now: it is not stored in Quire and will not be shown again.\n`,
        );
      });
    });

  apiToken
    .command('list')
    .description(
      'list tokens, one a line: name, scopes, created, created by, last used, active|revoked|expired, expires (never a secret)',
    )
    .option('--json', 'print a JSON array')
    .action(async (options: { json?: boolean }) => {
      await withApp(async ({ services }) => {
        const tokens = await services.apiTokens.list();
        if (options.json) return printJson(tokens);
        // One token a line, no header, like `quire user list`: name, scopes, created, created by, last
        // used, status, expiry (last, so scripts reading the first six columns are unaffected).
        printColumns(
          tokens.map((t) => [
            t.name,
            t.scopes.join(','),
            t.createdAt,
            t.createdBy,
            t.lastUsedAt ?? 'never',
            t.status,
            t.expiresAt ?? 'never',
          ]),
        );
      });
    });

  apiToken
    .command('revoke')
    .description('revoke a token for good: calls with it are refused from now on')
    .argument('<name>', 'the token name (or id)')
    .action(async (name: string) => {
      await withApp(async ({ services }) => {
        const revoked = await services.apiTokens.revoke(name, cliActor());
        print(`Revoked API token ${revoked.name}.`);
      });
    });
}
