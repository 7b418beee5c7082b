/**
 * A job arriving: checked against its queue and user before any byte is stored, its document
 * streamed to the spool and counted through the `CountPages` port, then held (a queue that holds
 * jobs, a Find-Me queue) or charged at once at the queue's printer's rates. A job the account will
 * not pay for (restricted without credit, disabled, no access) ends aborted with a
 * job-state-message saying why, its document removed, and the denial in the job log.
 *
 * IPP's Print-Job is `receive`; Create-Job is `createJob` and its Send-Document `sendDocument`.
 */
import type { PrinterRow } from '../db/accounting.schema.js';
import type { PrintJobRow } from '../db/print.schema.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { MAX_COPIES, MAX_PAGES } from '../jobs/job-details.js';
import type { ChargeResult } from '../jobs/charging.service.js';
import type { JobShape } from '../printers/cost-model.js';
import { storableText } from '../text.js';
import { normalizeUsername } from '../users/username.js';
import {
  chargedPages,
  DEFAULT_PRINT_OPTIONS,
  formatRanges,
  NUMBER_UP,
  paperSizeOfMedia,
  parseRanges,
  type CountPages,
  type PrintOptions,
} from './page-count.js';
import {
  endJob,
  iso,
  later,
  MAX_DOCUMENT_BYTES,
  MULTIPLE_OPERATION_TIMEOUT_SECONDS,
  REASON,
  refundCharge,
  requireJob,
  SYSTEM,
  UPLOAD_LEASE_MS,
  type PrintDeps,
} from './print-context.js';
import { presentPrintJob, type PrintJob } from './print-job.presenter.js';
import { ENDED_STATES } from './print-jobs.repository.js';
import { fullName, isAccepting } from './queues.service.js';
import { spoolFileName } from './spool.js';

export interface NewPrintJob {
  /** The queue's name as in `/printers/<queue>` (or "server\name"). */
  queue: string;
  /** Who prints: the user HTTP Basic authenticated, or a trusted print server's requesting-user-name. */
  username: string;
  documentName?: string;
  clientMachine?: string;
  options?: Partial<PrintOptions>;
}

export interface IncomingDocument {
  /** The document's bytes as they arrive (the request body): never held whole. */
  stream: AsyncIterable<Uint8Array>;
  /** Its MIME type (IPP document-format). */
  format: string;
  /** Names the job when it has no name yet (IPP document-name). */
  name?: string;
}

const MAX_NAME = 255;
const MAX_RANGES = 100;
const SIDES = new Set(['one-sided', 'two-sided-long-edge', 'two-sided-short-edge']);
const COLOR_MODES = new Set(['auto', 'color', 'monochrome']);

/** A name from a client shown as given, but one line, storable and bounded (never a refusal). */
function cleanName(text: string | undefined): string {
  return storableText(text ?? '')
    .replace(/[\p{Cc}\u2028\u2029]/gu, ' ')
    .trim()
    .slice(0, MAX_NAME);
}

/** The job's options with defaults, each checked; every problem at once. */
export function checkOptions(given: Partial<PrintOptions> = {}): PrintOptions {
  const options = { ...DEFAULT_PRINT_OPTIONS, ...given };
  const problems: Record<string, string> = {};
  if (!Number.isInteger(options.copies) || options.copies < 1 || options.copies > MAX_COPIES)
    problems.copies = `Copies must be a whole number from 1 to ${MAX_COPIES}.`;
  if (!SIDES.has(options.sides))
    problems.sides = 'Sides is one-sided, two-sided-long-edge or two-sided-short-edge.';
  if (!COLOR_MODES.has(options.colorMode))
    problems.colorMode = 'The colour mode is auto, color or monochrome.';
  if (!NUMBER_UP.has(options.numberUp)) problems.numberUp = 'Number-up is 1, 2, 4, 6, 9 or 16.';
  if (
    typeof options.media !== 'string' ||
    options.media.length > MAX_NAME ||
    /[^\x21-\x7e]/.test(options.media)
  )
    problems.media = 'The media is a name such as iso_a4_210x297mm.';
  const ranges = options.pageRanges;
  if (
    ranges.length > MAX_RANGES ||
    ranges.some(
      ([first, last]) => !Number.isInteger(first) || !Number.isInteger(last) || first < 1 || last < first,
    )
  )
    problems.pageRanges = `Page ranges are at most ${MAX_RANGES} ranges of pages from 1, each first to last.`;
  if (Object.keys(problems).length > 0) throw new ValidationError(problems);
  return options;
}

