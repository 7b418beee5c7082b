/**
 * Directory sources: adding and editing them (custom program, LDAP / Active Directory, Entra ID,
 * Google Workspace; the fields are checked in source-configs.ts), their sync options, and the
 * client that talks to each. A data table maps each kind to its client factory
 * and display name; clients are cached per source so that LDAP connections are pooled.
 *
 *   const source = await sources.addLdap({ name: 'Corporate AD', preset: 'active-directory', urls: ['ldaps://dc1'], … }, actor);
 *   const client = sources.clientFor(source);
 */
import { textFieldProblem } from '../text.js';
import type { AuditService } from '../audit/audit.service.js';
import type { MissingPolicy, SourceRow } from '../db/schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { Clock } from '../ports.js';
import type { Actor } from '../audit/actor.js';
import { createCustomProgramClient } from './custom-program.client.js';
import type { DirectoryClient } from './directory.port.js';
import { createGoogleClient, parseServiceAccountKey } from './google/google.client.js';
import { googleConfig, type GoogleSourceConfig } from './google/google.config.js';
import { entraConfig, type EntraSourceConfig } from './graph/graph.config.js';
import { createGraphClient } from './graph/graph.client.js';
import type { GraphMirror } from './graph/graph.mirror.js';
import { isLdapPreset, LDAP_PRESETS, type LdapSourceConfig } from './ldap/ldap.config.js';
import { createLdapClient } from './ldap/ldap.client.js';
import type { SourcesRepository } from './sources.repository.js';
import {
  auditableEntra,
  auditableGoogle,
  auditableLdap,
  certificateBlocks,
  entraConfigFrom,
  executableProblem,
  integerIn,
  scheduleProblem,
  googleConfigFrom,
  ldapConfig,
  type EntraSourceInput,
  type GoogleSourceInput,
  type LdapSourceInput,
  type PresentedEntraConfig,
  type PresentedGoogleConfig,
  type PresentedLdapConfig,
  type SyncOptionsInput,
} from './source-configs.js';

export interface CustomSourceConfig {
  program: string;
  authProgram: string | null;
}

/** What a client factory gets besides the configuration: the source's id (null for an unsaved form) and the ports it may need. */
export interface ClientContext {
  sourceId: number | null;
  /** The delta-query mirror of a Microsoft Graph source, by source id. */
  graphMirror: ((sourceId: number) => GraphMirror) | null;
}

const CLIENT_FACTORIES: Record<string, (config: unknown, context: ClientContext) => DirectoryClient> = {
  custom: (config) => createCustomProgramClient(config as CustomSourceConfig),
  ldap: (config) => createLdapClient(config as LdapSourceConfig),
  entra: (config, { sourceId, graphMirror }) =>
    createGraphClient(entraConfig(config as EntraSourceConfig), {
      mirror: sourceId !== null && graphMirror ? graphMirror(sourceId) : null,
    }),
  google: (config) => createGoogleClient(googleConfig(config as GoogleSourceConfig)),
};

export const SOURCE_KIND_LABELS: Record<string, string> = {
  custom: 'Custom program',
  ldap: 'LDAP / Active Directory',
  entra: 'Microsoft Entra ID (Office 365)',
  google: 'Google Workspace',
};

/** Where a standard user's password is managed, for the user pages ("managed by Active Directory"). */
export function passwordAuthorityLabel(source: SourceRow): string {
  if (source.kind === 'ldap') {
    const preset = (JSON.parse(source.config) as Partial<LdapSourceConfig>).preset;
    return preset && isLdapPreset(preset) ? LDAP_PRESETS[preset].label : 'your organisation’s directory';
  }
  if (source.kind === 'entra') return 'Microsoft 365';
  if (source.kind === 'google') return 'Google Workspace';
  return source.name;
}

export const MISSING_POLICIES: Record<MissingPolicy, string> = {
  keep: 'Keep them',
  disable: 'Disable them',
  delete: 'Delete them',
};

