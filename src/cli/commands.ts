/**
 * The CLI's top-level commands, and the module that defines each: `quire` loads only the module of
 * the command it runs (`quire user show alice` loads user.commands.ts and what it imports, never
 * the backup code, the directory kinds or the XML-RPC codec), and `quire --help` loads none — it
 * lists the commands from the words below.
 *
 *   const program = new Command('quire');
 *   await addCommands(program, 'user');   // `user` fully defined; every other command listed only
 */
import type { Command } from 'commander';

interface CommandModule {
  /** The top-level commands the module defines, each with its help line (usage, description). */
  commands: ReadonlyArray<readonly [name: string, usage: string, description: string]>;
  load(): Promise<(program: Command) => void>;
}

const MODULES: readonly CommandModule[] = [
  {
    commands: [['user', '', 'create, inspect and change users']],
    load: async () => {
      const [users, batch] = await Promise.all([
        import('./user.commands.js'),
        import('./batch-import.commands.js'),
      ]);
      return (program) => {
        users.registerUserCommands(program);
        batch.registerBatchImportCommands(program);
      };
    },
  },
  {
    commands: [
      ['source', '', 'directory sources that users are synchronized from'],
      [
        'sync',
        '[options]',
        'synchronize users from one directory source, or from every source in order (primary first)',
      ],
    ],
    load: async () => (await import('./source.commands.js')).registerSourceCommands,
  },
  {
    commands: [
      [
        'server-command',
        '<verb> [args...]',
        "PaperCut's server-command verbs (user-exists, list-user-accounts, get-user-property, …); see docs/cli.md",
      ],
    ],
    load: async () => (await import('./server-command.commands.js')).registerServerCommand,
  },
  {
    commands: [['api-token', '', 'create, list and revoke API tokens (XML-RPC web services, REST API)']],
    load: async () => (await import('./api-token.commands.js')).registerApiTokenCommands,
  },
  {
    commands: [
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
    ],
    load: async () => (await import('./backup.commands.js')).registerDatabaseCommands,
  },
  {
    commands: [
      ['account', '', "a user's balance, restriction and transactions"],
      ['accounts', '', 'checks over every account'],
    ],
    load: async () => (await import('./account.commands.js')).registerAccountCommands,
  },
  {
    commands: [
      [
        'shared-account',
        '',
        'shared (department and project) accounts: add, list, adjust, set, grant, revoke, remove',
      ],
    ],
    load: async () => (await import('./shared-account.commands.js')).registerSharedAccountCommands,
  },
  {
    commands: [['printer', '', 'printers: names, costs, enabled']],
    load: async () => (await import('./printer.commands.js')).registerPrinterCommands,
  },
  {
    commands: [['queue', '', 'Find-Me queues: jobs released to a printer of your choice']],
    load: async () => (await import('./queue.commands.js')).registerQueueCommands,
  },
  {
    commands: [['job', '', 'record jobs, read the job log, refund; list, release and cancel held jobs']],
    load: async () => (await import('./job.commands.js')).registerJobCommands,
  },
  {
    commands: [['group', '', "groups' quotas and initial settings for new users"]],
    load: async () => (await import('./group.commands.js')).registerGroupCommands,
  },
];

const BY_NAME: ReadonlyMap<string, { usage: string; description: string }> = new Map(
  MODULES.flatMap((module) =>
    module.commands.map(([name, usage, description]) => [name, { usage, description }] as const),
  ),
);

/** The description of a top-level command, for the module that defines it. */
export function describeCommand(name: string): string {
  const entry = BY_NAME.get(name);
  if (!entry) throw new Error(`${name} is not listed in src/cli/commands.ts`);
  return entry.description;
}

/**
 * Adds every top-level command to `program`: the one named `wanted` (and those defined with it)
 * in full, the others as help lines only, in the order above.
 */
export async function addCommands(program: Command, wanted: string | undefined): Promise<void> {
  const module = MODULES.find((m) => m.commands.some(([name]) => name === wanted));
  const loaded = new Set(module?.commands.map(([name]) => name));
  const register = module ? await module.load() : undefined;
  // Commander lists subcommands in the order they were added: keep the order of MODULES.
  for (const candidate of MODULES) {
    if (candidate === module) register!(program);
    else
      for (const [name, , description] of candidate.commands)
        if (!loaded.has(name)) program.command(name).description(description);
  }
}

/** The help line's first column for a top-level command: its name and usage. */
export function commandTerm(command: Command): string | undefined {
  const entry = command.parent?.parent ? undefined : BY_NAME.get(command.name());
  return entry && [command.name(), entry.usage].filter(Boolean).join(' ');
}
