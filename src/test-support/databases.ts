/**
 * Runs one suite against every database: a fresh SQLite file and a fresh PostgreSQL database on
 * the server that `npm test` started (QUIRE_TEST_PG_URL).
 *
 *   forEachDatabase('users repository', (getDatabase) => {
 *     it('finds a user by name', async () => { const { db } = getDatabase(); … });
 *   });
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import { openDatabase, type Database } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { createPostgresDatabase } from './postgres.js';
import { skipUnless } from './require.js';

export const DATABASE_KINDS = ['sqlite', 'postgres'] as const;

/** A fresh, migrated database of the given kind; `dispose` removes it. */
export async function freshDatabaseUrl(
  kind: 'sqlite' | 'postgres',
): Promise<{ url: string; dispose(): Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'quire-sqlite-'));
    return {
      url: `sqlite:${path.join(dir, 'quire.db')}`,
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const server = process.env.QUIRE_TEST_PG_URL;
  if (!server) throw new Error('QUIRE_TEST_PG_URL is not set');
  const created = await createPostgresDatabase(server);
  return { url: created.url, dispose: created.drop };
}

export function postgresSkip(): string | false {
  return skipUnless(
    Boolean(process.env.QUIRE_TEST_PG_URL),
    'QUIRE_TEST_PG_URL is not set (run the suite with `npm test`, which starts PostgreSQL)',
  );
}

export function forEachDatabase(name: string, suite: (getDatabase: () => Database) => void): void {
  for (const kind of DATABASE_KINDS) {
    describe(`${name} [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
      let database: Database | undefined;
      let dispose: (() => Promise<void>) | undefined;
      before(async () => {
        const fresh = await freshDatabaseUrl(kind);
        dispose = fresh.dispose;
        database = await openDatabase(fresh.url);
        await migrateToLatest(database);
      });
      after(async () => {
        await database?.close();
        await dispose?.();
      });
      suite(() => {
        if (!database) throw new Error('database not ready');
        return database;
      });
    });
  }
}
