/**
 * Print accounting: personal and shared accounts with an append-only ledger, printers with their
 * cost model, the job log, and the settings groups apply to their members (initial credit and a
 * quota allocated once per period across every server).
 *
 * Money columns are integers in ten-thousandths of the currency unit (bigint on PostgreSQL). Every
 * existing user gets a personal account with a zero balance, so the invariant "a balance equals
 * the sum of its ledger rows" holds from the first moment.
 */
import { PostgresAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

function withId<T extends string>(db: Kysely<unknown>, table: CreateTableBuilder<T, never>, big = false) {
  return isPostgres(db)
    ? table.addColumn('id', big ? 'bigserial' : 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const money = isPostgres(db) ? 'bigint' : 'integer';
  const key = isPostgres(db) ? sql`text collate "C"` : sql`text`;

  await withId(db, db.schema.createTable('accounts'))
    .addColumn('type', 'text', (c) => c.notNull())
    // Personal accounts: their user (unique); shared accounts: null.
    .addColumn('user_id', 'integer', (c) => c.unique().references('users.id').onDelete('cascade'))
    // Shared accounts: the full name, unique ("Science\Physics" for a sub-account); personal: null.
    .addColumn('name', key, (c) => c.unique())
    .addColumn('parent_id', 'integer', (c) => c.references('accounts.id').onDelete('restrict'))
    .addColumn('balance', money, (c) => c.notNull().defaultTo(0))
    .addColumn('restricted', 'integer', (c) => c.notNull().defaultTo(0))
    // How far below zero a restricted account may go (>= 0).
    .addColumn('overdraft', money, (c) => c.notNull().defaultTo(0))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    // Printing through this account is refused until then (disablePrintingForUser, disableSharedAccount).
    .addColumn('disabled_until', 'text')
    // A shared account's PIN/code, typed at a printer or popup to pick it; '' = none.
    .addColumn('pin', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('job_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('page_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('accounts_parent_idx').on('accounts').column('parent_id').execute();

  // How a user's jobs pick their account (accounts/account-selection.ts); no row = charge personal.
  await db.schema
    .createTable('account_selections')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.references('accounts.id').onDelete('set null'))
    .execute();

  // Who may charge a shared account: users, and the members of groups.
  await db.schema
    .createTable('account_user_access')
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('account_user_access_pk', ['account_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('account_user_access_user_idx')
    .on('account_user_access')
    .column('user_id')
    .execute();
  await db.schema
    .createTable('account_group_access')
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('group_id', 'integer', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('account_group_access_pk', ['account_id', 'group_id'])
    .execute();
  await db.schema
    .createIndex('account_group_access_group_idx')
    .on('account_group_access')
    .column('group_id')
    .execute();

  await withId(db, db.schema.createTable('ledger'), true)
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('amount', money, (c) => c.notNull())
    .addColumn('balance_after', money, (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('job_id', money)
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // An account's history newest first (keyset by id); the Transaction Log by time.
  await db.schema.createIndex('ledger_account_idx').on('ledger').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('ledger_created_idx').on('ledger').columns(['created_at']).execute();

  await withId(db, db.schema.createTable('printers'))
    // The print server's name and the queue's name: PaperCut's "server\printer".
    .addColumn('server_name', key, (c) => c.notNull())
    .addColumn('name', key, (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('location', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('disabled_until', 'text')
    // Per page (one side of one sheet) in ten-thousandths: grayscale and colour.
    .addColumn('cost_gray', money, (c) => c.notNull().defaultTo(0))
    .addColumn('cost_color', money, (c) => c.notNull().defaultTo(0))
    // Percent taken off each page printed on both sides (0-100).
    .addColumn('duplex_discount', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('job_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('page_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('printers_server_name_unique', ['server_name', 'name'])
    .execute();

  // Prices that differ by paper size; a size not listed costs the printer's base prices.
  await db.schema
    .createTable('printer_size_costs')
    .addColumn('printer_id', 'integer', (c) => c.notNull().references('printers.id').onDelete('cascade'))
    .addColumn('size', 'text', (c) => c.notNull())
    .addColumn('cost_gray', money, (c) => c.notNull())
    .addColumn('cost_color', money, (c) => c.notNull())
    .addPrimaryKeyConstraint('printer_size_costs_pk', ['printer_id', 'size'])
    .execute();

  // Groups whose members may print here; none = everyone.
  await db.schema
    .createTable('printer_access_groups')
    .addColumn('printer_id', 'integer', (c) => c.notNull().references('printers.id').onDelete('cascade'))
    .addColumn('group_id', 'integer', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('printer_access_groups_pk', ['printer_id', 'group_id'])
    .execute();

  // PaperCut's "printer groups": labels for reports and filters (addPrinterGroup, setPrinterGroups).
  await db.schema
    .createTable('printer_labels')
    .addColumn('printer_id', 'integer', (c) => c.notNull().references('printers.id').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('printer_labels_pk', ['printer_id', 'label'])
    .execute();

  // The job log. Names are copied in, so a job outlives its user, printer and account.
  await withId(db, db.schema.createTable('jobs'), true)
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('printer_id', 'integer', (c) => c.references('printers.id').onDelete('set null'))
    .addColumn('printer_name', 'text', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('account_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('document_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('pages', 'integer', (c) => c.notNull())
    .addColumn('copies', 'integer', (c) => c.notNull())
    .addColumn('total_pages', 'integer', (c) => c.notNull())
    // Pages of one copy printed in colour (the rest in grayscale).
    .addColumn('color_pages', 'integer', (c) => c.notNull())
    .addColumn('duplex', 'integer', (c) => c.notNull())
    .addColumn('paper_size', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('cost', money, (c) => c.notNull())
    .addColumn('refunded', money, (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('client_machine', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_created_idx').on('jobs').columns(['created_at']).execute();
  await db.schema.createIndex('jobs_user_idx').on('jobs').columns(['user_id', 'id']).execute();
  await db.schema.createIndex('jobs_printer_idx').on('jobs').columns(['printer_id', 'id']).execute();
  await db.schema.createIndex('jobs_account_idx').on('jobs').columns(['account_id', 'id']).execute();

  // What a group gives its members: initial settings for new users, and a quota.
  await db.schema
    .createTable('group_settings')
    .addColumn('group_id', 'integer', (c) => c.primaryKey().references('groups.id').onDelete('cascade'))
    // PaperCut's "Use this group to define new user settings".
    .addColumn('new_user_settings', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('initial_credit', money, (c) => c.notNull().defaultTo(0))
    .addColumn('initial_restricted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('initial_overdraft', money, (c) => c.notNull().defaultTo(0))
    .addColumn('quota_amount', money, (c) => c.notNull().defaultTo(0))
    // 'none' | 'daily' | 'weekly' | 'monthly' | 'cron'
    .addColumn('quota_period', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('quota_cron', 'text', (c) => c.notNull().defaultTo(''))
    // The balance a quota stops adding at; null = no cap.
    .addColumn('quota_cap', money)
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // One row per group and quota period, written by the server that allocates it: the unique key
  // makes a period allocate once across every server sharing the database.
  await db.schema
    .createTable('quota_allocations')
    .addColumn('group_id', 'integer', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('members', 'integer', (c) => c.notNull())
    .addColumn('total', money, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('quota_allocations_pk', ['group_id', 'period'])
    .execute();

  const now = new Date().toISOString();
  await sql`insert into accounts (type, user_id, created_at, updated_at)
            select 'personal', id, ${now}, ${now} from users`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'quota_allocations',
    'group_settings',
    'jobs',
    'printer_labels',
    'printer_access_groups',
    'printer_size_costs',
    'printers',
    'ledger',
    'account_group_access',
    'account_user_access',
    'account_selections',
    'accounts',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