export function createIntake(deps: PrintDeps) {
  const { printJobs, store, clock } = deps;

  /** The queue and user a job names, refused before anything is stored (Validate-Job asks this). */
  async function check(input: Pick<NewPrintJob, 'queue' | 'username'>) {
    const queue = await deps.queues.require(input.queue);
    if (!isAccepting(queue, clock.now())) throw new ConflictError('The printer is not accepting jobs.');
    const payer = await store.accounts.payer(normalizeUsername(input.username));
    if (!payer) throw new NotFoundError(`No user named "${input.username}".`);
    // A trusted print server names the user without a log-in: refuse whom a log-in would refuse.
    if (payer.user.disabled) throw new ForbiddenError(`The user "${payer.user.username}" is disabled.`);
    const expiredOn = await deps.expired(payer.user);
    if (expiredOn)
      throw new ForbiddenError(`The account of "${payer.user.username}" expired on ${expiredOn}.`);
    const [access] = await store.printers.forCharge(undefined, queue.id, payer.user.id);
    if (!access?.allowed)
      throw new ForbiddenError('The user is not in a group allowed to print on this printer.');
    return { queue, user: payer.user };
  }

  async function createJob(input: NewPrintJob): Promise<PrintJob> {
    const options = checkOptions(input.options);
    const { queue, user } = await check(input);
    const id = await printJobs.insert({
      queue_id: queue.id,
      queue_name: fullName(queue),
      user_id: user.id,
      username: user.username,
      document_name: cleanName(input.documentName),
      client_machine: cleanName(input.clientMachine),
      copies: options.copies,
      sides: options.sides,
      media: options.media,
      color_mode: options.colorMode,
      page_ranges: formatRanges(options.pageRanges),
      number_up: options.numberUp,
      state: 'pending',
      state_reasons: REASON.incoming,
      created_at: iso(clock.now()),
      lease_owner: deps.owner,
      lease_until: later(clock, MULTIPLE_OPERATION_TIMEOUT_SECONDS * 1000),
    });
    return presentPrintJob((await printJobs.byId(id))!);
  }

  /** Aborts a job this server is receiving, with why; its document goes. */
  const abort = (id: number, message: string, reasons: string = REASON.abortedBySystem) =>
    endJob(
      deps,
      id,
      { states: ['pending'], leaseOwner: deps.owner, uncharged: true },
      { state: 'aborted', state_reasons: reasons, state_message: message.slice(0, 1000) },
    );

  /** Streams the document to the spool and counts it; anything wrong aborts the job and is thrown. */
  async function spoolAndCount(row: PrintJobRow, document: IncomingDocument, count: CountPages) {
    const name = spoolFileName(row.id, deps.random.token(9));
    const claimed = await printJobs.update(
      row.id,
      { states: ['pending'], noDocument: true, uncharged: true },
      {
        spool_file: name,
        document_format: cleanName(document.format),
        document_name: row.document_name || cleanName(document.name),
        lease_owner: deps.owner,
        lease_until: later(clock, UPLOAD_LEASE_MS),
      },
    );
    if (!claimed) throw new ConflictError('The job has its document already, or has ended.');
    try {
      const size = await deps.spool.write(name, document.stream, deps.maxDocumentBytes ?? MAX_DOCUMENT_BYTES);
      await printJobs.update(row.id, { states: ['pending'] }, { document_size: size });
      const counted = await count(deps.spool.path(name), document.format);
      if (counted.format !== undefined && counted.format !== document.format)
        await printJobs.update(
          row.id,
          { states: ['pending'] },
          { document_format: cleanName(counted.format) },
        );
      const shape = chargedPages(counted, storedOptions(row));
      if (shape.pages < 1 || shape.pages > MAX_PAGES)
        throw new ValidationError({
          document: shape.pages < 1 ? 'The document has no pages to print.' : `At most ${MAX_PAGES} pages.`,
        });
      return { name, size, ...shape };
    } catch (error) {
      await abort(row.id, error instanceof Error ? error.message : String(error));
      await removeQuietly(name);
      throw error;
    }
  }

  /**
   * Removes a file by name: a job cancelled while its document was still arriving may have had its
   * (then empty) spool entry cleared before the file was created.
   */
  async function removeQuietly(name: string): Promise<void> {
    await deps.spool
      .remove(name)
      .catch((error: unknown) => deps.log?.warn({ err: error, name }, 'could not remove a spool file'));
  }

  /** Links a charge to its job; a job cancelled while it was charged gets the charge back (false). */
  async function settle(id: number, result: Extract<ChargeResult, { status: 'printed' }>): Promise<boolean> {
    const linked = await printJobs.update(
      id,
      { states: ['pending'], leaseOwner: deps.owner, uncharged: true },
      {
        charged_job_id: result.jobId,
        state_reasons: REASON.queued,
        next_attempt_at: iso(clock.now()),
        lease_owner: null,
        lease_until: null,
      },
    );
    if (!linked) await refundCharge(deps, result.jobId, 'Cancelled before printing', SYSTEM);
    return linked;
  }

  async function sendDocument(
    jobId: number,
    username: string,
    document: IncomingDocument,
    count: CountPages,
  ): Promise<PrintJob> {
    const row = await requireJob(deps, jobId);
    if (normalizeUsername(username) !== row.username)
      throw new ForbiddenError('Only the user who created this job may send its document.');
    if (row.state !== 'pending' || row.state_reasons !== REASON.incoming || row.spool_file !== '')
      throw new ConflictError('The job has its document already, or has ended.');
    const shape = await spoolAndCount(row, document, count);
    const queue = row.queue_id === null ? undefined : await store.printers.byId(row.queue_id);
    if (!queue) {
      await abort(row.id, 'The queue was deleted.');
      throw new ConflictError('The queue was deleted.');
    }
    if (queue.kind === 'find-me' || queue.hold_jobs === 1) await hold(row, shape);
    else await chargeNow(row, shape, queue);
    const final = (await printJobs.byId(row.id))!;
    if (ENDED_STATES.includes(final.state)) await removeQuietly(shape.name);
    return presentPrintJob(final);
  }

  async function hold(row: PrintJobRow, shape: { pages: number; colorPages: number }) {
    const { heldJobExpiryMinutes } = await deps.settings.get();
    const held = await printJobs.update(
      row.id,
      { states: ['pending'], leaseOwner: deps.owner, uncharged: true },
      {
        state: 'pending-held',
        state_reasons: REASON.held,
        pages: shape.pages,
        color_pages: shape.colorPages,
        expires_at: later(clock, heldJobExpiryMinutes * 60_000),
        lease_owner: null,
        lease_until: null,
      },
    );
    if (!held) deps.log?.warn({ job: row.id }, 'a print job was cancelled while it arrived');
  }

  async function chargeNow(
    row: PrintJobRow,
    shape: { pages: number; colorPages: number },
    queue: PrinterRow,
  ) {
    await printJobs.update(
      row.id,
      { states: ['pending'] },
      { pages: shape.pages, color_pages: shape.colorPages },
    );
    let result: ChargeResult;
    try {
      result = await deps.charging.charge(chargeRequest(row, shape, queue));
    } catch (error) {
      await abort(row.id, error instanceof Error ? error.message : String(error));
      throw error;
    }
    if (result.status === 'printed') await settle(row.id, result);
    else await abort(row.id, result.reason, REASON.denied);
  }

  return {
    check,
    createJob,
    sendDocument,
    /** Print-Job: a job and its document in one request. */
    async receive(input: NewPrintJob, document: IncomingDocument, count: CountPages): Promise<PrintJob> {
      const job = await createJob(input);
      return sendDocument(job.id, input.username, document, count);
    },
    settle,
  };
}

