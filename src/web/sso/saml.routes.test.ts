import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { providerDefaults } from '../../auth/sso/identity-providers.service.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, TEST_ORIGIN, type TestApp } from '../../test-support/harness.js';
import { createTestIdp, readAuthnRequest, type ResponseOptions } from '../../test-support/saml-idp.js';

const ACTOR = { username: 'test', ip: '127.0.0.1' };
const idp = createTestIdp({ entityId: 'https://idp.example.test/saml/metadata', ssoUrl: 'https://idp.example.test/saml/sso' });
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

    /** Starts a sign-in at /auth/saml/corp/start and returns what the IdP would post back for `uid`. */
    async function answer(uid: string, query = '', options: ResponseOptions = {}): Promise<{ SAMLResponse: string; RelayState: string }> {
      const start = await t.server.inject({ method: 'GET', url: `/auth/saml/corp/start${query}` });
      assert.equal(start.statusCode, 302, start.body);
      const location = String(start.headers.location);
      assert.ok(location.startsWith(`${idp.ssoUrl}?`), location);
      const request = readAuthnRequest(location);
      return { SAMLResponse: idp.response(request, { nameId: `${uid}@example.org`, attributes: { uid: [uid], mail: [`${uid}@example.org`] }, ...options }), RelayState: request.relayState ?? '' };
    }

    /** The IdP's page posts the form cross-site: no cookie, no CSRF token, the IdP's Origin. */
    const post = (form: Record<string, string>) =>
      t.server.inject({ method: 'POST', url: '/auth/saml/corp/acs', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: IDP_ORIGIN }, payload: new URLSearchParams(form).toString() });

    const sessionCookie = (headers: Record<string, unknown>) =>
      ([headers['set-cookie']].flat().filter(Boolean) as string[]).map((c) => c.split(';')[0]!).find((c) => c.startsWith('quire_session=') && c.length > 'quire_session='.length);

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
      const summary = await t.server.inject({ method: 'GET', url: '/user/summary', headers: { cookie: cookie! } });
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
      assert.match(replay.body, /already used|does not answer a sign-in started here/);
      assert.equal(sessionCookie(replay.headers), undefined);
    });

    it('refuses a signature-wrapping forgery and never signs in its evil identity', async () => {
      const form = await answer('alice', '', { wrap: 'evil-before', evilNameId: 'root@example.org' });
      const response = await post(form);
      assert.equal(response.statusCode, 401, response.body);
      assert.equal(sessionCookie(response.headers), undefined);
      assert.doesNotMatch(response.body, /Signed in as/);
    });

    it('refuses a response signed by another key, with a clear page', async () => {
      const other = createTestIdp({ entityId: idp.entityId });
      const start = await t.server.inject({ method: 'GET', url: '/auth/saml/corp/start' });
      const request = readAuthnRequest(String(start.headers.location));
      const response = await post({ SAMLResponse: other.response(request, { nameId: 'alice@example.org', attributes: { uid: ['alice'] } }), RelayState: request.relayState ?? '' });
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
      assert.equal(admin.headers.location, '/admin/users');
    });

    it('offers the provider on both sign-in pages, beside the password form', async () => {
      for (const area of ['user', 'admin']) {
        const page = await t.server.inject({ method: 'GET', url: `/${area}/login` });
        assert.match(page.body, new RegExp(`href="/auth/saml/corp/start\\?area=${area}[^"]*"`));
        assert.match(page.body, /name="password"/);
      }
    });

    it('answers 404 for an unknown provider', async () => {
      assert.equal((await t.server.inject({ method: 'GET', url: '/auth/saml/nope/metadata' })).statusCode, 404);
      const acs = await t.server.inject({ method: 'POST', url: '/auth/saml/nope/acs', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'SAMLResponse=x' });
      assert.equal(acs.statusCode, 404);
    });
  });
}
