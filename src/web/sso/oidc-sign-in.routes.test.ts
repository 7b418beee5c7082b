/**
 * Single sign-on over HTTP: a listening Quire server, a real OpenID provider (oidc-provider) on
 * another loopback port, and the provider's login form walked with fetch. Every refusal must be a
 * page with a clear message and a 4xx/503 status, and must leave the browser signed out.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { IdentityProviderInput } from '../../auth/sso/provider-kind.js';
import { providerDefaults } from '../../auth/sso/identity-providers.service.js';
import { SSO_EXPIRED, SSO_NO_SOURCE } from '../../auth/sso/sso-refusal.js';
import {
  seedExampleSchool,
  startQuireServer,
  TEST_ACTOR,
  type QuireServer,
} from '../../test-support/browser.js';
import {
  startOidcProvider,
  type OidcTestAccount,
  type TestOidcProvider,
} from '../../test-support/oidc-provider.js';

const SECRET = 'quire-test-client-secret';
const ACCOUNTS: OidcTestAccount[] = [
  // Matched by immutable id: the username claim says someone else entirely.
  {
    sub: 'alice',
    oid: 'alice',
    preferred_username: 'a.andersen@partner.example',
    email: 'alice@example.org',
    name: 'Alice Andersen',
  },
  {
    sub: 'bob',
    oid: 'oid-of-bob-elsewhere',
    preferred_username: 'bob@example.org',
    email: 'bob@example.org',
    name: 'Bob Builder',
  },
  {
    sub: 'carol',
    oid: 'carol',
    preferred_username: 'carol@example.org',
    email: 'carol@example.org',
    name: 'Carol Jiménez',
  },
  {
    sub: 'dave',
    oid: 'dave',
    preferred_username: 'dave@example.org',
    email: 'dave@example.org',
    name: 'Dave',
  },
  // Any account of a multi-organisation provider may be called bob: only example.org's is Quire's bob.
  {
    sub: 'mallory',
    oid: 'mallory-oid',
    preferred_username: 'bob@elsewhere.example',
    email: 'bob@elsewhere.example',
    name: 'Mallory',
  },
  {
    sub: 'stranger',
    oid: 'stranger-oid-7',
    preferred_username: 'erin@example.org',
    email: 'erin@example.org',
    name: 'Erin Stranger',
  },
  // Any account may claim an address it does not own; the provider says it has not checked it.
  {
    sub: 'unverified',
    oid: 'unverified-oid',
    preferred_username: 'frank@example.org',
    email: 'frank@example.org',
    email_verified: false,
    name: 'Frank',
  },
  {
    sub: 'bob-unverified',
    oid: 'bob-unverified-oid',
    preferred_username: 'bob@example.org',
    email: 'bob@example.org',
    email_verified: false,
    name: 'Not Bob',
  },
  // Names that look like existing users: "ɑlice" (Latin alpha, U+0251), "bоb2" mixing a Cyrillic "о",
  // and a full-width "ｂｏｂ" that a compatibility fold (NFKC) would take for bob.
  {
    sub: 'alike',
    oid: 'alike-oid',
    preferred_username: '\u0251lice@example.org',
    email: 'alike@example.org',
    name: 'Alike',
  },
  {
    sub: 'mixed',
    oid: 'mixed-oid',
    preferred_username: 'b\u043eb2@example.org',
    email: 'mixed@example.org',
    name: 'Mixed',
  },
  {
    sub: 'wide',
    oid: 'wide-oid',
    preferred_username: '\uff42\uff4f\uff42@example.org',
    email: 'wide@example.org',
    name: 'Wide',
  },
  {
    sub: 'outsider',
    oid: 'outsider-oid',
    preferred_username: 'gina@partner.example',
    email: 'gina@partner.example',
    email_verified: true,
    name: 'Gina',
  },
];

interface Reply {
  status: number;
  location: string;
  body: string;
}

/** A browser's cookie jar over fetch, against the listening Quire server; redirects are not followed. */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly quire: QuireServer) {}

  async request(
    url: string,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const absolute = new URL(url, this.quire.origin).href;
    const response = await fetch(absolute, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(init.form
          ? { 'content-type': 'application/x-www-form-urlencoded', origin: this.quire.origin }
          : {}),
        ...init.headers,
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return {
      status: response.status,
      location: response.headers.get('location') ?? '',
      body: await response.text(),
    };
  }
}

