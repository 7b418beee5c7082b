/**
 * A session cookie resolved against the real repositories: the session and its user (read in one
 * statement), and every reason it no longer works, each of which ends the session but a wrong
 * secret or area.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDatabase } from '../test-support/databases.js';
import { newUserRow } from '../users/user-details.js';
import { createUsersRepository } from '../users/users.repository.js';
import { createSessionsRepository } from './sessions.repository.js';
import { createSessionsService } from './sessions.service.js';

const START = new Date('2026-12-03T09:00:00.000Z');

forEachDatabase('sessions service', (getDatabase) => {
  let clock = START;
  let tokens = 0;
  const setUp = async (username: string, expiredOn: string | null = null) => {
    const { db } = getDatabase();
    const users = createUsersRepository(db);
    const repository = createSessionsRepository(db);
    const service = createSessionsService(
      repository,
      users,
      { now: () => clock },
      { token: (bytes) => `${username}-${bytes}-${++tokens}` },
      { idleMinutes: 30, maxMinutes: 480 },
      async () => expiredOn,
    );
    const user = await users.insert(newUserRow(username, START.toISOString()));
    clock = START;
    const { token } = await service.create(user.id, { ip: '192.0.2.1', userAgent: 'test' });
    const live = async () => (await repository.listForUser(user.id)).map((s) => s.id);
    return { users, service, user, token, live };
  };

  it('gives the session and its user, as the users table holds it', async () => {
    const { users, service, user, token, live } = await setUp('resolved');
    const current = await service.resolve(token);
    assert.deepEqual(current?.user, await users.findById(user.id));
    assert.equal(current?.session.id, token.split('.')[0]);
    assert.equal(current?.session.user_id, user.id);
    assert.equal(current?.session.area, 'web');
    assert.equal((await live()).length, 1);
  });

  it('refuses a wrong secret, a malformed token and another area, keeping the session', async () => {
    const { service, token, live } = await setUp('refused');
    const [id] = token.split('.');
    for (const bad of [`${id}.not-the-secret`, id!, `.${id}`, '', undefined])
      assert.equal(await service.resolve(bad), null, String(bad));
    assert.equal(await service.resolve(token, 'release-station'), null);
    assert.deepEqual(await live(), [id]);
  });

  it('ends a session idle too long, or past its lifetime', async () => {
    const idle = await setUp('idle');
    clock = new Date(START.getTime() + 31 * 60_000);
    assert.equal(await idle.service.resolve(idle.token), null);
    assert.deepEqual(await idle.live(), []);

    const old = await setUp('old');
    // Seen every 20 minutes, so never idle, until the 8 hours are over.
    for (let minutes = 20; minutes < 480; minutes += 20) {
      clock = new Date(START.getTime() + minutes * 60_000);
      assert.ok(await old.service.resolve(old.token), `${minutes} minutes`);
    }
    clock = new Date(START.getTime() + 481 * 60_000);
    assert.equal(await old.service.resolve(old.token), null);
    assert.deepEqual(await old.live(), []);
  });

  it('ends the session of a user disabled or whose account expired', async () => {
    const disabled = await setUp('disabled');
    await disabled.users.update(disabled.user.id, { disabled: 1 });
    assert.equal(await disabled.service.resolve(disabled.token), null);
    assert.deepEqual(await disabled.live(), []);

    const expired = await setUp('expired', '2026-12-02');
    assert.equal(await expired.service.resolve(expired.token), null);
    assert.deepEqual(await expired.live(), []);
  });

  it('notes when the session was last seen once a minute, not at every request', async () => {
    const { service, token } = await setUp('seen');
    clock = new Date(START.getTime() + 30_000);
    assert.equal((await service.resolve(token))?.session.last_seen_at, START.toISOString());
    clock = new Date(START.getTime() + 61_000);
    await service.resolve(token);
    assert.equal((await service.resolve(token))?.session.last_seen_at, clock.toISOString());
  });
});
