/**
 * Admin Console routes for Printers: the paged list; a printer's page with its details and cost
 * model (prices by paper size included), its print queue (printer-queue.routes.tsx), its access
 * groups, and deletion behind a confirmation page. Each handler checks admin rights first, through `adminFrame` (401 signed out, 403 for a
 * non-administrator); a refused form re-renders with 400 and the field's error, and nothing is
 * written.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AmountError, parseAmount } from '../../accounts/money.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import type { Problem } from '../../i18n/local-text.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { PrinterSettings, SizeCost } from '../../printers/printers.repository.js';
import { checked, field, sendPage } from '../render.js';
import { actorOf } from '../security.js';
import type { WebContext } from '../context.js';
import { doneNotice, positiveInt, type AdminFrame } from './admin.pages.js';
import {
  DeletePrinterPage,
  PrinterPage,
  printerValues,
  sizeFields,
  type PrinterPageProps,
  type PrinterValues,
  type SizeValues,
} from './printer.pages.js';
import { printerHref, printerName, PRINTERS_PER_PAGE, PrintersPage } from './printers.pages.js';
import { heldView, queueView, registerPrinterQueueRoutes } from './printer-queue.routes.js';

type PrinterParams = { Params: { id: string } };

/** More paper-size rows than a form can send are ignored (the service allows 50 sizes). */
const MAX_SIZE_ROWS = 60;

/** The form's values as typed; paper-size rows are read while the form has them. */
function valuesOf(body: unknown): PrinterValues {
  const sizes: SizeValues[] = [];
  for (let i = 0; i < MAX_SIZE_ROWS; i++) {
    const fields = sizeFields(i);
    if (
      field(body, fields.size) === '' &&
      field(body, fields.cost_gray) === '' &&
      field(body, fields.cost_color) === ''
    )
      continue;
    sizes.push({
      size: field(body, fields.size),
      cost_gray: field(body, fields.cost_gray),
      cost_color: field(body, fields.cost_color),
    });
  }
  return {
    display_name: field(body, 'display_name'),
    location: field(body, 'location'),
    cost_gray: field(body, 'cost_gray'),
    cost_color: field(body, 'cost_color'),
    duplex_discount: field(body, 'duplex_discount'),
    enabled: checked(body, 'enabled'),
    sizes,
  };
}

/**
 * The typed values as settings and paper-size prices, every field checked: all problems at once,
 * keyed by field. The service checks the ranges again; here the text becomes numbers.
 */
function changesOf(values: PrinterValues): { settings: PrinterSettings; sizeCosts: SizeCost[] } {
  const problems: Record<string, Problem> = {};
  const price = (key: string, text: string): number => {
    try {
      const amount = parseAmount(text);
      if (amount < 0) problems[key] = adminEnglish.t('admin.printers.problem.price');
      return amount;
    } catch (error) {
      if (!(error instanceof AmountError)) throw error;
      problems[key] = error.problem;
      return 0;
    }
  };
  const settings: PrinterSettings = {
    display_name: values.display_name.trim(),
    location: values.location.trim(),
    cost_gray: price('cost_gray', values.cost_gray),
    cost_color: price('cost_color', values.cost_color),
    duplex_discount: Number(values.duplex_discount.trim()),
    enabled: values.enabled ? 1 : 0,
  };
  if (!/^\d{1,3}$/.test(values.duplex_discount.trim()))
    problems.duplex_discount = adminEnglish.t('admin.printers.problem.discount');
  const sizeCosts = values.sizes.map((row, i) => {
    const fields = sizeFields(i);
    if (row.size.trim() === '') problems[fields.size] = adminEnglish.t('admin.printers.problem.size');
    // A blank price in a row that names a size is the printer's own price for that colour.
    const gray = row.cost_gray.trim() === '' ? values.cost_gray : row.cost_gray;
    const color = row.cost_color.trim() === '' ? values.cost_color : row.cost_color;
    return {
      size: row.size.trim(),
      cost_gray: price(fields.cost_gray, gray),
      cost_color: price(fields.cost_color, color),
    };
  });
  if (Object.keys(problems).length > 0) throw new ValidationError(problems);
  return { settings, sizeCosts };
}

