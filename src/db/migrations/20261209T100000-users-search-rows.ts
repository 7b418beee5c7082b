/**
 * PostgreSQL: quick find's search text moves from a generated column of users into a narrow table
 * of its own, users_search_rows (id, username, source, text), with the trigram index and a
 * username index (users/users-search.match.ts searches it instead of users). A search reads each
 * match's row to recheck the trigram index's guess: a users row holds some thirty columns before
 * the text, a narrow row four, and six times as many fit a page — at a million users a sort of
 * 10,000–56,000 matches read 1.5–2 times faster from it, the pages not yet cached.
 *
 * The database keeps it, as it kept the column: a statement's inserted users are added at once
 * (a sync or batch import inserts thousands), a user's searched fields rewritten when one of them
 * is updated, and a deleted user's row goes with the user (on delete cascade).
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { postgresSearchText } from './20261208T100000-users-search.js';

const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

/** The users' columns the search text is made of, with username and source. */
const SEARCHED = ['username', 'full_name', 'email', 'card_number', 'card_number2', 'department', 'source_id'];

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create table users_search_rows (
    id integer primary key references users (id) on delete cascade,
    username text collate "C" not null,
    source_id integer,
    search_text text not null)`.execute(db);
  // In username order: a walk of the username index then reads the table in order.
  await sql`insert into users_search_rows (id, username, source_id, search_text)
    select id, username, source_id, search_text from users order by username`.execute(db);
  await sql`alter table users drop column search_text`.execute(db);
  await sql`create index users_search_rows_text_idx on users_search_rows
    using gin (search_text gin_trgm_ops)`.execute(db);
  await sql`create index users_search_rows_username_idx on users_search_rows (username)`.execute(db);
  await sql
    .raw(
      `create function users_search_rows_added() returns trigger language plpgsql as $$ begin
        insert into users_search_rows (id, username, source_id, search_text)
          select added.id, added.username, added.source_id, ${postgresSearchText('added')} from added;
        return null; end $$`,
    )
    .execute(db);
  await sql`create trigger users_search_rows_added after insert on users referencing new table as added
    for each statement execute function users_search_rows_added()`.execute(db);
  await sql
    .raw(
      `create function users_search_rows_changed() returns trigger language plpgsql as $$ begin
        update users_search_rows set username = new.username, source_id = new.source_id,
          search_text = ${postgresSearchText('new')} where id = new.id;
        return null; end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger users_search_rows_changed after update of ${SEARCHED.join(', ')} on users
        for each row execute function users_search_rows_changed()`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop trigger if exists users_search_rows_changed on users`.execute(db);
  await sql`drop trigger if exists users_search_rows_added on users`.execute(db);
  await sql`drop function if exists users_search_rows_changed()`.execute(db);
  await sql`drop function if exists users_search_rows_added()`.execute(db);
  await sql`drop table if exists users_search_rows`.execute(db);
  await sql
    .raw(
      `alter table users add column search_text text generated always as (${postgresSearchText('')}) stored`,
    )
    .execute(db);
  await sql`create index users_search_text_idx on users using gin (search_text gin_trgm_ops)`.execute(db);
}
