/**
 * Delta rounds of the Entra ID adapter (graph.delta.ts) against the local Graph server
 * (test-support/graph-server.ts) over an in-memory mirror: a later run transfers only the
 * changes, a failed page leaves the mirror as it was, an expired deltaLink falls back to a full
 * round.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SourceError } from '../../errors.js';
import { startGraphServer, type GraphServer } from '../../test-support/graph-server.js';
import type { DirectoryClient, DirectoryGroup, DirectoryUser } from '../directory.port.js';
import { entraConfig, type EntraSourceConfig } from './graph.config.js';
import { createGraphClient } from './graph.client.js';
import { createMemoryMirror, type GraphMirror } from './graph.mirror.js';

async function collect<T>(pages: AsyncIterable<T[]>): Promise<{ pages: number[]; items: T[] }> {
  const sizes: number[] = [];
  const items: T[] = [];
  for await (const page of pages) {
    sizes.push(page.length);
    items.push(...page);
  }
  return { pages: sizes, items };
}

async function failure(promise: Promise<unknown>): Promise<SourceError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SourceError, `expected a SourceError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a SourceError');
}

const sortUsers = (users: DirectoryUser[]) =>
  [...users].sort((a, b) => a.externalId.localeCompare(b.externalId));
const sortGroups = (groups: DirectoryGroup[]) =>
  [...groups]
    .map((g) => ({ ...g, memberRefs: [...g.memberRefs].sort() }))
    .sort((a, b) => a.ref.localeCompare(b.ref));

describe('Entra ID client over Microsoft Graph', () => {
  let graph: GraphServer;
  const config = (overrides: Partial<EntraSourceConfig> = {}) =>
    entraConfig({
      ...graph.credentials,
      graphUrl: graph.url,
      loginUrl: graph.url,
      pageSize: 10,
      timeoutMs: 5000,
      ...overrides,
    });
  const client = (overrides: Partial<EntraSourceConfig> = {}, mirror: GraphMirror | null = null) =>
    createGraphClient(config(overrides), { mirror });
  const requestsSince = (mark: number, endpoint?: string) =>
    graph.requests.slice(mark).filter((r) => !endpoint || r.endpoint === endpoint);

  before(async () => {
    graph = await startGraphServer({ users: 25, groups: 0, memberChunk: 20 });
  });
  after(async () => graph?.stop());

  describe('delta rounds', () => {
    let mirror: GraphMirror;
    let delta: DirectoryClient;
    before(() => {
      mirror = createMemoryMirror();
      delta = client({}, mirror);
    });

    it('follows the stored deltaLink, transfers only the changes and yields the same picture as a full round', async () => {
      const inner = graph.addGroup('Team', [
        [graph.userId(1), '#microsoft.graph.user'],
        [graph.userId(2), '#microsoft.graph.user'],
      ]);
      const first = await collect(delta.users());
      assert.equal(first.items.length, 25);
      await collect(delta.groups());
      assert.ok((await mirror.delta('users'))?.link.includes('$deltatoken='));

      graph.updateUser(graph.userId(3), { userPrincipalName: 'renamed003@contoso.example' });
      graph.updateUser(graph.userId(4), { accountEnabled: false });
      graph.deleteUser(graph.userId(5));
      const newcomer = graph.addUser({
        userPrincipalName: 'newcomer@contoso.example',
        displayName: 'New Comer',
      });
      graph.removeMember(inner, graph.userId(2));
      graph.addMember(inner, graph.userId(6));
      graph.renameGroup(inner, 'Team A');

      const mark = graph.requests.length;
      const second = await collect(delta.users());
      const reads = requestsSince(mark, 'users/delta');
      assert.deepEqual(
        reads.map((r) => r.round),
        ['delta'],
      );
      assert.ok(reads[0]!.query.get('$deltatoken'));
      assert.equal(reads[0]!.objects, 4, 'only the four changed users were transferred');
      const full = await collect(client().users());
      assert.deepEqual(sortUsers(second.items), sortUsers(full.items));
      const renamed = second.items.find((u) => u.externalId === graph.userId(3))!;
      assert.equal(renamed.username, 'renamed003');
      assert.equal(renamed.fullName, 'User 000003', 'unchanged properties come from the mirror');
      assert.equal(second.items.find((u) => u.externalId === graph.userId(4))?.disabled, true);
      assert.equal(
        second.items.some((u) => u.externalId === graph.userId(5)),
        false,
      );
      assert.ok(second.items.some((u) => u.externalId === newcomer));

      const groups = await collect(delta.groups());
      assert.deepEqual(sortGroups(groups.items), sortGroups((await collect(client().groups())).items));
      assert.deepEqual(
        groups.items.find((g) => g.ref === inner),
        { ref: inner, name: 'Team A', memberRefs: [graph.userId(1), graph.userId(6)] },
      );
      graph.deleteGroup(inner);
      await collect(delta.groups());
    });

    it('leaves the mirror and the deltaLink as they were when a page fails', async () => {
      const link = (await mirror.delta('users'))!.link;
      graph.updateUser(graph.userId(7), { department: 'Moved' });
      graph.fault({ endpoint: 'users/delta', nth: 1, status: 502 });
      await failure(collect(delta.users()));
      graph.clearFaults();
      assert.equal((await mirror.delta('users'))!.link, link);
      const before = (await collect(mirror.objects('users', 100))).items.find(
        (u) => u.id === graph.userId(7),
      );
      assert.equal(before?.department, 'Department 7');
      const after = (await collect(delta.users())).items.find((u) => u.externalId === graph.userId(7));
      assert.equal(after?.department, 'Moved');
    });

    it('falls back to a full round in the same run when the deltaLink has expired (410 Gone)', async () => {
      graph.expireDeltaTokens();
      graph.updateUser(graph.userId(8), { officeLocation: 'Annex' });
      const mark = graph.requests.length;
      const { items } = await collect(delta.users());
      const reads = requestsSince(mark, 'users/delta');
      assert.deepEqual([reads[0]!.round, reads[0]!.status, reads[1]!.round], ['delta', 410, 'full']);
      assert.equal(items.find((u) => u.externalId === graph.userId(8))?.office, 'Annex');
      assert.deepEqual(sortUsers(items), sortUsers((await collect(client().users())).items));
      const next = graph.requests.length;
      await collect(delta.users());
      assert.deepEqual(
        requestsSince(next, 'users/delta').map((r) => r.round),
        ['delta'],
        'the new deltaLink is used next time',
      );
    });
  });
});
