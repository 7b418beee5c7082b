/**
 * Directory sources: adding and editing them (custom program, LDAP / Active Directory), their sync
 * options, and the client that talks to each. A data table maps each kind to its client factory
 * and display name; clients are cached per source so that LDAP connections are pooled.
 *
 *   const source = await sources.addLdap({ name: 'Corporate AD', preset: 'active-directory', urls: ['ldaps://dc1'], … }, actor);
 *   const client = sources.clientFor(source);
 */
import { X509Certificate } from 'node:crypto';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { Cron } from 'croner';
import { FilterParser } from 'ldapts';
import type { AuditService } from '../audit/audit.service.js';
import type { MissingPolicy, SourceRow } from '../db/schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { Clock } from '../ports.js';
import type { Actor } from '../users/users.service.js';
import { createCustomProgramClient } from './custom-program.client.js';
import type { DirectoryClient } from './directory.port.js';
import { isLdapPreset, LDAP_PRESETS, ldapConfigFromPreset, type LdapAttributeMap, type LdapPreset, type LdapSourceConfig } from './ldap/ldap.config.js';
import { createLdapClient } from './ldap/ldap.client.js';
import type { SourcesRepository } from './sources.repository.js';

export interface CustomSourceConfig {
  program: string;
  authProgram: string | null;
}

const CLIENT_FACTORIES: Record<string, (config: unknown) => DirectoryClient> = {
  custom: (config) => createCustomProgramClient(config as CustomSourceConfig),
  ldap: (config) => createLdapClient(config as LdapSourceConfig),
};

export const SOURCE_KIND_LABELS: Record<string, string> = {
  custom: 'Custom program',
  ldap: 'LDAP / Active Directory',
};

/** Where a standard user's password is managed, for the user pages ("managed by Active Directory"). */
export function passwordAuthorityLabel(source: SourceRow): string {
  if (source.kind === 'ldap') {
    const preset = (JSON.parse(source.config) as Partial<LdapSourceConfig>).preset;
    return preset && isLdapPreset(preset) ? LDAP_PRESETS[preset].label : 'your organisation’s directory';
  }
  return source.name;
}

export const MISSING_POLICIES: Record<MissingPolicy, string> = {
  keep: 'Keep them',
  disable: 'Disable them',
  delete: 'Delete them',
};

/** What an administrator types for an LDAP source (web form or CLI). */
export interface LdapSourceInput {
  name: string;
  preset: string;
  urls: string[];
  startTls?: boolean;
  caCertificate?: string;
  bindDn: string;
  /** '' when editing keeps the stored password. */
  bindPassword: string;
  baseDns: string[];
  userFilter?: string;
  groupFilter?: string;
  groupMemberAttributes?: string[];
  attributes?: Partial<LdapAttributeMap>;
  pageSize?: number;
  connectTimeoutMs?: number;
  timeoutMs?: number;
  allowPasswordChange?: boolean;
}

export interface SyncOptionsInput {
  missingPolicy: string;
  maxRemovals: number;
  maxRemovalsPercent: number;
  schedule: string;
  importDisabled: boolean;
  importGroups: string[];
}

/** An LDAP configuration as a page may show it: everything but the bind password. */
export type PresentedLdapConfig = Omit<LdapSourceConfig, 'bindPassword'> & { hasBindPassword: boolean };

const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9-]*(;[A-Za-z0-9-]+)*$|^\d+(\.\d+)+$/;

function executableProblem(file: string): string | null {
  if (!path.isAbsolute(file)) return 'Give the absolute path of the program.';
  try {
    if (!statSync(file).isFile()) return 'This path is not a file.';
    accessSync(file, constants.X_OK);
    return null;
  } catch {
    return 'No executable program at this path (check that it exists and is executable by the server).';
  }
}

function filterProblem(filter: string): string | null {
  if (filter === '') return null;
  try {
    FilterParser.parseString(filter);
    return null;
  } catch (error) {
    return `This is not a valid LDAP filter (${(error as Error).message}). Filters look like (objectClass=person).`;
  }
}

/** Validates a cron expression for the sync schedule; '' means on demand only. */
export function scheduleProblem(schedule: string): string | null {
  if (schedule === '') return null;
  try {
    new Cron(schedule, { paused: true }).stop();
    return null;
  } catch {
    return 'This is not a valid schedule. Use a cron expression such as "0 2 * * *" (every night at 02:00), or leave it empty for on demand only.';
  }
}

function integerIn(value: number | undefined, min: number, max: number): boolean {
  return value === undefined || (Number.isInteger(value) && value >= min && value <= max);
}

const NAMES_MS = 2000;

