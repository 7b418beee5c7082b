/**
 * The `quire` command line. Every command reads the same configuration as the server and works
 * on both databases.
 *
 *   quire serve
 *   echo 'a long passphrase' | quire user add alice --admin --password-stdin
 */
import { Command } from 'commander';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { buildServer } from './web/server.js';

export async function serve(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  const server = await buildServer(app);
  const token = await app.services.setup.prepare();
  await server.listen({ port: config.port, host: config.host });
  server.log.info({ database: config.databaseKind }, `Quire is listening on ${config.publicUrl}`);
  if (token) {
    // Printed, not logged at a level that might be filtered: the administrator needs this once.
    console.log(`\nNo administrator exists yet. Create one with this one-time link:\n\n  ${config.publicUrl}/setup?token=${token}\n\nor run: quire user add NAME --admin --password-stdin\n`);
  }
  const stop = async () => {
    await server.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export function buildProgram(): Command {
  const program = new Command('quire').description('Quire print-management application server').showHelpAfterError();
  program.command('serve').description('start the HTTP server (User Web Interface, Admin Console)').action(serve);
  return program;
}

const isEntry = process.argv[1] && (process.argv[1].endsWith('/main.js') || process.argv[1].endsWith('/quire') || process.argv[1].endsWith('/quire.js'));
if (isEntry) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      if (error instanceof ConfigError) console.error(`Configuration error: ${error.message}`);
      else console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    });
}
