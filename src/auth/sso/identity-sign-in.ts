/**
 * Signs in the user a provider vouched for — shared by OpenID Connect and SAML. The identity is
 * matched to a Quire user by immutable id or by username (`findLinkedUser`); a user is created
 * only when the administrator enabled on-demand creation for the provider and the identity's
 * email is in one of its allowed domains, verified by the provider, for Google also its
 * Workspace `hd` (`createOnDemand`); then a disabled or unknown user is refused (`admit`). Every
 * outcome is audited.
 *
 *   const signInWithIdentity = createIdentitySignIn({ users, audit, clock, refuse });
 *   const user = await signInWithIdentity(provider, { externalId, username, email, fullName }, ip);
 */
import type { AuditService } from '../../audit/audit.service.js';
import type { IdentityProviderRow, UserRow } from '../../db/schema.js';
import { LocalDay, localText, type LocalText } from '../../i18n/local-text.js';
import type { ExpiryCheck } from '../../users/account-expiry.js';
import type { Clock } from '../../ports.js';
import { cleanDetails, detailsToRow, newUserRow } from '../../users/user-details.js';
import { newUsernameProblem, normalizeUsername } from '../../users/username.js';
import type { UsersRepository } from '../../users/users.repository.js';
import { allowedDomainsOf, emailInDomains } from './provider-kind.js';
import { kindOf } from './provider-kinds.js';
import { SSO_NO_SOURCE, SsoSignInError, type Refuse } from './sso-refusal.js';

/** An identity a provider vouched for, before it is matched to a Quire user. */
export interface SsoIdentity {
  externalId: string;
  username: string;
  email: string;
  fullName: string;
  /** OIDC `email_verified`: undefined when the provider does not send the claim (and for SAML). */
  emailVerified?: boolean;
  /** Google's `hd` claim (the Workspace domain), '' or undefined for a consumer account. */
  hostedDomain?: string;
}

export interface IdentitySignInDeps {
  users: UsersRepository;
  audit: AuditService;
  clock: Clock;
  refuse: Refuse;
  /** Refuses a guest or visitor account past its expiry day; no check when left out. */
  expired?: ExpiryCheck;
}

/**
 * `requiredDomain`: the domain stripped from the username claim. A username match then also
 * needs the user's email in that domain, so that alice@anywhere.example (any Google account has
 * the same issuer) is not taken for this organisation's alice.
 */
export type SignInWithIdentity = (
  provider: IdentityProviderRow,
  identity: SsoIdentity,
  ip: string,
  options?: { requiredDomain?: string },
) => Promise<UserRow>;

/** One sign-in on its way: the provider, what it said, and the names to record and show. */
interface Attempt {
  provider: IdentityProviderRow;
  identity: SsoIdentity;
  ip: string;
  username: string;
  /** What the provider said the user is called, for messages. */
  shown: string;
}

