/**
 * The `quire` command line. Every command reads the same configuration as the server and works
 * on both databases.
 *
 *   quire serve
 *   echo 'a long passphrase' | quire user add alice --admin --password-stdin
 *
 * `node dist/main.js …` runs it directly; `bin/quire.js` (the installed `quire`, `npx quire`)
 * imports this module and calls runCli.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { createApp } from './app.js';
import { registerApiTokenCommands } from './cli/api-token.commands.js';
import { registerBatchImportCommands } from './cli/batch-import.commands.js';
import { registerSourceCommands } from './cli/source.commands.js';
import { registerServerCommand } from './cli/server-command.commands.js';
import { registerUserCommands } from './cli/user.commands.js';
import { print, reportError, withApp } from './cli/io.js';
import { loadConfig } from './config.js';

export async function serve(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  // Loaded here, not at the top: the other commands start faster without Fastify and the pages.
  const { buildServer } = await import('./web/server.js');
  const server = await buildServer(app);
  const token = await app.services.setup.prepare();
  await server.listen({ port: config.port, host: config.host });
  server.log.info({ database: config.databaseKind }, `Quire is listening on ${config.publicUrl}`);
  if (token) {
    // Printed, not logged at a level that might be filtered: the administrator needs this once.
    console.log(`\nNo administrator exists yet. Create one with this one-time link:\n\n  ${config.publicUrl}/setup?token=${token}\n\nor run: quire user add NAME --admin --password-stdin\n`);
  }
  // Expired sessions are refused on sight; this only keeps the table small.
  const purge = setInterval(() => void app.services.sessions.purgeExpired().catch((error: unknown) => server.log.warn({ err: error }, 'session purge failed')), 3_600_000);
  purge.unref();
  const { createSyncScheduler } = await import('./sync/sync.scheduler.js');
  const scheduler = createSyncScheduler({ sources: app.services.sources, sync: app.services.sync, log: server.log });
  await scheduler.start();
  // Graceful shutdown: stop accepting connections (new requests on kept-alive ones get 503),
  // let requests in flight finish, stop this server's sync runs before they change anything (one
  // already applying finishes) so their leases are released, then close the database.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.log.info({ signal }, 'shutting down: finishing requests in flight');
    clearInterval(purge);
    scheduler.stop();
    const closed = server.close();
    await app.services.sync.shutdown();
    await closed;
    await app.close();
    server.log.info('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

async function migrate(): Promise<void> {
  // createApp applies pending migrations; this command reports what that start-up applied.
  await withApp(async ({ migrations }) => {
    if (migrations.length === 0) print('The database is up to date; no migrations to apply.');
    for (const name of migrations) print(`Applied migration ${name}.`);
  });
}

function version(): string {
  const file = new URL('../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

export function buildProgram(): Command {
  const program = new Command('quire')
    .description('Quire print-management application server')
    .version(version())
    // Set before any subcommand is added: subcommands inherit these. Errors throw instead of
    // exiting, so runCli decides the status (2 for usage errors) and every message says `quire:`.
    .exitOverride()
    .configureOutput({ outputError: (message, write) => write(message.replace(/^error: /, 'quire: ')) })
    .showHelpAfterError('(run with --help for usage)');
  program.command('serve').description('start the HTTP server (User Web Interface, Admin Console)').action(serve);
  registerUserCommands(program);
  registerBatchImportCommands(program);
  registerSourceCommands(program);
  registerServerCommand(program);
  registerApiTokenCommands(program);
  program.command('migrate').description('apply pending database migrations').action(migrate);
  return program;
}

/**
 * Runs the CLI and returns the exit status: 0 on success, 1 when a command fails (the message is
 * printed as `quire: …`), 2 for a usage error.
 */
export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    return reportError(error);
  }
}

/** True when node was started on this file, also through a symlink such as node_modules/.bin/quire. */
function isEntryModule(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryModule()) process.exitCode = await runCli(process.argv);
