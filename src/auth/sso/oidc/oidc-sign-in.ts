/**
 * Sign-in with OpenID Connect, the service side of /auth/oidc/<slug>/start and …/callback.
 *
 * `begin` stores one sso_requests row per redirect: keyed by the SHA-256 of the OIDC `state`,
 * bound to this browser by the SHA-256 of a random cookie value, holding the PKCE verifier and the
 * nonce, valid for SSO_REQUEST_MINUTES. `finishOidc` takes (deletes) that row before anything
 * else, so a replayed or forged callback finds nothing, then lets openid-client redeem the code and
 * verify the ID token, reads the identity from its claims and hands it to `signInWithIdentity`.
 *
 *   const { redirectUrl, browserValue } = await oidcSignIn.begin(provider, { area: 'user', next: '/user/summary', ip });
 *   // … the provider sends the browser back to /auth/oidc/<slug>/callback
 *   const { user, area, next } = await oidcSignIn.finishOidc(provider, { currentUrl, browserValue, ip });
 */
import type { AuditService } from '../../../audit/audit.service.js';
import type { IdentityProviderRow, SsoRequestRow, UserRow } from '../../../db/schema.js';
import { localText } from '../../../i18n/local-text.js';
import { safeEqual, sha256, type Clock, type Random } from '../../../ports.js';
import type { SignInWithIdentity, SsoIdentity } from '../identity-sign-in.js';
import { allowedDomainsOf, providerEndpoints } from '../provider-kind.js';
import { kindOf } from '../provider-kinds.js';
import type { SsoRequestsRepository } from '../sso-requests.repository.js';
import { SSO_EXPIRED, SsoSignInError, type Refuse } from '../sso-refusal.js';
import { OidcFailure, randomCodeVerifier, randomNonce, randomState, type OidcClient } from './oidc.client.js';
import { decodeOidcConfig, type OidcProviderConfig } from './oidc.config.js';

/** How long a browser may spend at the provider. */
export const SSO_REQUEST_MINUTES = 10;

export interface OidcSignInDeps {
  requests: SsoRequestsRepository;
  oidc: OidcClient;
  audit: AuditService;
  clock: Clock;
  random: Random;
  publicUrl: string;
  refuse: Refuse;
  /** Takes the request row of `key`; undefined unless it was remembered for this provider and is unexpired. */
  takeRequest(key: string, providerId: number): Promise<SsoRequestRow | undefined>;
  signInWithIdentity: SignInWithIdentity;
}

export function createOidcSignIn(deps: OidcSignInDeps) {
  const { requests, oidc, audit, clock, random, publicUrl, refuse, takeRequest, signInWithIdentity } = deps;

  const unavailable = (provider: IdentityProviderRow) =>
    new SsoSignInError(
      localText('sso.unavailable', { provider: provider.display_name }),
      503,
      'provider-unavailable',
    );

  /** Where to send the browser, and the value of the browser-binding cookie to set. */
  async function begin(
    provider: IdentityProviderRow,
    input: { area: 'user' | 'admin'; next: string; ip: string },
  ): Promise<{ redirectUrl: string; browserValue: string }> {
    const offered =
      provider.enabled === 1 &&
      provider.protocol === 'oidc' &&
      (input.area === 'admin' ? provider.on_admin_page === 1 : provider.on_user_page === 1);
    if (!offered)
      throw new SsoSignInError(
        localText('sso.notOffered', { provider: provider.display_name }),
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
  }

  /**
   * Finishes an OpenID Connect sign-in from the callback URL. Throws SsoSignInError with a message
   * a page can show (and audits it) for every failure.
   */
  async function finishOidc(
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
      return refuse(provider, input.ip, redeemRefusal(provider, error), '-', error.reason);
    }

    const rawUsername = claimText(claims, config.usernameClaim);
    const identity = identityFrom(claims, config, rawUsername);
    const missing =
      provider.match_by === 'external-id' && !identity.externalId
        ? config.externalIdClaim
        : !rawUsername && provider.match_by === 'username'
          ? config.usernameClaim
          : null;
    if (missing)
      return refuse(
        provider,
        input.ip,
        new SsoSignInError(localText('sso.missingClaim', { claim: missing }), 401, 'missing-claim'),
      );
    const refusal =
      provider.match_by === 'username' ? usernameRefusal(provider, config, identity, rawUsername) : null;
    if (refusal) return refuse(provider, input.ip, refusal);
    const at = rawUsername.lastIndexOf('@');
    const requiredDomain = config.stripDomain && at > 0 ? rawUsername.slice(at + 1) : undefined;
    const user = await signInWithIdentity(provider, identity, input.ip, { requiredDomain });
    return { user, area: request.area, next: request.next };
  }

  /** What the sign-in page says when the provider's answer could not be redeemed. */
  function redeemRefusal(provider: IdentityProviderRow, error: OidcFailure): SsoSignInError {
    const reason = error.reason.slice(0, 300);
    switch (error.kind) {
      case 'unavailable':
        return unavailable(provider);
      case 'provider-error':
        return new SsoSignInError(
          localText('sso.providerError', { provider: provider.display_name, detail: reason }),
          401,
          'provider-error',
        );
      case 'code-refused':
        return new SsoSignInError(
          localText('sso.codeRefused', { provider: provider.display_name, detail: reason }),
          401,
          'code-refused',
        );
      case 'invalid-answer':
        return new SsoSignInError(localText('sso.invalidAnswer', { detail: reason }), 401, 'invalid-answer');
    }
  }

  return { begin, finishOidc };
}

/** The identity in the ID token's claims; `rawUsername` is the username claim as sent. */
function identityFrom(
  claims: Record<string, unknown>,
  config: OidcProviderConfig,
  rawUsername: string,
): SsoIdentity {
  return {
    externalId: claimText(claims, config.externalIdClaim),
    username: config.stripDomain ? stripDomain(rawUsername) : rawUsername,
    email: claimText(claims, 'email'),
    fullName: claimText(claims, 'name'),
    emailVerified: claims.email_verified === undefined ? undefined : claims.email_verified === true,
    hostedDomain: claimText(claims, 'hd'),
  };
}

/** Why an identity may not sign in by its username, or null. */
function usernameRefusal(
  provider: IdentityProviderRow,
  config: OidcProviderConfig,
  identity: SsoIdentity,
  rawUsername: string,
): SsoSignInError | null {
  // A username taken from an address the provider has not verified could be anyone's.
  if (config.usernameClaim === 'email' && identity.emailVerified === false)
    return new SsoSignInError(
      localText('sso.emailUnverified', {
        provider: provider.display_name,
        email: identity.email || rawUsername,
      }),
      403,
      'email-unverified',
    );
  // Every Google account shares the issuer: only the organisation's Workspace domains count.
  const hd = (identity.hostedDomain ?? '').toLowerCase();
  if (kindOf(provider).hostedDomains && !(hd && allowedDomainsOf(provider.config).includes(hd)))
    return new SsoSignInError(
      localText('sso.notWorkspace', { shown: identity.email || rawUsername }),
      403,
      'other-domain',
    );
  return null;
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
