/**
 * One attempt at a job (forwarder.ts claims it and acts on the outcome): send the document with
 * Print-Job unless the printer has it already (`destination_job_id`), record the printer's job id
 * before anything else, then ask after it with Get-Job-Attributes until it ends there.
 *
 *   const outcome = await createAttempt(deps).attempt(row, printer, signal);
 *   // completed (with the printer's count) | aborted (refund) | retry (later) | stopped | lost
 */
import { access } from 'node:fs/promises';
import type { PrinterRow } from '../../db/accounting.schema.js';
import type { PrintJobRow } from '../../db/print.schema.js';
import { IppTransportError } from '../../ipp/client/ipp-transport.js';
import { createPrinterClient, type PrinterClient } from '../../ipp/client/printer-client.js';
import { storedOptions } from '../job-intake.js';
import type { PrintDeps } from '../print-context.js';

/** What became of one attempt. */
export type Outcome =
  | { kind: 'completed'; impressions: number | null }
  | { kind: 'aborted'; message: string }
  /** `forget`: the printer no longer knows the job: send it again. */
  | { kind: 'retry'; message: string; forget?: boolean; delayMs?: number }
  /** This server is stopping (back to pending now) or lost the lease (leave the job alone). */
  | { kind: 'stopped' }
  | { kind: 'lost' }
  /** Still at the printer after a while: handed back, to be claimed and followed again. */
  | { kind: 'later' };

/** Statuses after which the same request may succeed later; any other refusal is final. */
const RETRYABLE = new Set([
  'server-error-busy',
  'server-error-service-unavailable',
  'server-error-temporary-error',
  'server-error-not-accepting-jobs',
  'server-error-too-many-jobs',
  'server-error-device-error',
  'server-error-printer-is-deactivated',
  'server-error-internal-error',
  'client-error-timeout',
]);

const ENDED_REMOTE = new Set(['completed', 'canceled', 'aborted']);

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export function retry(message: string, forget = false, delayMs?: number): Outcome {
  return { kind: 'retry', message, forget, delayMs };
}

function refused(status: string, message: string, what: string, keepJob = false): Outcome {
  const why = `The printer ${what} (${status}${message ? `: ${message}` : ''}).`;
  return RETRYABLE.has(status) || keepJob ? retry(why) : { kind: 'aborted', message: why };
}

export interface AttemptDeps extends Pick<PrintDeps, 'printJobs' | 'spool'> {
  /** The lease condition: only while this server holds the job. */
  mine: { readonly states: readonly ['processing']; readonly leaseOwner: string };
  followMs: number;
  /** How long one claim follows a job before handing it back (a job waiting at the printer keeps no slot). */
  followSliceMs: number;
  requestTimeoutMs: number;
}

export function createAttempt(deps: AttemptDeps) {
  const { printJobs, mine } = deps;

  /** Print-Job; the printer's job id once it took the job (recorded first). */
  async function send(row: PrintJobRow, client: PrinterClient): Promise<number | Outcome> {
    const file = row.spool_file === '' ? '' : deps.spool.path(row.spool_file);
    if (
      file === '' ||
      !(await access(file).then(
        () => true,
        () => false,
      ))
    )
      return { kind: 'aborted', message: 'The document is no longer in the spool.' };
    const options = storedOptions(row);
    const sent = await client.printJob({
      file,
      format: row.document_format || 'application/octet-stream',
      jobName: jobNameOf(row),
      userName: row.username,
      copies: options.copies,
      sides: options.sides,
      media: options.media,
      colorMode: options.colorMode,
      pageRanges: options.pageRanges.map(([lower, upper]) => ({ lower, upper })),
      numberUp: options.numberUp,
    });
    if (!sent.ok) return refused(sent.status, sent.message, 'refused the job');
    const recorded = await printJobs.update(row.id, mine, {
      destination_job_id: sent.jobId,
      state_message: '',
    });
    return recorded ? sent.jobId : { kind: 'lost' };
  }

  /** Get-Job-Attributes until the job ends at the printer. */
  async function follow(row: PrintJobRow, client: PrinterClient, remoteId: number, signal: AbortSignal) {
    let shown = row.state_message;
    const handBackAt = Date.now() + deps.followSliceMs;
    for (;;) {
      const job = await client.getJob(remoteId, row.username);
      if (!job.ok) {
        if (job.status === 'client-error-not-found')
          return retry('The printer no longer knows the job; it is sent again.', true, 0);
        return refused(job.status, job.message, 'did not say how the job is going', true);
      }
      // Another job with the same id (the printer restarted and counts from 1 again). Compared
      // loosely: a printer may shorten a name or change its case, which must not send it twice.
      if (
        (job.jobName && !sameName(job.jobName, jobNameOf(row))) ||
        (job.userName && job.userName.toLowerCase() !== row.username.toLowerCase())
      )
        return retry('The printer no longer knows the job; it is sent again.', true, 0);
      if (job.state === 'completed')
        return { kind: 'completed', impressions: job.impressionsCompleted } as const;
      if (ENDED_REMOTE.has(job.state))
        return {
          kind: 'aborted',
          message: `The printer ${job.state === 'canceled' ? 'cancelled' : 'aborted'} the job${job.message ? `: ${job.message}` : '.'}`,
        } as const;
      const message =
        job.state === 'processing-stopped'
          ? `Stopped at the printer: ${job.message || job.reasons.join(', ')}`
          : '';
      if (
        message !== shown &&
        (await printJobs.update(row.id, mine, { state_message: message.slice(0, 1000) }))
      )
        shown = message;
      if (Date.now() >= handBackAt) return { kind: 'later' } as const;
      await sleep(deps.followMs, signal);
      if (signal.aborted) return { kind: 'stopped' } as const;
    }
  }

  /** Sends the job (unless the printer has it already) and follows it to its end there. */
  async function attempt(row: PrintJobRow, printer: PrinterRow, signal: AbortSignal): Promise<Outcome> {
    const client = createPrinterClient(printer.destination_uri, {
      idleTimeoutMs: deps.requestTimeoutMs,
      signal,
    });
    try {
      let remoteId = row.destination_job_id;
      if (remoteId === null) {
        const sent = await send(row, client);
        if (typeof sent !== 'number') return sent;
        remoteId = sent;
      }
      return await follow(row, client, remoteId, signal);
    } catch (error) {
      if (signal.aborted) return { kind: 'stopped' };
      if (error instanceof IppTransportError)
        return retry(`The printer could not be reached: ${error.message}`);
      throw error;
    }
  }

  return { attempt };
}

/** IPP's name(MAX) is 255 octets (RFC 8011 §5.1.3). */
const MAX_NAME_OCTETS = 255;

/** The job-name sent to the printer (and checked when following the job): at most 255 UTF-8 octets. */
function jobNameOf(row: PrintJobRow): string {
  let name = row.document_name || `Quire job ${row.id}`;
  while (Buffer.byteLength(name, 'utf8') > MAX_NAME_OCTETS) name = [...name].slice(0, -1).join('');
  return name;
}

/** Whether the printer's job-name is the one sent, allowing for a printer that shortened it or changed its case. */
function sameName(reported: string, sent: string): boolean {
  const a = reported.trim().toLowerCase();
  const b = sent.trim().toLowerCase();
  return a === b || (a.length >= 8 && b.startsWith(a));
}
