/**
 * The cloud source forms of User/Group Sync, through real HTTP with CSRF on a real SQLite
 * database: admin rights, field errors, "Test settings" against a local Google Directory API and a
 * local Microsoft Graph, saving and editing, secrets that never reach a page or the audit log —
 * and what a synchronized Google user sees under Change Details.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SourceRow } from '../../db/schema.js';
import type { GoogleSourceConfig } from '../../directory/google/google.config.js';
import type { EntraSourceConfig } from '../../directory/entra-id/graph.config.js';
import type { EntraSourceInput } from '../../directory/entra-id/entra-id.input.js';
import {
  googleUser,
  startGoogleDirectoryServer,
  type GoogleDirectoryServer,
} from '../../test-support/google-directory-server.js';
import { makeCertificate, startGraphServer, type GraphServer } from '../../test-support/graph-server.js';
import {
  startTestApp,
  type TestApp,
  type TestClient,
  type TestResponse,
} from '../../test-support/harness.js';
import { entraIdKind } from '../../directory/entra-id/entra-id.kind.js';

const ACTOR = { username: 'test', ip: '127.0.0.1' };
const ADMIN_PASSWORD = 'admin-Passphrase-4821';
const USER_PASSWORD = 'plain-user-Pass-7351';
const GOOGLE_ADMIN = 'admin@example.org';

const fieldError = (page: TestResponse, name: string) =>
  new RegExp(`id="field-${name.replace('.', '\\.')}-error">[^<]+`).exec(page.body)?.[0] ?? '';

describe('cloud directory sources in the Admin Console', () => {
  let t: TestApp;
  let admin: TestClient;
  let google: GoogleDirectoryServer;
  let graph: GraphServer;
  /** Distinctive lines of the secrets, so that finding them anywhere is unambiguous. */
  let keyLine = '';
  const services = () => t.app.services;

  const googleForm = (overrides: Record<string, string> = {}): Record<string, string> => ({
    name: 'Example Workspace',
    serviceAccountKey: google.serviceAccountKey(),
    adminEmail: GOOGLE_ADMIN,
    customer: '',
    domain: '',
    usernameFrom: 'email-local-part',
    importGroups: 'on',
    pageSize: '2',
    timeoutMs: '',
    apiUrl: google.url,
    action: 'save',
    ...overrides,
  });

  const entraForm = (overrides: Record<string, string> = {}): Record<string, string> => ({
    name: 'Contoso',
    tenantId: graph.credentials.tenantId,
    clientId: graph.credentials.clientId,
    clientSecret: graph.credentials.clientSecret,
    certificatePem: '',
    privateKeyPem: '',
    usernameFrom: 'upn-local-part',
    importGroups: 'on',
    pageSize: '',
    timeoutMs: '',
    graphUrl: graph.url,
    loginUrl: graph.url,
    action: 'save',
    ...overrides,
  });

  async function auditText(): Promise<string> {
    return JSON.stringify(await services().audit.list({}));
  }

  before(async () => {
    google = await startGoogleDirectoryServer({ admins: [GOOGLE_ADMIN] });
    google.users = [
      googleUser({ id: '3001', primaryEmail: 'alice@example.org', fullName: 'Alice Archer' }),
      googleUser({ id: '3002', primaryEmail: 'bob@example.org', fullName: 'Bob Baker', suspended: true }),
      googleUser({ id: '3003', primaryEmail: 'carol@example.org', fullName: 'Carol Cooper' }),
    ];
    google.groups = [
      {
        id: 'g-1',
        email: 'staff@example.org',
        name: 'Staff',
        members: [{ id: '3001', email: 'alice@example.org', type: 'USER' }],
      },
    ];
    keyLine = (JSON.parse(google.serviceAccountKey()) as { private_key: string }).private_key.split('\n')[2]!;
    graph = await startGraphServer({ users: 4, groups: 1, membersPerGroup: 2 });
    t = await startTestApp();
    await t.createUser({ username: 'admin', password: ADMIN_PASSWORD, fullName: 'Ada Admin', isAdmin: true });
    await t.createUser({ username: 'plain', password: USER_PASSWORD });
    admin = t.client();
    assert.equal((await admin.signIn('admin', ADMIN_PASSWORD, 'admin')).status, 303);
    await admin.get('/admin/sources');
  });

  after(async () => {
    await t?.close();
    await google?.close();
    await graph?.stop();
  });

  describe('access', () => {
    for (const path of ['/admin/sources/new-google', '/admin/sources/new-entra']) {
      it(`refuses ${path} to a signed-out visitor (401) and to a non-administrator (403)`, async () => {
        assert.equal((await t.client().get(path)).status, 401);
        // Signed out there is no CSRF token either: the form is refused before anything else.
        assert.equal((await t.client().post(path, { name: 'Sneaky', action: 'save' })).status, 403);
        const plain = t.client();
        assert.equal((await plain.signIn('plain', USER_PASSWORD)).status, 303);
        await plain.get('/user/summary');
        assert.equal((await plain.get(path)).status, 403);
        assert.equal((await plain.post(path, { name: 'Sneaky', action: 'save' })).status, 403);
        assert.equal(await services().sources.findByName('Sneaky'), undefined);
      });
    }

    it('offers both forms from the list of sources', async () => {
      const page = await admin.get('/admin/sources');
      assert.match(page.body, /href="\/admin\/sources\/new-entra">\s*Add Microsoft Entra ID source/);
      assert.match(page.body, /href="\/admin\/sources\/new-google">\s*Add Google Workspace source/);
    });
  });

  describe('Google Workspace', () => {
    let source: SourceRow;

    it('shows the setup steps with the scopes to delegate', async () => {
      const page = await admin.get('/admin/sources/new-google');
      assert.equal(page.status, 200);
      assert.match(page.body, /enable the Admin SDK API/);
      assert.match(page.body, /domain-wide delegation/);
      assert.match(
        page.body,
        /https:\/\/www\.googleapis\.com\/auth\/admin\.directory\.group\.member\.readonly/,
      );
      assert.match(page.body, /<label for="field-serviceAccountKey">/);
    });

    it('answers 400 with an error beside each bad field, and never sends the key back', async () => {
      await admin.get('/admin/sources/new-google');
      const empty = await admin.post(
        '/admin/sources/new-google',
        googleForm({ name: '', serviceAccountKey: '', adminEmail: 'not-an-email' }),
      );
      assert.equal(empty.status, 400);
      assert.match(fieldError(empty, 'name'), /Enter a name/);
      assert.match(fieldError(empty, 'serviceAccountKey'), /JSON key/);
      assert.match(fieldError(empty, 'adminEmail'), /administrator/);
      assert.match(empty.body, /class="error-summary"/);
      assert.match(empty.body, /aria-describedby="[^"]*field-adminEmail-error/);

      const bad = await admin.post(
        '/admin/sources/new-google',
        googleForm({
          serviceAccountKey: '{"type":"service_account"}',
          pageSize: '900',
          apiUrl: 'http://admin.example.org',
          domain: 'not a domain',
          customer: 'C0 1',
        }),
      );
      assert.equal(bad.status, 400);
      assert.match(fieldError(bad, 'serviceAccountKey'), /lacks client_email, private_key, token_uri/);
      assert.match(fieldError(bad, 'pageSize'), /1 to 500/);
      assert.match(fieldError(bad, 'apiUrl'), /https:\/\//);
      assert.match(fieldError(bad, 'domain'), /domain such as/);
      assert.match(fieldError(bad, 'customer'), /my_customer/);

      const typed = await admin.post('/admin/sources/new-google', googleForm({ name: '' }));
      assert.equal(typed.status, 400);
      assert.ok(!typed.body.includes(keyLine), 'the typed key is not sent back');
      assert.match(typed.body, /never sent back to the browser/);
      assert.equal(await services().sources.findByName('Example Workspace'), undefined);
    });

    it('Test settings reads the first users and groups from the directory and saves nothing', async () => {
      await admin.get('/admin/sources/new-google');
      const page = await admin.post('/admin/sources/new-google', googleForm({ action: 'test' }));
      assert.equal(page.status, 200, page.body);
      assert.match(page.body, /Test results/);
      assert.match(page.body, /<td>alice<\/td><td>Alice Archer<\/td><td>alice@example.org<\/td><td>No<\/td>/);
      assert.match(page.body, /<td>bob<\/td><td>Bob Baker<\/td><td>bob@example.org<\/td><td>Yes<\/td>/);
      assert.match(page.body, /<td>Staff<\/td><td>1<\/td>/);
      assert.ok(!page.body.includes(keyLine));
      assert.equal(await services().sources.findByName('Example Workspace'), undefined);
    });

    it('Test settings shows Google’s refusal as a failed result (502), not an error page', async () => {
      await admin.get('/admin/sources/new-google');
      const page = await admin.post(
        '/admin/sources/new-google',
        googleForm({ action: 'test', adminEmail: 'stranger@example.org' }),
      );
      assert.equal(page.status, 502);
      assert.match(page.body, /The test failed: Google refused to let .* act as stranger@example\.org/);
      assert.ok(!page.body.includes(keyLine));
    });

    it('saves the source; the list shows its kind and domain; the edit page shows no key', async () => {
      await admin.get('/admin/sources/new-google');
      const saved = await admin.post('/admin/sources/new-google', googleForm({ domain: 'example.org' }));
      assert.equal(saved.status, 303, saved.body);
      source = (await services().sources.findByName('Example Workspace'))!;
      assert.equal(source.kind, 'google');
      const list = await admin.get('/admin/sources');
      assert.match(list.body, /Google Workspace<div class="cell-detail"><code>domain example\.org<\/code>/);
      assert.match(list.body, new RegExp(`href="/admin/sources/${source.id}/edit">\\s*Edit settings`));

      // Every kind's form is at /edit; /edit-<kind> names the kind too (and 404s for another kind).
      const edit = await admin.get(`/admin/sources/${source.id}/edit`);
      assert.equal(edit.status, 200);
      assert.match(edit.body, new RegExp(`action="/admin/sources/${source.id}/edit"`));
      assert.equal((await admin.get(`/admin/sources/${source.id}/edit-google`)).status, 200);
      assert.match(
        edit.body,
        /A key of quire-sync-1@quire-test\.iam\.gserviceaccount\.com is stored; leave empty to keep it\./,
      );
      assert.match(edit.body, /value="admin@example.org"/);
      assert.ok(!edit.body.includes(keyLine), 'the stored key is not on the page');
      assert.ok(!edit.body.includes('private_key'));
    });

    it('keeps the stored key when the field is left empty, and audits without it', async () => {
      const before = JSON.parse(source.config) as GoogleSourceConfig;
      await admin.get(`/admin/sources/${source.id}/edit-google`);
      const test = await admin.post(
        `/admin/sources/${source.id}/edit-google`,
        googleForm({ serviceAccountKey: '', action: 'test' }),
      );
      assert.equal(test.status, 200, 'Test settings uses the stored key');
      assert.match(test.body, /<td>carol<\/td>/);
      const saved = await admin.post(
        `/admin/sources/${source.id}/edit-google`,
        googleForm({ serviceAccountKey: '', name: 'Example Workspace (Google)', customer: 'C01quire' }),
      );
      assert.equal(saved.status, 303, saved.body);
      const after = JSON.parse((await services().sources.findById(source.id))!.config) as GoogleSourceConfig;
      assert.equal(after.serviceAccountKey, before.serviceAccountKey);
      assert.equal(after.customer, 'C01quire');
      const audit = await auditText();
      assert.match(audit, /Example Workspace \(Google\)/);
      assert.ok(!audit.includes(keyLine), 'the key is not in the audit log');
      assert.ok(!audit.includes('PRIVATE KEY'));
    });

    it('refuses an edit form for a source of another kind (404)', async () => {
      const entraLike = await admin.get(`/admin/sources/${source.id}/edit-entra`);
      assert.equal(entraLike.status, 404);
    });
  });

  describe('Microsoft Entra ID', () => {
    const secret = () => graph.credentials.clientSecret;

    it('shows the Graph application permissions to grant', async () => {
      const page = await admin.get('/admin/sources/new-entra');
      assert.equal(page.status, 200);
      assert.match(page.body, /<code>User\.Read\.All<\/code> and <code>GroupMember\.Read\.All<\/code>/);
      assert.match(page.body, /Grant admin consent/);
      assert.match(page.body, /<input id="field-clientSecret" name="clientSecret" type="password"/);
    });

    it('answers 400 with field errors: tenant, client id, both credentials, a key that does not match', async () => {
      await admin.get('/admin/sources/new-entra');
      const bad = await admin.post(
        '/admin/sources/new-entra',
        entraForm({
          tenantId: 'not a tenant',
          clientId: '1234',
          graphUrl: 'http://graph.example.org',
          pageSize: '1000',
        }),
      );
      assert.equal(bad.status, 400);
      assert.match(fieldError(bad, 'tenantId'), /GUID/);
      assert.match(fieldError(bad, 'clientId'), /GUID/);
      assert.match(fieldError(bad, 'graphUrl'), /https:\/\//);
      assert.match(fieldError(bad, 'pageSize'), /1 to 999/);
      assert.ok(!bad.body.includes(secret()), 'the typed secret is not sent back');

      const one = makeCertificate('one');
      const other = makeCertificate('other');
      const both = await admin.post(
        '/admin/sources/new-entra',
        entraForm({ certificatePem: one.certificatePem, privateKeyPem: one.privateKeyPem }),
      );
      assert.equal(both.status, 400);
      assert.match(fieldError(both, 'clientSecret'), /either a client secret or a certificate/);
      const mismatch = await admin.post(
        '/admin/sources/new-entra',
        entraForm({
          clientSecret: '',
          certificatePem: one.certificatePem,
          privateKeyPem: other.privateKeyPem,
        }),
      );
      assert.equal(mismatch.status, 400);
      assert.match(fieldError(mismatch, 'privateKeyPem'), /does not belong to the certificate/);
      assert.ok(
        !mismatch.body.includes(other.privateKeyPem.split('\n')[2]!),
        'the typed key is not sent back',
      );
      const none = await admin.post('/admin/sources/new-entra', entraForm({ clientSecret: '' }));
      assert.match(fieldError(none, 'clientSecret'), /Enter a client secret, or a certificate/);
    });

    it('Test settings reads users from Microsoft Graph', async () => {
      await admin.get('/admin/sources/new-entra');
      const page = await admin.post('/admin/sources/new-entra', entraForm({ action: 'test' }));
      assert.equal(page.status, 200, page.body);
      assert.match(page.body, /Test results/);
      const rows =
        page.body.match(/<tr><td>[^<]+<\/td><td>[^<]*<\/td><td>[^<]*<\/td><td>(Yes|No)<\/td><\/tr>/g) ?? [];
      assert.equal(rows.length, 4, 'the four users of the local tenant');
      assert.ok(!page.body.includes(secret()));
    });

    it('saves with a secret; the edit page never shows it and an empty field keeps it', async () => {
      await admin.get('/admin/sources/new-entra');
      assert.equal((await admin.post('/admin/sources/new-entra', entraForm())).status, 303);
      const source = (await services().sources.findByName('Contoso'))!;
      assert.equal(source.kind, 'entra');
      const list = await admin.get('/admin/sources');
      assert.match(list.body, /<code>tenant contoso\.example<\/code>/);
      const edit = await admin.get(`/admin/sources/${source.id}/edit-entra`);
      assert.equal(edit.status, 200);
      assert.match(edit.body, /A secret is stored; leave empty to keep it\./);
      assert.ok(!edit.body.includes(secret()));
      const saved = await admin.post(
        `/admin/sources/${source.id}/edit-entra`,
        entraForm({ clientSecret: '', pageSize: '50' }),
      );
      assert.equal(saved.status, 303, saved.body);
      const config = JSON.parse((await services().sources.findById(source.id))!.config) as EntraSourceConfig;
      assert.equal(config.clientSecret, secret());
      assert.equal(config.pageSize, 50);
      assert.ok(!(await auditText()).includes(secret()), 'the secret is not in the audit log');
    });
  });

  describe('endpoints, stored secrets and certificates', () => {
    const secret = () => graph.credentials.clientSecret;
    let contoso: SourceRow;
    const serviceInput = (overrides: Partial<EntraSourceInput>): EntraSourceInput => ({
      name: 'Internal',
      tenantId: graph.credentials.tenantId,
      clientId: graph.credentials.clientId,
      clientSecret: secret(),
      certificatePem: '',
      privateKeyPem: '',
      graphUrl: graph.url,
      loginUrl: graph.url,
      ...overrides,
    });
    before(async () => {
      contoso = (await services().sources.findByName('Contoso'))!;
    });

    it('asks for the client secret again, on save and on Test settings, when the sign-in URL, tenant or Graph URL changed', async () => {
      const edit = `/admin/sources/${contoso.id}/edit-entra`;
      await admin.get(edit);
      const requestsBefore = graph.requests.length;
      for (const action of ['save', 'test']) {
        const moved = await admin.post(
          edit,
          entraForm({ clientSecret: '', loginUrl: 'https://login.evil.example', action }),
        );
        assert.equal(moved.status, 400, `${action}: ${moved.body.slice(0, 200)}`);
        assert.match(
          fieldError(moved, 'clientSecret'),
          /Enter the client secret again: the tenant or sign-in URL changed\./,
        );
      }
      const tenant = await admin.post(
        edit,
        entraForm({ clientSecret: '', tenantId: 'fabrikam.onmicrosoft.com', action: 'test' }),
      );
      assert.match(
        fieldError(tenant, 'clientSecret'),
        /Enter the client secret again: the tenant or sign-in URL changed/,
      );
      const graphMoved = await admin.post(
        edit,
        entraForm({ clientSecret: '', graphUrl: 'https://graph.evil.example' }),
      );
      assert.match(
        fieldError(graphMoved, 'clientSecret'),
        /Enter the client secret again: the Graph URL changed/,
      );
      assert.equal(graph.requests.length, requestsBefore, 'nothing was sent anywhere');
      const config = JSON.parse((await services().sources.findById(contoso.id))!.config) as EntraSourceConfig;
      assert.equal(config.loginUrl, graph.url, 'nothing was saved');
      // With the secret typed again, the change is accepted.
      const retyped = await admin.post(
        edit,
        entraForm({ graphUrl: `${graph.url}/`, loginUrl: `${graph.url}/` }),
      );
      assert.equal(retyped.status, 303, retyped.body);
    });

    it('asks for the Google key again when the API URL changed', async () => {
      const source = (await services().sources.list()).find((s) => s.kind === 'google')!;
      await admin.get(`/admin/sources/${source.id}/edit-google`);
      for (const action of ['save', 'test']) {
        const moved = await admin.post(
          `/admin/sources/${source.id}/edit-google`,
          googleForm({
            name: source.name,
            serviceAccountKey: '',
            apiUrl: 'https://admin.evil.example',
            action,
          }),
        );
        assert.equal(moved.status, 400);
        assert.match(
          fieldError(moved, 'serviceAccountKey'),
          /Upload the JSON key again: the API URL changed/,
        );
      }
      assert.equal(
        (JSON.parse((await services().sources.findById(source.id))!.config) as GoogleSourceConfig).apiUrl,
        google.url,
      );
    });

    it('audits Test settings of a saved source, without its secret', async () => {
      await admin.get(`/admin/sources/${contoso.id}/edit-entra`);
      const tested = await admin.post(
        `/admin/sources/${contoso.id}/edit-entra`,
        entraForm({ clientSecret: '', action: 'test' }),
      );
      assert.equal(tested.status, 200, tested.body);
      const events = await services().audit.list({});
      const test = JSON.stringify(events).match(/"action":"source\.test"[^}]*/)?.[0] ?? '';
      assert.match(test, /"target":"Contoso"/);
      assert.ok(!(await auditText()).includes(secret()));
    });

    it('refuses endpoint URLs in private or link-local networks, but not national clouds', async () => {
      await admin.get('/admin/sources/new-entra');
      const page = await admin.post(
        '/admin/sources/new-entra',
        entraForm({ name: 'Internal', graphUrl: 'https://169.254.169.254', loginUrl: 'https://[fd00::1]/' }),
      );
      assert.equal(page.status, 400);
      assert.match(fieldError(page, 'graphUrl'), /169\.254\.169\.254 is a private or link-local address/);
      assert.match(fieldError(page, 'loginUrl'), /fd00::1 is a private or link-local address/);
      const actor = ACTOR;
      for (const graphUrl of [
        'https://10.1.2.3',
        'https://172.20.0.1',
        'https://192.168.1.1',
        'https://0x0a.0.0.1',
        'https://[fe80::1]',
        'https://[::ffff:10.0.0.1]',
      ]) {
        await assert.rejects(
          services().sources.add(entraIdKind, serviceInput({ graphUrl }), actor),
          (e: Error & { fields?: Record<string, string> }) =>
            /private or link-local/.test(e.fields?.graphUrl ?? ''),
          graphUrl,
        );
      }
      const google2 = await admin.post(
        '/admin/sources/new-google',
        googleForm({ name: 'Internal Google', apiUrl: 'https://192.168.0.10' }),
      );
      assert.match(fieldError(google2, 'apiUrl'), /192\.168\.0\.10 is a private or link-local address/);
      const account = google.createServiceAccount({ tokenUri: 'https://10.0.0.5/token' });
      const badKey = await admin.post(
        '/admin/sources/new-google',
        googleForm({ name: 'Internal Google', serviceAccountKey: account.keyJson }),
      );
      assert.match(
        fieldError(badKey, 'serviceAccountKey'),
        /token_uri is not usable: 10\.0\.0\.5 is a private or link-local address/,
      );
      const national = await services().sources.add(
        entraIdKind,
        serviceInput({
          name: 'US Gov',
          graphUrl: 'https://graph.microsoft.us',
          loginUrl: 'https://login.microsoftonline.us',
        }),
        actor,
      );
      assert.equal(national.kind, 'entra');
      await services().sources.remove(national.id, actor);
    });

    it('refuses a private key pasted into the certificate field, without showing it back', async () => {
      const pair = makeCertificate('combined');
      const combined = `${pair.certificatePem}\n${pair.privateKeyPem}`;
      await admin.get('/admin/sources/new-entra');
      const page = await admin.post(
        '/admin/sources/new-entra',
        entraForm({
          name: 'Combined',
          clientSecret: '',
          certificatePem: combined,
          privateKeyPem: pair.privateKeyPem,
        }),
      );
      assert.equal(page.status, 400);
      assert.match(
        fieldError(page, 'certificatePem'),
        /Paste only the certificate here; the private key goes in its own field\./,
      );
      assert.ok(!page.body.includes(pair.privateKeyPem.split('\n')[2]!), 'the pasted key is not on the page');
      await assert.rejects(
        services().sources.add(
          entraIdKind,
          {
            name: 'Combined',
            tenantId: graph.credentials.tenantId,
            clientId: graph.credentials.clientId,
            clientSecret: '',
            certificatePem: combined,
            privateKeyPem: pair.privateKeyPem,
            graphUrl: graph.url,
            loginUrl: graph.url,
          },
          ACTOR,
        ),
        (e: Error & { fields?: Record<string, string> }) =>
          /Paste only the certificate/.test(e.fields?.certificatePem ?? ''),
      );
      // A certificate with text around it is stored as its CERTIFICATE block only.
      const row = await services().sources.add(
        entraIdKind,
        {
          name: 'Combined',
          tenantId: graph.credentials.tenantId,
          clientId: graph.credentials.clientId,
          clientSecret: '',
          certificatePem: `Bag Attributes\n  friendlyName: quire\n${pair.certificatePem}`,
          privateKeyPem: pair.privateKeyPem,
          graphUrl: graph.url,
          loginUrl: graph.url,
        },
        ACTOR,
      );
      const stored = JSON.parse(row.config) as EntraSourceConfig;
      assert.ok(
        stored.certificatePem.startsWith('-----BEGIN CERTIFICATE-----') &&
          stored.certificatePem.endsWith('-----END CERTIFICATE-----'),
        stored.certificatePem.slice(0, 40),
      );
      await services().sources.remove(row.id, ACTOR);
    });
  });

  describe('Change Details of a user synchronized from Google Workspace', () => {
    it('says the password is managed by Google Workspace, with the organisation’s help text and no password form', async () => {
      await services().settings.update({ passwordHelpText: 'Forgot it? Call the help desk on 4242.' });
      const source = (await services().sources.list()).find((s) => s.kind === 'google')!;
      const report = await services().sync.run(source, { dryRun: false, actor: ACTOR });
      assert.equal(report.status, 'succeeded', report.message);
      const alice = (await services().users.findByUsername('alice'))!;
      assert.equal(alice.source_id, source.id);
      // Google users sign in with Google (single sign-on); a session stands in for that here.
      const { token } = await services().sessions.create(alice.id, { ip: '127.0.0.1', userAgent: 'test' });
      const browser = t.client();
      browser.cookies.set('quire_session', token);
      const page = await browser.get('/user/change-details');
      assert.equal(page.status, 200);
      assert.match(
        page.body,
        /Your password is managed by Google Workspace \(Example Workspace \(Google\)\)\./,
      );
      assert.match(page.body, /Forgot it\? Call the help desk on 4242\./);
      assert.doesNotMatch(page.body, /type="password"/);
      assert.equal((await services().sources.clientFor(source).authenticate('alice', 'anything')).ok, false);
    });
  });
});
