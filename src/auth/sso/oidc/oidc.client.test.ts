/**
 * The OpenID Connect client against a real provider (oidc-provider on a loopback port): the
 * token endpoint authentication the provider advertises, and a provider that goes down after
 * its discovery was cached.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { IdentityProviderRow } from '../../../db/schema.js';
import { startOidcProvider, type TestOidcProvider } from '../../../test-support/oidc-provider.js';
import type { OidcProviderConfig } from './oidc.config.js';
import {
  createOidcClient,
  OidcFailure,
  randomCodeVerifier,
  randomNonce,
  randomState,
  RECHECK_AFTER_MS,
} from './oidc.client.js';

const SECRET = 'oidc-client-test-secret';
const REDIRECT = 'http://127.0.0.1:9/auth/oidc/corp/callback';
const ACCOUNTS = [
  {
    sub: 'alice',
    oid: 'alice-oid',
    preferred_username: 'alice@example.org',
    email: 'alice@example.org',
    name: 'Alice',
  },
];

function providerFor(op: TestOidcProvider): { row: IdentityProviderRow; config: OidcProviderConfig } {
  const config = {
    tenant: '',
    issuer: op.issuer,
    clientId: 'quire',
    clientSecret: SECRET,
    scopes: 'openid profile email',
    externalIdClaim: 'oid',
    usernameClaim: 'preferred_username',
    stripDomain: true,
  } as OidcProviderConfig;
  return { row: { id: 1, config: JSON.stringify(config) } as IdentityProviderRow, config };
}

const checks = () => ({
  state: randomState(),
  nonce: randomNonce(),
  codeVerifier: randomCodeVerifier(),
  redirectUri: REDIRECT,
});

describe('OpenID Connect client', () => {
  const providers: TestOidcProvider[] = [];
  after(async () => {
    for (const op of providers) await op.stop().catch(() => undefined);
  });

  it('authenticates with HTTP Basic at a provider that advertises and accepts only client_secret_basic', async () => {
    const op = await startOidcProvider({
      clients: [
        {
          clientId: 'quire',
          clientSecret: SECRET,
          redirectUris: [REDIRECT],
          tokenEndpointAuthMethod: 'client_secret_basic',
        },
      ],
      clientAuthMethods: ['client_secret_basic'],
      accounts: ACCOUNTS,
    });
    providers.push(op);
    const oidc = createOidcClient();
    const { row, config } = providerFor(op);
    const request = checks();
    const callback = await op.signIn((await oidc.authorizationUrl(row, config, request)).href, 'alice');
    const claims = await oidc.redeem(row, config, new URL(callback), request);
    assert.equal(claims.sub, 'alice');
    assert.equal(claims.oid, 'alice-oid');
  });

  it('still authenticates with client_secret_post where the provider offers it', async () => {
    const op = await startOidcProvider({
      clients: [{ clientId: 'quire', clientSecret: SECRET, redirectUris: [REDIRECT] }],
      accounts: ACCOUNTS,
    });
    providers.push(op);
    const oidc = createOidcClient();
    const { row, config } = providerFor(op);
    const request = checks();
    const callback = await op.signIn((await oidc.authorizationUrl(row, config, request)).href, 'alice');
    assert.equal((await oidc.redeem(row, config, new URL(callback), request)).sub, 'alice');
  });

  it('checks a provider again before a sign-in once its discovery is older than the recheck time, and says when it is down', async () => {
    let clock = 1_000_000;
    const client = { clientId: 'quire', clientSecret: SECRET, redirectUris: [REDIRECT] };
    const op = await startOidcProvider({ clients: [client], accounts: ACCOUNTS });
    providers.push(op);
    const oidc = createOidcClient({ now: () => clock });
    const { row, config } = providerFor(op);
    assert.ok((await oidc.authorizationUrl(row, config, checks())).href.startsWith(`${op.issuer}/auth?`));

    await op.stop();
    clock += RECHECK_AFTER_MS + 1;
    await assert.rejects(
      oidc.authorizationUrl(row, config, checks()),
      (error: unknown) => error instanceof OidcFailure && error.kind === 'unavailable',
    );
    await assert.rejects(
      oidc.authorizationUrl(row, config, checks()),
      OidcFailure,
      'a failed check is not kept as a success',
    );

    // Back up on the same address: the next start finds it again.
    providers.push(await startOidcProvider({ clients: [client], accounts: ACCOUNTS, port: op.port }));
    assert.ok((await oidc.authorizationUrl(row, config, checks())).href.startsWith(`${op.issuer}/auth?`));
  });
});
