/**
 * A real OpenID provider for single sign-on tests: the `oidc-provider` package (v9) on a free
 * loopback port, with registered clients, accounts and their claims, PKCE required, and its
 * development login form (any password) for Chromium or for `signIn`, which walks the same
 * redirects with fetch. Knobs let negative tests make it misbehave the way a hostile or
 * misconfigured provider would: ID tokens for another client (wrong audience) or already expired.
 *
 *   const op = await startOidcProvider({
 *     clients: [{ clientId: 'quire', clientSecret: 's3cret', redirectUris: [`${quire.origin}/auth/oidc/corp/callback`] }],
 *     accounts: [{ sub: 'alice', oid: 'guid-1', preferred_username: 'alice@example.org', email: 'alice@example.org', name: 'Alice' }],
 *   });
 *   const callbackUrl = await op.signIn(authorizationUrl, 'alice'); // …/callback?code=…&state=…&iss=…
 *   op.knobs.idTokenAudience = 'other-client';
 *   // A provider that advertises and accepts only HTTP Basic client authentication:
 *   //   startOidcProvider({ clients: [{ …, tokenEndpointAuthMethod: 'client_secret_basic' }], clientAuthMethods: ['client_secret_basic'], … })
 *   await op.stop();
 *
 * oidc-provider warns on Node 20 (and about its development keys and login form); it works.
 */
import http from 'node:http';
import { freePort } from './free-ports.js';

export interface OidcTestClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** How the client must authenticate at the token endpoint; client_secret_post by default. */
  tokenEndpointAuthMethod?: 'client_secret_post' | 'client_secret_basic';
}

export interface OidcTestAccount {
  /** Also what is typed in the provider's login form. */
  sub: string;
  oid?: string;
  preferred_username?: string;
  email?: string;
  /** Sent only when set, as providers that do not verify addresses leave it out. */
  email_verified?: boolean;
  /** Google's hosted (Workspace) domain claim. */
  hd?: string;
  name?: string;
}

export interface OidcProviderKnobs {
  /** Issue ID tokens to this (registered) client id instead of the requesting client. */
  idTokenAudience?: string;
  /** Issue ID tokens that expired this many seconds ago. */
  idTokenExpiredSecondsAgo?: number;
}

export interface TestOidcProvider {
  issuer: string;
  port: number;
  knobs: OidcProviderKnobs;
  accounts: Map<string, OidcTestAccount>;
  /**
   * Follows an authorization URL through the provider's login form as `login` and returns the
   * URL the provider finally redirects to (the client's redirect URI with code, state and iss).
   */
  signIn(authorizationUrl: string, login: string): Promise<string>;
  stop(): Promise<void>;
}

// The package has no type declarations; this is the part of its API used here.
interface OidcProviderInstance {
  proxy: boolean;
  callback(): http.RequestListener;
  IdToken: {
    prototype: { issue(options?: { use?: string; expiresAt?: number }): Promise<string>; client: unknown };
  };
  Client: { find(id: string): Promise<unknown> };
  Grant: new (init: { accountId: string; clientId: string }) => {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  };
}
type ProviderConstructor = new (
  issuer: string,
  configuration: Record<string, unknown>,
) => OidcProviderInstance;

/** `clientAuthMethods`: what the discovery document advertises (oidc-provider's default list when absent). */
export async function startOidcProvider(options: {
  clients: OidcTestClient[];
  accounts: OidcTestAccount[];
  port?: number;
  clientAuthMethods?: string[];
}): Promise<TestOidcProvider> {
  const moduleName = 'oidc-provider';
  const { default: Provider } = (await import(moduleName)) as { default: ProviderConstructor };
  const port = options.port ?? (await freePort());
  const issuer = `http://127.0.0.1:${port}`;
  const accounts = new Map(options.accounts.map((account) => [account.sub, account]));
  const knobs: OidcProviderKnobs = {};

  const provider = new Provider(issuer, {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: c.tokenEndpointAuthMethod ?? 'client_secret_post',
    })),
    ...(options.clientAuthMethods ? { clientAuthMethods: options.clientAuthMethods } : {}),
    pkce: { required: () => true },
    cookies: { keys: ['quire-test-oidc-cookie-key'] },
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'oid', 'hd'],
      email: ['email', 'email_verified'],
    },
    // Like Microsoft and Google: the profile and email claims are in the ID token itself.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    ttl: {
      AccessToken: 300,
      AuthorizationCode: 60,
      IdToken: 300,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
    findAccount: async (_ctx: unknown, sub: string) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ ...account }) };
    },
    // First-party clients: no consent screen, the grant covers what was asked.
    loadExistingGrant: async (ctx: {
      oidc: {
        client: { clientId: string };
        session: { accountId: string; grantIdFor(id: string): string | undefined };
        params: { scope?: string };
        result?: { consent?: { grantId?: string } };
      };
    }) => {
      const existing =
        ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (existing)
        return (provider as unknown as { Grant: { find(id: string): Promise<unknown> } }).Grant.find(
          existing,
        );
      const grant = new provider.Grant({
        accountId: ctx.oidc.session.accountId,
        clientId: ctx.oidc.client.clientId,
      });
      grant.addOIDCScope(ctx.oidc.params.scope ?? 'openid');
      await grant.save();
      return grant;
    },
  });

  const issue = provider.IdToken.prototype.issue;
  provider.IdToken.prototype.issue = async function (this: { client: unknown }, issueOptions = {}) {
    if (issueOptions.use === 'idtoken') {
      if (knobs.idTokenAudience) this.client = await provider.Client.find(knobs.idTokenAudience);
      if (knobs.idTokenExpiredSecondsAgo) {
        // A lifetime that ended before now: exp = iat + (negative) seconds.
        return issue.call(this, {
          ...issueOptions,
          expiresAt: Math.floor(Date.now() / 1000) - knobs.idTokenExpiredSecondsAgo,
        });
      }
    }
    return issue.call(this, issueOptions);
  };

  const server = http.createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });

  return {
    issuer,
    port,
    knobs,
    accounts,
    async signIn(authorizationUrl: string, login: string): Promise<string> {
      const redirectUris = options.clients.flatMap((c) => c.redirectUris);
      const jar = new Map<string, string>();
      const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const keep = (response: Response) => {
        for (const line of response.headers.getSetCookie()) {
          const [pair] = line.split(';');
          const eq = pair!.indexOf('=');
          jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
        }
      };
      let url = authorizationUrl;
      let form: URLSearchParams | null = null;
      for (let step = 0; step < 10; step++) {
        const response = await fetch(url, {
          method: form ? 'POST' : 'GET',
          redirect: 'manual',
          headers: {
            cookie: cookieHeader(),
            ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          },
          body: form?.toString(),
        });
        keep(response);
        form = null;
        const location = response.headers.get('location');
        if (location) {
          const next = new URL(location, url).href;
          if (redirectUris.some((uri) => next.startsWith(uri))) return next;
          url = next;
          continue;
        }
        const html = await response.text();
        const action = /<form[^>]*action="([^"]+)"[^>]*method="post"/.exec(html)?.[1];
        if (response.status !== 200 || !action || !html.includes('name="login"'))
          throw new Error(`the OpenID provider answered ${response.status} at ${url}: ${html.slice(0, 500)}`);
        url = new URL(action.replace(/&amp;/g, '&'), url).href;
        form = new URLSearchParams({ prompt: 'login', login, password: 'any password' });
      }
      throw new Error('the OpenID provider did not redirect back after 10 steps');
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
