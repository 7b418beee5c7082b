import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { providerDefaults } from '../../auth/sso/identity-providers.service.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, TEST_ORIGIN, type TestApp } from '../../test-support/harness.js';
import { createTestIdp, readAuthnRequest, type ResponseOptions } from '../../test-support/saml-idp.js';
import { customProgramKind } from '../../directory/custom-program/custom-program.kind.js';

const ACTOR = { username: 'test', ip: '127.0.0.1' };
const idp = createTestIdp({
  entityId: 'https://idp.example.test/saml/metadata',
  ssoUrl: 'https://idp.example.test/saml/sso',
});
const IDP_ORIGIN = 'https://idp.example.test';

for (const kind of DATABASE_KINDS) {
  describe(`SAML sign-in routes [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ kind });
      await t.createUser({ username: 'alice', password: 'a long passphrase' });
      await t.createUser({ username: 'root', password: 'a long passphrase', isAdmin: true });
      await t.app.services.identityProviders.create(
        {
          ...providerDefaults('saml'),
          slug: 'corp',
          displayName: 'Corporate SSO',
          matchBy: 'username',
          sourceId: '',
          onUserPage: true,
          onAdminPage: true,
          enabled: true,
          idpEntityId: idp.entityId,
          idpSsoUrl: idp.ssoUrl,
          idpCertificates: idp.key.certificate,
          usernameAttribute: 'uid',
          externalIdAttribute: '',
          emailAttribute: 'mail',
          fullNameAttribute: 'displayName',
          clockSkewSeconds: '60',
        },
        ACTOR,
      );
    });
    after(async () => t.close());

    /** The browser-binding cookie a /start reply set, as a Cookie header ('' when none). */
    const bindingCookie = (headers: Record<string, unknown>) =>
      ([headers['set-cookie']].flat().filter(Boolean) as string[])
        .map((c) => c.split(';')[0]!)
        .find((c) => c.startsWith('quire_saml=')) ?? '';

    /**
     * Starts a sign-in at /auth/saml/corp/start and returns what the IdP would post back for `uid`,
     * with the browser's binding cookie (`cookie`, kept out of the form by `post`).
     */
    async function answer(
      uid: string,
      query = '',
      options: ResponseOptions = {},
    ): Promise<{ SAMLResponse: string; RelayState: string; cookie: string }> {
      const start = await t.server.inject({ method: 'GET', url: `/auth/saml/corp/start${query}` });
      assert.equal(start.statusCode, 302, start.body);
      const location = String(start.headers.location);
      assert.ok(location.startsWith(`${idp.ssoUrl}?`), location);
      const request = readAuthnRequest(location);
      const cookie = bindingCookie(start.headers);
      assert.ok(cookie, 'the browser-binding cookie is set');
      return {
        SAMLResponse: idp.response(request, {
          nameId: `${uid}@example.org`,
          attributes: { uid: [uid], mail: [`${uid}@example.org`] },
          ...options,
        }),
        RelayState: request.relayState ?? '',
        cookie,
      };
    }

    /**
     * The IdP's page posts the form cross-site: no CSRF token, the IdP's Origin, and the binding
     * cookie of the browser that started the sign-in (SameSite=None over https); `cookie: ''` is
     * another browser.
     */
    const post = ({ cookie = '', ...form }: Record<string, string>) =>
      t.server.inject({
        method: 'POST',
        url: '/auth/saml/corp/acs',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: IDP_ORIGIN,
          ...(cookie ? { cookie } : {}),
        },
        payload: new URLSearchParams(form).toString(),
      });

    const sessionCookie = (headers: Record<string, unknown>) =>
      ([headers['set-cookie']].flat().filter(Boolean) as string[])
        .map((c) => c.split(';')[0]!)
        .find((c) => c.startsWith('quire_session=') && c.length > 'quire_session='.length);

    it('publishes service provider metadata at a stable URL', async () => {
      const response = await t.server.inject({ method: 'GET', url: '/auth/saml/corp/metadata' });
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^application\/samlmetadata\+xml/);
      assert.match(response.body, new RegExp(`entityID="${TEST_ORIGIN}/auth/saml/corp/metadata"`));
      assert.match(response.body, new RegExp(`Location="${TEST_ORIGIN}/auth/saml/corp/acs"`));
      assert.match(response.body, /WantAssertionsSigned="true"/);
    });

    it('signs the matched user in from a signed response, and opens the page the sign-in started from', async () => {
      const form = await answer('alice', '?next=/user/change-details');
      const response = await post(form);
      assert.equal(response.statusCode, 303, response.body);
      assert.equal(response.headers.location, '/user/change-details');
      const cookie = sessionCookie(response.headers);
      assert.ok(cookie, 'a session cookie is set');
      const summary = await t.server.inject({
        method: 'GET',
        url: '/user/summary',
        headers: { cookie: cookie! },
      });
      assert.equal(summary.statusCode, 200);
      assert.match(summary.body, /alice/);
      const [entry] = await t.app.services.audit.list({ action: 'signin.success', limit: 1 });
      assert.equal(entry?.target, 'alice');
      assert.match(entry?.details ?? '', /"via":"corp"/);
    });

    it('refuses the same response a second time', async () => {
      const form = await answer('alice');
      assert.equal((await post(form)).statusCode, 303);
      const replay = await post(form);
      assert.equal(replay.statusCode, 401);
      assert.match(replay.body, /already used|does not answer a login started here/);
      assert.equal(sessionCookie(replay.headers), undefined);
    });

    it('refuses a signature-wrapping forgery and never signs in its evil identity', async () => {
      const form = await answer('alice', '', { wrap: 'evil-before', evilNameId: 'root@example.org' });
      const response = await post(form);
      assert.equal(response.statusCode, 401, response.body);
      assert.equal(sessionCookie(response.headers), undefined);
      assert.doesNotMatch(response.body, /Logged in as/);
    });

    it('refuses a response signed by another key, with a clear page', async () => {
      const other = createTestIdp({ entityId: idp.entityId });
      const start = await t.server.inject({ method: 'GET', url: '/auth/saml/corp/start' });
      const request = readAuthnRequest(String(start.headers.location));
      const response = await post({
        SAMLResponse: other.response(request, {
          nameId: 'alice@example.org',
          attributes: { uid: ['alice'] },
        }),
        RelayState: request.relayState ?? '',
        cookie: bindingCookie(start.headers),
      });
      assert.equal(response.statusCode, 401);
      assert.match(response.body, /could not be verified/);
      assert.match(response.body, /href="\/user\/login"/);
    });

    it('refuses an unknown user with a clear page and creates no account', async () => {
      const response = await post(await answer('mallory'));
      assert.equal(response.statusCode, 403);
      assert.match(response.body, /No Quire account is linked to mallory@example\.org/);
      assert.equal(await t.app.services.users.findByUsername('mallory'), undefined);
    });

    it('opens the Admin Console only to an administrator', async () => {
      const refused = await post(await answer('alice', '?area=admin'));
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /does not have administrator access/);
      assert.equal(sessionCookie(refused.headers), undefined);
      const admin = await post(await answer('root', '?area=admin'));
      assert.equal(admin.statusCode, 303);
      assert.equal(admin.headers.location, '/admin/dashboard');
    });

    it('offers the provider on both sign-in pages, beside the password form', async () => {
      for (const area of ['user', 'admin']) {
        const page = await t.server.inject({ method: 'GET', url: `/${area}/login` });
        assert.match(page.body, new RegExp(`href="/auth/saml/corp/start\\?area=${area}[^"]*"`));
        assert.match(page.body, /name="password"/);
      }
    });

    it('refuses a response posted from a browser that did not start the sign-in, and keeps it for the one that did', async () => {
      const form = await answer('alice');
      for (const cookie of ['', `quire_saml=${'A'.repeat(43)}`]) {
        const foreign = await post({ ...form, cookie });
        assert.equal(foreign.statusCode, 400, foreign.body);
        assert.match(foreign.body, /The login request expired or was already used\. Start again\./);
        assert.equal(sessionCookie(foreign.headers), undefined);
      }
      const [entry] = await t.app.services.audit.list({ action: 'signin.failure', limit: 1 });
      assert.equal(JSON.parse(entry!.details).reason, 'other-browser');
      const own = await post(form);
      assert.equal(own.statusCode, 303, own.body);
      assert.ok(sessionCookie(own.headers));
    });

    it('sets the binding cookie for /auth/saml/ only, HttpOnly, and SameSite=Lax without Secure on an http:// public URL', async () => {
      const start = await t.server.inject({ method: 'GET', url: '/auth/saml/corp/start' });
      const line = ([start.headers['set-cookie']].flat() as string[]).find((c) =>
        c.startsWith('quire_saml='),
      )!;
      assert.match(line, /; Path=\/auth\/saml\//);
      assert.match(line, /; HttpOnly/);
      assert.match(line, /; SameSite=Lax/);
      assert.doesNotMatch(line, /Secure/);
    });

    it('accepts a signed response of about 200 KB (many attribute values) but not one over 1 MiB', async () => {
      const groups = Array.from(
        { length: 3000 },
        (_, i) => `CN=Print group number ${i},OU=Groups,DC=example,DC=org`,
      );
      const form = await answer('alice', '', {
        attributes: { uid: ['alice'], mail: ['alice@example.org'], memberOf: groups },
      });
      assert.ok(form.SAMLResponse.length > 200_000, `${form.SAMLResponse.length} characters`);
      const response = await post(form);
      assert.equal(response.statusCode, 303, response.body.slice(0, 500));
      const huge = await post({ ...form, SAMLResponse: 'A'.repeat(1100 * 1024) });
      assert.equal(huge.statusCode, 413);
      const elsewhere = await t.server.inject({
        method: 'POST',
        url: '/user/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: TEST_ORIGIN },
        payload: `username=${'a'.repeat(100 * 1024)}`,
      });
      assert.equal(elsewhere.statusCode, 413, 'other forms keep the 64 KiB limit');
    });

    it('sends RelayState with a tab-smuggled next to the area home, not to another site', async () => {
      for (const next of ['/%09/evil.example', '/%5Cevil.example', '//evil.example']) {
        const start = await t.server.inject({ method: 'GET', url: `/auth/saml/corp/start?next=${next}` });
        assert.equal(readAuthnRequest(String(start.headers.location)).relayState, 'user:/user/summary', next);
      }
    });

    it('allows 30 sign-in starts a minute from one address, then answers 429', async () => {
      const start = (remoteAddress: string) =>
        t.server.inject({ method: 'GET', url: '/auth/saml/corp/start', remoteAddress });
      for (let i = 0; i < 30; i++)
        assert.equal((await start('203.0.113.9')).statusCode, 302, `start ${i + 1}`);
      const refused = await start('203.0.113.9');
      assert.equal(refused.statusCode, 429);
      assert.match(refused.body, /Too many login attempts from this address; wait a minute\./);
      assert.equal(bindingCookie(refused.headers), '');
      assert.equal((await start('203.0.113.10')).statusCode, 302, 'another address is not affected');
      const oidc = await t.server.inject({
        method: 'GET',
        url: '/auth/oidc/corp/start',
        remoteAddress: '203.0.113.9',
      });
      assert.equal(oidc.statusCode, 404, 'an unknown OIDC option is still 404');
    });

    it('disables the providers of a directory source when the source is removed', async () => {
      const { sources, identityProviders } = t.app.services;
      const source = await sources.add(
        customProgramKind,
        { name: 'Doomed Directory', program: '/bin/true' },
        ACTOR,
      );
      await identityProviders.create(
        {
          ...providerDefaults('oidc'),
          slug: 'doomed',
          displayName: 'Doomed',
          issuer: 'http://127.0.0.1:4444',
          clientId: 'q',
          clientSecret: 's',
          sourceId: String(source.id),
          matchBy: 'external-id',
        },
        ACTOR,
      );
      await sources.remove(source.id, ACTOR);
      const row = await identityProviders.findBySlug('doomed');
      assert.equal(row?.enabled, 0);
      assert.ok(!(await identityProviders.listForArea('user')).some((o) => o.slug === 'doomed'));
    });

    it('answers 404 for an unknown provider', async () => {
      assert.equal(
        (await t.server.inject({ method: 'GET', url: '/auth/saml/nope/metadata' })).statusCode,
        404,
      );
      const acs = await t.server.inject({
        method: 'POST',
        url: '/auth/saml/nope/acs',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'SAMLResponse=x',
      });
      assert.equal(acs.statusCode, 404);
    });
  });
}