/** The job's options as stored. */
export function storedOptions(row: PrintJobRow): PrintOptions {
  return {
    copies: row.copies,
    sides: row.sides,
    media: row.media,
    colorMode: row.color_mode,
    pageRanges: parseRanges(row.page_ranges),
    numberUp: row.number_up,
  };
}

/** What a cost model prices: the job's pages as charged, copies, duplex and paper size. */
export function shapeOf(
  row: Pick<PrintJobRow, 'pages' | 'color_pages' | 'copies' | 'sides' | 'media'>,
): JobShape {
  return {
    pages: row.pages,
    colorPages: row.color_pages,
    copies: row.copies,
    duplex: row.sides !== 'one-sided',
    paperSize: paperSizeOfMedia(row.media),
  };
}

/** What charging needs to price and record the job on `printer`. */
export function chargeRequest(
  row: PrintJobRow,
  shape: { pages: number; colorPages: number },
  printer: PrinterRow,
) {
  return {
    ...shapeOf({ ...row, pages: shape.pages, color_pages: shape.colorPages }),
    username: row.username,
    server: printer.server_name,
    printer: printer.name,
    printerId: printer.id,
    printJobId: row.id,
    documentName: row.document_name,
    clientMachine: row.client_machine,
    origin: 'ipp' as const,
  };
}
