/**
 * The first schema: users (internal and synced), directory sources, sessions, audit log,
 * settings, sync runs, sign-in throttle, groups. Written once with Kysely's schema builder so the
 * same migration runs on SQLite and PostgreSQL.
 */
import { PostgresAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

function withId<T extends string>(db: Kysely<unknown>, table: CreateTableBuilder<T, never>) {
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/**
 * Text compared by prefix ranges (`>= 'ab' AND < 'ab\u{10FFFF}'`): bytewise ("C") collation on
 * PostgreSQL so that a range holds exactly the strings with that prefix, as on SQLite.
 */
function keyText(db: Kysely<unknown>) {
  return db.getExecutor().adapter instanceof PostgresAdapter ? sql`text collate "C"` : sql`text`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const key = keyText(db);
  await withId(db, db.schema.createTable('sources'))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('users'))
    .addColumn('username', key, (c) => c.notNull().unique())
    .addColumn('full_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('full_name_key', key, (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('email_key', key, (c) => c.notNull().defaultTo(''))
    .addColumn('department', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('office', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('card_number', key, (c) => c.notNull().defaultTo(''))
    .addColumn('card_number2', key, (c) => c.notNull().defaultTo(''))
    .addColumn('source_id', 'integer', (c) => c.references('sources.id').onDelete('restrict'))
    .addColumn('external_id', 'text')
    .addColumn('password_hash', 'text')
    .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('users_source_external_unique', ['source_id', 'external_id'])
    .execute();
  // Quick find is a prefix range scan on each of these; the list sorts by them.
  await db.schema
    .createIndex('users_full_name_key_idx')
    .on('users')
    .columns(['full_name_key', 'username'])
    .execute();
  await db.schema.createIndex('users_email_key_idx').on('users').columns(['email_key']).execute();
  await db.schema.createIndex('users_card_number_idx').on('users').columns(['card_number']).execute();
  await db.schema.createIndex('users_card_number2_idx').on('users').columns(['card_number2']).execute();
  // Quick find sorted by username (the Users list's default): for each searched column, an index
  // led by the first two characters, then username, so "prefix matches in username order" is an
  // ordered walk of one small slice instead of a sort of every match.
  for (const column of ['full_name_key', 'email_key', 'card_number', 'card_number2']) {
    await db.schema
      .createIndex(`users_${column}_quick_idx`)
      .on('users')
      .expression(sql`substr(${sql.ref(column)}, 1, 2), username, ${sql.ref(column)}, id`)
      .execute();
  }
  await db.schema
    .createIndex('users_source_username_idx')
    .on('users')
    .columns(['source_id', 'username'])
    .execute();
  await db.schema
    .createIndex('users_department_idx')
    .on('users')
    .columns(['department', 'username'])
    .execute();
  await db.schema.createIndex('users_admin_idx').on('users').columns(['is_admin']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('user_agent', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').columns(['user_id']).execute();

  await withId(db, db.schema.createTable('audit_log'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('ip', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('details', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor', 'id']).execute();
  await db.schema.createIndex('audit_log_target_idx').on('audit_log').columns(['target', 'id']).execute();
  await db.schema.createIndex('audit_log_action_idx').on('audit_log').columns(['action', 'id']).execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('sync_runs'))
    .addColumn('source_id', 'integer', (c) => c.notNull().references('sources.id').onDelete('cascade'))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('dry_run', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('added', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('errors', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.createIndex('sync_runs_source_idx').on('sync_runs').columns(['source_id', 'id']).execute();

  await db.schema
    .createTable('throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .addColumn('blocked_until', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('groups'))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('source_id', 'integer', (c) => c.references('sources.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('group_members')
    .addColumn('group_id', 'integer', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'user_id'])
    .execute();
  await db.schema.createIndex('group_members_user_idx').on('group_members').columns(['user_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'group_members',
    'groups',
    'throttle',
    'sync_runs',
    'settings',
    'audit_log',
    'sessions',
    'users',
    'sources',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