/** What an administrator types for an LDAP source (web form or CLI). */
export * from './source-configs.js';

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
    if (textIssue) return textIssue;
    const other = await sources.findByName(name);
    if (other && other.id !== exceptId) return `A source named "${name}" already exists.`;
    return null;
  }

  async function storedConfig<T>(
    id: number,
    kind: string,
    label: string,
  ): Promise<{ source: SourceRow; config: T }> {
    const source = await mustFind(id);
    if (source.kind !== kind) throw new ConflictError(`This source is not a ${label} source.`);
    return { source, config: JSON.parse(source.config) as T };
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

    async addCustom(
      input: { name: string; program: string; authProgram?: string | null },
      actor: Actor,
    ): Promise<SourceRow> {
      const fields: Record<string, string> = {};
      const name = input.name.trim();
      const nameIssue = await nameProblem(name);
      if (nameIssue) fields.name = nameIssue;
      const program = input.program.trim();
      const programProblem = executableProblem(program);
      if (programProblem) fields.program = programProblem;
      const authProgram = input.authProgram?.trim() || null;
      if (authProgram) {
        const authProblem = executableProblem(authProgram);
        if (authProblem) fields.authProgram = authProblem;
      }
      if (Object.keys(fields).length > 0) throw new ValidationError(fields);
      const config: CustomSourceConfig = { program, authProgram };
      const now = clock.now().toISOString();
      const row = await sources.insert({
        name,
        kind: 'custom',
        config: JSON.stringify(config),
        priority: await sources.nextPriority(),
        created_at: now,
        updated_at: now,
      });
      await audit.record({
        actor: actor.username,
        action: 'source.create',
        target: name,
        ip: actor.ip,
        details: { kind: 'custom', program, authProgram },
      });
      return row;
    },

    async addLdap(input: LdapSourceInput, actor: Actor): Promise<SourceRow> {
      const { name, config } = await ldapConfig(nameProblem, input);
      const now = clock.now().toISOString();
      const row = await sources.insert({
        name,
        kind: 'ldap',
        config: JSON.stringify(config),
        priority: await sources.nextPriority(),
        created_at: now,
        updated_at: now,
      });
      await audit.record({
        actor: actor.username,
        action: 'source.create',
        target: name,
        ip: actor.ip,
        details: { kind: 'ldap', ...auditableLdap(config) },
      });
      return row;
    },

    /** Saves an edited LDAP source; an empty bind password keeps the stored one. */
    async updateLdap(id: number, input: LdapSourceInput, actor: Actor): Promise<SourceRow> {
      const source = await mustFind(id);
      if (source.kind !== 'ldap') throw new ConflictError('This source is not an LDAP source.');
      const { name, config } = await ldapConfig(nameProblem, input, {
        id,
        config: JSON.parse(source.config) as LdapSourceConfig,
      });
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
        details: { kind: 'ldap', ...auditableLdap(config), bindPasswordChanged: input.bindPassword !== '' },
      });
      return mustFind(id);
    },

    /** Builds an unsaved LDAP source's client, for "Test settings" on a form before saving. */
    async transientLdapClient(input: LdapSourceInput, existingId?: number): Promise<DirectoryClient> {
      const existing = existingId === undefined ? undefined : await sources.findById(existingId);
      const { config } = await ldapConfig(
        nameProblem,
        input,
        existing?.kind === 'ldap'
          ? { id: existing.id, config: JSON.parse(existing.config) as LdapSourceConfig }
          : undefined,
      );
      return createLdapClient(config);
    },

    async addEntra(input: EntraSourceInput, actor: Actor): Promise<SourceRow> {
      const { name, config } = await entraConfigFrom(nameProblem, input);
      const row = await insertSource(name, 'entra', config);
      await audit.record({
        actor: actor.username,
        action: 'source.create',
        target: name,
        ip: actor.ip,
        details: { kind: 'entra', ...auditableEntra(config) },
      });
      return row;
    },

    /** Saves an edited Entra source; empty secret and key fields keep the stored ones. */
    async updateEntra(id: number, input: EntraSourceInput, actor: Actor): Promise<SourceRow> {
      const stored = await storedConfig<EntraSourceConfig>(id, 'entra', 'Microsoft Entra ID');
      const { name, config } = await entraConfigFrom(nameProblem, input, { id, config: stored.config });
      await sources.update(id, {
        name,
        config: JSON.stringify(config),
        updated_at: clock.now().toISOString(),
      });
      const credentialChanged =
        config.clientSecret !== stored.config.clientSecret ||
        config.privateKeyPem !== stored.config.privateKeyPem ||
        config.certificatePem !== stored.config.certificatePem;
      await audit.record({
        actor: actor.username,
        action: 'source.update',
        target: name,
        ip: actor.ip,
        details: { kind: 'entra', ...auditableEntra(config), credentialChanged },
      });
      return mustFind(id);
    },

    /**
     * Builds an unsaved Entra source's client (no delta mirror), for "Test settings" on a form. A
     * test of a saved source may use its stored secret: audited (`source.test`) when an actor is given.
     */
    async transientEntraClient(
      input: EntraSourceInput,
      existingId?: number,
      actor?: Actor,
    ): Promise<DirectoryClient> {
      const existing = existingId === undefined ? undefined : await sources.findById(existingId);
      const { config } = await entraConfigFrom(
        nameProblem,
        input,
        existing?.kind === 'entra'
          ? { id: existing.id, config: JSON.parse(existing.config) as EntraSourceConfig }
          : undefined,
      );
      if (existing?.kind === 'entra' && actor) {
        await audit.record({
          actor: actor.username,
          action: 'source.test',
          target: existing.name,
          ip: actor.ip,
          details: { kind: 'entra', ...auditableEntra(config) },
        });
      }
      return createGraphClient(config, { mirror: null });
    },

    async addGoogle(input: GoogleSourceInput, actor: Actor): Promise<SourceRow> {
      const { name, config } = await googleConfigFrom(nameProblem, input);
      const row = await insertSource(name, 'google', config);
      await audit.record({
        actor: actor.username,
        action: 'source.create',
        target: name,
        ip: actor.ip,
        details: { kind: 'google', ...auditableGoogle(config) },
      });
      return row;
    },

    /** Saves an edited Google source; an empty key keeps the stored one. */
    async updateGoogle(id: number, input: GoogleSourceInput, actor: Actor): Promise<SourceRow> {
      const stored = await storedConfig<GoogleSourceConfig>(id, 'google', 'Google Workspace');
      const { name, config } = await googleConfigFrom(nameProblem, input, { id, config: stored.config });
      await sources.update(id, {
        name,
        config: JSON.stringify(config),
        updated_at: clock.now().toISOString(),
      });
      const keyChanged = config.serviceAccountKey !== stored.config.serviceAccountKey;
      await audit.record({
        actor: actor.username,
        action: 'source.update',
        target: name,
        ip: actor.ip,
        details: { kind: 'google', ...auditableGoogle(config), keyChanged },
      });
      return mustFind(id);
    },

    /** Builds an unsaved Google source's client, for "Test settings" on a form; a test of a saved source is audited as for Entra. */
    async transientGoogleClient(
      input: GoogleSourceInput,
      existingId?: number,
      actor?: Actor,
    ): Promise<DirectoryClient> {
      const existing = existingId === undefined ? undefined : await sources.findById(existingId);
      const { config } = await googleConfigFrom(
        nameProblem,
        input,
        existing?.kind === 'google'
          ? { id: existing.id, config: JSON.parse(existing.config) as GoogleSourceConfig }
          : undefined,
      );
      if (existing?.kind === 'google' && actor) {
        await audit.record({
          actor: actor.username,
          action: 'source.test',
          target: existing.name,
          ip: actor.ip,
          details: { kind: 'google', ...auditableGoogle(config) },
        });
      }
      return createGoogleClient(config);
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

    /** The configuration as a page may show it (no bind password). */
    presentLdapConfig(source: SourceRow): PresentedLdapConfig | null {
      if (source.kind !== 'ldap') return null;
      const { bindPassword, ...rest } = JSON.parse(source.config) as LdapSourceConfig;
      return { ...rest, hasBindPassword: bindPassword !== '' };
    },

    /** An Entra configuration as a page may show it (no secret, no private key). */
    presentEntraConfig(source: SourceRow): PresentedEntraConfig | null {
      if (source.kind !== 'entra') return null;
      const { clientSecret, privateKeyPem, ...rest } = entraConfig(
        JSON.parse(source.config) as EntraSourceConfig,
      );
      // A certificate stored before keys were refused in that field may still hold one: never shown.
      return {
        ...rest,
        certificatePem: certificateBlocks(rest.certificatePem),
        hasClientSecret: clientSecret !== '',
        hasPrivateKey: privateKeyPem !== '',
      };
    },

    /** A Google configuration as a page may show it (the service account's address, not its key). */
    presentGoogleConfig(source: SourceRow): PresentedGoogleConfig | null {
      if (source.kind !== 'google') return null;
      const { serviceAccountKey, ...rest } = googleConfig(JSON.parse(source.config) as GoogleSourceConfig);
      let serviceAccountEmail: string;
      try {
        serviceAccountEmail = parseServiceAccountKey(serviceAccountKey).client_email;
      } catch {
        serviceAccountEmail = '';
      }
      return { ...rest, hasServiceAccountKey: serviceAccountKey !== '', serviceAccountEmail };
    },

    clientFor(source: SourceRow): DirectoryClient {
      const cached = clients.get(source.id);
      if (cached?.config === source.config) return cached.client;
      const factory = CLIENT_FACTORIES[source.kind];
      if (!factory) throw new Error(`Unknown source kind ${source.kind}`);
      const client = factory(JSON.parse(source.config), {
        sourceId: source.id,
        graphMirror: deps.graphMirror ?? null,
      });
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
