import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { ApiTokenRow } from '../db/schema.js';
import { forEachDatabase } from '../test-support/databases.js';
import { createApiTokensRepository } from './api-tokens.repository.js';

function row(id: string, name: string, extra: Partial<ApiTokenRow> = {}): ApiTokenRow {
  return {
    id,
    name,
    secret_hash: 'a'.repeat(64),
    scopes: 'xmlrpc',
    created_at: '2026-11-25T12:00:00.000Z',
    created_by: 'admin',
    last_used_at: null,
    last_used_ip: '',
    revoked_at: null,
    expires_at: null,
    ...extra,
  };
}

forEachDatabase('api tokens repository', (getDatabase) => {
  it('stores an expiry time, or none', async () => {
    const tokens = createApiTokensRepository(getDatabase().db);
    await tokens.insert(row('id-expiry-0000001', 'term', { expires_at: '2027-06-30T22:00:00.000Z' }));
    assert.equal((await tokens.findById('id-expiry-0000001'))?.expires_at, '2027-06-30T22:00:00.000Z');
    await tokens.insert(row('id-expiry-0000002', 'forever'));
    assert.equal((await tokens.findById('id-expiry-0000002'))?.expires_at, null);
  });

  it('inserts a token and finds it by id and by name', async () => {
    const tokens = createApiTokensRepository(getDatabase().db);
    await tokens.insert(row('id-find-000000001', 'finder', { scopes: 'users:read users:write' }));
    assert.equal((await tokens.findById('id-find-000000001'))?.name, 'finder');
    assert.equal((await tokens.findByName('finder'))?.scopes, 'users:read users:write');
    assert.equal(await tokens.findById('nope'), undefined);
    assert.equal(await tokens.findByName('nope'), undefined);
  });

  it('refuses a second token with the same name', async () => {
    const tokens = createApiTokensRepository(getDatabase().db);
    await tokens.insert(row('id-dup-1', 'dup'));
    await assert.rejects(tokens.insert(row('id-dup-2', 'dup')));
  });

  it('lists every token oldest first, revoked ones included', async () => {
    const tokens = createApiTokensRepository(getDatabase().db);
    await tokens.insert(row('id-list-2', 'list-later', { created_at: '2026-11-25T13:00:00.000Z' }));
    await tokens.insert(
      row('id-list-1', 'list-earlier', {
        created_at: '2026-11-25T11:00:00.000Z',
        revoked_at: '2026-11-25T11:30:00.000Z',
      }),
    );
    const names = (await tokens.list()).map((t) => t.name).filter((name) => name.startsWith('list-'));
    assert.deepEqual(names, ['list-earlier', 'list-later']);
  });

  it('records a use only when none was recorded since the given time', async () => {
    const tokens = createApiTokensRepository(getDatabase().db);
    await tokens.insert(row('id-touch', 'toucher'));
    await tokens.touch('id-touch', '2026-11-25T12:00:00.000Z', '192.0.2.1', '2026-11-25T11:59:00.000Z');
    assert.deepEqual(await tokens.findById('id-touch').then((t) => [t?.last_used_at, t?.last_used_ip]), [
      '2026-11-25T12:00:00.000Z',
      '192.0.2.1',
    ]);
    // Another server touched it within the minute: this write does nothing.
    await tokens.touch('id-touch', '2026-11-25T12:00:30.000Z', '192.0.2.2', '2026-11-25T11:59:30.000Z');
    assert.equal((await tokens.findById('id-touch'))?.last_used_ip, '192.0.2.1');
    await tokens.touch('id-touch', '2026-11-25T12:01:00.000Z', '192.0.2.3', '2026-11-25T12:00:00.000Z');
    assert.equal((await tokens.findById('id-touch'))?.last_used_ip, '192.0.2.3');
  });

  it('revokes a token once', async () => {
    const tokens = createApiTokensRepository(getDatabase().db);
    await tokens.insert(row('id-revoke', 'revoker'));
    assert.equal(await tokens.revoke('id-revoke', '2026-11-25T12:05:00.000Z'), true);
    assert.equal(await tokens.revoke('id-revoke', '2026-11-25T12:06:00.000Z'), false);
    assert.equal((await tokens.findById('id-revoke'))?.revoked_at, '2026-11-25T12:05:00.000Z');
  });
});
