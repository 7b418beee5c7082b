/**
 * REST API: printers as accounting objects — their cost model (grayscale and colour prices per
 * page, a duplex discount, prices per paper size) and the groups allowed to print. A printer is
 * named "server\queue" (`server%5Cqueue` in a path) or by a queue name only one server has.
 *
 *   PATCH /api/v1/printers/ps1%5Clibrary {"costPerPage": "0.10", "sizeCosts": [{"size": "A3", …}]}
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { PrinterSettings, SizeCost } from '../printers/printers.repository.js';
import { printerPath } from '../jobs/job-log.service.js';
import {
  amountOf,
  flag,
  given,
  optionalAmount,
  presentPrinter,
  withFieldNames,
} from './accounting.presenter.js';
import type { ApiContext } from './api-context.js';
import {
  NewPrinterBody,
  Printer,
  PrinterGroupParams,
  PrinterList,
  PrinterParams,
  PrinterPatchBody,
  type Printer as PrinterView,
  type PrinterList as PrinterListView,
  type SizeCost as SizeCostBody,
} from './printing.schemas.js';

const tags = ['printers'];
/** The service's column names → this API's field names, for its validation messages. */
const FIELD_NAMES = new Map([
  ['cost_gray', 'costPerPage'],
  ['cost_color', 'colourCostPerPage'],
  ['duplex_discount', 'duplexDiscount'],
  ['display_name', 'displayName'],
  ['size', 'sizeCosts'],
]);

/** Every printer in one answer: organisations have tens or hundreds, not millions. */
const LIST_BATCH = 500;

function settingsOf(body: NewPrinterBody | PrinterPatchBody): PrinterSettings {
  return given({
    display_name: body.displayName,
    location: body.location,
    notes: body.notes,
    enabled: flag(body.enabled),
    cost_gray: optionalAmount('costPerPage', body.costPerPage),
    cost_color: optionalAmount('colourCostPerPage', body.colourCostPerPage),
    duplex_discount: body.duplexDiscount,
  });
}

function sizeCostsOf(sizes: SizeCostBody[] | undefined): SizeCost[] | undefined {
  return sizes?.map((cost, i) => ({
    size: cost.size,
    cost_gray: amountOf(`sizeCosts.${i}.costPerPage`, cost.costPerPage),
    cost_color: amountOf(`sizeCosts.${i}.colourCostPerPage`, cost.colourCostPerPage),
  }));
}

export function registerPrinterRoutes(server: FastifyInstance, context: ApiContext): void {
  registerPrinterReadRoutes(server, context);
  registerPrinterWriteRoutes(server, context);
  registerAccessGroupRoutes(server, context);
}

/** Listing and reading printers. */
function registerPrinterReadRoutes(server: FastifyInstance, context: ApiContext): void {
  const { printers } = context.services;
  const present = async (host: string, name: string): Promise<PrinterView> =>
    presentPrinter(await printers.details(host, name));

  server.get(
    '/printers',
    {
      config: { scope: 'accounts:read' },
      schema: {
        summary: 'List printers',
        description: 'Every printer, by server and queue name, with its cost model and access groups.',
        tags,
        response: { 200: PrinterList },
      },
    },
    async (): Promise<PrinterListView> => {
      const items: PrinterView[] = [];
      for (let offset = 0; ; offset += LIST_BATCH) {
        const rows = await printers.list(offset, LIST_BATCH);
        for (const row of rows) items.push(await present(row.server_name, row.name));
        if (rows.length < LIST_BATCH) return { items };
      }
    },
  );

  server.get<{ Params: PrinterParams }>(
    '/printers/:printer',
    {
      config: { scope: 'accounts:read' },
      schema: { summary: 'Get a printer', tags, params: PrinterParams, response: { 200: Printer } },
    },
    async (request) => {
      const { server: host, name } = printerPath(request.params.printer);
      return presentPrinter(await printers.details(host, name));
    },
  );
}

/** Adding, changing and deleting printers. */
function registerPrinterWriteRoutes(server: FastifyInstance, context: ApiContext): void {
  const { printers } = context.services;
  const present = async (host: string, name: string): Promise<PrinterView> =>
    presentPrinter(await printers.details(host, name));
  const location = (host: string, name: string) =>
    `/api/v1/printers/${encodeURIComponent(`${host}\\${name}`)}`;

  server.post<{ Body: NewPrinterBody }>(
    '/printers',
    {
      config: { scope: 'accounts:write' },
      schema: {
        summary: 'Add a printer',
        description:
          'Without `colourCostPerPage`, colour pages cost `costPerPage`. 409 when the name is taken.',
        tags,
        body: NewPrinterBody,
        response: { 201: Printer },
      },
    },
    async (request, reply) => {
      const settings = settingsOf(request.body);
      if (settings.cost_color === undefined && settings.cost_gray !== undefined)
        settings.cost_color = settings.cost_gray;
      const sizeCosts = sizeCostsOf(request.body.sizeCosts);
      const actor = context.caller(request).actor;
      const added = await withFieldNames(FIELD_NAMES, () =>
        printers.add({ server: request.body.server, name: request.body.name, sizeCosts, ...settings }, actor),
      );
      return reply
        .code(201)
        .header('location', location(added.server_name, added.name))
        .send(await present(added.server_name, added.name));
    },
  );

  server.patch<{ Params: PrinterParams; Body: PrinterPatchBody }>(
    '/printers/:printer',
    {
      config: { scope: 'accounts:write' },
      schema: {
        summary: 'Change a printer',
        description:
          'Only the fields given change (`server`/`name` rename it; `sizeCosts` replaces every paper-size price), in one transaction after every field is checked.',
        tags,
        params: PrinterParams,
        body: PrinterPatchBody,
        response: { 200: Printer },
      },
    },
    async (request) => {
      const settings = settingsOf(request.body);
      const sizeCosts = sizeCostsOf(request.body.sizeCosts);
      const { server: host, name } = printerPath(request.params.printer);
      const changed = await withFieldNames(FIELD_NAMES, () =>
        printers.configure(
          host,
          name,
          { server: request.body.server, name: request.body.name, settings, sizeCosts },
          context.caller(request).actor,
        ),
      );
      return present(changed.server_name, changed.name);
    },
  );

  server.delete<{ Params: PrinterParams }>(
    '/printers/:printer',
    {
      config: { scope: 'accounts:write' },
      schema: {
        summary: 'Delete a printer',
        description: 'Its jobs stay in the job log under its name.',
        tags,
        params: PrinterParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const { server: host, name } = printerPath(request.params.printer);
      await printers.remove(host, name, context.caller(request).actor);
      return reply.code(204).send();
    },
  );
}

/** A printer's access groups, added and taken off. */
function registerAccessGroupRoutes(server: FastifyInstance, context: ApiContext): void {
  const { printers } = context.services;
  for (const [method, add] of [
    ['put', true],
    ['delete', false],
  ] as const) {
    server[method]<{ Params: PrinterGroupParams }>(
      '/printers/:printer/access-groups/:group',
      {
        config: { scope: 'accounts:write' },
        schema: {
          summary: add ? 'Allow a group to print on a printer' : 'Take a group off a printer’s access list',
          description:
            'A printer with no access groups lets everyone print; with some, only their members. Doing it twice changes nothing.',
          tags,
          params: PrinterGroupParams,
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        const { server: host, name } = printerPath(request.params.printer);
        const actor = context.caller(request).actor;
        if (add) await printers.addAccessGroup(host, name, request.params.group, actor);
        else await printers.removeAccessGroup(host, name, request.params.group, actor);
        return reply.code(204).send();
      },
    );
  }
}