export function registerAdminPrinterRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
): void {
  const { printers, printerStatus } = context.services;

  /** The printer the address names; an id that is not a number is as unknown as a missing one. */
  const printerOf = async (id: string) => {
    const number = positiveInt(id);
    if (number === null) throw new NotFoundError(`No printer with id ${id.slice(0, 20)}.`);
    return printers.requireById(number);
  };
  const detailsOf = async (id: string) => {
    const printer = await printerOf(id);
    return printers.details(printer.server_name, printer.name);
  };

  /** The printer's page; `extra` carries a notice or a refused form's values and errors. */
  async function render(
    request: FastifyRequest<PrinterParams>,
    reply: FastifyReply,
    status: number,
    extra: Partial<PrinterPageProps> = {},
  ) {
    const printer = await detailsOf(request.params.id);
    return sendPage(
      reply,
      status,
      <PrinterPage
        frame={await adminFrame(request)}
        printer={printer}
        values={printerValues(printer)}
        status={await printerStatus.of(printer.id)}
        notice={doneNotice(request.query, printerName(printer))}
        queue={await queueView(context.services, printer)}
        held={await heldView(context.services, printer)}
        {...extra}
      />,
    );
  }

  server.get('/admin/printers', async (request, reply) => {
    const frame = await adminFrame(request);
    const page = Math.min(positiveInt(field(request.query, 'page')) ?? 1, 100_000);
    const rows = await printers.list((page - 1) * PRINTERS_PER_PAGE, PRINTERS_PER_PAGE + 1);
    return sendPage(
      reply,
      200,
      <PrintersPage
        frame={frame}
        printers={rows.slice(0, PRINTERS_PER_PAGE)}
        statuses={await printerStatus.byPrinter()}
        page={page}
        hasMore={rows.length > PRINTERS_PER_PAGE}
        notice={doneNotice(request.query)}
      />,
    );
  });

  server.get<PrinterParams>('/admin/printers/:id', async (request, reply) => {
    await adminFrame(request);
    return render(request, reply, 200);
  });

  server.post<PrinterParams>('/admin/printers/:id', async (request, reply) => {
    await adminFrame(request);
    const printer = await printerOf(request.params.id);
    const values = valuesOf(request.body);
    try {
      await printers.configure(printer.server_name, printer.name, changesOf(values), actorOf(request));
      return reply.redirect(`${printerHref(printer)}?done=printer-saved`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(request, reply, 400, { values, errors: error.fields, notice: undefined });
    }
  });

  /** Adds (or with /remove, removes) an access group; an unknown group is the field's error. */
  for (const [path, change] of [
    ['/access', printers.addAccessGroup],
    ['/access/remove', printers.removeAccessGroup],
  ] as const) {
    server.post<PrinterParams>(`/admin/printers/:id${path}`, async (request, reply) => {
      await adminFrame(request);
      const printer = await printerOf(request.params.id);
      const group = field(request.body, 'group').trim().slice(0, 300);
      const refuse = (problem: string) =>
        render(request, reply, 400, { access: { group, errors: { group: problem } }, notice: undefined });
      if (group === '') return refuse(adminEnglish.t('admin.printers.access.enter'));
      try {
        await change(printer.server_name, printer.name, group, actorOf(request));
        return reply.redirect(`${printerHref(printer)}?done=printer-access`, 303);
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        return refuse(adminEnglish.t('admin.printers.access.unknown', { group }));
      }
    });
  }

  server.get<PrinterParams>('/admin/printers/:id/delete', async (request, reply) => {
    const frame = await adminFrame(request);
    return sendPage(
      reply,
      200,
      <DeletePrinterPage frame={frame} printer={await printerOf(request.params.id)} />,
    );
  });

  server.post<PrinterParams>('/admin/printers/:id/delete', async (request, reply) => {
    await adminFrame(request);
    const printer = await printerOf(request.params.id);
    await printers.remove(printer.server_name, printer.name, actorOf(request));
    return reply.redirect('/admin/printers?done=printer-deleted', 303);
  });

  registerPrinterQueueRoutes(server, context, adminFrame, { printerOf, render });
}