export function createSourcesService(deps: { sources: SourcesRepository; audit: AuditService; clock: Clock }) {
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
    const other = await sources.findByName(name);
    if (other && other.id !== exceptId) return `A source named "${name}" already exists.`;
    return null;
  }

  /** The validated LDAP configuration, or a ValidationError naming each bad field. */
  async function ldapConfig(input: LdapSourceInput, existing?: { id: number; config: LdapSourceConfig }): Promise<{ name: string; config: LdapSourceConfig }> {
    const fields: Record<string, string> = {};
    const name = input.name.trim();
    const nameIssue = await nameProblem(name, existing?.id);
    if (nameIssue) fields.name = nameIssue;
    if (!isLdapPreset(input.preset)) fields.preset = 'Choose Active Directory, OpenLDAP / Unix or eDirectory.';
    const urls = input.urls.map((u) => u.trim()).filter(Boolean);
    if (urls.length === 0) fields.urls = 'Enter at least one server URL, such as ldaps://dc1.example.org.';
    for (const url of urls) {
      let parsed: URL | null = null;
      try {
        parsed = new URL(url);
      } catch {
        parsed = null;
      }
      if (!parsed || !['ldap:', 'ldaps:'].includes(parsed.protocol) || !parsed.hostname) {
        fields.urls = `"${url}" is not an LDAP URL. Use ldap://host[:port] (with StartTLS) or ldaps://host[:port].`;
        break;
      }
    }
    const caCertificate = (input.caCertificate ?? '').trim();
    if (caCertificate) {
      try {
        new X509Certificate(caCertificate);
      } catch {
        fields.caCertificate = 'This is not a PEM certificate. Paste the CA certificate, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.';
      }
    }
    const bindDn = input.bindDn.trim();
    if (bindDn === '') fields.bindDn = 'Enter the DN (or, for Active Directory, user@domain) of the account Quire reads the directory with.';
    const bindPassword = input.bindPassword !== '' ? input.bindPassword : (existing?.config.bindPassword ?? '');
    if (bindPassword === '') fields.bindPassword = 'Enter the password of the bind account.';
    const baseDns = input.baseDns.map((d) => d.trim()).filter(Boolean);
    if (baseDns.length === 0) fields.baseDns = 'Enter at least one base DN, such as DC=example,DC=org.';
    const userFilter = (input.userFilter ?? '').trim();
    const groupFilter = (input.groupFilter ?? '').trim();
    const userFilterIssue = filterProblem(userFilter);
    if (userFilterIssue) fields.userFilter = userFilterIssue;
    const groupFilterIssue = filterProblem(groupFilter);
    if (groupFilterIssue) fields.groupFilter = groupFilterIssue;
    const attributes = Object.fromEntries(Object.entries(input.attributes ?? {}).map(([k, v]) => [k, (v ?? '').trim()])) as Partial<LdapAttributeMap>;
    for (const [key, value] of Object.entries(attributes)) {
      if (value && !ATTRIBUTE_NAME.test(value)) fields[`attributes.${key}`] = `"${value}" is not an attribute name.`;
    }
    if (input.attributes && (attributes.username ?? '') === '') fields['attributes.username'] = 'Enter the attribute that holds the username.';
    if (input.attributes && (attributes.externalId ?? '') === '') fields['attributes.externalId'] = 'Enter the attribute that holds the immutable id (objectGUID, entryUUID, GUID).';
    if (!integerIn(input.pageSize, 1, 5000)) fields.pageSize = 'The page size is a whole number from 1 to 5000.';
    if (!integerIn(input.connectTimeoutMs, 100, 600_000)) fields.connectTimeoutMs = 'The connect timeout is from 100 to 600000 milliseconds.';
    if (!integerIn(input.timeoutMs, 100, 3_600_000)) fields.timeoutMs = 'The operation timeout is from 100 to 3600000 milliseconds.';
    // Active Directory takes unicodePwd only over TLS; offering the form otherwise would only fail.
    const encrypted = input.startTls === true || (urls.length > 0 && urls.every((u) => u.toLowerCase().startsWith('ldaps://')));
    if (input.allowPasswordChange && input.preset === 'active-directory' && !encrypted) {
      fields.allowPasswordChange = 'Active Directory accepts password changes only over an encrypted connection: use ldaps:// URLs or StartTLS.';
    }
    if (Object.keys(fields).length > 0) throw new ValidationError(fields);
    const memberAttributes = (input.groupMemberAttributes ?? []).map((a) => a.trim()).filter(Boolean);
    return {
      name,
      config: ldapConfigFromPreset(input.preset as LdapPreset, {
        urls,
        startTls: input.startTls ?? false,
        caCertificate,
        bindDn,
        bindPassword,
        baseDns,
        userFilter,
        groupFilter,
        groupMemberAttributes: memberAttributes,
        attributes: Object.fromEntries(Object.entries(attributes).filter(([k, v]) => v !== '' || !['username', 'externalId'].includes(k))),
        pageSize: input.pageSize,
        connectTimeoutMs: input.connectTimeoutMs,
        timeoutMs: input.timeoutMs,
        allowPasswordChange: input.allowPasswordChange ?? false,
      }),
    };
  }

  /** What the audit log may say about an LDAP configuration: never the password. */
  const auditableLdap = (c: LdapSourceConfig) => ({ preset: c.preset, urls: c.urls, startTls: c.startTls, bindDn: c.bindDn, baseDns: c.baseDns, userFilter: c.userFilter, groupFilter: c.groupFilter, allowPasswordChange: c.allowPasswordChange });

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
      if (!names || now - names.at >= NAMES_MS) names = { at: now, map: new Map((await sources.list()).map((s) => [s.id, s.name])) };
      return names.map;
    },

    async addCustom(input: { name: string; program: string; authProgram?: string | null }, actor: Actor): Promise<SourceRow> {
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
      const row = await sources.insert({ name, kind: 'custom', config: JSON.stringify(config), priority: await sources.nextPriority(), created_at: now, updated_at: now });
      await audit.record({ actor: actor.username, action: 'source.create', target: name, ip: actor.ip, details: { kind: 'custom', program, authProgram } });
      return row;
    },

    async addLdap(input: LdapSourceInput, actor: Actor): Promise<SourceRow> {
      const { name, config } = await ldapConfig(input);
      const now = clock.now().toISOString();
      const row = await sources.insert({ name, kind: 'ldap', config: JSON.stringify(config), priority: await sources.nextPriority(), created_at: now, updated_at: now });
      await audit.record({ actor: actor.username, action: 'source.create', target: name, ip: actor.ip, details: { kind: 'ldap', ...auditableLdap(config) } });
      return row;
    },

    /** Saves an edited LDAP source; an empty bind password keeps the stored one. */
    async updateLdap(id: number, input: LdapSourceInput, actor: Actor): Promise<SourceRow> {
      const source = await mustFind(id);
      if (source.kind !== 'ldap') throw new ConflictError('This source is not an LDAP source.');
      const { name, config } = await ldapConfig(input, { id, config: JSON.parse(source.config) as LdapSourceConfig });
      await sources.update(id, { name, config: JSON.stringify(config), updated_at: clock.now().toISOString() });
      await audit.record({ actor: actor.username, action: 'source.update', target: name, ip: actor.ip, details: { kind: 'ldap', ...auditableLdap(config), bindPasswordChanged: input.bindPassword !== '' } });
      return mustFind(id);
    },

    /** Builds an unsaved LDAP source's client, for "Test settings" on a form before saving. */
    async transientLdapClient(input: LdapSourceInput, existingId?: number): Promise<DirectoryClient> {
      const existing = existingId === undefined ? undefined : await sources.findById(existingId);
      const { config } = await ldapConfig(input, existing?.kind === 'ldap' ? { id: existing.id, config: JSON.parse(existing.config) as LdapSourceConfig } : undefined);
      return createLdapClient(config);
    },

    async updateSyncOptions(id: number, input: SyncOptionsInput, actor: Actor): Promise<SourceRow> {
      const source = await mustFind(id);
      const fields: Record<string, string> = {};
      if (!Object.hasOwn(MISSING_POLICIES, input.missingPolicy)) fields.missingPolicy = 'Choose keep, disable or delete.';
      if (!integerIn(input.maxRemovals, 0, 10_000_000)) fields.maxRemovals = 'Enter a whole number of users (0 or more).';
      if (!integerIn(input.maxRemovalsPercent, 0, 100)) fields.maxRemovalsPercent = 'Enter a percentage from 0 to 100.';
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
      await audit.record({ actor: actor.username, action: 'source.sync_options', target: source.name, ip: actor.ip, details: { ...patch, updated_at: undefined } });
      return mustFind(id);
    },

    /** Makes this source the primary one (synchronized first); the others keep their order after it. */
    async makePrimary(id: number, actor: Actor): Promise<void> {
      const source = await mustFind(id);
      const ordered = [source, ...(await sources.list()).filter((s) => s.id !== id)];
      for (const [index, s] of ordered.entries()) await sources.update(s.id, { priority: index + 1 });
      await audit.record({ actor: actor.username, action: 'source.primary', target: source.name, ip: actor.ip });
    },

    /** Removes a source that owns no users (delete or convert them first). */
    async remove(id: number, actor: Actor): Promise<void> {
      const source = await mustFind(id);
      const count = await sources.countUsers(id);
      if (count > 0) throw new ConflictError(`"${source.name}" still provides ${count} users. Set its policy for users no longer listed to "delete" and synchronize, or delete them, before removing the source.`);
      await sources.delete(id);
      const cached = clients.get(id);
      clients.delete(id);
      await cached?.client.close();
      await audit.record({ actor: actor.username, action: 'source.delete', target: source.name, ip: actor.ip });
    },

    /** The configuration as a page may show it (no bind password). */
    presentLdapConfig(source: SourceRow): PresentedLdapConfig | null {
      if (source.kind !== 'ldap') return null;
      const { bindPassword, ...rest } = JSON.parse(source.config) as LdapSourceConfig;
      return { ...rest, hasBindPassword: bindPassword !== '' };
    },

    clientFor(source: SourceRow): DirectoryClient {
      const cached = clients.get(source.id);
      if (cached?.config === source.config) return cached.client;
      const factory = CLIENT_FACTORIES[source.kind];
      if (!factory) throw new Error(`Unknown source kind ${source.kind}`);
      const client = factory(JSON.parse(source.config));
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
