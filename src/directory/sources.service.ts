/**
 * Directory sources: adding, editing and testing them whatever their kind (each kind's fields are
 * checked by its folder, listed in kinds.ts), their sync options, and the client that talks to
 * each. Clients are cached per source so that LDAP connections are pooled.
 *
 *   const source = await sources.add(ldapKind, { name: 'Corporate AD', preset: 'active-directory', urls: ['ldaps://dc1'], … }, actor);
 *   const client = sources.clientFor(source);
 */
import { textFieldProblem } from '../text.js';
import type { AuditService } from '../audit/audit.service.js';
import type { MissingPolicy, SourceRow } from '../db/schema.js';
import { ConflictError, NotFoundError, SourceError, ValidationError } from '../errors.js';
import type { Clock } from '../ports.js';
import type { Actor } from '../audit/actor.js';
import type { DirectoryClient } from './directory.port.js';
import type { GraphMirror } from './entra-id/graph.mirror.js';
import { integerIn, scheduleProblem, type SyncOptionsInput } from './field-checks.js';
import type { SourceInput, SourceKind } from './kind.js';
import { sourceKind } from './kinds.js';
import type { SourcesRepository } from './sources.repository.js';

/** A stored row's kind and its decoded configuration (a SourceError when either is damaged). */
export function decodeSource(source: SourceRow) {
  const kind = sourceKind(source.kind);
  let json: unknown;
  try {
    json = JSON.parse(source.config);
  } catch {
    throw new SourceError(`The stored configuration of "${source.name}" is not JSON.`);
  }
  return { kind, config: kind.decode(json) };
}

/** The label of a stored kind ("LDAP / Active Directory"); the stored value itself for a kind no longer known. */
export function sourceKindLabel(kindName: string): string {
  try {
    return sourceKind(kindName).label;
  } catch {
    return kindName;
  }
}

/** Where a standard user's password is managed, for the user pages ("managed by Active Directory"). */
export function passwordAuthorityLabel(source: SourceRow): string {
  try {
    const { kind, config } = decodeSource(source);
    return kind.passwordAuthority(config, source.name);
  } catch (error) {
    if (error instanceof SourceError) return 'your organisation’s directory';
    throw error;
  }
}

export const MISSING_POLICIES: Record<MissingPolicy, string> = {
  keep: 'Keep them',
  disable: 'Disable them',
  delete: 'Delete them',
};

const NAMES_MS = 2000;

