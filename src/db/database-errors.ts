/**
 * Turns the database driver's bare start-up failures ("unable to open database file", "file is not
 * a database", "connect ECONNREFUSED") into configuration errors that name the file or server and
 * say what to change. `quire serve` exits with EX_CONFIG (78) on those the configuration must fix,
 * so systemd does not restart a server that cannot start; a PostgreSQL server that cannot be
 * reached (yet) is named the same way but exits 1, so that systemd tries again.
 *
 *   } catch (error) { throw explainDatabaseError(error, config); }
 */
import os from 'node:os';
import path from 'node:path';
import { ConfigError, type Config } from '../config.js';

type DatabaseConfig = Pick<Config, 'databaseUrl' | 'databaseKind'>;

interface CodedError extends Error {
  code?: string;
}

// A migration failure wraps the driver's error; the code is on the cause.
function codeOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (typeof (e as CodedError).code === 'string') return (e as CodedError).code;
  }
  return undefined;
}

function processUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return `uid ${process.getuid?.() ?? '?'}`;
  }
}

const SQLITE_FIX =
  'Set QUIRE_DATA_DIR (or QUIRE_DATABASE_URL=sqlite:FILE) to a writable directory, or fix the permissions.';

/** Why SQLite (or creating its directory) refused, by error code; undefined when not a configuration problem. */
function sqliteReason(code: string, file: string): string | undefined {
  const dir = path.dirname(file);
  const user = processUser();
  if (code === 'ENOTDIR' || code === 'EEXIST')
    return `Cannot open the SQLite database ${file}: ${dir} (or a folder above it) is a file, not a directory. ${SQLITE_FIX}`;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return `Cannot open the SQLite database ${file}: the directory ${dir} cannot be created or is not writable by user ${user}. ${SQLITE_FIX}`;
  if (code.startsWith('SQLITE_CANTOPEN'))
    return `Cannot open the SQLite database ${file}: the directory does not exist or is not writable by user ${user}, or the file is not readable. ${SQLITE_FIX}`;
  if (code.startsWith('SQLITE_READONLY')) {
    return `Cannot write the SQLite database ${file}: the file or its directory ${dir} is read-only for user ${user} (SQLite also writes ${path.basename(file)}-wal and -shm beside it). ${SQLITE_FIX}`;
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return `${file} is not a Quire database (not an SQLite file, or damaged). Point QUIRE_DATA_DIR or QUIRE_DATABASE_URL at the right file, or move this one away and restore a backup (quire restore FILE).`;
  }
  return undefined;
}

// What the configuration must fix: restarting cannot help (exit 78, not restarted by systemd).
const POSTGRES_CONFIG_REASONS = new Map<string, string>([
  ['28P01', 'the password was refused'],
  ['28000', 'the server refused this user'],
  ['3D000', 'the database does not exist'],
  ['42501', 'the user may not use this database'],
]);

// A server still starting at boot, a failover, a network or DNS hiccup: named the same way, but an
// ordinary failure (exit 1), so that systemd tries again.
const POSTGRES_PASSING_REASONS = new Map<string, string>([
  ['ECONNREFUSED', 'nothing is listening there'],
  ['ENOTFOUND', 'the host name is unknown'],
  ['EAI_AGAIN', 'the host name could not be looked up'],
  ['ETIMEDOUT', 'the connection timed out'],
  ['EHOSTUNREACH', 'the host is unreachable'],
  ['57P03', 'the server is starting up or shutting down'],
]);

function postgresTarget(url: string): string {
  try {
    const parsed = new URL(url);
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '(default)';
    const user = parsed.username ? ` as ${decodeURIComponent(parsed.username)}` : '';
    return `the PostgreSQL database ${database} on ${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${user}`;
  } catch {
    return 'the PostgreSQL database of QUIRE_DATABASE_URL';
  }
}

/**
 * A ConfigError naming the file or server when `error` is one the configuration must fix; an
 * Error naming the server when it may pass (PostgreSQL not reachable yet); else `error` itself.
 */
export function explainDatabaseError(error: unknown, config: DatabaseConfig): unknown {
  if (error instanceof ConfigError) return error;
  const code = codeOf(error);
  if (!code) return error;
  if (config.databaseKind === 'sqlite') {
    const reason = sqliteReason(code, config.databaseUrl.slice('sqlite:'.length));
    return reason ? new ConfigError(reason, { cause: error }) : error;
  }
  // The driver's message never holds the password; the URL does, so only its parts are shown.
  const configReason = POSTGRES_CONFIG_REASONS.get(code);
  if (configReason)
    return new ConfigError(
      `Cannot connect to ${postgresTarget(config.databaseUrl)}: ${configReason}. Check QUIRE_DATABASE_URL.`,
      { cause: error },
    );
  const passingReason = POSTGRES_PASSING_REASONS.get(code);
  if (passingReason)
    return new Error(
      `Cannot connect to ${postgresTarget(config.databaseUrl)}: ${passingReason}. Check QUIRE_DATABASE_URL and that the server is running; the service will try again.`,
      { cause: error },
    );
  return error;
}

/** True when the database refused a write because its disk (or SQLite's size limit) is full. */
export function isStorageFull(error: unknown): boolean {
  const code = codeOf(error);
  return code === 'SQLITE_FULL' || code === '53100';
}
