/**
 * A thin layer over openid-client v6 for the authorization code flow with PKCE, `state` and
 * `nonce`. It discovers each provider (again when its settings change, and at a sign-in start
 * when the last discovery is over RECHECK_AFTER_MS old, so a dead provider gets a 503), builds the
 * authorization URL, and redeems the code: openid-client checks the state, the issuer (`iss`
 * response parameter and claim), the ID token's signature against the provider's published keys,
 * its audience, expiry and nonce, and sends the PKCE verifier. Failures come out as OidcFailure
 * with a kind the sign-in flow turns into a page.
 *
 *   const oidc = createOidcClient();
 *   const url = await oidc.authorizationUrl(provider, config, { redirectUri, state, nonce, codeVerifier });
 *   const claims = await oidc.redeem(provider, config, callbackUrl, { state, nonce, codeVerifier });
 */
import { randomBytes } from 'node:crypto';
import type * as Client from 'openid-client';
import type { IdentityProviderRow } from '../../../db/schema.js';
import { isLoopbackHost } from '../../../hosts.js';
import type { OidcProviderConfig } from './oidc.config.js';

/** What went wrong, in the words a sign-in page needs. */
export type OidcFailureKind =
  /** Discovery or the token endpoint could not be reached. */
  | 'unavailable'
  /** The provider answered the callback with an error (the user cancelled, consent refused…). */
  | 'provider-error'
  /** The provider refused the code (used, expired, issued to another client, wrong verifier). */
  | 'code-refused'
  /** The answer or its ID token failed a check (issuer, audience, signature, expiry, nonce, state). */
  | 'invalid-answer';

export class OidcFailure extends Error {
  constructor(
    readonly kind: OidcFailureKind,
    /** Safe to show: never a token, code or secret. */
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'OidcFailure';
  }
}

export interface OidcChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Seconds to wait for the provider before saying it is not available. */
const TIMEOUT_SECONDS = 10;
/**
 * A sign-in start trusts a discovery this recent; an older one is redone first (with a shorter
 * wait, a person is waiting), so a provider that went down gets the 503 page instead of the
 * browser being sent to it. A successful check is kept this long; a failed one is not kept.
 */
export const RECHECK_AFTER_MS = 30_000;
const RECHECK_TIMEOUT_SECONDS = 5;

/**
 * openid-client (with jose) loads on the first discovery, not at start: a deployment with no OIDC
 * provider never needs it (src/http/start-up.test.ts holds that).
 */
let library: Promise<typeof Client> | undefined;
const openidClient = () => (library ??= import('openid-client'));

/** 32 random bytes, base64url: what openid-client's randomState, randomNonce and randomPKCECodeVerifier return. */
const random32 = () => randomBytes(32).toString('base64url');
export const randomState = random32;
export const randomNonce = random32;
export const randomCodeVerifier = random32;

