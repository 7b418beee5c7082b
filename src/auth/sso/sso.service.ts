/**
 * Single sign-on: sends the browser to an identity provider and signs in the user it vouches for.
 * The flows live with their protocol — OpenID Connect in oidc/oidc-sign-in.ts, SAML's browser-bound
 * request ids in saml/saml-request-store.ts — and both end in `signInWithIdentity`
 * (identity-sign-in.ts), which matches the verified identity to a Quire user, creating one only
 * where the administrator allowed it. `admitStart` caps sign-in starts per address, since each one
 * stores a row before anyone has signed in.
 *
 *   await sso.admitStart(ip);
 *   const { redirectUrl, browserValue } = await sso.begin(provider, { area: 'user', next: '/user/summary', ip });
 *   // … the provider sends the browser back to /auth/oidc/<slug>/callback
 *   const { user, area, next } = await sso.finishOidc(provider, { currentUrl, browserValue, ip });
 */
import type { AuditService } from '../../audit/audit.service.js';
import type { IdentityProviderRow } from '../../db/schema.js';
import type { Clock, Random } from '../../ports.js';
import type { UsersRepository } from '../../users/users.repository.js';
import { localText } from '../../i18n/local-text.js';
import type { ThrottleRepository } from '../throttle.repository.js';
import { createIdentitySignIn } from './identity-sign-in.js';
import type { OidcClient } from './oidc/oidc.client.js';
import { createOidcSignIn } from './oidc/oidc-sign-in.js';
import { createSamlRequestStore } from './saml/saml-request-store.js';
import type { SsoRequestsRepository } from './sso-requests.repository.js';
import type { ExpiryCheck } from '../../users/account-expiry.js';
import { createRefuse, SsoSignInError } from './sso-refusal.js';

export const SSO_TOO_MANY_STARTS = localText('sso.tooManyStarts');
/** Sign-in starts allowed per address in a minute (an office behind one NAT address shares it). */
export const MAX_STARTS_PER_MINUTE = 30;

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
  /** Refuses a guest or visitor account past its expiry day. */
  expired?: ExpiryCheck;
}

export function createSsoService(deps: SsoServiceDeps) {
  const { requests, users, audit, clock, random, starts } = deps;
  const refuse = createRefuse(audit);

  /** Takes the request row of `key`; undefined unless it was remembered for this provider and is unexpired. */
  async function takeRequest(key: string, providerId: number) {
    const row = await requests.take(key);
    return row && row.provider_id === providerId && row.expires_at > clock.now().toISOString()
      ? row
      : undefined;
  }

  const signInWithIdentity = createIdentitySignIn({ users, audit, clock, refuse, expired: deps.expired });
  const { begin, finishOidc } = createOidcSignIn({ ...deps, refuse, takeRequest, signInWithIdentity });

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

    begin,
    finishOidc,

    /** A new browser-binding cookie value for a SAML sign-in (stored hashed with the request id). */
    newBrowserValue: () => random.token(32),

    /** The SAML request ids of `provider`, bound to this browser (saml/saml-request-store.ts). */
    samlRequestStore: (
      provider: IdentityProviderRow,
      browser: { browserValue: string | undefined; ip: string },
    ) => createSamlRequestStore({ requests, clock, refuse, takeRequest }, provider, browser),
  };
}

export type SsoService = ReturnType<typeof createSsoService>;
