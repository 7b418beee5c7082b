import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { createAuditRepository } from '../../audit/audit.repository.js';
import { createAuditService, type AuditService } from '../../audit/audit.service.js';
import type { SourceRow } from '../../db/schema.js';
import { createSourcesRepository } from '../../directory/sources.repository.js';
import { ValidationError } from '../../errors.js';
import { sha256, type Clock } from '../../ports.js';
import { forEachDatabase } from '../../test-support/databases.js';
import { createUnrelatedCaPem, opensslAvailable } from '../../test-support/ldap/certificates.js';
import { createIdentityProvidersRepository } from './identity-providers.repository.js';
import {
  createIdentityProvidersService,
  providerDefaults,
  type IdentityProvidersService,
} from './identity-providers.service.js';
import { decodeOidcConfig } from './oidc/oidc.config.js';
import { allowedDomainsOf, type IdentityProviderInput } from './provider-kind.js';
import { decodeSamlConfig } from './saml/saml.kind.js';
import { createSsoRequestsRepository, type SsoRequestsRepository } from './sso-requests.repository.js';

const ADMIN = { username: 'admin', ip: '192.0.2.10' };
const SECRET = 'client-secret-Xy9!never-shown';
const NOW = new Date('2026-11-25T12:00:00.000Z');

