/**
 * Which module defines each top-level command (command-list.ts has their words): `quire` loads
 * only the module of the command it runs (`quire user show alice` loads user.commands.ts and what
 * it imports, never the backup code, the directory kinds or the XML-RPC codec), and `quire --help`
 * loads none.
 *
 *   const program = new Command('quire');
 *   await addCommands(program, 'user');   // `user` fully defined; every other command listed only
 */
import type { Command } from 'commander';
import { describeCommand, TOP_LEVEL_NAMES } from './command-list.js';

interface CommandModule {
  /** The top-level commands the module defines. */
  names: readonly string[];
  load(): Promise<(program: Command) => void>;
}

const MODULES: readonly CommandModule[] = [
  {
    names: ['user'],
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
    names: ['source', 'sync'],
    load: async () => (await import('./source.commands.js')).registerSourceCommands,
  },
  {
    names: ['server-command'],
    load: async () => (await import('./server-command.commands.js')).registerServerCommand,
  },
  {
    names: ['api-token'],
    load: async () => (await import('./api-token.commands.js')).registerApiTokenCommands,
  },
  {
    names: ['backup', 'restore', 'migrate'],
    load: async () => (await import('./backup.commands.js')).registerDatabaseCommands,
  },
  {
    names: ['account', 'accounts'],
    load: async () => (await import('./account.commands.js')).registerAccountCommands,
  },
  {
    names: ['shared-account'],
    load: async () => (await import('./shared-account.commands.js')).registerSharedAccountCommands,
  },
  { names: ['printer'], load: async () => (await import('./printer.commands.js')).registerPrinterCommands },
  { names: ['queue'], load: async () => (await import('./queue.commands.js')).registerQueueCommands },
  { names: ['job'], load: async () => (await import('./job.commands.js')).registerJobCommands },
  { names: ['group'], load: async () => (await import('./group.commands.js')).registerGroupCommands },
];

/**
 * Adds every top-level command to `program`: the one named `wanted` (and those its module
 * defines) in full, the others as help lines only, in help order.
 */
export async function addCommands(program: Command, wanted: string | undefined): Promise<void> {
  const module = MODULES.find((m) => wanted !== undefined && m.names.includes(wanted));
  const register = module ? await module.load() : undefined;
  for (const name of TOP_LEVEL_NAMES) {
    if (!module?.names.includes(name)) program.command(name).description(describeCommand(name));
    else if (name === module.names[0]) register!(program);
  }
}