/** Plain http is allowed only for an issuer on this machine (a local provider, the tests). */
function insecureAllowed(issuer: string): boolean {
  const url = new URL(issuer);
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/** Why a check failed, in a few words, from openid-client's error (never its cause's tokens). */
function describe(client: typeof Client, error: unknown): OidcFailure {
  if (error instanceof client.AuthorizationResponseError) {
    return new OidcFailure(
      'provider-error',
      `${error.error}${error.error_description ? `: ${error.error_description}` : ''}`,
    );
  }
  if (error instanceof client.ResponseBodyError) {
    return new OidcFailure(
      'code-refused',
      `${error.error}${error.error_description ? `: ${error.error_description}` : ''}`,
    );
  }
  if (error instanceof client.ClientError) {
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? cause.message : '';
    switch (error.code) {
      case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
      case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
      case 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED':
      case 'OAUTH_INVALID_RESPONSE':
      case 'OAUTH_KEY_SELECTION_FAILED':
      case 'OAUTH_PARSE_ERROR':
        return new OidcFailure('invalid-answer', detail || error.message);
      case 'OAUTH_RESPONSE_IS_NOT_CONFORM':
      case 'OAUTH_RESPONSE_IS_NOT_JSON':
      case 'OAUTH_TIMEOUT':
      case 'OAUTH_ABORT':
        return new OidcFailure('unavailable', error.message);
      default:
        return new OidcFailure('invalid-answer', detail || error.message);
    }
  }
  // fetch's TypeError: the provider could not be reached.
  if (error instanceof TypeError) return new OidcFailure('unavailable', 'the provider could not be reached');
  return new OidcFailure('invalid-answer', error instanceof Error ? error.message : String(error));
}

/**
 * How the client authenticates at the token endpoint: the provider's advertised
 * `token_endpoint_auth_methods_supported` (client_secret_basic when absent, as OpenID Connect
 * Discovery says), client_secret_post when it is among them, as before.
 */
export function tokenEndpointAuth(
  metadata: Client.ServerMetadata,
): 'client_secret_post' | 'client_secret_basic' {
  const supported = metadata.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
  return supported.includes('client_secret_post') || !supported.includes('client_secret_basic')
    ? 'client_secret_post'
    : 'client_secret_basic';
}

async function discover(config: OidcProviderConfig, timeout: number): Promise<Client.Configuration> {
  const client = await openidClient();
  const insecure = insecureAllowed(config.issuer);
  const found = await client.discovery(
    new URL(config.issuer),
    config.clientId,
    { client_secret: config.clientSecret },
    client.ClientSecretPost(config.clientSecret),
    {
      timeout,
      execute: insecure ? [client.allowInsecureRequests] : [],
    },
  );
  // The discovery's wait becomes the configuration's: the token request gets the full one.
  found.timeout = TIMEOUT_SECONDS;
  if (tokenEndpointAuth(found.serverMetadata()) === 'client_secret_post') return found;
  const basic = new client.Configuration(
    found.serverMetadata(),
    config.clientId,
    { client_secret: config.clientSecret },
    client.ClientSecretBasic(config.clientSecret),
  );
  basic.timeout = TIMEOUT_SECONDS;
  if (insecure) client.allowInsecureRequests(basic);
  return basic;
}

export function createOidcClient(options: { now?: () => number } = {}) {
  const now = options.now ?? Date.now;
  // One discovery per provider and settings: a changed issuer, client id or secret rediscovers.
  const configurations = new Map<
    number,
    { key: string; configuration: Promise<Client.Configuration>; at: number }
  >();

  /** `maxAgeMs`: redo a discovery older than this (a sign-in start); none: any will do (a callback). */
  function configurationFor(
    provider: IdentityProviderRow,
    config: OidcProviderConfig,
    maxAgeMs?: number,
  ): Promise<Client.Configuration> {
    const cached = configurations.get(provider.id);
    if (cached && cached.key === provider.config && (maxAgeMs === undefined || now() - cached.at < maxAgeMs))
      return cached.configuration;
    const configuration = discover(config, cached ? RECHECK_TIMEOUT_SECONDS : TIMEOUT_SECONDS);
    configurations.set(provider.id, { key: provider.config, configuration, at: now() });
    // A provider that was down is asked again next time, not remembered as down.
    configuration.catch(() => {
      if (configurations.get(provider.id)?.configuration === configuration)
        configurations.delete(provider.id);
    });
    return configuration;
  }

  async function discovered(
    provider: IdentityProviderRow,
    config: OidcProviderConfig,
    maxAgeMs?: number,
  ): Promise<Client.Configuration> {
    try {
      return await configurationFor(provider, config, maxAgeMs);
    } catch (error) {
      const failure = describe(await openidClient(), error);
      throw new OidcFailure(
        'unavailable',
        failure.kind === 'unavailable'
          ? failure.reason
          : `its discovery document was not usable (${failure.reason})`,
      );
    }
  }

  return {
    /** The provider's authorization endpoint with every parameter of this sign-in. */
    async authorizationUrl(
      provider: IdentityProviderRow,
      config: OidcProviderConfig,
      request: OidcChecks & { redirectUri: string },
    ): Promise<URL> {
      const configuration = await discovered(provider, config, RECHECK_AFTER_MS);
      const client = await openidClient();
      return client.buildAuthorizationUrl(configuration, {
        redirect_uri: request.redirectUri,
        scope: config.scopes,
        state: request.state,
        nonce: request.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(request.codeVerifier),
        code_challenge_method: 'S256',
      });
    },

    /** Redeems the code of `callbackUrl` and returns the verified ID token's claims. */
    async redeem(
      provider: IdentityProviderRow,
      config: OidcProviderConfig,
      callbackUrl: URL,
      checks: OidcChecks,
    ): Promise<Record<string, unknown>> {
      const configuration = await discovered(provider, config);
      const client = await openidClient();
      try {
        const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          pkceCodeVerifier: checks.codeVerifier,
          idTokenExpected: true,
        });
        const claims = tokens.claims();
        if (!claims) throw new OidcFailure('invalid-answer', 'the provider sent no ID token');
        return claims as Record<string, unknown>;
      } catch (error) {
        if (error instanceof OidcFailure) throw error;
        throw describe(client, error);
      }
    },

    /** Forgets a provider's discovery (after it was changed or removed). */
    forget(providerId: number): void {
      configurations.delete(providerId);
    },
  };
}

export type OidcClient = ReturnType<typeof createOidcClient>;
