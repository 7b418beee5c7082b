/**
 * Opens the database named by the configuration: the embedded SQLite file (default) or
 * PostgreSQL. Repositories receive the returned `Database` and never care which it is, except
 * where a dialect-specific statement is measurably faster (noted there).
 *
 *   const database = await openDatabase('sqlite:/var/lib/quire/quire.db');
 *   await migrateToLatest(database);
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
} from 'kysely';
import type { DB } from './schema.js';
import { copyRows, type CopyRows } from './postgres-copy.js';
import { NAMES_RUN_TABLES, withPreparedStatements } from './postgres-prepared.js';
import { textGuard } from './text-guard.js';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface Database {
  readonly db: Kysely<DB>;
  readonly kind: DatabaseKind;
  /**
   * The SQLite handle under Kysely, for the one bulk path that needs prepared statements (sync
   * staging). Use it only inside `db.connection().execute(…)`, which holds Kysely's connection
   * lock, so that no other request's transaction is open on it at the time.
   */
  readonly sqlite?: SQLite.Database;
  /** PostgreSQL: loads rows with COPY … FROM STDIN, for the same bulk path (see postgres-copy.ts). */
  readonly copy?: CopyRows;
  close(): Promise<void>;
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query again; compiling the SQL was the largest single cost
 * of an API call in the benchmark (12 % of the server's CPU). This hands Kysely the same prepared
 * statement for the same SQL text, least recently used dropped first. SQLite re-prepares a cached
 * statement by itself after a schema change; a statement still iterating (`busy`) is never handed
 * out twice.
 */
function withStatementCache(sqlite: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = (source: string): SQLite.Statement => {
    const cached = cache.get(source);
    if (cached && !cached.busy) {
      cache.delete(source);
      cache.set(source, cached);
      return cached;
    }
    const statement = sqlite.prepare(source);
    // A sync run's statements name its own tables: never seen again after the run.
    if (!cached && !NAMES_RUN_TABLES.test(source)) {
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(source, statement);
    }
    return statement;
  };
  return new Proxy(sqlite, {
    get(target, key) {
      if (key === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, key, target);
      // Native methods need the real database as `this` (Kysely's destroy() calls close()).
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Transactions begin IMMEDIATE (see below). And SQLite rolls a whole transaction back by itself after some errors (SQLITE_FULL from a single-row
 * write or from a full disk under the WAL, I/O errors). Kysely then sends ROLLBACK, which fails
 * with "cannot rollback - no transaction is active", and that error replaces the one that says
 * what happened. Nothing is open then, so there is nothing to roll back.
 */
class SqliteDialectKeepingErrors extends SqliteDialect {
  readonly #config: { database: SQLite.Database };

  constructor(private readonly sqlite: SQLite.Database) {
    const config = { database: withStatementCache(sqlite) };
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    const { sqlite } = this;
    return new (class extends SqliteDriver {
      // IMMEDIATE takes the write lock at BEGIN. A deferred transaction that reads and then
      // writes fails at once with SQLITE_BUSY when another process (the CLI, a second server
      // process on the same file) wrote in between, since waiting could deadlock; an immediate
      // one waits for the lock (busy_timeout) instead. Within one process Kysely already runs one
      // transaction at a time, so nothing there changes.
      override async beginTransaction(connection: DatabaseConnection): Promise<void> {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
      }
      override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
        if (sqlite.inTransaction) await super.rollbackTransaction(connection);
      }
    })(this.#config);
  }
}

export interface DatabaseOptions {
  /** PostgreSQL: prepare the statements that keep coming back (postgres-prepared.ts). Default true. */
  prepare?: boolean;
  /** PostgreSQL: told when the server ended a connection (a restart, failover, an administrator). */
  connectionLost?(reason: string): void;
}

export async function openDatabase(url: string, options: DatabaseOptions = {}): Promise<Database> {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    // Each driver is loaded only by a process that uses it: the CLI starts faster for it.
    const { default: SQLite } = await import('better-sqlite3');
    const sqlite = new SQLite(file);
    // WAL lets readers proceed during a write; NORMAL is durable across application crashes.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<DB>({ dialect: new SqliteDialectKeepingErrors(sqlite), plugins: [textGuard] });
    return { db, kind: 'sqlite', sqlite, close: () => db.destroy() };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { default: pg } = await import('pg');
    // PostgreSQL returns int8 (COUNT(*)) as text by default; every count we take fits a JS number.
    pg.types.setTypeParser(20, (value: string) => Number.parseInt(value, 10));
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // A connection the server ends (a restart or failover, pg_terminate_backend, DROP DATABASE …
    // FORCE) is an 'error' event: on the pool while idle (which drops it), on the connection while
    // in use (whose statement fails). Unheard, either would end the process. The next query opens a
    // new connection, and fails on its own if the server is really gone.
    const lost = (error: Error) => options.connectionLost?.(error.message);
    pool.on('error', lost);
    pool.on('connect', (client) => client.on('error', lost));
    const dialect = new PostgresDialect({
      pool: options.prepare === false ? pool : withPreparedStatements(pool),
    });
    const db = new Kysely<DB>({ dialect, plugins: [textGuard] });
    return {
      db,
      kind: 'postgres',
      copy: (table, columns, rows) => copyRows(pool, table, columns, rows),
      close: () => db.destroy(),
    };
  }
  throw new Error(`Unsupported database URL: ${url.replace(/\/\/[^@]*@/, '//***@')}`);
}