/** The text of a page's message, tags removed, entities decoded (what a reader sees). */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('single sign-on with OpenID Connect', () => {
  let quire: QuireServer;
  let op: TestOidcProvider;
  let impostor: TestOidcProvider;
  let sourceId: number;

  const callbackFor = (slug: string) => `${quire.origin}/auth/oidc/${slug}/callback`;

  async function addProvider(slug: string, over: Partial<IdentityProviderInput>) {
    return quire.app.services.identityProviders.create(
      {
        ...providerDefaults('oidc'),
        slug,
        displayName: `Corp ${slug}`,
        issuer: op.issuer,
        clientId: 'quire',
        clientSecret: SECRET,
        sourceId: String(sourceId),
        matchBy: 'external-id',
        externalIdClaim: 'oid',
        usernameClaim: 'preferred_username',
        stripDomain: true,
        ...over,
      },
      TEST_ACTOR,
    );
  }

  before(async () => {
    quire = await startQuireServer();
    await seedExampleSchool(quire);
    sourceId = (await quire.app.services.sources.findByName('Corporate Directory'))!.id;
    const slugs = ['corp', 'corp-name', 'corp-admin', 'corp-open', 'corp-email'];
    const clients = [
      { clientId: 'quire', clientSecret: SECRET, redirectUris: slugs.map(callbackFor) },
      {
        clientId: 'other-client',
        clientSecret: 'other-secret',
        redirectUris: ['https://other.example.org/callback'],
      },
    ];
    op = await startOidcProvider({ clients, accounts: ACCOUNTS });
    // Another provider that knows the same client: its answers must not pass for op's.
    impostor = await startOidcProvider({ clients, accounts: ACCOUNTS });
    await addProvider('corp', {});
    await addProvider('corp-name', { matchBy: 'username' });
    await addProvider('corp-admin', { onUserPage: false, onAdminPage: true });
    await addProvider('corp-open', { createOnDemand: true, allowedDomains: 'example.org' });
    await addProvider('corp-email', { matchBy: 'username', usernameClaim: 'email' });
  });

  after(async () => {
    await quire?.close();
    await op?.stop();
    await impostor?.stop();
  });

  /** Starts a sign-in at Quire; returns the provider URL it redirected to. */
  async function start(browser: Browser, slug: string, area: 'user' | 'admin' = 'user'): Promise<string> {
    const started = await browser.request(`/auth/oidc/${slug}/start?area=${area}`);
    assert.equal(started.status, 302, text(started.body));
    assert.ok(started.location.startsWith(`${op.issuer}/auth?`), started.location);
    assert.ok(browser.cookies.has('quire_sso'), 'the browser-binding cookie is set');
    return started.location;
  }

  /** The whole flow: Quire → provider login as `login` → Quire's callback; returns the callback's reply. */
  async function signIn(browser: Browser, slug: string, login: string, area: 'user' | 'admin' = 'user') {
    const callbackUrl = await op.signIn(await start(browser, slug, area), login);
    return { callbackUrl, reply: await browser.request(callbackUrl) };
  }

  async function signedInAs(browser: Browser): Promise<string | null> {
    const summary = await browser.request('/user/summary');
    if (summary.status !== 200) return null;
    return /Logged in as <strong>([^<]+)<\/strong>/.exec(summary.body)?.[1] ?? null;
  }

  it('offers "Sign in with …" below the password form, only for the providers of that page', async () => {
    const page = await new Browser(quire).request('/user/login');
    assert.equal(page.status, 200);
    assert.match(page.body, /name="password"/);
    assert.match(page.body, /href="\/auth\/oidc\/corp\/start\?area=user"[^>]*>\s*Log in with Corp corp/);
    assert.doesNotMatch(page.body, /corp-admin/);
    const admin = await new Browser(quire).request('/admin/login');
    assert.match(admin.body, /href="\/auth\/oidc\/corp-admin\/start\?area=admin"/);
    assert.match(admin.body, /name="password"/);
  });

  it('signs in the user with the matching immutable id, whatever the username claim says', async () => {
    const browser = new Browser(quire);
    const { reply } = await signIn(browser, 'corp', 'alice');
    assert.equal(reply.status, 303, text(reply.body));
    assert.equal(reply.location, '/user/summary');
    assert.ok(!browser.cookies.has('quire_sso'), 'the binding cookie is spent');
    assert.equal(await signedInAs(browser), 'alice');
    const [entry] = await quire.app.services.audit.list({ action: 'signin.success', user: 'alice' });
    assert.equal(JSON.parse(entry!.details).via, 'corp');
  });

  it('signs in by the username claim with "@domain" removed when the provider matches by username', async () => {
    const browser = new Browser(quire);
    const { reply } = await signIn(browser, 'corp-name', 'bob');
    assert.equal(reply.status, 303, text(reply.body));
    assert.equal(await signedInAs(browser), 'bob');
  });

  it('does not take bob@elsewhere.example for bob@example.org when "@domain" is removed', async () => {
    const browser = new Browser(quire);
    const { reply } = await signIn(browser, 'corp-name', 'mallory');
    assert.equal(reply.status, 403);
    assert.match(text(reply.body), /No Quire account is linked to bob@elsewhere\.example/);
    assert.equal(await signedInAs(browser), null);
  });

  it('refuses a callback whose state was tampered with, and signs no one in', async () => {
    const browser = new Browser(quire);
    const callbackUrl = await op.signIn(await start(browser, 'corp'), 'alice');
    const tampered = new URL(callbackUrl);
    tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`);
    const reply = await browser.request(tampered.href);
    assert.equal(reply.status, 400);
    assert.match(text(reply.body), new RegExp(String(SSO_EXPIRED).replace(/[.]/g, '\\.')));
    assert.match(reply.body, /href="\/user\/login"/, 'a way back to the login page');
    assert.equal(await signedInAs(browser), null);
  });

  it("says a refused sign-in in the browser's language (German, Spanish)", async () => {
    for (const [language, expired, title] of [
      [
        'de',
        /Die Anmeldeanfrage ist abgelaufen oder wurde bereits verwendet\./,
        /Anmeldung konnte nicht abgeschlossen werden/,
      ],
      [
        'es',
        /La solicitud de inicio de sesión caducó o ya se utilizó\./,
        /No se pudo completar el inicio de sesión/,
      ],
    ] as const) {
      const browser = new Browser(quire);
      const callbackUrl = await op.signIn(await start(browser, 'corp'), 'alice');
      const tampered = new URL(callbackUrl);
      tampered.searchParams.set('state', 'forged');
      const reply = await browser.request(tampered.href, { headers: { 'accept-language': language } });
      assert.equal(reply.status, 400);
      assert.match(reply.body, new RegExp(`<html lang="${language}"`));
      assert.match(text(reply.body), expired);
      assert.match(text(reply.body), title);
      assert.doesNotMatch(text(reply.body), /Back to the login page|Start again/);
    }
  });

  it('refuses a replayed callback, and a replayed code under a fresh state', async () => {
    const browser = new Browser(quire);
    const { callbackUrl, reply } = await signIn(browser, 'corp', 'alice');
    assert.equal(reply.status, 303);

    const replayer = new Browser(quire);
    const again = await replayer.request(callbackUrl);
    assert.equal(again.status, 400);
    assert.match(text(again.body), /expired or was already used/);

    // A new sign-in's state (and this browser's binding) with the old, used code.
    const fresh = new URL(await start(replayer, 'corp'));
    const replayed = new URL(callbackUrl);
    replayed.searchParams.set('state', fresh.searchParams.get('state')!);
    const refused = await replayer.request(replayed.href);
    assert.equal(refused.status, 401, text(refused.body));
    assert.match(text(refused.body), /refused to complete the login \(invalid_grant/);
    assert.equal(await signedInAs(replayer), null);
  });

  it('refuses a callback from a browser that did not start the sign-in', async () => {
    const starter = new Browser(quire);
    const callbackUrl = await op.signIn(await start(starter, 'corp'), 'alice');
    const victim = new Browser(quire);
    const reply = await victim.request(callbackUrl);
    assert.equal(reply.status, 400);
    assert.equal(await signedInAs(victim), null);
  });

  it('refuses an ID token issued to another client (wrong audience)', async () => {
    op.knobs.idTokenAudience = 'other-client';
    try {
      const browser = new Browser(quire);
      const { reply } = await signIn(browser, 'corp', 'alice');
      assert.equal(reply.status, 401);
      assert.match(text(reply.body), /The provider's answer could not be verified \(.*aud/);
      assert.equal(await signedInAs(browser), null);
    } finally {
      delete op.knobs.idTokenAudience;
    }
  });

  it('refuses an expired ID token', async () => {
    op.knobs.idTokenExpiredSecondsAgo = 600;
    try {
      const browser = new Browser(quire);
      const { reply } = await signIn(browser, 'corp', 'alice');
      assert.equal(reply.status, 401);
      assert.match(text(reply.body), /could not be verified \(.*exp/);
      assert.equal(await signedInAs(browser), null);
    } finally {
      delete op.knobs.idTokenExpiredSecondsAgo;
    }
  });

  it('refuses an answer from another issuer (mix-up)', async () => {
    const browser = new Browser(quire);
    const toOp = new URL(await start(browser, 'corp'));
    // The same request, answered by the impostor provider instead.
    const toImpostor = new URL(`${toOp.pathname}${toOp.search}`, impostor.issuer).href;
    const callbackUrl = await impostor.signIn(toImpostor, 'alice');
    assert.equal(new URL(callbackUrl).searchParams.get('iss'), impostor.issuer);
    const reply = await browser.request(callbackUrl);
    assert.equal(reply.status, 401);
    assert.match(text(reply.body), /could not be verified \(.*iss/);
    assert.equal(await signedInAs(browser), null);
  });

  it('shows the provider’s own error, escaped', async () => {
    const browser = new Browser(quire);
    const state = new URL(await start(browser, 'corp')).searchParams.get('state')!;
    const query = new URLSearchParams({
      error: 'access_denied',
      error_description: '<script>alert(1)</script> user cancelled',
      state,
      iss: op.issuer,
    });
    const reply = await browser.request(`/auth/oidc/corp/callback?${query}`);
    assert.equal(reply.status, 401);
    assert.doesNotMatch(reply.body, /<script>alert/);
    assert.match(
      text(reply.body),
      /did not log you in \(access_denied: <script>alert\(1\)<\/script> user cancelled\)/,
    );
  });

  it('refuses an identity no user matches with a clear page, and creates no account', async () => {
    const browser = new Browser(quire);
    const { reply } = await signIn(browser, 'corp', 'stranger');
    assert.equal(reply.status, 403);
    assert.match(
      text(reply.body),
      /No Quire account is linked to erin@example\.org\. Ask your administrator to synchronize your account\./,
    );
    assert.equal(await quire.app.services.users.findByUsername('erin'), undefined);
    assert.equal(await signedInAs(browser), null);
  });

  it('creates the user in the provider’s source when on-demand creation is on', async () => {
    const browser = new Browser(quire);
    const { reply } = await signIn(browser, 'corp-open', 'stranger');
    assert.equal(reply.status, 303, text(reply.body));
    assert.equal(await signedInAs(browser), 'erin');
    const created = await quire.app.services.users.findByUsername('erin');
    assert.ok(created);
    assert.deepEqual(
      [created.source_id, created.external_id, created.full_name, created.email],
      [sourceId, 'stranger-oid-7', 'Erin Stranger', 'erin@example.org'],
    );
    const [entry] = await quire.app.services.audit.list({ action: 'user.create', user: 'erin' });
    assert.equal(JSON.parse(entry!.details).via, 'corp-open');
  });

  it('refuses to create a user whose name looks like an existing one or mixes scripts, saying why', async () => {
    for (const [login, pattern, reason, name] of [
      [
        'alike',
        /the name \u0251lice looks like the existing user alice\./,
        'lookalike-username',
        '\u0251lice',
      ],
      ['mixed', /may not mix letters of different scripts/, 'bad-username', 'b\u043eb2'],
    ] as const) {
      const browser = new Browser(quire);
      const { reply } = await signIn(browser, 'corp-open', login);
      assert.equal(reply.status, 403, text(reply.body));
      assert.match(text(reply.body), pattern);
      assert.equal(await quire.app.services.users.findByUsername(name), undefined);
      assert.equal(await signedInAs(browser), null);
      const [entry] = await quire.app.services.audit.list({ action: 'signin.failure', limit: 1 });
      assert.equal(JSON.parse(entry!.details).reason, reason);
    }
  });

  it('does not take a full-width username claim for the plain-letter user', async () => {
    const browser = new Browser(quire);
    const { reply } = await signIn(browser, 'corp-name', 'wide');
    assert.equal(reply.status, 403, text(reply.body));
    assert.equal(await signedInAs(browser), null);
  });

  it('refuses to create a user whose email is outside the allowed domains, and audits why', async () => {
    const browser = new Browser(quire);
    const { reply } = await signIn(browser, 'corp-open', 'outsider');
    assert.equal(reply.status, 403, text(reply.body));
    assert.match(text(reply.body), /none can be created: the email address must be in example\.org\./);
    assert.equal(await quire.app.services.users.findByUsername('gina'), undefined);
    assert.equal(await signedInAs(browser), null);
    const [entry] = await quire.app.services.audit.list({ action: 'signin.failure', limit: 1 });
    assert.equal(JSON.parse(entry!.details).reason, 'other-domain');
  });

  it('refuses to create a user whose email the provider has not verified', async () => {
    const browser = new Browser(quire);
    const { reply } = await signIn(browser, 'corp-open', 'unverified');
    assert.equal(reply.status, 403, text(reply.body));
    assert.match(text(reply.body), /Corp corp-open has not verified the email address/);
    assert.equal(await quire.app.services.users.findByUsername('frank'), undefined);
    const [entry] = await quire.app.services.audit.list({ action: 'signin.failure', limit: 1 });
    assert.equal(JSON.parse(entry!.details).reason, 'email-unverified');
  });

  it('does not take an unverified email claim as the username', async () => {
    const browser = new Browser(quire);
    const { reply } = await signIn(browser, 'corp-email', 'bob-unverified');
    assert.equal(reply.status, 403, text(reply.body));
    assert.match(text(reply.body), /has not verified the email address bob@example\.org/);
    assert.equal(await signedInAs(browser), null);
    // The same claim, from an account the provider does not say is unverified, signs bob in.
    const bob = new Browser(quire);
    assert.equal((await signIn(bob, 'corp-email', 'bob')).reply.status, 303);
    assert.equal(await signedInAs(bob), 'bob');
  });

  it('refuses a provider matching by immutable id whose source was removed, instead of matching usernames', async () => {
    const row = (await quire.app.services.identityProviders.findBySlug('corp'))!;
    const identity = {
      externalId: 'not-a-known-id',
      username: 'alice',
      email: 'alice@example.org',
      fullName: 'Alice',
    };
    await assert.rejects(
      quire.app.services.sso.signInWithIdentity({ ...row, source_id: null }, identity, '127.0.0.1'),
      (error: Error & { status?: number }) => {
        assert.equal(error.status, 403);
        assert.equal(error.message, String(SSO_NO_SOURCE));
        return true;
      },
    );
  });

  it('refuses a disabled user', async () => {
    await quire.app.services.users.setDisabled('carol', true, TEST_ACTOR);
    const browser = new Browser(quire);
    const { reply } = await signIn(browser, 'corp', 'carol');
    assert.equal(reply.status, 403);
    assert.match(text(reply.body), /carol is disabled/);
    assert.equal(await signedInAs(browser), null);
  });

  it('lets an administrator into the Admin Console and refuses a non-administrator there', async () => {
    await quire.app.services.users.setAdmin('dave', true, TEST_ACTOR);
    const admin = new Browser(quire);
    const ok = await signIn(admin, 'corp-admin', 'dave', 'admin');
    assert.equal(ok.reply.status, 303, text(ok.reply.body));
    assert.equal(ok.reply.location, '/admin/dashboard');
    assert.equal((await admin.request('/admin/users')).status, 200);

    const user = new Browser(quire);
    const refused = await signIn(user, 'corp-admin', 'alice', 'admin');
    assert.equal(refused.reply.status, 403);
    assert.match(text(refused.reply.body), /alice does not have administrator access/);
    assert.ok(!user.cookies.has('quire_session'), 'no session starts');
    // A provider offered only on the Admin Console is not a way into the User Web Interface.
    assert.equal((await user.request('/auth/oidc/corp-admin/start?area=user')).status, 404);
  });

  it('says the provider is down with 503, and the password form still signs an internal admin into /admin', async () => {
    await quire.app.services.users.createInternal(
      { username: 'root', password: 'a long admin passphrase', isAdmin: true },
      TEST_ACTOR,
    );
    const down = await startOidcProvider({
      clients: [{ clientId: 'quire', clientSecret: SECRET, redirectUris: [callbackFor('down')] }],
      accounts: ACCOUNTS,
    });
    await down.stop();
    await addProvider('down', { issuer: down.issuer, displayName: 'Contoso', onAdminPage: true });

    const browser = new Browser(quire);
    const refused = await browser.request('/auth/oidc/down/start?area=admin');
    assert.equal(refused.status, 503);
    assert.match(
      text(refused.body),
      /Contoso login is not available right now; log in with your username and password or try later/,
    );
    assert.ok(!browser.cookies.has('quire_sso'));

    const login = await browser.request('/admin/login');
    assert.match(login.body, /Log in with Contoso/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(login.body)![1]!;
    const signedIn = await browser.request('/admin/login', {
      method: 'POST',
      form: { _csrf: csrf, username: 'root', password: 'a long admin passphrase' },
    });
    assert.equal(signedIn.status, 303, text(signedIn.body));
    assert.equal(signedIn.location, '/admin/dashboard');
    assert.equal((await browser.request('/admin/users')).status, 200);
  });

  it('signs in through a provider that accepts only HTTP Basic client authentication', async () => {
    const basic = await startOidcProvider({
      clients: [
        {
          clientId: 'quire',
          clientSecret: SECRET,
          redirectUris: [callbackFor('basic')],
          tokenEndpointAuthMethod: 'client_secret_basic',
        },
      ],
      clientAuthMethods: ['client_secret_basic'],
      accounts: ACCOUNTS,
    });
    try {
      await addProvider('basic', { issuer: basic.issuer });
      const browser = new Browser(quire);
      const started = await browser.request('/auth/oidc/basic/start?area=user');
      assert.equal(started.status, 302, text(started.body));
      const reply = await browser.request(await basic.signIn(started.location, 'alice'));
      assert.equal(reply.status, 303, text(reply.body));
      assert.equal(await signedInAs(browser), 'alice');
    } finally {
      await basic.stop();
    }
  });

  it('refuses an expired account with the same message as the password log-in, and signs no one in', async () => {
    await quire.app.services.users.setExpiry('alice', '2026-01-31', TEST_ACTOR);
    const said = /This account expired on 31 Jan 2026\. Ask your administrator to extend it\./;
    try {
      const browser = new Browser(quire);
      const { reply } = await signIn(browser, 'corp', 'alice');
      assert.equal(reply.status, 403);
      assert.match(text(reply.body), said);
      assert.equal(await signedInAs(browser), null);
      const [audited] = await quire.app.services.audit.list({ action: 'signin.failure', limit: 1 });
      assert.equal(audited?.target, 'alice');

      const login = await browser.request('/user/login');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(login.body)![1]!;
      const byPassword = await browser.request('/user/login', {
        method: 'POST',
        form: { _csrf: csrf, username: 'alice', password: 'example-alice-Quokka-7351' },
      });
      assert.match(text(byPassword.body), said, 'the password log-in says the same');
      assert.equal(await signedInAs(browser), null);
    } finally {
      await quire.app.services.users.setExpiry('alice', '', TEST_ACTOR);
    }
    assert.equal(
      (await signIn(new Browser(quire), 'corp', 'alice')).reply.status,
      303,
      'works again once extended',
    );
  });

  it('answers an unknown provider with 404, not an error', async () => {
    const reply = await new Browser(quire).request('/auth/oidc/nobody/callback?state=x&code=y');
    assert.equal(reply.status, 404);
    assert.match(text(reply.body), /no such login option/);
  });
});
