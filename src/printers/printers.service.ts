/**
 * Printers as accounting objects: PaperCut's "server\printer" names, a cost model, access groups,
 * labels ("printer groups") and counts. Deleting a printer keeps its job history.
 *
 *   await printers.add({ name: 'library-mono', costGray: parseAmount('0.10') }, actor);
 *   await printers.update('papercut', 'library-mono', { duplex_discount: 20 }, actor);
 */
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AccountingStore } from '../accounts/accounting-store.js';
import { amountToDecimal, MAX_AMOUNT } from '../accounts/money.js';
import type { PrinterRow } from '../db/accounting.schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { localText, type Problem } from '../i18n/local-text.js';
import type { Clock } from '../ports.js';
import { textFieldProblem } from '../text.js';
import { paperSizeKey } from './cost-model.js';
import { queueSettingProblems } from './queue-settings.js';
import type { PrinterSettings, SizeCost } from './printers.repository.js';

const MAX_NAME = 200;
const MAX_TEXT = 1000;
const MAX_SIZES = 50;
const MAX_LABELS = 50;

export interface PrinterDetails extends PrinterRow {
  sizeCosts: SizeCost[];
  accessGroups: string[];
  labels: string[];
}

/** A printer or server name: one line, no "\" (it separates the two), bounded. */
export function checkName(field: string, value: string): string {
  const name = value.trim();
  if (name === '') throw new ValidationError({ [field]: localText('problem.printer.enterName') });
  if (name.length > MAX_NAME)
    throw new ValidationError({ [field]: localText('problem.text.atMost', { max: MAX_NAME }) });
  if (name.includes('\\')) throw new ValidationError({ [field]: localText('problem.printer.backslash') });
  const problem = textFieldProblem(localText('problem.label.name'), name, { singleLine: true });
  if (problem) throw new ValidationError({ [field]: problem });
  return name;
}

/** The labels of the text settings, inside their problems. */
const TEXT_LABELS = new Map([
  ['display_name', localText('problem.label.displayName')],
  ['location', localText('problem.label.location')],
  ['notes', localText('problem.label.notes')],
] as const);

function checkSettings(settings: PrinterSettings): void {
  const problems: Record<string, Problem> = {};
  for (const field of ['cost_gray', 'cost_color'] as const) {
    const value = settings[field];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0 || value > MAX_AMOUNT)) {
      problems[field] = localText('problem.printer.price');
    }
  }
  const discount = settings.duplex_discount;
  if (discount !== undefined && (!Number.isInteger(discount) || discount < 0 || discount > 100)) {
    problems.duplex_discount = localText('problem.printer.discount');
  }
  for (const [field, label] of TEXT_LABELS) {
    const value = settings[field];
    if (value === undefined) continue;
    if (value.length > MAX_TEXT) problems[field] = localText('problem.text.atMost', { max: MAX_TEXT });
    const problem = textFieldProblem(label, value, { singleLine: field !== 'notes' });
    if (problem) problems[field] = problem;
  }
  Object.assign(problems, queueSettingProblems(settings));
  if (Object.keys(problems).length > 0) throw new ValidationError(problems);
}

function checkSizeCosts(costs: readonly SizeCost[]): void {
  if (costs.length > MAX_SIZES)
    throw new ValidationError({ sizeCosts: localText('problem.printer.sizes', { max: MAX_SIZES }) });
  const keys = new Set<string>();
  for (const cost of costs) {
    checkName('size', cost.size);
    checkSettings({ cost_gray: cost.cost_gray, cost_color: cost.cost_color });
    const key = paperSizeKey(cost.size);
    if (keys.has(key))
      throw new ValidationError({ sizeCosts: localText('problem.printer.sizeTwice', { size: cost.size }) });
    keys.add(key);
  }
}

/** A Find-Me queue forwards nothing itself: its jobs go to the member printer chosen at release. */
function checkKindSettings(printer: PrinterRow, settings: PrinterSettings): void {
  if (printer.kind === 'find-me' && settings.destination_uri)
    throw new ValidationError({
      destination_uri: 'A Find-Me queue has no destination: its jobs print on the member chosen at release.',
    });
}

/** What `configure` changes at once: a new server or queue name, settings, the paper-size prices. */
export interface PrinterChanges {
  server?: string;
  name?: string;
  settings?: PrinterSettings;
  /** Replaces every paper-size price when given. */
  sizeCosts?: SizeCost[];
}

