/**
 * Single sign-on: sends the browser to an identity provider and signs in the user it vouches for.
 *
 * `begin` stores one sso_requests row per redirect: keyed by the SHA-256 of the OIDC `state`,
 * bound to this browser by the SHA-256 of a random cookie value, holding the PKCE verifier and the
 * nonce, valid for 10 minutes. `finishOidc` takes (deletes) that row before anything else, so a
 * replayed or forged callback finds nothing, then lets openid-client redeem the code and verify
 * the ID token. `signInWithIdentity` — shared with SAML — matches the verified identity to a
 * Quire user by immutable id or username; it creates one only when the administrator enabled
 * on-demand creation for the provider and the identity's email is in one of its allowed domains
 * (verified by the provider; for Google also its Workspace `hd`). SAML requests are bound to the
 * browser the same way (`samlRequestStore`). `admitStart` caps sign-in starts per address, since
 * each one stores a row before anyone has signed in.
 *
 *   const { redirectUrl, browserValue } = await sso.begin(provider, { area: 'user', next: '/user/summary', ip });
 *   // … the provider sends the browser back to /auth/oidc/<slug>/callback
 *   const { user, area, next } = await sso.finishOidc(provider, { currentUrl, browserValue, ip });
 */
import type { AuditService } from '../../audit/audit.service.js';
import type { IdentityProviderRow, UserRow } from '../../db/schema.js';
import { safeEqual, sha256, type Clock, type Random } from '../../ports.js';
import { cleanDetails, detailsToRow, newUserRow } from '../../users/user-details.js';
import { newUsernameProblem, normalizeUsername } from '../../users/username.js';
import type { UsersRepository } from '../../users/users.repository.js';
import { SignInError } from '../auth.service.js';
import type { ThrottleRepository } from '../throttle.repository.js';
import { decodeOidcConfig } from './oidc/oidc.config.js';
import {
  OidcFailure,
  randomCodeVerifier,
  randomNonce,
  randomState,
  type OidcClient,
} from './oidc/oidc.client.js';
import { allowedDomainsOf, emailInDomains, providerEndpoints } from './provider-kind.js';
import { kindOf } from './provider-kinds.js';
import type { SamlRequestStore } from './saml/saml.js';
import type { SsoRequestsRepository } from './sso-requests.repository.js';

/** How long a browser may spend at the provider. */
export const SSO_REQUEST_MINUTES = 10;

export const SSO_EXPIRED = 'The sign-in request expired or was already used. Start again.';
export const SSO_TOO_MANY_STARTS = 'Too many sign-in attempts from this address; wait a minute.';
export const SSO_NO_SOURCE =
  'This sign-in option is not linked to a directory source any more. Ask your administrator.';
/** Sign-in starts allowed per address in a minute (an office behind one NAT address shares it). */
export const MAX_STARTS_PER_MINUTE = 30;

/** A single sign-on that did not sign anyone in; `reason` is what the audit log records. */
export class SsoSignInError extends SignInError {
  constructor(
    message: string,
    status: number,
    readonly reason: string,
  ) {
    super(message, status);
  }
}

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

export interface SsoServiceDeps {
  requests: SsoRequestsRepository;
  users: UsersRepository;
  oidc: OidcClient;
  audit: AuditService;
  clock: Clock;
  random: Random;
  publicUrl: string;
  /** Counters of sign-in starts per address (the throttle table, under `sso-start:<ip>`). */
  starts: Pick<ThrottleRepository, 'get' | 'put'>;
}

