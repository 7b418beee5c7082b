/**
 * Outstanding SAML AuthnRequest ids of one provider, in sso_requests, bound to the browser by the
 * SHA-256 of its cookie value (`browserValue`: the new value at /start, the cookie at the ACS).
 * `take` refuses a response posted from another browser — a login CSRF that would sign the
 * victim in as the attacker — with SsoSignInError (400), and leaves the request for its own browser.
 *
 *   const store = createSamlRequestStore(deps, provider, { browserValue, ip });
 *   createSamlServiceProvider(config, endpoints, store);
 */
import type { IdentityProviderRow, SsoRequestRow } from '../../../db/schema.js';
import { safeEqual, sha256, type Clock } from '../../../ports.js';
import type { SsoRequestsRepository } from '../sso-requests.repository.js';
import { SSO_EXPIRED, SsoSignInError, type Refuse } from '../sso-refusal.js';
import type { SamlRequestStore } from './saml.js';

export interface SamlRequestStoreDeps {
  requests: SsoRequestsRepository;
  clock: Clock;
  refuse: Refuse;
  /** Takes the request row of `key`; undefined unless it was remembered for this provider and is unexpired. */
  takeRequest(key: string, providerId: number): Promise<SsoRequestRow | undefined>;
}

export function createSamlRequestStore(
  { requests, clock, refuse, takeRequest }: SamlRequestStoreDeps,
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
      if (!browser.browserValue || !row.browser || !safeEqual(row.browser, sha256(browser.browserValue))) {
        return refuse(provider, browser.ip, new SsoSignInError(SSO_EXPIRED, 400, 'other-browser'));
      }
      return (await takeRequest(requestId, provider.id)) !== undefined;
    },
  };
}
