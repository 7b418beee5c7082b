/**
 * Single sign-on providers of every kind ("Sign in with Microsoft", "Sign in with Google", any
 * OpenID Connect provider, SAML 2.0 identity providers): adds, edits, presents and removes them
 * through their kind (`provider-kinds.ts`). This module checks the fields every provider has; the
 * kind checks its own, keeps its secrets when the edit form leaves them empty, and says what may
 * be shown and audited — presented providers, form values and audit records never hold a secret.
 * Each field is validated on its own, so the Admin Console form can show every problem beside it.
 *
 *   const form = providerDefaults('microsoft');               // Microsoft's claims and scopes
 *   const row = await providers.create({ ...form, tenant: '…', clientId: '…', clientSecret: '…' }, actor);
 *   const shown = await providers.listForArea('user');        // the sign-in page's "Sign in with …" links
 */
import type { AuditService } from '../../audit/audit.service.js';
import type { IdentityProviderRow, SourceRow } from '../../db/schema.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { Clock } from '../../ports.js';
import type { Actor } from '../../audit/actor.js';
import type { IdentityProvidersRepository } from './identity-providers.repository.js';
import {
  allowedDomainsOf,
  formReader,
  providerEndpoints,
  type CommonProviderInput,
  type FieldErrors,
  type IdentityProviderInput,
  type ProviderEndpoints,
  type ProviderKind,
  type SignInProtocol,
} from './provider-kind.js';
import { kindOf, PROVIDER_KINDS, providerKind } from './provider-kinds.js';

/** A provider as pages show it: never a secret. */
export interface PresentedIdentityProvider {
  id: number;
  slug: string;
  displayName: string;
  protocol: SignInProtocol;
  preset: string;
  presetLabel: string;
  /** OIDC issuer or SAML IdP entity id. */
  issuer: string;
  clientId: string;
  hasClientSecret: boolean;
  sourceId: number | null;
  sourceName: string | null;
  matchBy: 'external-id' | 'username';
  createOnDemand: boolean;
  enabled: boolean;
  onUserPage: boolean;
  onAdminPage: boolean;
  /** What the administrator registers at the provider. */
  endpoints: ProviderEndpoints;
}

/** A "Sign in with …" link of a sign-in page. */
export interface SignInOption {
  slug: string;
  displayName: string;
  protocol: SignInProtocol;
}

const COMMON_DEFAULTS: Omit<CommonProviderInput, 'preset'> = {
  slug: '',
  displayName: '',
  sourceId: '',
  matchBy: 'username',
  createOnDemand: false,
  enabled: true,
  onUserPage: true,
  onAdminPage: false,
  allowedDomains: '',
};

/** The add form of a kind, filled with the provider's usual settings. */
export function providerDefaults(kindName: string): IdentityProviderInput {
  const kind = providerKind(kindName);
  if (!kind) throw new Error(`Unknown login provider kind "${kindName}"`);
  return { ...COMMON_DEFAULTS, ...kind.defaults, preset: kind.name };
}

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;
const ONE_LINE = /^[^\p{Cc}]*$/u;

/** "Microsoft, Google, OpenID Connect or SAML 2.0". */
function kindChoices(): string {
  const labels = [...PROVIDER_KINDS.values()].map((kind) => kind.label);
  return labels.length > 1 ? `${labels.slice(0, -1).join(', ')} or ${labels.at(-1)}` : (labels[0] ?? '');
}

export interface IdentityProvidersServiceDeps {
  repository: IdentityProvidersRepository;
  sources: { findById(id: number): Promise<SourceRow | undefined>; names(): Promise<Map<number, string>> };
  audit: AuditService;
  clock: Clock;
  publicUrl: string;
}

/** The columns a validated form becomes. */
interface ProviderValues {
  slug: string;
  display_name: string;
  protocol: SignInProtocol;
  preset: string;
  config: string;
  source_id: number | null;
  match_by: 'external-id' | 'username';
  create_on_demand: 0 | 1;
  enabled: 0 | 1;
  on_user_page: 0 | 1;
  on_admin_page: 0 | 1;
}

