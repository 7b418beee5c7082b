/**
 * The CLI's top-level commands as `quire --help` lists them, in its order: name, usage and
 * description. Each command's module takes its description from here, and commands.ts lists the
 * commands it does not load from here, so the words are written once.
 *
 *   program.command('backup').description(describeCommand('backup'));
 */
import type { Command } from 'commander';

const TOP_LEVEL: ReadonlyArray<readonly [name: string, usage: string, description: string]> = [
  ['user', '', 'create, inspect and change users'],
  ['source', '', 'directory sources that users are synchronized from'],
  [
    'sync',
    '[options]',
    'synchronize users from one directory source, or from every source in order (primary first)',
  ],
  [
    'server-command',
    '<verb> [args...]',
    "PaperCut's server-command verbs (user-exists, list-user-accounts, get-user-property, …); see docs/cli.md",
  ],
  ['api-token', '', 'create, list and revoke API tokens (XML-RPC web services, REST API)'],
  [
    'backup',
    '<file>',
    "write a backup of the whole database to FILE (gzip'd JSON lines, mode 0600; works while servers run)",
  ],
  [
    'restore',
    '[options] <file>',
    "replace the database's contents with a backup made by `quire backup` (from SQLite or PostgreSQL)",
  ],
  ['migrate', '[options]', 'apply pending database migrations (they also run at every start)'],
  ['account', '', "a user's balance, restriction and transactions"],
  ['accounts', '', 'checks over every account'],
  [
    'shared-account',
    '',
    'shared (department and project) accounts: add, list, adjust, set, grant, revoke, remove',
  ],
  ['printer', '', 'printers: names, costs, enabled'],
  ['queue', '', 'Find-Me queues: jobs released to a printer of your choice'],
  ['job', '', 'record jobs, read the job log, refund; list, release and cancel held jobs'],
  ['group', '', "groups' quotas and initial settings for new users"],
];

const BY_NAME: ReadonlyMap<string, { usage: string; description: string }> = new Map(
  TOP_LEVEL.map(([name, usage, description]) => [name, { usage, description }] as const),
);

/** The top-level command names, in help order. */
export const TOP_LEVEL_NAMES: readonly string[] = TOP_LEVEL.map(([name]) => name);

/** The description of a top-level command, for the module that defines it. */
export function describeCommand(name: string): string {
  const entry = BY_NAME.get(name);
  if (!entry) throw new Error(`${name} is not listed in src/cli/command-list.ts`);
  return entry.description;
}

/** The help line's first column for a top-level command: its name and usage. */
export function commandTerm(command: Command): string | undefined {
  const entry = command.parent?.parent ? undefined : BY_NAME.get(command.name());
  return entry && [command.name(), entry.usage].filter(Boolean).join(' ');
}