let certDir = '';
let certificatePem = '';
before(() => {
  if (!opensslAvailable()) return;
  certDir = mkdtempSync(path.join(os.tmpdir(), 'quire-sso-cert-'));
  certificatePem = createUnrelatedCaPem(certDir);
});
after(() => {
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

function fieldsOf(error: unknown): Record<string, string> {
  assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${String(error)}`);
  return error.fields;
}

forEachDatabase('identity providers service', (getDatabase) => {
  const clock: Clock = { now: () => NOW };
  let providers: IdentityProvidersService;
  let audit: AuditService;
  let requests: SsoRequestsRepository;
  let source: SourceRow;

  before(async () => {
    const { db } = getDatabase();
    const sourcesRepository = createSourcesRepository(db);
    source = await sourcesRepository.insert({
      name: 'Corporate Directory',
      kind: 'custom',
      config: '{}',
      created_at: NOW.toISOString(),
    });
    audit = createAuditService(createAuditRepository(db), clock);
    providers = createIdentityProvidersService({
      repository: createIdentityProvidersRepository(db),
      sources: {
        findById: (id) => sourcesRepository.findById(id),
        names: async () => new Map([[source.id, source.name]]),
      },
      audit,
      clock,
      publicUrl: 'https://print.example.org/',
    });
    requests = createSsoRequestsRepository(db);
  });

  const microsoft = (over: Partial<IdentityProviderInput> = {}): IdentityProviderInput => ({
    ...providerDefaults('microsoft'),
    tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    clientId: 'a1b2c3d4-client',
    clientSecret: SECRET,
    sourceId: String(source.id),
    matchBy: 'external-id',
    ...over,
  });

  it('fills Microsoft’s issuer from the tenant, with oid / preferred_username and "strip @domain" on', async () => {
    const shown = await providers.create(microsoft(), ADMIN);
    assert.equal(shown.issuer, 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0');
    assert.equal(shown.slug, 'microsoft');
    assert.equal(shown.endpoints.redirectUri, 'https://print.example.org/auth/oidc/microsoft/callback');
    assert.equal(shown.sourceName, 'Corporate Directory');
    const form = await providers.formValues(shown.id);
    assert.deepEqual(
      [form.externalIdClaim, form.usernameClaim, form.stripDomain, form.scopes],
      ['oid', 'preferred_username', true, 'openid profile email'],
    );
  });

  it('never presents, returns in form values or audits the client secret, and keeps it when the edit leaves it empty', async () => {
    const [shown] = (await providers.list()).filter((p) => p.slug === 'microsoft');
    assert.ok(shown);
    assert.equal(shown.hasClientSecret, true);
    assert.ok(!JSON.stringify(shown).includes(SECRET), 'not in the presented provider');
    const form = await providers.formValues(shown.id);
    assert.equal(form.clientSecret, '', 'the edit form starts empty');
    assert.ok(!JSON.stringify(form).includes(SECRET));

    await providers.update(shown.id, { ...form, displayName: 'Microsoft 365' }, ADMIN);
    const row = await providers.findBySlug('microsoft');
    assert.ok(row);
    assert.equal(row.display_name, 'Microsoft 365');
    assert.equal(decodeOidcConfig(row.config).clientSecret, SECRET, 'kept');

    await providers.update(shown.id, { ...form, clientSecret: 'a-new-secret-value' }, ADMIN);
    assert.equal(
      decodeOidcConfig((await providers.findBySlug('microsoft'))!.config).clientSecret,
      'a-new-secret-value',
      'replaced when typed',
    );

    const entries = await audit.list({ action: 'identity_provider.update' });
    assert.equal(entries.length, 2);
    assert.ok(entries.some((e) => JSON.parse(e.details).clientSecretChanged === true));
    for (const entry of [...entries, ...(await audit.list({ action: 'identity_provider.create' }))]) {
      assert.ok(
        !entry.details.includes(SECRET) && !entry.details.includes('a-new-secret-value'),
        `no secret in ${entry.action}`,
      );
    }
  });

  it('refuses each bad field with its own message', async () => {
    const error = await providers
      .create(
        {
          ...providerDefaults('oidc'),
          slug: 'Bad Slug!',
          displayName: '',
          issuer: 'http://idp.example.org',
          clientId: '',
          clientSecret: '',
          scopes: 'profile email',
          externalIdClaim: 'bad claim',
          usernameClaim: '',
          sourceId: '999999',
          matchBy: 'username',
        },
        ADMIN,
      )
      .catch((e: unknown) => e);
    const fields = fieldsOf(error);
    assert.deepEqual(Object.keys(fields).sort(), [
      'clientId',
      'clientSecret',
      'displayName',
      'externalIdClaim',
      'issuer',
      'scopes',
      'slug',
      'sourceId',
      'usernameClaim',
    ]);
    assert.match(fields.issuer!, /https:\/\//);
    assert.match(fields.scopes!, /openid/);
    assert.match(fields.clientSecret!, /client secret/);
  });

  it('accepts http:// only for a loopback issuer, and needs a source to match by immutable id or create users', async () => {
    const loopback = await providers.create(
      {
        ...providerDefaults('oidc'),
        slug: 'local',
        displayName: 'Local IdP',
        issuer: 'http://127.0.0.1:4444',
        clientId: 'quire',
        clientSecret: 's',
      },
      ADMIN,
    );
    assert.equal(loopback.issuer, 'http://127.0.0.1:4444');
    const fields = fieldsOf(
      await providers
        .create(
          {
            ...providerDefaults('oidc'),
            slug: 'x',
            displayName: 'X',
            issuer: 'https://idp.example.org',
            clientId: 'c',
            clientSecret: 's',
            matchBy: 'external-id',
            createOnDemand: true,
          },
          ADMIN,
        )
        .catch((e: unknown) => e),
    );
    assert.deepEqual(Object.keys(fields).sort(), ['allowedDomains', 'createOnDemand', 'matchBy']);
  });

  it('needs allowed email domains, valid ones, to create users on demand, and stores them for both protocols', async () => {
    const base = microsoft({ slug: 'ms-open', createOnDemand: true });
    const none = fieldsOf(await providers.create(base, ADMIN).catch((e: unknown) => e));
    assert.deepEqual(Object.keys(none), ['allowedDomains']);
    assert.match(none.allowedDomains!, /email domains/);
    const bad = fieldsOf(
      await providers
        .create({ ...base, allowedDomains: 'example.org, not a domain' }, ADMIN)
        .catch((e: unknown) => e),
    );
    assert.match(bad.allowedDomains!, /"not" is not a domain name/);
    const saved = await providers.create(
      { ...base, allowedDomains: 'Example.ORG\n@staff.example.org, example.org' },
      ADMIN,
    );
    assert.deepEqual(allowedDomainsOf((await providers.findBySlug('ms-open'))!.config), [
      'example.org',
      'staff.example.org',
    ]);
    assert.equal((await providers.formValues(saved.id)).allowedDomains, 'example.org\nstaff.example.org');
    const [entry] = await audit.list({ action: 'identity_provider.create', limit: 1 });
    assert.deepEqual(JSON.parse(entry!.details).allowedDomains, ['example.org', 'staff.example.org']);
  });

  it('asks for the client secret again when the issuer or client id changes', async () => {
    const shown = (await providers.list()).find((p) => p.slug === 'ms-open')!;
    const form = await providers.formValues(shown.id);
    const moved = fieldsOf(
      await providers
        .update(shown.id, { ...form, tenant: '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0' }, ADMIN)
        .catch((e: unknown) => e),
    );
    assert.deepEqual(moved, { clientSecret: 'Enter the client secret again: the issuer changed.' });
    const renamed = fieldsOf(
      await providers
        .update(shown.id, { ...form, clientId: 'another-client' }, ADMIN)
        .catch((e: unknown) => e),
    );
    assert.equal(renamed.clientSecret, 'Enter the client secret again: the issuer changed.');
    assert.match(
      decodeOidcConfig((await providers.findBySlug('ms-open'))!.config).issuer,
      /72f988bf/,
      'nothing was saved',
    );
    await providers.update(
      shown.id,
      { ...form, tenant: '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0', clientSecret: 'the-new-tenant-secret' },
      ADMIN,
    );
    const config = decodeOidcConfig((await providers.findBySlug('ms-open'))!.config);
    assert.deepEqual(
      [config.tenant, config.clientSecret],
      ['0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0', 'the-new-tenant-secret'],
    );
  });

  it('needs a GUID as Microsoft’s tenant, not a domain', async () => {
    const fields = fieldsOf(
      await providers
        .create(microsoft({ slug: 'ms-domain', tenant: 'example.onmicrosoft.com' }), ADMIN)
        .catch((e: unknown) => e),
    );
    assert.deepEqual(Object.keys(fields), ['tenant']);
    assert.match(fields.tenant!, /GUID.*Directory \(tenant\) ID/);
  });

  it('disables the providers linked to a source that is being removed, with an audit record', async () => {
    const linked = (await providers.list())
      .filter((p) => p.sourceId === source.id && p.enabled)
      .map((p) => p.slug);
    assert.ok(linked.length > 0);
    await providers.disableForSource(source.id, ADMIN);
    for (const p of await providers.list())
      if (linked.includes(p.slug)) assert.equal(p.enabled, false, p.slug);
    const entries = await audit.list({ action: 'identity_provider.update' });
    assert.ok(entries.some((e) => JSON.parse(e.details).reason === 'source-removed'));
    for (const slug of linked) {
      const row = (await providers.findBySlug(slug))!;
      await providers.update(row.id, { ...(await providers.formValues(row.id)), enabled: true }, ADMIN);
    }
  });

  it('refuses a taken short name and Microsoft’s multi-tenant "common"', async () => {
    const fields = fieldsOf(
      await providers.create(microsoft({ tenant: 'common' }), ADMIN).catch((e: unknown) => e),
    );
    assert.match(fields.slug!, /already uses "microsoft"/);
    assert.match(fields.tenant!, /any organisation/);
  });

  it('stores Google with its fixed issuer and the email claim', async () => {
    const missing = fieldsOf(
      await providers
        .create(
          { ...providerDefaults('google'), clientId: 'id.apps.googleusercontent.com', clientSecret: 'g' },
          ADMIN,
        )
        .catch((e: unknown) => e),
    );
    assert.match(
      missing.allowedDomains!,
      /Google Workspace domains/,
      'any Google account could be matched by username otherwise',
    );
    const google = await providers.create(
      {
        ...providerDefaults('google'),
        clientId: 'id.apps.googleusercontent.com',
        clientSecret: 'g',
        allowedDomains: 'example.org',
      },
      ADMIN,
    );
    assert.equal(google.issuer, 'https://accounts.google.com');
    assert.equal(decodeOidcConfig((await providers.findBySlug('google'))!.config).usernameClaim, 'email');
  });

  it(
    'stores SAML settings whose certificates parse, and refuses one that does not',
    { skip: opensslAvailable() ? false : 'openssl is not installed' },
    async () => {
      const base = {
        ...providerDefaults('saml'),
        slug: 'adfs',
        displayName: 'ADFS',
        idpEntityId: 'http://adfs.example.org/adfs/services/trust',
        idpSsoUrl: 'https://adfs.example.org/adfs/ls/',
      };
      const bad = fieldsOf(
        await providers
          .create(
            {
              ...base,
              idpCertificates: '-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----',
              clockSkewSeconds: '999',
            },
            ADMIN,
          )
          .catch((e: unknown) => e),
      );
      assert.match(bad.idpCertificates!, /could not be read/);
      assert.match(bad.clockSkewSeconds!, /0 to 300/);
      const saved = await providers.create({ ...base, idpCertificates: `pasted:\n${certificatePem}` }, ADMIN);
      assert.equal(saved.protocol, 'saml');
      assert.equal(saved.endpoints.samlAcsUrl, 'https://print.example.org/auth/saml/adfs/acs');
      const config = decodeSamlConfig((await providers.findBySlug('adfs'))!.config);
      assert.equal(config.idpCertificates.length, 1);
      assert.equal(config.clockSkewSeconds, 60);
    },
  );

  it('offers only enabled providers flagged for a sign-in page', async () => {
    const user = (await providers.listForArea('user')).map((o) => o.slug).sort();
    assert.ok(user.includes('microsoft') && user.includes('google'));
    assert.deepEqual(await providers.listForArea('admin'), []);
    const local = (await providers.list()).find((p) => p.slug === 'local')!;
    await providers.update(local.id, { ...(await providers.formValues(local.id)), enabled: false }, ADMIN);
    assert.ok(!(await providers.listForArea('user')).some((o) => o.slug === 'local'));
  });

  it('hands out a sign-in request once: a second take finds nothing', async () => {
    const provider = (await providers.findBySlug('microsoft'))!;
    const id = sha256('some-state');
    await requests.insert({
      id,
      provider_id: provider.id,
      browser: sha256('b'),
      code_verifier: 'v',
      nonce: 'n',
      area: 'user',
      next: '/user/summary',
      created_at: NOW.toISOString(),
      expires_at: new Date(NOW.getTime() + 600_000).toISOString(),
    });
    const [first, second] = await Promise.all([requests.take(id), requests.take(id)]);
    assert.equal([first, second].filter(Boolean).length, 1, 'exactly one of two racing takes gets it');
    assert.equal(await requests.take(id), undefined);
  });

  it('removes a provider with an audit record', async () => {
    const google = (await providers.list()).find((p) => p.slug === 'google')!;
    await providers.remove(google.id, ADMIN);
    assert.equal(await providers.findBySlug('google'), undefined);
    const [entry] = await audit.list({ action: 'identity_provider.delete' });
    assert.equal(entry?.target, 'google');
  });
});
