import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NotFoundError, ValidationError } from '../errors.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';

describe('first-run setup', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('is open with a fresh token while no administrator exists', async () => {
    const token = await t.app.services.setup.prepare();
    assert.ok(token && token.length >= 43, 'a token of at least 256 bits');
    assert.equal(await t.app.services.setup.checkToken(token), true);
    // One character changed (never the same one: a token may well start with "x").
    assert.equal(
      await t.app.services.setup.checkToken((token.startsWith('x') ? 'y' : 'x') + token.slice(1)),
      false,
    );
    assert.equal(await t.app.services.setup.checkToken(''), false);
  });

  it('keeps the token usable after a refused (weak) password', async () => {
    const token = (await t.app.services.setup.prepare())!;
    await assert.rejects(
      t.app.services.setup.complete(token, { username: 'root', password: 'password' }, '127.0.0.1'),
      ValidationError,
    );
    assert.equal(await t.app.services.setup.checkToken(token), true);
  });

  it('keeps the link of every server sharing the database valid until the administrator exists', async () => {
    // Two servers started on one database each print their own link.
    const first = (await t.app.services.setup.prepare())!;
    const second = (await t.app.services.setup.prepare())!;
    assert.notEqual(first, second);
    assert.equal(await t.app.services.setup.checkToken(first), true);
    assert.equal(await t.app.services.setup.checkToken(second), true);
  });

  it('lets exactly one of two racing requests create the administrator, then closes for good', async () => {
    const otherServers = (await t.app.services.setup.prepare())!;
    const token = (await t.app.services.setup.prepare())!;
    const results = await Promise.allSettled([
      t.app.services.setup.complete(token, { username: 'first', password: 'stone-harbor-8812' }, '127.0.0.1'),
      t.app.services.setup.complete(
        token,
        { username: 'second', password: 'stone-harbor-8812' },
        '127.0.0.1',
      ),
    ]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    assert.equal(await t.app.services.users.countAdmins(), 1);
    assert.equal(await t.app.services.setup.isOpen(), false);
    assert.equal(await t.app.services.setup.prepare(), null);
    await assert.rejects(
      t.app.services.setup.complete(token, { username: 'third', password: 'stone-harbor-8812' }, '127.0.0.1'),
      NotFoundError,
    );
    // Another server's link is dead too: setup is over for the whole database.
    assert.equal(await t.app.services.setup.checkToken(otherServers), false);
    await assert.rejects(
      t.app.services.setup.complete(
        otherServers,
        { username: 'fourth', password: 'stone-harbor-8812' },
        '127.0.0.1',
      ),
      NotFoundError,
    );
  });

  it('stays closed even when every administrator is gone', async () => {
    await t.app.database.db.updateTable('users').set({ is_admin: 0 }).execute();
    assert.equal(await t.app.services.users.countAdmins(), 0);
    assert.equal(await t.app.services.setup.isOpen(), false);
    assert.equal(await t.app.services.setup.prepare(), null);
  });
});