export function createPrintersService(deps: {
  store: AccountingStore;
  groups: { requireGroup(name: string): Promise<{ id: number; name: string }> };
  audit: AuditService;
  clock: Clock;
  /** The server name a printer gets when none is given (this machine's name). */
  defaultServer: string;
}) {
  const { store, audit, clock } = deps;
  const now = () => clock.now().toISOString();
  const record = (actor: Actor, action: string, printer: PrinterRow, details?: Record<string, unknown>) =>
    audit.record({
      actor: actor.username,
      action,
      target: `${printer.server_name}\\${printer.name}`,
      ip: actor.ip,
      ...(details ? { details } : {}),
    });

  async function require(server: string | undefined, name: string): Promise<PrinterRow> {
    const printer = server
      ? await store.printers.byName(server, name)
      : (await store.printers.byQueueName(name)).at(0);
    if (!printer) throw new NotFoundError(`No printer named "${server ? `${server}\\` : ''}${name}".`);
    return printer;
  }

  return {
    require,
    defaultServer: deps.defaultServer,

    /** The printer with this id (the Admin Console's addresses use ids: names may hold "/"). */
    async requireById(id: number): Promise<PrinterRow> {
      const printer = await store.printers.byId(id);
      if (!printer) throw new NotFoundError(`No printer with id ${id}.`);
      return printer;
    },
    list: (offset: number, limit: number) => store.printers.list(offset, limit),

    async details(server: string | undefined, name: string): Promise<PrinterDetails> {
      const printer = await require(server, name);
      return {
        ...printer,
        sizeCosts: await store.printers.sizeCosts(printer.id),
        accessGroups: (await store.printers.accessGroups(printer.id)).map((group) => group.name),
        labels: await store.printers.labels(printer.id),
      };
    },

    /** Adds a printer, with its paper-size prices when given (all checked before it is added). */
    async add(
      input: { server?: string; name: string; sizeCosts?: SizeCost[] } & PrinterSettings,
      actor: Actor,
    ): Promise<PrinterRow> {
      const server = checkName('server', input.server ?? deps.defaultServer);
      const name = checkName('name', input.name);
      const { server: _server, name: _name, sizeCosts, ...settings } = input;
      checkSettings(settings);
      if (sizeCosts) checkSizeCosts(sizeCosts);
      if (await store.printers.byName(server, name)) {
        throw new ConflictError(`A printer named "${server}\\${name}" exists already.`, 'name');
      }
      await store.transaction(async ({ printers }) => {
        const id = await printers.add(server, name, settings, now());
        if (sizeCosts) await printers.setSizeCosts(id, sizeCosts);
      });
      const printer = await require(server, name);
      await record(actor, 'printer.add', printer, {
        ...costDetails(settings),
        ...(sizeCosts ? { sizes: sizeCosts.map(sizeText) } : {}),
      });
      return printer;
    },

    async update(
      server: string | undefined,
      name: string,
      settings: PrinterSettings,
      actor: Actor,
    ): Promise<void> {
      checkSettings(settings);
      const printer = await require(server, name);
      checkKindSettings(printer, settings);
      await store.printers.update(printer.id, settings, now());
      await record(actor, 'printer.update', printer, costDetails(settings));
    },

    /**
     * Renames, changes settings and replaces paper-size prices in one transaction, after checking
     * all of it: a bad value anywhere (the CLI's `printer set`, a REST PATCH) changes nothing.
     */
    async configure(
      server: string | undefined,
      name: string,
      changes: PrinterChanges,
      actor: Actor,
    ): Promise<PrinterRow> {
      const settings = changes.settings ?? {};
      checkSettings(settings);
      if (changes.sizeCosts) checkSizeCosts(changes.sizeCosts);
      const printer = await require(server, name);
      checkKindSettings(printer, settings);
      const to = {
        server: changes.server === undefined ? printer.server_name : checkName('server', changes.server),
        name: changes.name === undefined ? printer.name : checkName('name', changes.name),
      };
      const renamed = to.server !== printer.server_name || to.name !== printer.name;
      const clash = renamed ? await store.printers.byName(to.server, to.name) : undefined;
      if (clash && clash.id !== printer.id)
        throw new ConflictError(`A printer named "${to.server}\\${to.name}" exists already.`, 'name');
      const at = now();
      await store.transaction(async ({ printers }) => {
        if (renamed) await printers.rename(printer.id, to.server, to.name, at);
        if (Object.keys(settings).length > 0) await printers.update(printer.id, settings, at);
        if (changes.sizeCosts) await printers.setSizeCosts(printer.id, changes.sizeCosts);
      });
      await record(actor, 'printer.update', printer, {
        ...costDetails(settings),
        ...(renamed ? { to: `${to.server}\\${to.name}` } : {}),
        ...(changes.sizeCosts ? { sizes: changes.sizeCosts.map(sizeText) } : {}),
      });
      return (await store.printers.byId(printer.id))!;
    },

    async setSizeCosts(
      server: string | undefined,
      name: string,
      costs: SizeCost[],
      actor: Actor,
    ): Promise<void> {
      checkSizeCosts(costs);
      const printer = await require(server, name);
      await store.transaction(({ printers }) => printers.setSizeCosts(printer.id, costs));
      await record(actor, 'printer.size-costs', printer, {
        sizes: costs.map(sizeText),
      });
    },

    async rename(
      server: string | undefined,
      name: string,
      newServer: string,
      newName: string,
      actor: Actor,
    ): Promise<void> {
      const printer = await require(server, name);
      const to = { server: checkName('server', newServer), name: checkName('name', newName) };
      const clash = await store.printers.byName(to.server, to.name);
      if (clash && clash.id !== printer.id)
        throw new ConflictError(`A printer named "${to.server}\\${to.name}" exists already.`, 'name');
      await store.printers.rename(printer.id, to.server, to.name, now());
      await record(actor, 'printer.rename', printer, { to: `${to.server}\\${to.name}` });
    },

    /** Deletes the printer; its jobs stay in the job log under its name. */
    async remove(server: string | undefined, name: string, actor: Actor): Promise<void> {
      const printer = await require(server, name);
      await store.printers.remove(printer.id);
      await record(actor, 'printer.delete', printer);
    },

    /** Refuses jobs for `minutes`; 0 or less enables it again now (PaperCut's disablePrinter). */
    async disable(server: string | undefined, name: string, minutes: number, actor: Actor): Promise<void> {
      const printer = await require(server, name);
      const until = minutes > 0 ? new Date(clock.now().getTime() + minutes * 60_000).toISOString() : null;
      await store.printers.update(printer.id, { disabled_until: until }, now());
      await record(actor, 'printer.disable', printer, { until });
    },

    async resetCounts(server: string | undefined, name: string, actor: Actor): Promise<void> {
      const printer = await require(server, name);
      await store.printers.resetCounts(printer.id, now());
      await record(actor, 'printer.reset-counts', printer);
    },

    async setLabels(server: string | undefined, name: string, labels: string[], actor: Actor): Promise<void> {
      const clean = [...new Set(labels.map((label) => checkName('labels', label)))];
      if (clean.length > MAX_LABELS)
        throw new ValidationError({ labels: localText('problem.printer.groups', { max: MAX_LABELS }) });
      const printer = await require(server, name);
      await store.transaction(({ printers }) => printers.setLabels(printer.id, clean));
      await record(actor, 'printer.groups', printer, { groups: clean });
    },

    async addLabel(server: string | undefined, name: string, label: string, actor: Actor): Promise<void> {
      const printer = await require(server, name);
      const labels = await store.printers.labels(printer.id);
      const clean = checkName('labels', label);
      if (labels.includes(clean)) return;
      if (labels.length >= MAX_LABELS)
        throw new ValidationError({ labels: localText('problem.printer.groups', { max: MAX_LABELS }) });
      await store.transaction(({ printers }) => printers.setLabels(printer.id, [...labels, clean]));
      await record(actor, 'printer.groups', printer, { added: clean });
    },

    async addAccessGroup(
      server: string | undefined,
      name: string,
      group: string,
      actor: Actor,
    ): Promise<void> {
      const printer = await require(server, name);
      const found = await deps.groups.requireGroup(group);
      await store.printers.addAccessGroup(printer.id, found.id);
      await record(actor, 'printer.access.add', printer, { group: found.name });
    },

    async removeAccessGroup(
      server: string | undefined,
      name: string,
      group: string,
      actor: Actor,
    ): Promise<void> {
      const printer = await require(server, name);
      const found = await deps.groups.requireGroup(group);
      await store.printers.removeAccessGroup(printer.id, found.id);
      await record(actor, 'printer.access.remove', printer, { group: found.name });
    },
  };
}

const sizeText = (cost: SizeCost) =>
  `${cost.size}: ${amountToDecimal(cost.cost_gray)}/${amountToDecimal(cost.cost_color)}`;

function costDetails(settings: PrinterSettings): Record<string, unknown> {
  return {
    ...settings,
    ...(settings.cost_gray !== undefined ? { cost_gray: amountToDecimal(settings.cost_gray) } : {}),
    ...(settings.cost_color !== undefined ? { cost_color: amountToDecimal(settings.cost_color) } : {}),
  };
}

export type PrintersService = ReturnType<typeof createPrintersService>;
