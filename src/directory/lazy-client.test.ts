import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { DirectoryClient, DirectoryGroup, DirectoryUser } from './directory.port.js';
import { lazyClient } from './lazy-client.js';

const alice = { externalId: '1', ref: '', username: 'alice' } as DirectoryUser;
const staff: DirectoryGroup = { ref: 'staff', name: 'staff', memberRefs: ['alice'] };

/** A client that records calls, and a lazy one over it that counts loads. */
function counted() {
  const calls: string[] = [];
  const inner: DirectoryClient = {
    canAuthenticate: true,
    canChangePassword: false,
    check: async () => void calls.push('check'),
    async *users() {
      calls.push('users');
      yield [alice];
    },
    async *groups() {
      calls.push('groups');
      yield [staff];
    },
    authenticate: async (username) => {
      calls.push(`authenticate ${username}`);
      return { ok: true, username };
    },
    changePassword: async (username) => void calls.push(`changePassword ${username}`),
    close: async () => void calls.push('close'),
  };
  let loads = 0;
  const client = lazyClient(
    async () => {
      loads += 1;
      return inner;
    },
    { canAuthenticate: true, canChangePassword: false },
  );
  return { client, calls, loads: () => loads };
}

async function all<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const found: T[] = [];
  for await (const page of pages) found.push(...page);
  return found;
}

it('loads the client on its first call, once, and passes every call through', async () => {
  const { client, calls, loads } = counted();
  assert.equal(loads(), 0);
  assert.deepEqual([client.canAuthenticate, client.canChangePassword], [true, false]);
  assert.equal(loads(), 0, 'the flags come from the configuration, not from the client');
  await client.check();
  assert.deepEqual(await all(client.users()), [alice]);
  assert.deepEqual(await all(client.groups()), [staff]);
  assert.deepEqual(await client.authenticate('alice', 'secret'), { ok: true, username: 'alice' });
  await client.changePassword('alice', 'old', 'new');
  await client.close();
  assert.equal(loads(), 1);
  assert.deepEqual(calls, [
    'check',
    'users',
    'groups',
    'authenticate alice',
    'changePassword alice',
    'close',
  ]);
});

it('closes without loading a client that was never used', async () => {
  const { client, calls, loads } = counted();
  await client.close();
  assert.equal(loads(), 0);
  assert.deepEqual(calls, []);
});
