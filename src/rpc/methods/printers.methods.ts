/**
 * PaperCut's printer methods: list, properties, the simple cost, printer groups (labels), access
 * groups, enabling and disabling, deleting, renaming and resetting counts. Printers are named as
 * PaperCut names them, by server and queue; listPrinters answers "server\queue".
 *
 * The simple cost is one price per page: setPrinterCostSimple sets the grayscale and colour
 * prices to it and drops per-paper-size prices (the printer then uses PaperCut's simple model);
 * getPrinterCostSimple answers the page price before any grayscale saving (the higher of the two).
 */
import { amountToDecimal } from '../../accounts/money.js';
import type { PrinterRow } from '../../db/accounting.schema.js';
import type { PrinterSettings } from '../../printers/printers.repository.js';
import { ApiCallError, type ApiContext, type ApiMethod } from '../papercut-call.js';
import {
  amount,
  array,
  dbl,
  disableMinutes,
  int,
  listLimit,
  money,
  n,
  parseFlag,
  parseMoneyText,
  propertyNames,
  propertyPairs,
  s,
  str,
} from './args.js';
import { printingDisabled } from './user-account-properties.js';

/** PaperCut's deletePrinter name for every printer of a server. */
const ALL_PRINTERS = '[All Printers]';

interface PrinterProperty {
  read: (printer: PrinterRow, context: ApiContext) => string | Promise<string>;
  /** The settings a value stands for; throws ApiCallError when the value is refused. */
  settings?: (value: string, name: string) => PrinterSettings;
}

function percent(value: string, name: string): PrinterSettings {
  const v = value.trim();
  if (!/^\d{1,3}$/.test(v) || Number(v) > 100)
    throw new ApiCallError(`The printer property "${name}" is a whole percentage from 0 to 100.`);
  return { duplex_discount: Number(v) };
}

const PROPERTIES: ReadonlyMap<string, PrinterProperty> = new Map<string, PrinterProperty>([
  ['printer-id', { read: (p) => String(p.id) }],
  [
    'disabled',
    {
      read: (p) => String(printingDisabled(p, new Date())),
      settings: (value, name) =>
        parseFlag(name, value) ? { enabled: 0 } : { enabled: 1, disabled_until: null },
    },
  ],
  ['print-stats.job-count', { read: (p) => String(p.job_count) }],
  ['print-stats.page-count', { read: (p) => String(p.page_count) }],
  ['display-name', { read: (p) => p.display_name, settings: (value) => ({ display_name: value }) }],
  ['location', { read: (p) => p.location, settings: (value) => ({ location: value }) }],
  ['notes', { read: (p) => p.notes, settings: (value) => ({ notes: value }) }],
  [
    'cost-per-page-gray',
    {
      read: (p) => amountToDecimal(p.cost_gray),
      settings: (v, name) => ({ cost_gray: parseMoneyText(name, v) }),
    },
  ],
  [
    'cost-per-page-color',
    {
      read: (p) => amountToDecimal(p.cost_color),
      settings: (v, name) => ({ cost_color: parseMoneyText(name, v) }),
    },
  ],
  ['duplex-discount-percent', { read: (p) => String(p.duplex_discount), settings: percent }],
  [
    'access-groups',
    {
      read: async (p, c) => (await c.services.printers.details(p.server_name, p.name)).accessGroups.join('|'),
    },
  ],
  [
    'printer-groups',
    { read: async (p, c) => (await c.services.printers.details(p.server_name, p.name)).labels.join(',') },
  ],
]);

export const PRINTER_PROPERTIES = [...PROPERTIES.keys()].sort();

function propertyNamed(name: string): PrinterProperty {
  const property = PROPERTIES.get(name);
  if (!property)
    throw new ApiCallError(
      `Unknown printer property "${name.slice(0, 100)}". Known properties: ${PRINTER_PROPERTIES.join(', ')}.`,
    );
  return property;
}

/** The settings a list of name/value pairs stands for, all checked before any is stored. */
function settingsOf(pairs: [string, string][]): PrinterSettings {
  let settings: PrinterSettings = {};
  for (const [name, value] of pairs) {
    const property = propertyNamed(name);
    if (!property.settings) throw new ApiCallError(`The printer property "${name}" is read-only.`);
    settings = { ...settings, ...property.settings(value, name) };
  }
  return settings;
}

const ok = async (work: Promise<unknown>) => {
  await work;
  return true;
};

async function deletePrinter(c: ApiContext, server: string, name: string) {
  if (name !== ALL_PRINTERS) return c.services.printers.remove(server, name, c.actor);
  for (const printer of await allPrinters(c))
    if (printer.server_name === server) await c.services.printers.remove(server, printer.name, c.actor);
}

async function allPrinters(c: ApiContext): Promise<PrinterRow[]> {
  const printers: PrinterRow[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await c.services.printers.list(offset, 1000);
    printers.push(...page);
    if (page.length < 1000) return printers;
  }
}