export function createSourcesService(deps: {
  sources: SourcesRepository;
  audit: AuditService;
  clock: Clock;
  graphMirror?: (sourceId: number) => GraphMirror;
  /** Runs before a source is deleted (single sign-on disables the providers linked to it). */
  onRemove?: (sourceId: number, actor: Actor) => Promise<void>;
}) {
  const { audit, clock } = deps;
  // Every user a page or an API call presents needs the source names: kept for NAMES_MS (as
  // settings are, so another server's rename shows within seconds), dropped at once by a change here.
  let names: { at: number; map: Map<number, string> } | null = null;
  const sources: SourcesRepository = {
    ...deps.sources,
    insert: (row) => ((names = null), deps.sources.insert(row)),
    update: (id, patch) => ((names = null), deps.sources.update(id, patch)),
    delete: (id) => ((names = null), deps.sources.delete(id)),
  };
  /** One client per source, rebuilt when the source's configuration changes. */
  const clients = new Map<number, { config: string; client: DirectoryClient }>();

  async function nameProblem(name: string, exceptId?: number): Promise<string | null> {
    if (name === '') return 'Enter a name for the source, such as "Corporate Directory".';
    if (name.length > 100) return 'The name is at most 100 characters.';
    const textIssue = textFieldProblem('The name', name, { singleLine: true });
    if (textIssue) return String(textIssue);
    const other = await sources.findByName(name);
    if (other && other.id !== exceptId) return `A source named "${name}" already exists.`;
    return null;
  }

  /** The name and the kind's configuration, checked together: one ValidationError lists every bad field. */
  async function checked<C, I extends SourceInput>(
    kind: SourceKind<C, I>,
    input: I,
    existing?: { id: number; config: C },
  ): Promise<{ name: string; config: C }> {
    const name = input.name.trim();
    const nameIssue = await nameProblem(name, existing?.id);
    try {
      const config = await kind.validate(input, existing?.config);
      if (nameIssue) throw new ValidationError({ name: nameIssue });
      return { name, config };
    } catch (error) {
      if (!(error instanceof ValidationError) || !nameIssue) throw error;
      throw new ValidationError({ name: nameIssue, ...error.fields });
    }
  }

  async function insertSource(name: string, kind: string, config: unknown): Promise<SourceRow> {
    const now = clock.now().toISOString();
    return sources.insert({
      name,
      kind,
      config: JSON.stringify(config),
      priority: await sources.nextPriority(),
      created_at: now,
      updated_at: now,
    });
  }

  async function mustFind(id: number): Promise<SourceRow> {
    const source = await sources.findById(id);
    if (!source) throw new NotFoundError('No such directory source.');
    return source;
  }

  return {
    list: () => sources.list(),
    findById: (id: number) => sources.findById(id),
    findByName: (name: string) => sources.findByName(name.trim()),
    countUsers: (id: number) => sources.countUsers(id),

    /** id → name, for presenting users. */
    async names(): Promise<Map<number, string>> {
      const now = clock.now().getTime();
      if (!names || now - names.at >= NAMES_MS)
        names = { at: now, map: new Map((await sources.list()).map((s) => [s.id, s.name])) };
      return names.map;
    },

    /** Adds a source of this kind; a ValidationError names each bad field (the name's included). */
    async add<C, I extends SourceInput>(kind: SourceKind<C, I>, input: I, actor: Actor): Promise<SourceRow> {
      const { name, config } = await checked(kind, input);
      const row = await insertSource(name, kind.name, config);
      await audit.record({
        actor: actor.username,
        action: 'source.create',
        target: name,
        ip: actor.ip,
        details: { kind: kind.name, ...kind.audit(config) },
      });
      return row;
    },

    /** Saves an edited source of this kind; secret fields left empty keep the stored ones. */
    async update<C, I extends SourceInput>(
      kind: SourceKind<C, I>,
      id: number,
      input: I,
      actor: Actor,
    ): Promise<SourceRow> {
      const source = await mustFind(id);
      if (source.kind !== kind.name) throw new ConflictError(`This source is not a ${kind.label} source.`);
      const before = kind.decode(JSON.parse(source.config));
      const { name, config } = await checked(kind, input, { id, config: before });
      await sources.update(id, {
        name,
        config: JSON.stringify(config),
        updated_at: clock.now().toISOString(),
      });
      await audit.record({
        actor: actor.username,
        action: 'source.update',
        target: name,
        ip: actor.ip,
        details: { kind: kind.name, ...kind.audit(config, { before, input }) },
      });
      return mustFind(id);
    },

    /**
     * Builds an unsaved source's client (no delta mirror), for "Test settings" on a form before
     * saving. A test of a saved source may use its stored secrets: audited (`source.test`) when an
     * actor is given.
     */
    async test<C, I extends SourceInput>(
      kind: SourceKind<C, I>,
      input: I,
      existingId?: number,
      actor?: Actor,
    ): Promise<DirectoryClient> {
      const found = existingId === undefined ? undefined : await sources.findById(existingId);
      const existing = found?.kind === kind.name ? found : undefined;
      const { config } = await checked(
        kind,
        input,
        existing && { id: existing.id, config: kind.decode(JSON.parse(existing.config)) },
      );
      if (existing && actor) {
        await audit.record({
          actor: actor.username,
          action: 'source.test',
          target: existing.name,
          ip: actor.ip,
          details: { kind: kind.name, ...kind.audit(config) },
        });
      }
      return kind.client(config, { sourceId: null, graphMirror: null });
    },

    async updateSyncOptions(id: number, input: SyncOptionsInput, actor: Actor): Promise<SourceRow> {
      const source = await mustFind(id);
      const fields: Record<string, string> = {};
      if (!Object.hasOwn(MISSING_POLICIES, input.missingPolicy))
        fields.missingPolicy = 'Choose keep, disable or delete.';
      if (!integerIn(input.maxRemovals, 0, 10_000_000))
        fields.maxRemovals = 'Enter a whole number of users (0 or more).';
      if (!integerIn(input.maxRemovalsPercent, 0, 100))
        fields.maxRemovalsPercent = 'Enter a percentage from 0 to 100.';
      const schedule = input.schedule.trim();
      const scheduleIssue = scheduleProblem(schedule);
      if (scheduleIssue) fields.schedule = scheduleIssue;
      const groups = input.importGroups.map((g) => g.trim()).filter(Boolean);
      if (groups.some((g) => g.length > 256)) fields.importGroups = 'A group name is at most 256 characters.';
      if (Object.keys(fields).length > 0) throw new ValidationError(fields);
      const patch = {
        missing_policy: input.missingPolicy as MissingPolicy,
        max_removals: input.maxRemovals,
        max_removals_percent: input.maxRemovalsPercent,
        schedule,
        import_disabled: input.importDisabled ? 1 : 0,
        import_groups: groups.join('\n'),
        updated_at: clock.now().toISOString(),
      } as const;
      await sources.update(id, patch);
      await audit.record({
        actor: actor.username,
        action: 'source.sync_options',
        target: source.name,
        ip: actor.ip,
        details: { ...patch, updated_at: undefined },
      });
      return mustFind(id);
    },

    /** Makes this source the primary one (synchronized first); the others keep their order after it. */
    async makePrimary(id: number, actor: Actor): Promise<void> {
      const source = await mustFind(id);
      const ordered = [source, ...(await sources.list()).filter((s) => s.id !== id)];
      for (const [index, s] of ordered.entries()) await sources.update(s.id, { priority: index + 1 });
      await audit.record({
        actor: actor.username,
        action: 'source.primary',
        target: source.name,
        ip: actor.ip,
      });
    },

    /** Removes a source that owns no users (delete or convert them first). */
    async remove(id: number, actor: Actor): Promise<void> {
      const source = await mustFind(id);
      const count = await sources.countUsers(id);
      if (count > 0)
        throw new ConflictError(
          `"${source.name}" still provides ${count} users. Set its policy for users no longer listed to "delete" and synchronize, or delete them, before removing the source.`,
        );
      // Before the delete: it sets the links to NULL, after which they can no longer be found.
      await deps.onRemove?.(id, actor);
      await sources.delete(id);
      const cached = clients.get(id);
      clients.delete(id);
      await cached?.client.close();
      await audit.record({
        actor: actor.username,
        action: 'source.delete',
        target: source.name,
        ip: actor.ip,
      });
    },

    /** A source's kind and its configuration as pages and the API may show it (no secret). */
    present(source: SourceRow) {
      const { kind, config } = decodeSource(source);
      return { kind, presented: kind.present(config) };
    },

    clientFor(source: SourceRow): DirectoryClient {
      const cached = clients.get(source.id);
      if (cached?.config === source.config) return cached.client;
      const { kind, config } = decodeSource(source);
      const client = kind.client(config, { sourceId: source.id, graphMirror: deps.graphMirror ?? null });
      clients.set(source.id, { config: source.config, client });
      void cached?.client.close().catch(() => undefined);
      return client;
    },

    /** Closes every pooled directory connection (server shutdown). */
    async closeAll(): Promise<void> {
      const all = [...clients.values()];
      clients.clear();
      await Promise.allSettled(all.map((c) => c.client.close()));
    },
  };
}

export type SourcesService = ReturnType<typeof createSourcesService>;
