/**
 * Admin Console: a printer's print queue settings and a Find-Me queue's member printers, through
 * the same service calls (and so the same checks and audit records) as `quire printer set` and
 * `quire queue set-members`. A refused form re-renders the printer's page with 400 and the
 * field's error; nothing is written.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PrinterRow } from '../../db/accounting.schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { fullName } from '../../print/queues.service.js';
import type { PrinterSettings } from '../../printers/printers.repository.js';
import { QUEUE_AUTH_MODES } from '../../printers/queue-settings.js';
import { checked, field } from '../render.js';
import { actorOf } from '../security.js';
import type { WebContext } from '../context.js';
import type { AdminFrame } from './admin.pages.js';
import type { PrinterPageProps } from './printer.pages.js';
import { presentHeldJob, type HeldJobsView } from './held-jobs.pages.js';
import { queueValues, type QueueValues, type QueueView } from './printer-queue.pages.js';
import { printerHref } from './printers.pages.js';

type PrinterParams = { Params: { id: string } };

/** The queue part of a printer's page, as stored (with what was typed, and its errors). */
export async function queueView(
  services: WebContext['services'],
  printer: PrinterRow,
  typed?: Partial<QueueValues>,
  errors?: Record<string, string>,
): Promise<QueueView> {
  const members = printer.kind === 'find-me' ? (await services.queues.members(printer.id)).map(fullName) : [];
  return {
    urls: services.queues.urls(printer.name),
    values: { ...queueValues(printer, members), ...typed },
    errors,
  };
}

/** The jobs held on the queue, for its Held jobs section; `error` is a refused release's. */
export async function heldView(
  services: WebContext['services'],
  printer: PrinterRow,
  error?: HeldJobsView['error'],
): Promise<HeldJobsView> {
  const jobs = await services.printJobs.held({ queue: fullName(printer) });
  const members = printer.kind === 'find-me' ? (await services.queues.members(printer.id)).map(fullName) : [];
  return { jobs: jobs.map(presentHeldJob), members, base: printerHref(printer), error };
}

/** `A, B` → ['A', 'B']. */
const names = (list: string) =>
  list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);

export function registerPrinterQueueRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
  page: {
    printerOf: (id: string) => Promise<PrinterRow>;
    render: (
      request: FastifyRequest<PrinterParams>,
      reply: FastifyReply,
      status: number,
      extra?: Partial<PrinterPageProps>,
    ) => Promise<FastifyReply>;
  },
): void {
  const { printers, queues } = context.services;

  const refuse = async (
    request: FastifyRequest<PrinterParams>,
    reply: FastifyReply,
    printer: PrinterRow,
    typed: Partial<QueueValues>,
    errors: Record<string, string>,
  ) =>
    page.render(request, reply, 400, {
      queue: await queueView(context.services, printer, typed, errors),
      notice: undefined,
    });

  server.post<PrinterParams>('/admin/printers/:id/queue', async (request, reply) => {
    await adminFrame(request);
    const printer = await page.printerOf(request.params.id);
    const typed = {
      destination_uri: field(request.body, 'destination_uri').trim(),
      hold_jobs: checked(request.body, 'hold_jobs'),
      auth_mode: field(request.body, 'auth_mode'),
    };
    const mode = QUEUE_AUTH_MODES.get(typed.auth_mode);
    if (!mode)
      return refuse(request, reply, printer, typed, { auth_mode: adminEnglish.t('admin.queue.authUnknown') });
    // A Find-Me queue has no destination and always holds: only how users are identified is its own.
    const settings: PrinterSettings =
      printer.kind === 'find-me'
        ? { auth_mode: mode }
        : { destination_uri: typed.destination_uri, hold_jobs: typed.hold_jobs ? 1 : 0, auth_mode: mode };
    try {
      await printers.configure(printer.server_name, printer.name, { settings }, actorOf(request));
      return reply.redirect(`${printerHref(printer)}?done=printer-saved`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return refuse(request, reply, printer, typed, error.fields);
    }
  });

  server.post<PrinterParams>('/admin/printers/:id/members', async (request, reply) => {
    await adminFrame(request);
    const printer = await page.printerOf(request.params.id);
    const typed = { printers: field(request.body, 'printers') };
    try {
      if (printer.kind !== 'find-me')
        throw new ValidationError({ printers: `"${printer.name}" is a printer, not a Find-Me queue.` });
      await queues.setMembers(fullName(printer), names(typed.printers), actorOf(request));
      return reply.redirect(`${printerHref(printer)}?done=printer-saved`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return refuse(request, reply, printer, typed, error.fields);
    }
  });

  registerHeldJobRoutes(server, context, adminFrame, page);
}

/**
 * Release and Cancel of a job held on the queue, as an administrator (audited by the print
 * service as acting on someone else's job). A job not held on this queue (any more) is "gone".
 */
function registerHeldJobRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
  page: Parameters<typeof registerPrinterQueueRoutes>[3],
): void {
  const { printJobs } = context.services;
  type HeldParams = { Params: { id: string; jobId: string } };

  for (const action of ['release', 'cancel'] as const) {
    server.post<HeldParams>(`/admin/printers/:id/held/:jobId/${action}`, async (request, reply) => {
      await adminFrame(request);
      const printer = await page.printerOf(request.params.id);
      const done = (key: string) => reply.redirect(`${printerHref(printer)}?done=${key}`, 303);
      const jobId = /^[1-9]\d{0,14}$/.test(request.params.jobId) ? Number(request.params.jobId) : 0;
      const job = jobId
        ? await printJobs.get(jobId).catch((error: unknown) => {
            if (error instanceof NotFoundError) return undefined;
            throw error;
          })
        : undefined;
      if (!job || job.queueId !== printer.id || job.state !== 'pending-held') return done('job-gone');
      const by = { ...actorOf(request), admin: true };
      try {
        if (action === 'cancel') {
          await printJobs.cancel(job.id, by);
          return done('job-cancelled');
        }
        const printerName = field(request.body, 'printer');
        const result = await printJobs.release(job.id, by, printerName === '' ? undefined : printerName);
        return done(result.status === 'released' ? 'job-released' : 'job-denied');
      } catch (error) {
        if (error instanceof NotFoundError || error instanceof ConflictError) return done('job-gone');
        if (!(error instanceof ValidationError)) throw error;
        const message = Object.values(error.fields).join(' ');
        return page.render(request, reply, 400, {
          held: await heldView(context.services, printer, { jobId: job.id, message }),
          notice: undefined,
        });
      }
    });
  }
}
