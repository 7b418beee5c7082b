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
import { Command, Help } from 'commander';
import type { FastifyBaseLogger } from 'fastify';
import type { App } from './app.js';
import { commandTerm } from './cli/command-list.js';
import { addCommands } from './cli/commands.js';
import { exitQuietlyWhenStdoutCloses, reportError } from './cli/io.js';
import { loadConfig, type Config } from './config.js';
import { explainDatabaseError } from './db/database-errors.js';
import { exitAfterLogs } from './ops/exit.js';
import { startShutdownWatchdog } from './ops/shutdown-watchdog.js';
import { systemClock } from './ports.js';
import { stdoutLog } from './http/log-destination.js';
import { textFieldProblem, textProblem } from './text.js';
import { ValidationError } from './errors.js';

/** How long a stop waits for the last log lines to reach their reader. */
const LOG_FLUSH_MS = 1_000;
/** Between the graceful deadline's exit and the watchdog's kill. */
const EXIT_MARGIN_MS = 1_000;
/** The watchdog's line to stderr and its kill take about this long: both within the deadline. */
const WATCHDOG_MARGIN_MS = 200;

/**
 * Starts the server. A failure that the configuration must fix (a bad variable, an unusable
 * database file or server, bad TLS files) is a ConfigError naming what to change, and the process
 * exits with EX_CONFIG (78), which the systemd unit does not restart.
 */
export async function serve(): Promise<void> {
  const config = loadConfig();
  // Only opening and migrating the database is explained as a database problem: a port that
  // cannot be opened (EACCES, EADDRINUSE) says so in its own words.
  const { createApp } = await import('./app.js');
  const app = await createApp(config).catch((error: unknown) => {
    throw explainDatabaseError(error, config);
  });
  await start(config, app);
}

/**
 * What `quire serve` does on a clock besides answering requests: the session purge, scheduled
 * synchronizations, this server's heartbeat, and the accounting tick. `stopSchedules` stops new
 * work at the start of a shutdown; `finish` waits for work in progress and ends the heartbeat.
 */
async function startBackgroundWork(config: Config, app: App, log: FastifyBaseLogger) {
  // Expired sessions are refused on sight; this only keeps the table small.
  const purge = setInterval(
    () =>
      void app.services.sessions
        .purgeExpired()
        .catch((error: unknown) => log.warn({ err: error }, 'session purge failed')),
    3_600_000,
  );
  purge.unref();
  const { createSyncScheduler } = await import('./sync/sync.scheduler.js');
  const { createSyncScheduleRepository } = await import('./sync/sync-schedule.repository.js');
  const { effectiveTimeZone } = await import('./settings/settings.service.js');
  const scheduler = createSyncScheduler({
    sources: app.services.sources,
    sync: app.services.sync,
    slots: createSyncScheduleRepository(app.database.db),
    log,
    leaseMs: config.syncLeaseSeconds * 1000,
    // Schedules run in the organisation's time zone (Options), read again at every refresh.
    timeZone: async () => effectiveTimeZone(await app.services.settings.get()),
  });
  // This server's row in server_instances (Admin Console → Operations), refreshed every 30 s.
  const { startInstanceHeartbeat } = await import('./ops/instances.service.js');
  let heartbeat: Awaited<ReturnType<typeof startInstanceHeartbeat>>;
  try {
    await scheduler.start();
    heartbeat = await startInstanceHeartbeat({ instances: app.services.instances, clock: systemClock, log });
  } catch (error) {
    clearInterval(purge);
    scheduler.stop();
    throw error;
  }
  // New users' accounts and group quotas, once a minute (accounts/accounting.scheduler.ts).
  const { startAccountingScheduler } = await import('./accounts/accounting.scheduler.js');
  const accounting = startAccountingScheduler({
    accounts: app.services.accounts,
    groupAccounts: app.services.groupAccounts,
    printJobs: app.services.printJobs,
    log,
  });
  // Charged print jobs sent on to their printers, and the printers' state (print/forwarding/).
  const forwarder = app.services.printJobs.startForwarder(app.services.printerStatus);
  return {
    stopSchedules(): void {
      clearInterval(purge);
      scheduler.stop();
    },
    async finish(): Promise<void> {
      // Jobs being sent go back to pending for the next server (or this one's next start).
      await forwarder.stop();
      await accounting.stop();
      await heartbeat.stop();
    },
  };
}

