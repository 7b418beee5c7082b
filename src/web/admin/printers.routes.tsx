/**
 * Admin Console routes for Printers: the paged list and a printer's cost model form. Each handler
 * checks admin rights first, through `adminFrame` (401 signed out, 403 for a non-administrator);
 * a refused form re-renders with 400 and the field's error, and nothing is written.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AmountError, parseAmount } from '../../accounts/money.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { PrinterSettings } from '../../printers/printers.repository.js';
import { checked, field, sendPage } from '../render.js';
import { actorOf } from '../security.js';
import type { WebContext } from '../context.js';
import { doneNotice, positiveInt, type AdminFrame } from './admin.pages.js';
import {
  PrinterPage,
  printerHref,
  printerName,
  PRINTERS_PER_PAGE,
  PrintersPage,
  printerValues,
  type PrinterValues,
} from './printers.pages.js';

type PrinterParams = { Params: { id: string } };

/**
 * The typed values as settings, every field checked: all problems at once, keyed by field. The
 * service checks the ranges again; here the text becomes numbers.
 */
function settingsOf(values: PrinterValues): PrinterSettings {
  const problems: Record<string, string> = {};
  const price = (name: 'cost_gray' | 'cost_color'): number => {
    try {
      const amount = parseAmount(values[name]);
      if (amount < 0) problems[name] = 'A price must be zero or more.';
      return amount;
    } catch (error) {
      if (!(error instanceof AmountError)) throw error;
      problems[name] = error.message;
      return 0;
    }
  };
  const settings: PrinterSettings = {
    cost_gray: price('cost_gray'),
    cost_color: price('cost_color'),
    duplex_discount: Number(values.duplex_discount.trim()),
    enabled: values.enabled ? 1 : 0,
  };
  if (!/^\d{1,3}$/.test(values.duplex_discount.trim()))
    problems.duplex_discount = 'The duplex discount is a whole percentage from 0 to 100.';
  if (Object.keys(problems).length > 0) throw new ValidationError(problems);
  return settings;
}

export function registerAdminPrinterRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
): void {
  const { printers } = context.services;

  /** The printer the address names; an id that is not a number is as unknown as a missing one. */
  const printerOf = async (id: string) => {
    const number = positiveInt(id);
    if (number === null) throw new NotFoundError(`No printer with id ${id.slice(0, 20)}.`);
    return printers.requireById(number);
  };

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
        page={page}
        hasMore={rows.length > PRINTERS_PER_PAGE}
      />,
    );
  });

  server.get<PrinterParams>('/admin/printers/:id', async (request, reply) => {
    const frame = await adminFrame(request);
    const printer = await printerOf(request.params.id);
    return sendPage(
      reply,
      200,
      <PrinterPage
        frame={frame}
        printer={printer}
        values={printerValues(printer)}
        notice={doneNotice(request.query, printerName(printer))}
      />,
    );
  });

  server.post<PrinterParams>('/admin/printers/:id', async (request, reply) => {
    const frame = await adminFrame(request);
    const printer = await printerOf(request.params.id);
    const body = request.body;
    const values: PrinterValues = {
      cost_gray: field(body, 'cost_gray'),
      cost_color: field(body, 'cost_color'),
      duplex_discount: field(body, 'duplex_discount'),
      enabled: checked(body, 'enabled'),
    };
    try {
      await printers.update(printer.server_name, printer.name, settingsOf(values), actorOf(request));
      return reply.redirect(`${printerHref(printer)}?done=printer-saved`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(
        reply,
        400,
        <PrinterPage frame={frame} printer={printer} values={values} errors={error.fields} />,
      );
    }
  });
}