async function disable(c: ApiContext, server: string, name: string, minutes: number) {
  const { printers } = c.services;
  if (disableMinutes(minutes) === -1) return printers.update(server, name, { enabled: 0 }, c.actor);
  if (minutes === 0) await printers.update(server, name, { enabled: 1 }, c.actor);
  return printers.disable(server, name, minutes, c.actor);
}

const server = str('serverName');
const printer = str('printerName');

export const PRINTER_METHODS: ApiMethod[] = [
  {
    name: 'api.listPrinters',
    params: [int('offset'), int('limit')],
    run: async (c, [o, l]) =>
      (await c.services.printers.list(n(o), listLimit(n(l)))).map((p) => `${p.server_name}\\${p.name}`),
  },
  {
    name: 'api.getPrinterProperty',
    params: [server, printer, str('propertyName')],
    run: async (c, [sv, p, name]) => {
      const property = propertyNamed(s(name));
      return property.read(await c.services.printers.require(s(sv), s(p)), c);
    },
  },
  {
    name: 'api.getPrinterProperties',
    params: [server, printer, array('propertyNames')],
    run: async (c, [sv, p, names]) => {
      const list = propertyNames(names).map((name) => propertyNamed(name));
      const row = await c.services.printers.require(s(sv), s(p));
      const values: string[] = [];
      for (const property of list) values.push(await property.read(row, c));
      return values;
    },
  },
  {
    name: 'api.setPrinterProperty',
    params: [server, printer, str('propertyName'), str('propertyValue')],
    run: async (c, [sv, p, name, value]) =>
      ok(c.services.printers.update(s(sv), s(p), settingsOf([[s(name), s(value)]]), c.actor)),
  },
  {
    name: 'api.setPrinterProperties',
    params: [server, printer, array('propertyNamesAndValues')],
    run: async (c, [sv, p, pairs]) =>
      ok(c.services.printers.update(s(sv), s(p), settingsOf(propertyPairs(pairs)), c.actor)),
  },
  {
    name: 'api.getPrinterCostSimple',
    params: [server, printer],
    run: async (c, [sv, p]) => {
      const row = await c.services.printers.require(s(sv), s(p));
      return money(Math.max(row.cost_gray, row.cost_color));
    },
  },
  {
    name: 'api.setPrinterCostSimple',
    params: [server, printer, dbl('costPerPage')],
    run: async (c, [sv, p, cost]) => {
      const price = amount('costPerPage', cost);
      if (price < 0) throw new ApiCallError('The costPerPage may not be negative.');
      await c.services.printers.update(s(sv), s(p), { cost_gray: price, cost_color: price }, c.actor);
      await c.services.printers.setSizeCosts(s(sv), s(p), [], c.actor);
      return true;
    },
  },
  {
    name: 'api.addPrinterGroup',
    params: [server, printer, str('printerGroupName')],
    run: async (c, [sv, p, group]) => ok(c.services.printers.addLabel(s(sv), s(p), s(group), c.actor)),
  },
  {
    name: 'api.setPrinterGroups',
    params: [server, printer, str('printerGroupNames')],
    // A comma-separated list, as PaperCut takes it; "" clears every group.
    run: async (c, [sv, p, groups]) => {
      const labels = s(groups)
        .split(',')
        .map((label) => label.trim())
        .filter((label) => label !== '');
      return ok(c.services.printers.setLabels(s(sv), s(p), labels, c.actor));
    },
  },
  {
    name: 'api.enablePrinter',
    params: [server, printer],
    run: async (c, [sv, p]) => ok(disable(c, s(sv), s(p), 0)),
  },
  {
    name: 'api.disablePrinter',
    params: [server, printer, int('disableMins')],
    run: async (c, [sv, p, minutes]) => ok(disable(c, s(sv), s(p), n(minutes))),
  },
  {
    name: 'api.deletePrinter',
    params: [server, printer],
    run: async (c, [sv, p]) => ok(deletePrinter(c, s(sv), s(p))),
  },
  {
    name: 'api.renamePrinter',
    params: [server, printer, str('newServerName'), str('newPrinterName')],
    run: async (c, [sv, p, newServer, newName]) =>
      ok(c.services.printers.rename(s(sv), s(p), s(newServer), s(newName), c.actor)),
  },
  {
    name: 'api.resetPrinterCounts',
    params: [server, printer, str('resetBy')],
    run: async (c, [sv, p]) => ok(c.services.printers.resetCounts(s(sv), s(p), c.actor)),
  },
  {
    name: 'api.addPrinterAccessGroup',
    params: [server, printer, str('groupName')],
    run: async (c, [sv, p, g]) => ok(c.services.printers.addAccessGroup(s(sv), s(p), s(g), c.actor)),
  },
  {
    name: 'api.removePrinterAccessGroup',
    params: [server, printer, str('groupName')],
    run: async (c, [sv, p, g]) => ok(c.services.printers.removeAccessGroup(s(sv), s(p), s(g), c.actor)),
  },
];