export function createIdentitySignIn({
  users,
  audit,
  clock,
  refuse,
  expired,
}: IdentitySignInDeps): SignInWithIdentity {
  /** The user the identity is linked to, or undefined; refuses a link the provider may not make. */
  async function findLinkedUser(attempt: Attempt, requiredDomain: string | undefined) {
    const { provider, identity, ip, username, shown } = attempt;
    if (provider.match_by === 'external-id') {
      // Its source was removed (source_id set to NULL): falling back to usernames would match
      // identities against every user, which the administrator never chose.
      if (provider.source_id === null)
        return refuse(provider, ip, new SsoSignInError(SSO_NO_SOURCE, 403, 'no-source'), username || '-');
      return identity.externalId
        ? await users.findBySourceExternalId(provider.source_id, identity.externalId)
        : undefined;
    }
    if (!username) return undefined;
    const user = await users.findByUsername(username);
    // With a source set, only its users: an internal "alice" is not the directory's alice.
    if (!user || (provider.source_id !== null && user.source_id !== provider.source_id)) return undefined;
    if (
      requiredDomain !== undefined &&
      !user.email.toLowerCase().endsWith(`@${requiredDomain.toLowerCase()}`)
    ) {
      return refuse(
        provider,
        ip,
        new SsoSignInError(localText('sso.notLinked', { shown }), 403, 'other-domain'),
        username,
      );
    }
    return user;
  }

  /** A new user of the provider's source for the identity, or a refusal saying why not. */
  async function createOnDemand(attempt: Attempt, sourceId: number): Promise<UserRow> {
    const { provider, identity, ip, username } = attempt;
    const refusal = await creationBlock(attempt);
    if (refusal) return refuse(provider, ip, refusal, username || '-');
    const fields: Record<string, string> = {};
    const details = cleanDetails(
      { fullName: identity.fullName.slice(0, 200), email: identity.email.slice(0, 254) },
      fields,
    );
    const now = clock.now().toISOString();
    // An address the user rules refuse is dropped rather than blocking the sign-in.
    const row = newUserRow(username, now, {
      ...detailsToRow(fields.email ? { ...details, email: '' } : details),
      source_id: sourceId,
      external_id: identity.externalId || username,
    });
    const user = await users.insert(row);
    await audit.record({
      actor: username,
      action: 'user.create',
      target: username,
      ip,
      details: { via: provider.slug, sourceId },
    });
    return user;
  }

  /** Why no user may be created for the identity, or null. */
  async function creationBlock({
    provider,
    identity,
    username,
    shown,
  }: Attempt): Promise<SsoSignInError | null> {
    const refusal = creationRefusal(provider, identity);
    if (refusal)
      return new SsoSignInError(
        localText('sso.cannotCreate', { shown, why: refusal.why }),
        403,
        refusal.reason,
      );
    // A name created here is chosen now, like an internal one: one script, nothing invisible, and
    // not a look-alike of an existing user (a claimed "аdmin" must not sit beside "admin").
    const problem = newUsernameProblem(username);
    if (problem)
      return new SsoSignInError(localText('sso.badUsername', { shown, problem }), 403, 'bad-username');
    if (await users.findByUsername(username))
      return new SsoSignInError(localText('sso.usernameTaken', { shown, username }), 403, 'username-taken');
    const lookalike = await users.findLookalike(username);
    if (lookalike !== undefined)
      return new SsoSignInError(
        localText('sso.lookalike', { shown, username, existing: lookalike }),
        403,
        'lookalike-username',
      );
    return null;
  }

  /** Refuses no user, a disabled or an expired one; records the sign-in of any other. */
  async function admit(
    { provider, ip, username, shown }: Attempt,
    user: UserRow | undefined,
  ): Promise<UserRow> {
    if (!user)
      return refuse(
        provider,
        ip,
        new SsoSignInError(localText('sso.notLinked', { shown }), 403, 'unknown-user'),
        username || '-',
      );
    if (user.disabled)
      return refuse(
        provider,
        ip,
        new SsoSignInError(localText('sso.disabled', { username: user.username }), 403, 'disabled'),
        user.username,
      );
    const expiredOn = await expired?.(user);
    if (expiredOn)
      return refuse(
        provider,
        ip,
        new SsoSignInError(
          localText('login.expired', { date: new LocalDay(expiredOn) }),
          403,
          'account-expired',
        ),
        user.username,
      );
    await audit.record({
      actor: user.username,
      action: 'signin.success',
      target: user.username,
      ip,
      details: { via: provider.slug },
    });
    return user;
  }

  return async (provider, identity, ip, options = {}) => {
    const attempt: Attempt = {
      provider,
      identity,
      ip,
      username: normalizeUsername(identity.username),
      // Only the identity's owner gets this far, so naming what the provider said reveals nothing.
      shown: identity.email || identity.username || identity.externalId,
    };
    let user = await findLinkedUser(attempt, options.requiredDomain);
    if (!user && provider.create_on_demand === 1 && provider.source_id !== null)
      user = await createOnDemand(attempt, provider.source_id);
    return admit(attempt, user);
  };
}

/**
 * Why an identity may not become a new user, or null. Any account of a shared issuer (every
 * Google account, a multi-tenant app) reaches this point, so only addresses in the provider's
 * allowed domains qualify — and only addresses the provider itself verified.
 */
function creationRefusal(
  provider: IdentityProviderRow,
  identity: SsoIdentity,
): { reason: string; why: LocalText } | null {
  const domains = allowedDomainsOf(provider.config);
  if (domains.length === 0)
    return { reason: 'no-allowed-domains', why: localText('sso.why.noAllowedDomains') };
  const hostedDomains = kindOf(provider).hostedDomains !== undefined;
  const unverified = identity.emailVerified === false || (hostedDomains && identity.emailVerified !== true);
  if (provider.protocol === 'oidc' && unverified)
    return {
      reason: 'email-unverified',
      why: localText('sso.why.emailUnverified', { provider: provider.display_name }),
    };
  if (!emailInDomains(identity.email, domains))
    return {
      reason: 'other-domain',
      why: localText('sso.why.otherDomain', {
        hasEmail: identity.email ? 'yes' : 'no',
        domains: domains.join(', '),
      }),
    };
  if (hostedDomains && !domains.includes((identity.hostedDomain ?? '').toLowerCase()))
    return {
      reason: 'other-domain',
      why: localText('sso.why.workspace', { domains: domains.join(', ') }),
    };
  return null;
}