export function createIdentityProvidersService(deps: IdentityProvidersServiceDeps) {
  const { repository, sources, audit, clock, publicUrl } = deps;

  async function mustFind(id: number): Promise<IdentityProviderRow> {
    const row = await repository.findById(id);
    if (!row) throw new NotFoundError('There is no such single sign-on provider. It may have been removed.');
    return row;
  }

  function present(row: IdentityProviderRow, names: Map<number, string>): PresentedIdentityProvider {
    const kind = kindOf(row);
    const summary = kind.summary(kind.decode(row.config));
    return {
      id: row.id,
      slug: row.slug,
      displayName: row.display_name,
      protocol: row.protocol,
      preset: row.preset,
      presetLabel: kind.label,
      issuer: summary.issuer,
      clientId: summary.clientId,
      hasClientSecret: summary.hasClientSecret,
      sourceId: row.source_id,
      sourceName: row.source_id === null ? null : (names.get(row.source_id) ?? null),
      matchBy: row.match_by,
      createOnDemand: row.create_on_demand === 1,
      enabled: row.enabled === 1,
      onUserPage: row.on_user_page === 1,
      onAdminPage: row.on_admin_page === 1,
      endpoints: providerEndpoints(publicUrl, row.slug),
    };
  }

  /** The linked source's id, or null for none; an error when it names no source. */
  async function checkSource(raw: string, fields: FieldErrors): Promise<number | null> {
    if (raw.trim() === '') return null;
    const id = /^[1-9][0-9]{0,8}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
    if (!Number.isNaN(id) && (await sources.findById(id))) return id;
    fields.sourceId = 'Choose one of the directory sources listed, or none.';
    return null;
  }

  /** Lower-case, de-duplicated domains; an error for one that is not a domain name. */
  function checkDomains(raw: string, fields: FieldErrors): string[] {
    const domains = [
      ...new Set(
        raw
          .split(/[\s,]+/)
          .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
          .filter(Boolean),
      ),
    ];
    const badDomain = domains.find((d) => !DOMAIN.test(d));
    if (badDomain !== undefined)
      fields.allowedDomains = `"${badDomain.slice(0, 60)}" is not a domain name; enter domains such as example.org, one per line.`;
    return domains;
  }

  /**
   * Checks every field and returns the row to store, or throws ValidationError with a message per
   * field. `existing` is the stored provider when editing (its secrets are kept when none is typed).
   */
  async function validate(
    input: IdentityProviderInput,
    existing?: IdentityProviderRow,
  ): Promise<{ values: ProviderValues; kind: ProviderKind<object>; config: object }> {
    const fields: FieldErrors = {};
    const kind = providerKind(input.preset);
    if (!kind) throw new ValidationError({ preset: `Choose ${kindChoices()}.` });
    if (existing && existing.preset !== kind.name)
      fields.preset = 'The kind of a provider cannot change. Remove it and add another.';

    const slug = input.slug.trim().toLowerCase();
    if (!SLUG.test(slug))
      fields.slug =
        'Use 1–32 lower-case letters, digits and hyphens, such as "microsoft" (it becomes part of the redirect URI).';
    else {
      const other = await repository.findBySlug(slug);
      if (other && other.id !== existing?.id)
        fields.slug = `Another provider already uses "${slug}". Choose another short name.`;
    }
    const displayName = input.displayName.trim();
    if (displayName === '') fields.displayName = 'Enter the name users see, as in "Log in with Microsoft".';
    else if ([...displayName].length > 64) fields.displayName = 'The name is at most 64 characters.';
    else if (!ONE_LINE.test(displayName)) fields.displayName = 'The name must be on one line.';

    const sourceId = await checkSource(input.sourceId, fields);
    const matchBy = input.matchBy === 'external-id' || input.matchBy === 'username' ? input.matchBy : null;
    if (!matchBy) fields.matchBy = 'Choose how a logged-in identity is matched to a user.';
    else if (matchBy === 'external-id' && sourceId === null && !fields.sourceId)
      fields.matchBy =
        'Matching by immutable id needs the directory source whose users this provider logs in.';
    if (input.createOnDemand && sourceId === null && !fields.sourceId)
      fields.createOnDemand = 'Creating users on demand needs the directory source to create them in.';

    // A multi-organisation issuer (Google) vouches for every account it has: the domains say which
    // of them are this organisation's.
    const allowedDomains = checkDomains(input.allowedDomains, fields);
    if (!fields.allowedDomains && allowedDomains.length === 0) {
      if (input.createOnDemand)
        fields.allowedDomains =
          'Creating users on demand needs the email domains whose users may be created, such as example.org.';
      else if (kind.hostedDomains && matchBy === 'username')
        fields.allowedDomains = kind.hostedDomains.whyDomains;
    }

    const previous = existing && existing.preset === kind.name ? kind.decode(existing.config) : undefined;
    const result = kind.validate(formReader(input), previous, { clock });
    if (result.errors) Object.assign(fields, result.errors);
    if (result.errors || !matchBy || Object.keys(fields).length > 0) throw new ValidationError(fields);
    const config = result.config;
    return {
      kind,
      config,
      values: {
        slug,
        display_name: displayName,
        protocol: kind.protocol,
        preset: kind.name,
        config: JSON.stringify({ ...config, allowedDomains }),
        source_id: sourceId,
        match_by: matchBy,
        create_on_demand: input.createOnDemand ? 1 : 0,
        enabled: input.enabled ? 1 : 0,
        on_user_page: input.onUserPage ? 1 : 0,
        on_admin_page: input.onAdminPage ? 1 : 0,
      },
    };
  }

  /** What the audit log may say about a provider: never a secret. */
  function auditable(values: ProviderValues, kind: ProviderKind<object>, config: object) {
    return {
      slug: values.slug,
      preset: values.preset,
      ...kind.auditable(config),
      allowedDomains: allowedDomainsOf(values.config),
      sourceId: values.source_id,
      matchBy: values.match_by,
      createOnDemand: values.create_on_demand === 1,
      enabled: values.enabled === 1,
      onUserPage: values.on_user_page === 1,
      onAdminPage: values.on_admin_page === 1,
    };
  }

  return {
    async list(): Promise<PresentedIdentityProvider[]> {
      const names = await sources.names();
      return (await repository.list()).map((row) => present(row, names));
    },

    async get(id: number): Promise<PresentedIdentityProvider> {
      return present(await mustFind(id), await sources.names());
    },

    /** The stored row, for the sign-in flow (holds the secret: never hand it to a page). */
    findBySlug: (slug: string) => repository.findBySlug(slug),

    /** The enabled providers a sign-in page offers. */
    async listForArea(area: 'user' | 'admin'): Promise<SignInOption[]> {
      return (await repository.listEnabledFor(area)).map((row) => ({
        slug: row.slug,
        displayName: row.display_name,
        protocol: row.protocol,
      }));
    },

    /** The edit form's values: everything but the secrets, which the form leaves empty. */
    async formValues(id: number): Promise<IdentityProviderInput> {
      const row = await mustFind(id);
      const kind = kindOf(row);
      return {
        ...providerDefaults(kind.name),
        slug: row.slug,
        displayName: row.display_name,
        sourceId: row.source_id === null ? '' : String(row.source_id),
        matchBy: row.match_by,
        createOnDemand: row.create_on_demand === 1,
        enabled: row.enabled === 1,
        onUserPage: row.on_user_page === 1,
        onAdminPage: row.on_admin_page === 1,
        allowedDomains: allowedDomainsOf(row.config).join('\n'),
        ...kind.formValues(kind.decode(row.config)),
      };
    },

    async create(input: IdentityProviderInput, actor: Actor): Promise<PresentedIdentityProvider> {
      const { values, kind, config } = await validate(input);
      const now = clock.now().toISOString();
      const row = await repository.insert({ ...values, created_at: now, updated_at: now });
      await audit.record({
        actor: actor.username,
        action: 'identity_provider.create',
        target: row.slug,
        ip: actor.ip,
        details: auditable(values, kind, config),
      });
      return present(row, await sources.names());
    },

    async update(id: number, input: IdentityProviderInput, actor: Actor): Promise<PresentedIdentityProvider> {
      const existing = await mustFind(id);
      const { values, kind, config } = await validate(input, existing);
      await repository.update(id, { ...values, updated_at: clock.now().toISOString() });
      await audit.record({
        actor: actor.username,
        action: 'identity_provider.update',
        target: values.slug,
        ip: actor.ip,
        details: {
          ...auditable(values, kind, config),
          ...kind.auditChange(kind.decode(existing.config), config),
        },
      });
      return this.get(id);
    },

    /**
     * Called before a directory source is removed: its providers are disabled, because with the
     * source gone (source_id becomes NULL) they would match identities against every user.
     */
    async disableForSource(sourceId: number, actor: Actor): Promise<void> {
      for (const slug of await repository.disableForSource(sourceId, clock.now().toISOString())) {
        await audit.record({
          actor: actor.username,
          action: 'identity_provider.update',
          target: slug,
          ip: actor.ip,
          details: { enabled: false, reason: 'source-removed', sourceId },
        });
      }
    },

    async remove(id: number, actor: Actor): Promise<void> {
      const existing = await mustFind(id);
      await repository.delete(id);
      await audit.record({
        actor: actor.username,
        action: 'identity_provider.delete',
        target: existing.slug,
        ip: actor.ip,
        details: { preset: existing.preset },
      });
    },
  };
}

export type IdentityProvidersService = ReturnType<typeof createIdentityProvidersService>;
