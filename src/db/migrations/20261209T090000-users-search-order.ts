/**
 * SQLite: each user's id with its username and source, as an index (users-search.match.ts). A
 * quick find whose matches lie far along in username order sorts them by reading each match's
 * username by id; through this index that reads about a tenth of the pages the users table's
 * rows fill ("maria" at a million users: 56,517 matches, 104–133 → 45–79 ms). PostgreSQL must
 * read each match's row anyway to recheck its trigram match, so it needs no such index.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`create index users_search_order_idx on users (id, username, source_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`drop index if exists users_search_order_idx`.execute(db);
}