async function start(config: Config, app: App): Promise<void> {
  // Loaded here, not at the top: the other commands start faster without Fastify and the pages.
  const { buildServer } = await import('./http/server.js');
  const { loadTls } = await import('./http/tls.js');
  // A bad certificate or key stops start-up before anything listens.
  const { tls, warning } = await loadTls(config).catch(async (error: unknown) => {
    await app.close();
    throw error;
  });
  // Without a certificate there is nothing to redirect to; the warning says why.
  const httpsPort = tls ? config.httpsPort : null;
  const server = await buildServer(
    app,
    httpsPort !== null && config.httpRedirect ? { redirectToHttpsPort: httpsPort } : {},
  );
  const secure = tls ? await buildServer(app, { https: { key: tls.key, cert: tls.cert } }) : null;
  if (warning) {
    server.log.warn(warning);
    // Also printed, like the setup link: logs at warn may go where nobody looks.
    console.error(`\n${warning}\n`);
  }
  const token = await app.services.setup.prepare();
  // Signals are caught from before the ports open: a SIGTERM during the rest of start-up is
  // handled once the shutdown below is ready, instead of killing the process half-started.
  // Assigned once the stop below exists; the signal handlers read it before then.
  // eslint-disable-next-line prefer-const
  let shutdown: ((signal: string) => void) | undefined;
  let early: string | undefined;
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.once(signal, () => (shutdown ? shutdown(signal) : (early ??= signal)));
  try {
    // HTTPS first: once /healthz answers on the HTTP port, both are up.
    if (secure && httpsPort !== null) await secure.listen({ port: httpsPort, host: config.host });
    await server.listen({ port: config.port, host: config.host });
  } catch (error) {
    await Promise.all([server.close(), secure?.close()]);
    await app.close();
    throw error;
  }
  if (tls)
    secure?.log.info(
      {
        certificate: tls.certFile,
        fingerprint: tls.fingerprint,
        selfSigned: tls.selfSigned,
        redirect: config.httpRedirect,
      },
      `HTTPS on port ${httpsPort}`,
    );
  server.log.info({ database: config.databaseKind }, `Quire is listening on ${config.publicUrl}`);
  if (token) {
    // Printed, not logged at a level that might be filtered: the administrator needs this once.
    // On stderr: stdout carries only JSON log lines, which must never hold a secret.
    console.error(
      `\nNo administrator exists yet. Create one with this one-time link:\n\n  ${config.publicUrl}/setup?token=${token}\n\nor run: quire user add NAME --admin --password-stdin\n`,
    );
  }
  // Anything that fails from here on must not leave the ports open with nobody to stop them.
  const abandon = async (error: unknown): Promise<never> => {
    await Promise.allSettled([server.close(), secure?.close()]);
    await app.close().catch(() => undefined);
    throw error;
  };
  let background: Awaited<ReturnType<typeof startBackgroundWork>>;
  try {
    background = await startBackgroundWork(config, app, server.log);
  } catch (error) {
    return abandon(error);
  }
  // Graceful shutdown: stop accepting connections (new requests on kept-alive ones get 503),
  // let requests in flight finish, stop this server's sync runs before they change anything (one
  // already applying finishes) so their leases are released, then close the database. The last
  // log lines are flushed before exiting, for at most LOG_FLUSH_MS: a log reader that has gone or
  // stalled must never keep the process alive (issue 19).
  let stopping = false;
  const deadlineMs = config.shutdownSeconds * 1000;
  const exit = (code: number) => exitAfterLogs(code, stdoutLog(), LOG_FLUSH_MS);
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // Whatever blocks the main thread, the process ends at the deadline.
    startShutdownWatchdog(deadlineMs - WATCHDOG_MARGIN_MS);
    server.log.info({ signal }, 'shutting down: finishing requests in flight');
    // A request or a sync transaction that never ends must not keep the process alive for ever.
    setTimeout(
      () => {
        server.log.error({ seconds: config.shutdownSeconds }, 'shutdown did not finish in time; exiting');
        void exit(1);
      },
      deadlineMs - LOG_FLUSH_MS - EXIT_MARGIN_MS,
    ).unref();
    try {
      background.stopSchedules();
      const closed = Promise.all([server.close(), secure?.close()]);
      await app.services.sync.shutdown();
      await closed;
      await background.finish();
      await app.close();
      server.log.info('stopped');
      await exit(0);
    } catch (error) {
      server.log.error({ err: error }, 'shutdown failed');
      await exit(1);
    }
  };
  shutdown = (signal) => void stop(signal);
  if (early) shutdown(early);
}

function version(): string {
  const file = new URL('../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/**
 * The program for `argv`: the command it runs defined in full, every other one listed for help
 * only (src/cli/commands.ts), so that a command loads only what it uses.
 */
export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command('quire')
    .description('Quire print-management application server')
    .version(version())
    // Set before any subcommand is added: subcommands inherit these. Errors throw instead of
    // exiting, so runCli decides the status (2 for usage errors) and every message says `quire:`.
    .exitOverride()
    .configureOutput({ outputError: (message, write) => write(message.replace(/^error: /, 'quire: ')) })
    .configureHelp({ subcommandTerm: (command) => commandTerm(command) ?? defaultTerm(command) })
    .showHelpAfterError('(run with --help for usage)');
  program
    .command('serve')
    .description('start the HTTP server (User Web Interface, Admin Console)')
    .action(serve);
  await addCommands(program, commandNamed(argv));
  return program;
}

const defaultTerm = (command: Command) => new Help().subcommandTerm(command);

/** The top-level command `argv` runs (`quire help NAME` asks about NAME). */
function commandNamed(argv: readonly string[]): string | undefined {
  const words = argv.slice(2).filter((arg) => !arg.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/**
 * Runs the CLI and returns the exit status: 0 on success, 1 when a command fails (the message is
 * printed as `quire: …`), 2 for a usage error, 78 (EX_CONFIG) for a configuration error.
 */
export async function runCli(argv: string[]): Promise<number> {
  exitQuietlyWhenStdoutCloses();
  try {
    // The CLI's net for text from outside (src/text.ts): no argument reaches a command with a
    // control character (other than tab and line breaks) or a broken surrogate.
    const bad = argv.slice(2).findIndex((arg) => textProblem(arg) !== null);
    if (bad !== -1)
      throw new ValidationError({ argument: textFieldProblem(`Argument ${bad + 1}`, argv[bad + 2]!)! });
    await (await buildProgram(argv)).parseAsync(argv);
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
