/**
 * Each printer's last known state, asked of the printer itself (Get-Printer-Attributes): polled
 * every 30 s for every printer with a destination, and again after a failed send, so the Admin
 * Console's Printers pages and Dashboard say which printers are stopped, out of paper or
 * unreachable. Every server polls; the last answer wins (one row per printer, an upsert).
 *
 *   const status = createPrinterStatus({ db, clock });
 *   await status.check(printer);            // one printer now
 *   await status.pollAll();                 // every printer with a destination
 *   await status.needingAttention();        // stopped, unreachable, or with a reason (media-empty, toner-low…)
 */
import type { Kysely, Selectable } from 'kysely';
import type { PrinterRow } from '../../db/accounting.schema.js';
import type { PrinterState, PrinterStatusTable } from '../../db/print.schema.js';
import type { DB } from '../../db/schema.js';
import { IppTransportError } from '../../ipp/client/ipp-transport.js';
import { createPrinterClient } from '../../ipp/client/printer-client.js';
import type { Clock } from '../../ports.js';

export interface PrinterStatus {
  printerId: number;
  state: PrinterState;
  reasons: string[];
  message: string;
  checkedAt: string;
}

/** A printer's status with its name, for the lists that show it. */
export interface NamedPrinterStatus extends PrinterStatus {
  server: string;
  name: string;
}

/** printer-state-reasons that need nobody (RFC 8011 §5.4.12: a -report suffix is information only). */
const HARMLESS = (reason: string) => reason === 'none' || reason.endsWith('-report');

export function needsAttention(status: Pick<PrinterStatus, 'state' | 'reasons'>): boolean {
  return (
    status.state === 'stopped' || status.state === 'unreachable' || status.reasons.some((r) => !HARMLESS(r))
  );
}

function present(row: Selectable<PrinterStatusTable>): PrinterStatus {
  return {
    printerId: row.printer_id,
    state: row.state,
    reasons: row.reasons === '' ? [] : row.reasons.split(','),
    message: row.message,
    checkedAt: row.checked_at,
  };
}

export function createPrinterStatus(deps: {
  db: Kysely<DB>;
  clock: Clock;
  /** How long one poll may wait for a printer (default 10 s). */
  timeoutMs?: number;
}) {
  const { db, clock } = deps;

  async function record(printerId: number, state: PrinterState, reasons: string[], message: string) {
    const row = {
      state,
      reasons: reasons.join(',').slice(0, 2000),
      message: message.slice(0, 1000),
      checked_at: clock.now().toISOString(),
    };
    await db
      .insertInto('printer_status')
      .values({ printer_id: printerId, ...row })
      .onConflict((oc) => oc.column('printer_id').doUpdateSet(row))
      .execute();
  }

  /** Asks the printer and records what it says (or that it did not answer). */
  async function check(printer: Pick<PrinterRow, 'id' | 'destination_uri'>, signal?: AbortSignal) {
    if (printer.destination_uri === '') return;
    const client = createPrinterClient(printer.destination_uri, {
      idleTimeoutMs: deps.timeoutMs ?? 10_000,
      signal,
    });
    try {
      const answer = await client.getPrinter();
      if (answer.ok) await record(printer.id, answer.state, answer.reasons, answer.message);
      else await record(printer.id, 'unknown', [], `${answer.status} ${answer.message}`.trim());
    } catch (error) {
      if (!(error instanceof IppTransportError)) throw error;
      if (error.failure === 'aborted') return;
      await record(printer.id, 'unreachable', [], error.message);
    }
  }

  async function named(): Promise<NamedPrinterStatus[]> {
    const rows = await db
      .selectFrom('printer_status')
      .innerJoin('printers', 'printers.id', 'printer_status.printer_id')
      .selectAll('printer_status')
      .select(['printers.server_name', 'printers.name'])
      .orderBy('printers.server_name')
      .orderBy('printers.name')
      .execute();
    return rows.map((row) => ({ ...present(row), server: row.server_name, name: row.name }));
  }

  return {
    check,

    /** Polls every printer with a destination, a few at a time. */
    async pollAll(signal?: AbortSignal): Promise<void> {
      const printers = await db
        .selectFrom('printers')
        .select(['id', 'destination_uri'])
        .where('kind', '=', 'printer')
        .where('destination_uri', '!=', '')
        .orderBy('id')
        .execute();
      for (let i = 0; i < printers.length && !signal?.aborted; i += 8)
        await Promise.all(printers.slice(i, i + 8).map((printer) => check(printer, signal)));
    },

    /** The last known state of each printer polled, by printer id. */
    async byPrinter(): Promise<Map<number, PrinterStatus>> {
      const rows = await db.selectFrom('printer_status').selectAll().execute();
      return new Map(rows.map((row) => [row.printer_id, present(row)]));
    },

    async of(printerId: number): Promise<PrinterStatus | undefined> {
      const row = await db
        .selectFrom('printer_status')
        .selectAll()
        .where('printer_id', '=', printerId)
        .executeTakeFirst();
      return row && present(row);
    },

    /** Printers stopped, unreachable or reporting a problem, by server and name. */
    async needingAttention(): Promise<NamedPrinterStatus[]> {
      return (await named()).filter(needsAttention);
    },
  };
}

export type PrinterStatusService = ReturnType<typeof createPrinterStatus>;
