import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createAuditRepository } from '../audit/audit.repository.js';
import { createThrottleRepository } from '../auth/throttle.repository.js';
import { createSettingsRepository } from '../settings/settings.repository.js';
import { forEachDatabase } from '../test-support/databases.js';
import { createUsersRepository } from '../users/users.repository.js';
import { createSessionsRepository } from './sessions.repository.js';

const NOW = '2026-11-25T12:00:00.000Z';

forEachDatabase('sessions, audit, settings and throttle repositories', (getDatabase) => {
  async function user(username: string) {
    return createUsersRepository(getDatabase().db).insert({
      username,
      full_name: '',
      full_name_key: '',
      email: '',
      email_key: '',
      department: '',
      office: '',
      notes: '',
      card_number: '',
      card_number2: '',
      source_id: null,
      external_id: null,
      password_hash: null,
      is_admin: 0,
      disabled: 0,
      must_change_password: 0,
      created_at: NOW,
      updated_at: NOW,
    });
  }
  const session = (id: string, userId: number, expires = '2099-01-01T00:00:00.000Z') => ({
    id,
    user_id: userId,
    secret_hash: 'h',
    csrf_token: 'c',
    ip: '127.0.0.1',
    user_agent: 'test',
    created_at: NOW,
    last_seen_at: NOW,
    expires_at: expires,
  });

  it('ends every session of a user except the one kept', async () => {
    const sessions = createSessionsRepository(getDatabase().db);
    const u = await user('sess');
    for (const id of ['s1', 's2', 's3']) await sessions.insert(session(id, u.id));
    assert.equal(await sessions.deleteForUser(u.id, 's2'), 2);
    assert.deepEqual(
      (await sessions.listForUser(u.id)).map((s) => s.id),
      ['s2'],
    );
  });

  it('removes expired sessions', async () => {
    const sessions = createSessionsRepository(getDatabase().db);
    const u = await user('expiring');
    await sessions.insert(session('old', u.id, '2000-01-01T00:00:00.000Z'));
    await sessions.insert(session('new', u.id));
    await sessions.deleteExpired(NOW);
    assert.deepEqual(
      (await sessions.listForUser(u.id)).map((s) => s.id),
      ['new'],
    );
  });

  it('reads a session with its user in one statement, each under its own names', async () => {
    const sessions = createSessionsRepository(getDatabase().db);
    const u = await user('joined');
    const other = await user('other');
    await sessions.insert({ ...session('j1', u.id), area: 'release-station' });
    await sessions.insert(session('j2', other.id));
    const found = await sessions.findWithUser('j1');
    assert.deepEqual([found?.session], await sessions.listForUser(u.id));
    assert.deepEqual(found?.session, { ...session('j1', u.id), area: 'release-station' });
    assert.deepEqual(found?.user, await createUsersRepository(getDatabase().db).findById(u.id));
    assert.equal(found?.user.username, 'joined');
    assert.equal(found?.user.id, u.id);
    assert.equal(await sessions.findWithUser('missing'), undefined);
  });

  it('deletes sessions with their user', async () => {
    const { db } = getDatabase();
    const u = await user('cascade');
    await createSessionsRepository(db).insert(session('c1', u.id));
    await createUsersRepository(db).delete(u.id);
    assert.deepEqual(await createSessionsRepository(db).listForUser(u.id), []);
  });

  it('lists audit entries newest first, filtered by user and action', async () => {
    const audit = createAuditRepository(getDatabase().db);
    await audit.insert({
      at: NOW,
      actor: 'admin',
      action: 'user.create',
      target: 'bob',
      ip: '10.0.0.1',
      details: '',
    });
    await audit.insert({
      at: NOW,
      actor: 'bob',
      action: 'user.password.change',
      target: 'bob',
      ip: '10.0.0.2',
      details: '',
    });
    await audit.insert({
      at: NOW,
      actor: 'admin',
      action: 'user.create',
      target: 'carol',
      ip: '10.0.0.1',
      details: '',
    });
    assert.deepEqual(
      (await audit.list({ user: 'bob' })).map((e) => e.action),
      ['user.password.change', 'user.create'],
    );
    assert.deepEqual(
      (await audit.list({ action: 'user.create' })).map((e) => e.target),
      ['carol', 'bob'],
    );
    const newest = (await audit.list({ limit: 1 }))[0]!;
    assert.equal((await audit.list({ beforeId: newest.id, limit: 1 }))[0]?.target, 'bob');
    assert.ok((await audit.actions()).includes('user.password.change'));
  });

  it('stores settings and takes a value only once', async () => {
    const settings = createSettingsRepository(getDatabase().db);
    await settings.set('k', '"a"');
    await settings.set('k', '"b"');
    assert.equal(await settings.get('k'), '"b"');
    assert.equal(await settings.take('k', '"a"'), false);
    assert.equal(await settings.take('k', '"b"'), true);
    assert.equal(await settings.take('k', '"b"'), false);
    assert.equal(await settings.get('k'), undefined);
  });

  it('keeps throttle counters and clears them', async () => {
    const throttle = createThrottleRepository(getDatabase().db);
    await throttle.put('user:x', { failures: 1, lastFailureAt: NOW, blockedUntil: NOW });
    await throttle.put('user:x', { failures: 2, lastFailureAt: NOW, blockedUntil: NOW });
    assert.equal((await throttle.get('user:x'))?.failures, 2);
    await throttle.clear('user:x');
    assert.equal(await throttle.get('user:x'), undefined);
  });
});
