/**
 * Quick find matches anywhere (users/users-search.ts): every user's username, full name, email,
 * card numbers and department as one search text, indexed by trigrams, accents and case folded.
 *
 * The database keeps the text itself, so every writer (the users repository, sync's bulk SQL,
 * batch import, registration, single sign-on) is covered without calling anything:
 * - SQLite: a contentless FTS5 table `users_search` (trigram tokenizer, remove_diacritics) kept
 *   by triggers on users; its rowid is the user's id.
 * - PostgreSQL: a stored generated column `users.search_text` (NFKD, combining marks stripped,
 *   lower-cased) with a pg_trgm GIN index, which `LIKE '%…%'` uses.
 * Both start the text with a space and turn the separators . @ _ - , into spaces, so " smith"
 * finds a word that starts with "smith": what ranks prefix matches first.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

const FIELDS = ['username', 'full_name', 'email', 'card_number', 'card_number2', 'department'];
const SEPARATORS = ['.', '@', '_', '-', ','];

/** The fields of `row` ('new', 'old' or '' for the table's own columns) joined by spaces. */
function joined(row: string): string {
  return FIELDS.map((field) => (row === '' ? field : `${row}.${field}`)).join(` || ' ' || `);
}

/** SQLite: the search text of `row`, separators as spaces (FTS5 folds case and accents). */
function sqliteText(row: string): string {
  return SEPARATORS.reduce(
    (text, separator) => `replace(${text}, '${separator}', ' ')`,
    `' ' || ${joined(row)}`,
  );
}

/**
 * PostgreSQL: the same text of `row` ('' for the table's own columns), accents and case folded
 * here (all immutable, as an index needs). Migration 20261209T100000 keeps it in a table of its own.
 */
export const postgresSearchText = (row: string) =>
  `' ' || translate(lower(regexp_replace(normalize(${joined(row)}, NFKD), '[\\u0300-\\u036f]', '', 'g')), '${SEPARATORS.join('')}', '${' '.repeat(SEPARATORS.length)}')`;
const POSTGRES_TEXT = postgresSearchText('');

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return upPostgres(db);
  await sql`create virtual table users_search using fts5(body, content='', contentless_delete=1,
    tokenize='trigram remove_diacritics 1')`.execute(db);
  await sql.raw(`insert into users_search (rowid, body) select id, ${sqliteText('')} from users`).execute(db);
  await sql
    .raw(
      `create trigger users_search_insert after insert on users begin
        insert into users_search (rowid, body) values (new.id, ${sqliteText('new')}); end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger users_search_update after update of ${FIELDS.join(', ')} on users begin
        delete from users_search where rowid = old.id;
        insert into users_search (rowid, body) values (new.id, ${sqliteText('new')}); end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger users_search_delete after delete on users begin delete from users_search where rowid = old.id; end`,
    )
    .execute(db);
}

async function upPostgres(db: Kysely<unknown>): Promise<void> {
  try {
    await sql`create extension if not exists pg_trgm`.execute(db);
  } catch (error) {
    throw new Error(
      `the pg_trgm extension is needed for quick find and this database role may not create it (${(error as Error).message}); ask the database's owner to run "CREATE EXTENSION pg_trgm;" in this database, then start Quire again`,
      { cause: error },
    );
  }
  await sql
    .raw(`alter table users add column search_text text generated always as (${POSTGRES_TEXT}) stored`)
    .execute(db);
  await sql`create index users_search_text_idx on users using gin (search_text gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop index if exists users_search_text_idx`.execute(db);
    await sql`alter table users drop column if exists search_text`.execute(db);
    return;
  }
  for (const trigger of ['insert', 'update', 'delete'])
    await sql.raw(`drop trigger if exists users_search_${trigger}`).execute(db);
  await sql`drop table if exists users_search`.execute(db);
}