function claimText(claims: Record<string, unknown>, name: string): string {
  // The attribute name is configured; the claims come from the provider: only its own members count.
  const value = Object.hasOwn(claims, name) ? claims[name] : undefined;
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

/** alice@example.org → alice (the part before the last "@"). */
function stripDomain(name: string): string {
  const at = name.lastIndexOf('@');
  return at > 0 ? name.slice(0, at) : name;
}

export function createSsoService(deps: SsoServiceDeps) {
  const { requests, users, oidc, audit, clock, random, publicUrl, starts } = deps;

  const unavailable = (provider: IdentityProviderRow) =>
    new SsoSignInError(
      `${provider.display_name} sign-in is not available right now; sign in with your username and password or try later.`,
      503,
      'provider-unavailable',
    );

  async function refuse(
    provider: IdentityProviderRow,
    ip: string,
    error: SsoSignInError,
    who = '-',
    detail?: string,
  ): Promise<never> {
    await audit.record({
      actor: who || '-',
      action: 'signin.failure',
      target: who === '-' ? '' : who,
      ip,
      details: {
        via: provider.slug,
        reason: error.reason,
        ...(detail ? { detail: detail.slice(0, 300) } : {}),
      },
    });
    throw error;
  }

  /** Takes the request row of `key`; true when it was remembered for this provider and is unexpired. */
  async function takeRequest(key: string, providerId: number) {
    const row = await requests.take(key);
    return row && row.provider_id === providerId && row.expires_at > clock.now().toISOString()
      ? row
      : undefined;
  }

  /**
   * `requiredDomain`: the domain stripped from the username claim. A username match then also
   * needs the user's email in that domain, so that alice@anywhere.example (any Google account has
   * the same issuer) is not taken for this organisation's alice.
   */
  async function signInWithIdentity(
    provider: IdentityProviderRow,
    identity: SsoIdentity,
    ip: string,
    options: { requiredDomain?: string } = {},
  ): Promise<UserRow> {
    const username = normalizeUsername(identity.username);
    // Only the identity's owner gets this far, so naming what the provider said reveals nothing.
    const shown = identity.email || identity.username || identity.externalId;
    let user: UserRow | undefined;
    if (provider.match_by === 'external-id') {
      // Its source was removed (source_id set to NULL): falling back to usernames would match
      // identities against every user, which the administrator never chose.
      if (provider.source_id === null)
        return refuse(provider, ip, new SsoSignInError(SSO_NO_SOURCE, 403, 'no-source'), username || '-');
      user = identity.externalId
        ? await users.findBySourceExternalId(provider.source_id, identity.externalId)
        : undefined;
    } else if (username) {
      user = await users.findByUsername(username);
      // With a source set, only its users: an internal "alice" is not the directory's alice.
      if (user && provider.source_id !== null && user.source_id !== provider.source_id) user = undefined;
      if (
        user &&
        options.requiredDomain !== undefined &&
        !user.email.toLowerCase().endsWith(`@${options.requiredDomain.toLowerCase()}`)
      ) {
        return refuse(
          provider,
          ip,
          new SsoSignInError(
            `No Quire account is linked to ${shown}. Ask your administrator to synchronize your account.`,
            403,
            'other-domain',
          ),
          username,
        );
      }
    }

    if (!user && provider.create_on_demand === 1 && provider.source_id !== null) {
      const refusal = creationRefusal(provider, identity);
      if (refusal)
        return refuse(
          provider,
          ip,
          new SsoSignInError(
            `No Quire account is linked to ${shown}, and none can be created: ${refusal.why} Ask your administrator.`,
            403,
            refusal.reason,
          ),
          username || '-',
        );
      // A name created here is chosen now, like an internal one: one script, nothing invisible, and
      // not a look-alike of an existing user (a claimed "аdmin" must not sit beside "admin").
      const problem = newUsernameProblem(username);
      if (problem)
        return refuse(
          provider,
          ip,
          new SsoSignInError(
            `No Quire account could be created for ${shown}: ${problem} Ask your administrator.`,
            403,
            'bad-username',
          ),
          username || '-',
        );
      if (await users.findByUsername(username)) {
        return refuse(
          provider,
          ip,
          new SsoSignInError(
            `No Quire account is linked to ${shown}, and another account named ${username} already exists. Ask your administrator.`,
            403,
            'username-taken',
          ),
          username,
        );
      }
      const lookalike = await users.findLookalike(username);
      if (lookalike !== undefined)
        return refuse(
          provider,
          ip,
          new SsoSignInError(
            `No Quire account could be created for ${shown}: the name ${username} looks like the existing user ${lookalike}. Ask your administrator.`,
            403,
            'lookalike-username',
          ),
          username,
        );
      const fields: Record<string, string> = {};
      const details = cleanDetails(
        { fullName: identity.fullName.slice(0, 200), email: identity.email.slice(0, 254) },
        fields,
      );
      const now = clock.now().toISOString();
      // An address the user rules refuse is dropped rather than blocking the sign-in.
      const row = newUserRow(username, now, {
        ...detailsToRow(fields.email ? { ...details, email: '' } : details),
        source_id: provider.source_id,
        external_id: identity.externalId || username,
      });
      user = await users.insert(row);
      await audit.record({
        actor: username,
        action: 'user.create',
        target: username,
        ip,
        details: { via: provider.slug, sourceId: provider.source_id },
      });
    }

    if (!user)
      return refuse(
        provider,
        ip,
        new SsoSignInError(
          `No Quire account is linked to ${shown}. Ask your administrator to synchronize your account.`,
          403,
          'unknown-user',
        ),
        username || '-',
      );
    if (user.disabled)
      return refuse(
        provider,
        ip,
        new SsoSignInError(
          `Your Quire account ${user.username} is disabled. Ask your administrator.`,
          403,
          'disabled',
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

  /**
   * Why an identity may not become a new user, or null. Any account of a shared issuer (every
   * Google account, a multi-tenant app) reaches this point, so only addresses in the provider's
   * allowed domains qualify — and only addresses the provider itself verified.
   */
  function creationRefusal(
    provider: IdentityProviderRow,
    identity: SsoIdentity,
  ): { reason: string; why: string } | null {
    const domains = allowedDomainsOf(provider.config);
    if (domains.length === 0)
      return { reason: 'no-allowed-domains', why: 'no email domains are allowed for new accounts.' };
    const hostedDomains = kindOf(provider).hostedDomains !== undefined;
    const unverified = identity.emailVerified === false || (hostedDomains && identity.emailVerified !== true);
    if (provider.protocol === 'oidc' && unverified)
      return {
        reason: 'email-unverified',
        why: `${provider.display_name} has not verified the email address.`,
      };
    if (!emailInDomains(identity.email, domains))
      return {
        reason: 'other-domain',
        why: `${identity.email ? 'the email address' : 'an email address'} must be in ${domains.join(', ')}.`,
      };
    if (hostedDomains && !domains.includes((identity.hostedDomain ?? '').toLowerCase()))
      return {
        reason: 'other-domain',
        why: `the Google account must belong to the Google Workspace of ${domains.join(', ')}.`,
      };
    return null;
  }

  return {
    signInWithIdentity,

    /** Counts a sign-in start from `ip`; throws SsoSignInError (429) past MAX_STARTS_PER_MINUTE. */
    async admitStart(ip: string): Promise<void> {
      const key = `sso-start:${ip}`;
      const now = clock.now();
      const state = await starts.get(key);
      // A fixed one-minute window: lastFailureAt holds when it opened, failures the starts in it.
      const fresh = !state || now.getTime() - Date.parse(state.lastFailureAt) >= 60_000;
      if (!fresh && state.failures >= MAX_STARTS_PER_MINUTE)
        throw new SsoSignInError(SSO_TOO_MANY_STARTS, 429, 'too-many-starts');
      await starts.put(
        key,
        fresh
          ? { failures: 1, lastFailureAt: now.toISOString(), blockedUntil: now.toISOString() }
          : { ...state, failures: state.failures + 1 },
      );
    },

    /** Where to send the browser, and the value of the browser-binding cookie to set. */
    async begin(
      provider: IdentityProviderRow,
      input: { area: 'user' | 'admin'; next: string; ip: string },
    ): Promise<{ redirectUrl: string; browserValue: string }> {
      const offered =
        provider.enabled === 1 &&
        provider.protocol === 'oidc' &&
        (input.area === 'admin' ? provider.on_admin_page === 1 : provider.on_user_page === 1);
      if (!offered)
        throw new SsoSignInError(
          `Sign-in with ${provider.display_name} is not offered here. Sign in with your username and password.`,
          404,
          'not-offered',
        );
      const config = decodeOidcConfig(provider.config);
      const state = randomState();
      const nonce = randomNonce();
      const codeVerifier = randomCodeVerifier();
      let url: URL;
      try {
        url = await oidc.authorizationUrl(provider, config, {
          redirectUri: providerEndpoints(publicUrl, provider.slug).redirectUri,
          state,
          nonce,
          codeVerifier,
        });
      } catch (error) {
        if (!(error instanceof OidcFailure)) throw error;
        await audit.record({
          actor: '-',
          action: 'signin.sso_unavailable',
          target: provider.slug,
          ip: input.ip,
          details: { via: provider.slug, detail: error.reason.slice(0, 300) },
        });
        throw unavailable(provider);
      }
      const browserValue = random.token(32);
      const now = clock.now();
      await requests.purgeExpired(now.toISOString());
      await requests.insert({
        id: sha256(state),
        provider_id: provider.id,
        browser: sha256(browserValue),
        code_verifier: codeVerifier,
        nonce,
        area: input.area,
        next: input.next,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + SSO_REQUEST_MINUTES * 60_000).toISOString(),
      });
      return { redirectUrl: url.href, browserValue };
    },

    /**
     * Finishes an OpenID Connect sign-in from the callback URL. Throws SsoSignInError with a message
     * a page can show (and audits it) for every failure.
     */
    async finishOidc(
      provider: IdentityProviderRow,
      input: { currentUrl: URL; browserValue: string | undefined; ip: string },
    ): Promise<{ user: UserRow; area: 'user' | 'admin'; next: string }> {
      const state = input.currentUrl.searchParams.get('state') ?? '';
      // Single use: the row is gone from here on, whatever happens next.
      const request = state ? await takeRequest(sha256(state), provider.id) : undefined;
      if (!request) return refuse(provider, input.ip, new SsoSignInError(SSO_EXPIRED, 400, 'unknown-state'));
      // Started in another browser: a link crafted to sign this browser in as someone else.
      if (!input.browserValue || !safeEqual(request.browser, sha256(input.browserValue)))
        return refuse(provider, input.ip, new SsoSignInError(SSO_EXPIRED, 400, 'other-browser'));

      const config = decodeOidcConfig(provider.config);
      let claims: Record<string, unknown>;
      try {
        claims = await oidc.redeem(provider, config, input.currentUrl, {
          state,
          nonce: request.nonce,
          codeVerifier: request.code_verifier,
        });
      } catch (error) {
        if (!(error instanceof OidcFailure)) throw error;
        const message =
          error.kind === 'unavailable'
            ? unavailable(provider)
            : error.kind === 'provider-error'
              ? new SsoSignInError(
                  `${provider.display_name} did not sign you in (${error.reason.slice(0, 300)}). Start again, or sign in with your username and password.`,
                  401,
                  'provider-error',
                )
              : error.kind === 'code-refused'
                ? new SsoSignInError(
                    `${provider.display_name} refused to complete the sign-in (${error.reason.slice(0, 300)}). Start again.`,
                    401,
                    'code-refused',
                  )
                : new SsoSignInError(
                    `The provider's answer could not be verified (${error.reason.slice(0, 300)}). Start again; if it keeps happening, tell your administrator.`,
                    401,
                    'invalid-answer',
                  );
        return refuse(provider, input.ip, message, '-', error.reason);
      }

      const externalId = claimText(claims, config.externalIdClaim);
      const rawUsername = claimText(claims, config.usernameClaim);
      const missing =
        provider.match_by === 'external-id' && !externalId
          ? config.externalIdClaim
          : !rawUsername && provider.match_by === 'username'
            ? config.usernameClaim
            : null;
      if (missing)
        return refuse(
          provider,
          input.ip,
          new SsoSignInError(
            `The provider's answer could not be used: its ID token has no "${missing}" claim. Tell your administrator.`,
            401,
            'missing-claim',
          ),
        );
      const identity: SsoIdentity = {
        externalId,
        username: config.stripDomain ? stripDomain(rawUsername) : rawUsername,
        email: claimText(claims, 'email'),
        fullName: claimText(claims, 'name'),
        emailVerified: claims.email_verified === undefined ? undefined : claims.email_verified === true,
        hostedDomain: claimText(claims, 'hd'),
      };
      if (provider.match_by === 'username') {
        // A username taken from an address the provider has not verified could be anyone's.
        if (config.usernameClaim === 'email' && identity.emailVerified === false) {
          return refuse(
            provider,
            input.ip,
            new SsoSignInError(
              `${provider.display_name} has not verified the email address ${identity.email || rawUsername}, so it cannot be used to sign in. Verify it there, or ask your administrator.`,
              403,
              'email-unverified',
            ),
          );
        }
        // Every Google account shares the issuer: only the organisation's Workspace domains count.
        const hd = (identity.hostedDomain ?? '').toLowerCase();
        if (kindOf(provider).hostedDomains && !(hd && allowedDomainsOf(provider.config).includes(hd))) {
          return refuse(
            provider,
            input.ip,
            new SsoSignInError(
              `No Quire account is linked to ${identity.email || rawUsername}: only accounts of this organisation's Google Workspace can sign in here.`,
              403,
              'other-domain',
            ),
          );
        }
      }
      const at = rawUsername.lastIndexOf('@');
      const requiredDomain = config.stripDomain && at > 0 ? rawUsername.slice(at + 1) : undefined;
      const user = await signInWithIdentity(provider, identity, input.ip, { requiredDomain });
      return { user, area: request.area, next: request.next };
    },

    /** A new browser-binding cookie value for a SAML sign-in (stored hashed with the request id). */
    newBrowserValue: () => random.token(32),

    /**
     * Outstanding SAML AuthnRequest ids of one provider, in sso_requests, bound to the browser by the
     * SHA-256 of its cookie value (`browserValue`: the new value at /start, the cookie at the ACS).
     * `take` refuses a response posted from another browser — a login CSRF that would sign the
     * victim in as the attacker — with SsoSignInError (400), and leaves the request for its own browser.
     */
    samlRequestStore(
      provider: IdentityProviderRow,
      browser: { browserValue: string | undefined; ip: string },
    ): SamlRequestStore {
      return {
        async remember(requestId: string, expiresAt: Date): Promise<void> {
          if (!browser.browserValue) throw new Error('A SAML sign-in needs a browser-binding value');
          const now = clock.now().toISOString();
          await requests.purgeExpired(now);
          await requests.insert({
            id: requestId,
            provider_id: provider.id,
            browser: sha256(browser.browserValue),
            code_verifier: '',
            nonce: '',
            area: 'user',
            next: '',
            created_at: now,
            expires_at: expiresAt.toISOString(),
          });
        },
        async take(requestId: string): Promise<boolean> {
          const row = await requests.find(requestId);
          if (!row || row.provider_id !== provider.id || row.expires_at <= clock.now().toISOString())
            return false;
          if (
            !browser.browserValue ||
            !row.browser ||
            !safeEqual(row.browser, sha256(browser.browserValue))
          ) {
            return refuse(provider, browser.ip, new SsoSignInError(SSO_EXPIRED, 400, 'other-browser'));
          }
          return (await takeRequest(requestId, provider.id)) !== undefined;
        },
      };
    },
  };
}

export type SsoService = ReturnType<typeof createSsoService>;
