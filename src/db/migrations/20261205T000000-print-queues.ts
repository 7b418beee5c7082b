/**
 * Print queues: what a printer does with the jobs sent to its queue (where it forwards them, whether
 * it holds them until released, how the user printing is identified), Find-Me queues and their
 * member printers, and the jobs in flight with their spooled documents (print/print-jobs.service.ts).
 *
 * `print_jobs` holds a job from the moment its IPP request arrives until a while after it ends; its
 * id is the IPP job-id. The job log (`jobs`) records it once charged, and a charged job names the
 * print job it came from (`jobs.print_job_id`), written in the charge's own transaction: after a
 * crash between the charge and the print job's update, the link says whether the charge happened.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<unknown>): Promise<void> {
  const big = isPostgres(db) ? 'bigint' : 'integer';
  // 'printer': a real printer; 'find-me': a virtual queue whose jobs go to a member chosen at release.
  await db.schema
    .alterTable('printers')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('printer'))
    .execute();
  // ipp:// or ipps:// (a printer or a CUPS queue); '' = jobs wait until one is set.
  await db.schema
    .alterTable('printers')
    .addColumn('destination_uri', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('printers')
    .addColumn('hold_jobs', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // 'basic': HTTP Basic authentication; 'trusted': requesting-user-name from a trusted print server.
  await db.schema
    .alterTable('printers')
    .addColumn('auth_mode', 'text', (c) => c.notNull().defaultTo('basic'))
    .execute();

  await db.schema
    .createTable('find_me_members')
    .addColumn('queue_id', 'integer', (c) => c.notNull().references('printers.id').onDelete('cascade'))
    .addColumn('printer_id', 'integer', (c) => c.notNull().references('printers.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('find_me_members_pk', ['queue_id', 'printer_id'])
    .execute();
  await db.schema
    .createIndex('find_me_members_printer_idx')
    .on('find_me_members')
    .column('printer_id')
    .execute();

  await (
    isPostgres(db)
      ? db.schema.createTable('print_jobs').addColumn('id', 'serial', (c) => c.primaryKey())
      : db.schema.createTable('print_jobs').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
  )
    .addColumn('queue_id', 'integer', (c) => c.references('printers.id').onDelete('set null'))
    // The queue's "server\name", kept when the queue is deleted.
    .addColumn('queue_name', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('document_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('document_format', 'text', (c) => c.notNull().defaultTo(''))
    // The file's name in the spool directory; '' before the document arrives and after it is removed.
    .addColumn('spool_file', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('document_size', big, (c) => c.notNull().defaultTo(0))
    // Pages of one copy as charged (after page-ranges and number-up), and how many are in colour.
    .addColumn('pages', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('color_pages', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('copies', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sides', 'text', (c) => c.notNull().defaultTo('one-sided'))
    .addColumn('media', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('color_mode', 'text', (c) => c.notNull().defaultTo('auto'))
    // "1-3,7-7"; '' = every page.
    .addColumn('page_ranges', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('number_up', 'integer', (c) => c.notNull().defaultTo(1))
    // IPP job-state keywords: pending, pending-held, processing, completed, canceled, aborted.
    .addColumn('state', 'text', (c) => c.notNull())
    // IPP job-state-reasons keywords, comma-separated; and a job-state-message for people.
    .addColumn('state_reasons', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('state_message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    // A held job is deleted uncharged at this time unless released.
    .addColumn('expires_at', 'text')
    .addColumn('released_at', 'text')
    .addColumn('released_by', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('released_printer_id', 'integer', (c) => c.references('printers.id').onDelete('set null'))
    .addColumn('released_printer_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('completed_at', 'text')
    // The job log's row once charged (no foreign key: a restore empties the job log first).
    .addColumn('charged_job_id', big)
    .addColumn('client_machine', 'text', (c) => c.notNull().defaultTo(''))
    // For the forwarder: tries so far, when to try next, and which server holds the job until when.
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    // The job's id at the destination once sent: a server taking over follows it instead of sending again.
    .addColumn('destination_job_id', 'integer')
    .execute();
  await db.schema
    .createIndex('print_jobs_state_idx')
    .on('print_jobs')
    .columns(['state', 'expires_at'])
    .execute();
  await db.schema
    .createIndex('print_jobs_forward_idx')
    .on('print_jobs')
    .columns(['state', 'next_attempt_at'])
    .execute();
  await db.schema.createIndex('print_jobs_user_idx').on('print_jobs').columns(['user_id', 'id']).execute();
  await db.schema.createIndex('print_jobs_queue_idx').on('print_jobs').columns(['queue_id', 'id']).execute();

  await db.schema.alterTable('jobs').addColumn('print_job_id', 'integer').execute();
  await db.schema.createIndex('jobs_print_job_idx').on('jobs').column('print_job_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('jobs_print_job_idx').ifExists().execute();
  await db.schema.alterTable('jobs').dropColumn('print_job_id').execute();
  await db.schema.dropTable('print_jobs').ifExists().execute();
  await db.schema.dropTable('find_me_members').ifExists().execute();
  for (const column of ['auth_mode', 'hold_jobs', 'destination_uri', 'kind'])
    await db.schema.alterTable('printers').dropColumn(column).execute();
}
