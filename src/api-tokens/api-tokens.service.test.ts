import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAuditRepository } from '../audit/audit.repository.js';
import { createAuditService, type AuditService } from '../audit/audit.service.js';
import { createThrottleRepository } from '../auth/throttle.repository.js';
import { createThrottleService } from '../auth/throttle.service.js';
import { openDatabase, type Database } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import {
  AddressNotAllowedError,
  InsufficientScopeError,
  InvalidTokenError,
  NotFoundError,
  type TooManyAttemptsError,
  ValidationError,
} from '../errors.js';
import { systemRandom, type Clock } from '../ports.js';
import { createSettingsRepository } from '../settings/settings.repository.js';
import { createSettingsService, type SettingsService } from '../settings/settings.service.js';
import { freshDatabaseUrl } from '../test-support/databases.js';
import { createApiTokensRepository } from './api-tokens.repository.js';
import {
  API_SCOPES,
  createApiTokensService,
  SCOPE_NAMES,
  type ApiTokensService,
} from './api-tokens.service.js';

const ADMIN = { username: 'admin', ip: '192.0.2.10' };

describe('API tokens service', () => {
  let database: Database;
  let dispose: () => Promise<void>;
  let now = new Date('2026-11-25T12:00:00.000Z');
  const clock: Clock = { now: () => now };
  const advance = (ms: number) => (now = new Date(now.getTime() + ms));
  let tokens: ApiTokensService;
  let settings: SettingsService;
  let audit: AuditService;

  before(async () => {
    const fresh = await freshDatabaseUrl('sqlite');
    dispose = fresh.dispose;
    database = await openDatabase(fresh.url);
    await migrateToLatest(database);
    settings = createSettingsService(createSettingsRepository(database.db), clock);
    audit = createAuditService(createAuditRepository(database.db), clock);
    const throttle = createThrottleService(createThrottleRepository(database.db), clock, settings);
    tokens = createApiTokensService({
      repository: createApiTokensRepository(database.db),
      throttle,
      settings,
      audit,
      clock,
      random: systemRandom,
    });
  });
  after(async () => {
    await database?.close();
    await dispose?.();
  });

  const rest = (ip = '198.51.100.1') => ({ scope: 'users:read' as const, ip });
  const rejectsWith = (promise: Promise<unknown>, type: new (...args: never[]) => Error, id: string) =>
    assert.rejects(promise, (error: Error & { id?: string }) => error instanceof type && error.id === id);

  it('creates a token quire_<id>.<secret> with 256 random bits that authenticates with its scopes', async () => {
    const { token, row } = await tokens.create(
      { name: ' provisioning ', scopes: ['users:write', 'users:read'] },
      ADMIN,
    );
    assert.match(token, /^quire_[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}$/);
    assert.equal(row.name, 'provisioning');
    assert.deepEqual(row.scopes, ['users:read', 'users:write'], 'in the canonical order');
    const caller = await tokens.authenticate(token, rest());
    assert.deepEqual(
      { ...caller, id: undefined },
      {
        id: undefined,
        name: 'provisioning',
        scopes: ['users:read', 'users:write'],
        actor: { username: 'api-token:provisioning', ip: '198.51.100.1' },
      },
    );
    const [entry] = await audit.list({ action: 'api_token.create' });
    assert.equal(entry?.target, 'provisioning');
    assert.equal(entry?.actor, 'admin');
    assert.ok(!entry?.details.includes(token.split('.')[1]!), 'the secret is not in the audit log');
  });

  it('never lists a secret or its hash', async () => {
    const { token } = await tokens.create({ name: 'lister', scopes: ['audit:read'] }, ADMIN);
    const listed = await tokens.list();
    const json = JSON.stringify(listed);
    assert.ok(!json.includes(token.split('.')[1]!));
    assert.doesNotMatch(json, /[0-9a-f]{64}|secret|hash/i);
    assert.deepEqual(Object.keys(listed.find((t) => t.name === 'lister')!).sort(), [
      'createdAt',
      'createdBy',
      'expiresAt',
      'id',
      'lastUsedAt',
      'lastUsedIp',
      'name',
      'revokedAt',
      'scopes',
      'status',
    ]);
  });

  it('refuses a missing name, a taken name, an unknown scope or no scope, with field errors', async () => {
    await rejectsWith(
      tokens.create({ name: '  ', scopes: ['xmlrpc'] }, ADMIN),
      ValidationError,
      'validation_failed',
    );
    await assert.rejects(
      tokens.create({ name: 'provisioning', scopes: ['xmlrpc'] }, ADMIN),
      (e: ValidationError) => /already a token named "provisioning"/.test(e.fields.name ?? ''),
    );
    await assert.rejects(
      tokens.create({ name: 'scoped', scopes: ['users:delete'] }, ADMIN),
      (e: ValidationError) => /"users:delete" is not a scope/.test(e.fields.scopes ?? ''),
    );
    await assert.rejects(tokens.create({ name: 'scoped', scopes: [] }, ADMIN), (e: ValidationError) =>
      /at least one scope/.test(e.fields.scopes ?? ''),
    );
    await assert.rejects(
      tokens.create({ name: 'x'.repeat(65), scopes: ['xmlrpc'] }, ADMIN),
      (e: ValidationError) => /at most 64/.test(e.fields.name ?? ''),
    );
  });

  it('exports every scope with a one-line description', () => {
    assert.deepEqual(SCOPE_NAMES, [
      'xmlrpc',
      'users:read',
      'users:write',
      'groups:read',
      'groups:write',
      'sources:read',
      'sync:run',
      'audit:read',
      'accounts:read',
      'accounts:write',
      'metrics',
    ]);
    for (const scope of SCOPE_NAMES) assert.match(API_SCOPES[scope], /^[^\n]{10,200}$/);
  });

  it('refuses a wrong secret, an unknown id, a malformed token and none alike, auditing presented ones without the token', async () => {
    const { token } = await tokens.create({ name: 'victim', scopes: ['users:read'] }, ADMIN);
    const [id, secret] = token.slice('quire_'.length).split('.') as [string, string];
    const wrongSecret = `quire_${id}.${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    const unknownId = `quire_${'A'.repeat(16)}.${secret}`;
    const ip = '203.0.113.50';
    for (const presented of [
      wrongSecret,
      unknownId,
      'quire_short.token',
      token.slice('quire_'.length),
      `${token} `,
      '',
      undefined,
    ]) {
      await rejectsWith(tokens.authenticate(presented, rest(ip)), InvalidTokenError, 'invalid_token');
    }
    const failures = (await audit.list({ action: 'api.auth_failed', limit: 500 })).filter((e) => e.ip === ip);
    // An empty or absent token is no guess: refused alike, but neither audited nor counted.
    assert.equal(failures.length, 5);
    assert.deepEqual(failures.map((e) => JSON.parse(e.details).reason).reverse(), [
      'wrong_secret',
      'unknown',
      'malformed',
      'malformed',
      'malformed',
    ]);
    for (const entry of failures)
      assert.ok(
        !JSON.stringify(entry).includes(secret.slice(0, 20)),
        'no part of the presented secret is recorded',
      );
  });

  it('refuses a revoked token, and revoking is audited once', async () => {
    const { token } = await tokens.create({ name: 'leaked', scopes: ['users:read'] }, ADMIN);
    await tokens.authenticate(token, rest());
    const revoked = await tokens.revoke('leaked', ADMIN);
    assert.equal(revoked.status, 'revoked');
    assert.equal(revoked.revokedAt, now.toISOString());
    await rejectsWith(tokens.authenticate(token, rest()), InvalidTokenError, 'invalid_token');
    assert.equal(
      (await tokens.revoke(revoked.id, ADMIN)).status,
      'revoked',
      'by id too; a second revoke changes nothing',
    );
    assert.equal(
      (await audit.list({ action: 'api_token.revoke' })).filter((e) => e.target === 'leaked').length,
      1,
    );
    await rejectsWith(tokens.revoke('no-such-token', ADMIN), NotFoundError, 'not_found');
  });

  it('refuses a token without the scope the call needs, with 403', async () => {
    const { token } = await tokens.create({ name: 'reader', scopes: ['users:read'] }, ADMIN);
    await assert.rejects(
      tokens.authenticate(token, { scope: 'users:write', ip: '198.51.100.2' }),
      (e: InsufficientScopeError) =>
        e.id === 'insufficient_scope' && e.status === 403 && e.scope === 'users:write',
    );
    await rejectsWith(
      tokens.authenticate(token, { scope: 'xmlrpc', ip: '127.0.0.1' }),
      InsufficientScopeError,
      'insufficient_scope',
    );
  });

  it('accepts web services (xmlrpc) calls only from the allowed addresses; REST calls from anywhere', async () => {
    const { token } = await tokens.create({ name: 'rpc', scopes: ['xmlrpc', 'users:read'] }, ADMIN);
    const rpc = (ip: string) => tokens.authenticate(token, { scope: 'xmlrpc', ip });
    for (const ip of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) assert.equal((await rpc(ip)).name, 'rpc', ip);
    await assert.rejects(
      rpc('192.0.2.77'),
      (e: AddressNotAllowedError) => e.id === 'address_not_allowed' && e.status === 403,
    );
    assert.equal(
      (await tokens.authenticate(token, rest('192.0.2.77'))).name,
      'rpc',
      'the REST API is limited by scopes only',
    );
    const [refused] = await audit
      .list({ action: 'api.auth_failed', user: '-' })
      .then((rows) => rows.filter((e) => e.ip === '192.0.2.77'));
    assert.equal(JSON.parse(refused!.details).reason, 'address_not_allowed');

    await settings.update({ webServicesAllowedAddresses: '10.0.0.0/8, 2001:db8:1::/48' });
    assert.equal((await rpc('10.20.30.40')).name, 'rpc');
    assert.equal((await rpc('::ffff:10.20.30.40')).name, 'rpc');
    assert.equal((await rpc('2001:db8:1:ff::9')).name, 'rpc');
    for (const ip of ['127.0.0.1', '11.0.0.1', '2001:db8:2::1'])
      await rejectsWith(rpc(ip), AddressNotAllowedError, 'address_not_allowed');
    await settings.update({ webServicesAllowedAddresses: '*' });
    assert.equal((await rpc('192.0.2.77')).name, 'rpc');
    await settings.update({ webServicesAllowedAddresses: '127.0.0.1, ::1' });
  });

  it('refuses an invalid allowed-address entry when saving, naming it', async () => {
    await assert.rejects(
      settings.update({ webServicesAllowedAddresses: '127.0.0.1\n10.0.0.0/40' }),
      (e: ValidationError) => e.fields.webServicesAllowedAddresses?.includes('"10.0.0.0/40"') === true,
    );
    assert.equal((await settings.get()).webServicesAllowedAddresses, '127.0.0.1, ::1');
  });

  it('throttles an address after repeated failures, without checking the token, until the delay passes', async () => {
    const { token } = await tokens.create({ name: 'throttled', scopes: ['users:read'] }, ADMIN);
    const ip = '198.51.100.99';
    for (let i = 0; i < 30; i++)
      await rejectsWith(tokens.authenticate('quire_guess', rest(ip)), InvalidTokenError, 'invalid_token');
    await assert.rejects(
      tokens.authenticate(token, rest(ip)),
      (e: TooManyAttemptsError) => e.id === 'too_many_attempts' && e.status === 429 && e.retryAfter === 2,
    );
    assert.equal(
      (await tokens.authenticate(token, rest('198.51.100.100'))).name,
      'throttled',
      'other addresses go on',
    );
    advance(2_000);
    assert.equal((await tokens.authenticate(token, rest(ip))).name, 'throttled');
  });

  it('records the last use at most once a minute', async () => {
    const { token } = await tokens.create({ name: 'busy', scopes: ['users:read'] }, ADMIN);
    const lastUse = async () => (await tokens.list()).find((t) => t.name === 'busy')!;
    assert.equal((await lastUse()).lastUsedAt, null);
    const first = now.toISOString();
    await tokens.authenticate(token, rest('192.0.2.1'));
    assert.deepEqual([(await lastUse()).lastUsedAt, (await lastUse()).lastUsedIp], [first, '192.0.2.1']);
    advance(59_000);
    await tokens.authenticate(token, rest('192.0.2.2'));
    assert.deepEqual(
      [(await lastUse()).lastUsedAt, (await lastUse()).lastUsedIp],
      [first, '192.0.2.1'],
      'no write within the minute',
    );
    advance(1_000);
    await tokens.authenticate(token, rest('192.0.2.3'));
    assert.deepEqual(
      [(await lastUse()).lastUsedAt, (await lastUse()).lastUsedIp],
      [now.toISOString(), '192.0.2.3'],
    );
  });
});
