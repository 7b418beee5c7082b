/**
 * Forwarding jobs to real printers (print/forwarding/): the printer's own count of a job it
 * printed, and each printer's last known state as polled with Get-Printer-Attributes.
 *
 * `printer_status` is transient (not in backups): the next poll rebuilds it.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // job-impressions-completed as the destination reported it when the job ended; null = not reported.
  await db.schema.alterTable('print_jobs').addColumn('impressions_completed', 'integer').execute();
  await db.schema
    .createTable('printer_status')
    .addColumn('printer_id', 'integer', (c) => c.primaryKey().references('printers.id').onDelete('cascade'))
    // idle, processing, stopped (IPP printer-state), or unreachable (no IPP answer).
    .addColumn('state', 'text', (c) => c.notNull())
    // printer-state-reasons keywords, comma-separated, 'none' left out.
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo(''))
    // printer-state-message, or why the printer could not be reached.
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('checked_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('printer_status').ifExists().execute();
  await db.schema.alterTable('print_jobs').dropColumn('impressions_completed').execute();
}
