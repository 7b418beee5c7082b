/**
 * Print queues as clients see them: every printer is a queue at `/printers/<name>`, with its
 * settings (destination, hold until released, how users are identified); a Find-Me queue is a
 * virtual one whose jobs are held and released to whichever of its member printers the user
 * chooses. The IPP endpoint finds a queue here by the name in its request path.
 *
 *   const queue = await queues.info('library');     // { kind, holdJobs, auth, accepting, urls, … }
 *   await queues.addFindMe({ name: 'anywhere', printers: ['library', 'lab'] }, actor);
 */
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AccountingStore } from '../accounts/accounting-store.js';
import type { PrinterKind, PrinterRow, QueueAuth } from '../db/accounting.schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { Clock } from '../ports.js';
import { checkName } from '../printers/printers.service.js';
import { queueUrls, type IppAddress } from '../printers/queue-settings.js';

const MAX_MEMBERS = 50;

/** What the IPP endpoint needs to know about a queue. */
export interface QueueInfo {
  id: number;
  server: string;
  name: string;
  displayName: string;
  location: string;
  kind: PrinterKind;
  /** Jobs wait until released (always for a Find-Me queue). */
  holdJobs: boolean;
  auth: QueueAuth;
  destination: string;
  /** False while the printer is disabled: IPP's printer-is-accepting-jobs. */
  accepting: boolean;
  urls: { ipp: string; ipps: string | null };
  /** A Find-Me queue's printers, "server\name"; empty for a printer. */
  members: string[];
}

export const fullName = (printer: Pick<PrinterRow, 'server_name' | 'name'>) =>
  `${printer.server_name}\\${printer.name}`;

/** Whether the printer accepts jobs now (enabled, not disabled for a while). */
export function isAccepting(printer: Pick<PrinterRow, 'enabled' | 'disabled_until'>, now: Date): boolean {
  return (
    printer.enabled === 1 && (printer.disabled_until === null || printer.disabled_until <= now.toISOString())
  );
}

/** A printer among `printers` by "server\name", or by queue name when only one of them has it. */
export function pickByName<T extends Pick<PrinterRow, 'server_name' | 'name'>>(
  printers: readonly T[],
  typed: string,
): T | undefined {
  const exact = printers.find((printer) => fullName(printer) === typed);
  if (exact) return exact;
  const named = printers.filter((printer) => printer.name === typed);
  return named.length === 1 ? named[0] : undefined;
}

export function createQueuesService(deps: {
  store: AccountingStore;
  audit: AuditService;
  clock: Clock;
  address: IppAddress;
  /** This machine's server name: it wins when several servers have a queue of the same name. */
  defaultServer: string;
}) {
  const { store, clock } = deps;

  /** The queue a client names: "name" (this server's when several have it) or "server\name". */
  async function require(typed: string): Promise<PrinterRow> {
    const cut = typed.indexOf('\\');
    const found =
      cut >= 0
        ? await store.printers.byName(typed.slice(0, cut), typed.slice(cut + 1))
        : pickQueue(await store.printers.byQueueName(typed), deps.defaultServer);
    if (!found) throw new NotFoundError(`No print queue named "${typed}".`);
    return found;
  }

  /** Member printers by name: real printers (not Find-Me queues), each once, at least one. */
  async function memberIds(names: readonly string[]): Promise<number[]> {
    const unique = [...new Set(names.map((name) => name.trim()).filter(Boolean))];
    if (unique.length === 0) throw new ValidationError({ printers: 'Name at least one member printer.' });
    if (unique.length > MAX_MEMBERS)
      throw new ValidationError({ printers: `A Find-Me queue has at most ${MAX_MEMBERS} printers.` });
    const ids = new Set<number>();
    for (const name of unique) {
      const printer = await require(name).catch((error: unknown) => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      });
      if (!printer) throw new ValidationError({ printers: `No printer named "${name}".` });
      if (printer.kind !== 'printer')
        throw new ValidationError({ printers: `"${name}" is a Find-Me queue, not a printer.` });
      ids.add(printer.id);
    }
    return [...ids];
  }

  return {
    require,

    async info(typed: string): Promise<QueueInfo> {
      const queue = await require(typed);
      const members = queue.kind === 'find-me' ? await store.printers.findMeMembers(queue.id) : [];
      return {
        id: queue.id,
        server: queue.server_name,
        name: queue.name,
        displayName: queue.display_name,
        location: queue.location,
        kind: queue.kind,
        holdJobs: queue.kind === 'find-me' || queue.hold_jobs === 1,
        auth: queue.auth_mode,
        destination: queue.destination_uri,
        accepting: isAccepting(queue, clock.now()),
        urls: queueUrls(deps.address, queue.name),
        members: members.map(fullName),
      };
    },

    /** The addresses clients print to a queue at. */
    urls: (queueName: string) => queueUrls(deps.address, queueName),

    /** A Find-Me queue's member printers. */
    members: (queueId: number) => store.printers.findMeMembers(queueId),

    /** Adds a Find-Me queue with its member printers, all checked before anything is written. */
    async addFindMe(
      input: { server?: string; name: string; printers: readonly string[] },
      actor: Actor,
    ): Promise<PrinterRow> {
      const server = checkName('server', input.server ?? deps.defaultServer);
      const name = checkName('name', input.name);
      const ids = await memberIds(input.printers);
      if (await store.printers.byName(server, name))
        throw new ConflictError(`A printer named "${server}\\${name}" exists already.`, 'name');
      const at = clock.now().toISOString();
      const id = await store.transaction(async ({ printers }) => {
        const added = await printers.add(server, name, { hold_jobs: 1 }, at, 'find-me');
        await printers.setFindMeMembers(added, ids);
        return added;
      });
      const queue = (await store.printers.byId(id))!;
      const members = (await store.printers.findMeMembers(id)).map(fullName);
      await deps.audit.record({
        actor: actor.username,
        action: 'queue.find-me.add',
        target: fullName(queue),
        ip: actor.ip,
        details: { printers: members },
      });
      return queue;
    },

    /** Replaces a Find-Me queue's member printers. */
    async setMembers(typed: string, printers: readonly string[], actor: Actor): Promise<string[]> {
      const queue = await require(typed);
      if (queue.kind !== 'find-me')
        throw new ValidationError({ name: `"${typed}" is a printer, not a Find-Me queue.` });
      const ids = await memberIds(printers);
      await store.transaction(({ printers: repo }) => repo.setFindMeMembers(queue.id, ids));
      const members = (await store.printers.findMeMembers(queue.id)).map(fullName);
      await deps.audit.record({
        actor: actor.username,
        action: 'queue.find-me.members',
        target: fullName(queue),
        ip: actor.ip,
        details: { printers: members },
      });
      return members;
    },
  };
}

/** One queue of this name: the only one, or this server's among several. */
function pickQueue(rows: PrinterRow[], defaultServer: string): PrinterRow | undefined {
  if (rows.length <= 1) return rows[0];
  const own = rows.filter((row) => row.server_name === defaultServer);
  if (own.length === 1) return own[0];
  throw new ValidationError({
    printer: `Several servers have a queue named "${rows[0]!.name}"; name the server too (server\\name).`,
  });
}

export type QueuesService = ReturnType<typeof createQueuesService>;
