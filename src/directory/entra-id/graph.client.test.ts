/**
 * The Entra ID adapter against the local Graph server (test-support/graph-server.ts): paging,
 * username options, groups split over pages, secret and certificate credentials, Graph's
 * throttling and failures. Delta rounds over the mirror are in graph.delta.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SourceError } from '../../errors.js';
import { makeCertificate, startGraphServer, type GraphServer } from '../../test-support/graph-server.js';
import { skipUnless } from '../../test-support/require.js';
import { execFileSync } from 'node:child_process';
import type { DirectoryGroup } from '../directory.port.js';
import { entraConfig, type EntraSourceConfig } from './graph.config.js';
import { createGraphClient } from './graph.client.js';
import type { GraphMirror } from './graph.mirror.js';

const opensslMissing = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return false;
  } catch {
    return true;
  }
})();

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

  it('reads every user page by page with the selected properties, following nextLink to the deltaLink', async () => {
    const mark = graph.requests.length;
    const { pages, items } = await collect(client().users());
    assert.deepEqual(pages, [10, 10, 5]);
    assert.equal(new Set(items.map((u) => u.externalId)).size, 25);
    const reads = requestsSince(mark, 'users/delta');
    assert.deepEqual(
      reads.map((r) => r.round),
      ['full', 'page', 'page'],
    );
    assert.match(
      reads[0]!.query.get('$select') ?? '',
      /^id,userPrincipalName,onPremisesSamAccountName,.*employeeId$/,
    );
    const first = items.find((u) => u.externalId === graph.userId(1))!;
    assert.deepEqual(
      {
        username: first.username,
        ref: first.ref,
        fullName: first.fullName,
        email: first.email,
        department: first.department,
        office: first.office,
        cardNumber: first.cardNumber,
        disabled: first.disabled,
      },
      {
        username: 'user000001',
        ref: graph.userId(1),
        fullName: 'User 000001',
        email: 'user000001@contoso.example',
        department: 'Department 1',
        office: 'Office 1',
        cardNumber: '100001',
        disabled: false,
      },
    );
  });

  it("takes the username from the UPN's local part or onPremisesSamAccountName, and still yields a user without one", async () => {
    const id = graph.addUser({
      userPrincipalName: 'Cloud.Only@contoso.example',
      displayName: 'Cloud Only',
      mail: null,
      accountEnabled: false,
      otherMails: ['c.o@example.net'],
    });
    const byLocal = (await collect(client({ usernameFrom: 'upn-local-part' }).users())).items;
    const bySam = (await collect(client({ usernameFrom: 'sam-account-name' }).users())).items;
    assert.equal(byLocal.find((u) => u.externalId === graph.userId(2))?.username, 'user000002');
    assert.equal(bySam.find((u) => u.externalId === graph.userId(2))?.username, 'user000002');
    const cloud = bySam.find((u) => u.externalId === id)!;
    assert.equal(cloud.username, '', 'no onPremisesSamAccountName: empty username, for the engine to report');
    assert.equal(byLocal.find((u) => u.externalId === id)?.username, 'Cloud.Only');
    assert.equal(cloud.disabled, true);
    assert.equal(cloud.email, '');
    assert.equal(cloud.cardNumber, '');
    assert.deepEqual(cloud.otherEmails, ['c.o@example.net']);
    graph.deleteUser(id);
  });

  it('reads groups with nested groups and members split over several pages as one group each', async () => {
    const members = Array.from(
      { length: 23 },
      (_, i) => [graph.userId(i + 1), '#microsoft.graph.user'] as [string, '#microsoft.graph.user'],
    );
    const inner = graph.addGroup('Inner', [[graph.userId(24), '#microsoft.graph.user']]);
    const outer = graph.addGroup('Outer', [...members, [inner, '#microsoft.graph.group']]);
    const mark = graph.requests.length;
    // Page size 2: Outer's 24 members come as two entries (20 + 4) on different pages.
    const { items } = await collect(client({ pageSize: 2 }).groups());
    assert.ok(requestsSince(mark, 'groups/delta').length >= 2);
    assert.deepEqual(
      sortGroups(items),
      sortGroups([
        { ref: inner, name: 'Inner', memberRefs: [graph.userId(24)] },
        { ref: outer, name: 'Outer', memberRefs: [...members.map(([id]) => id), inner] },
      ]),
    );
    assert.deepEqual((await collect(client({ importGroups: false }).groups())).items, []);
    graph.deleteGroup(inner);
    graph.deleteGroup(outer);
  });

  it(
    'logs in with a certificate: an RS256 client assertion with the thumbprint of the registered certificate',
    { skip: skipUnless(!opensslMissing, 'openssl is not installed') },
    async () => {
      const registered = makeCertificate();
      const other = makeCertificate('not-registered');
      graph.registerCertificate(registered.certificatePem);
      const withCertificate = client({ clientSecret: '', ...registered });
      await withCertificate.check();
      assert.equal((await collect(withCertificate.users())).items.length, 25);
      const refused = await failure(client({ clientSecret: '', ...other }).check());
      assert.match(refused.message, /certificate is not uploaded to the app registration.*AADSTS700027/);
      assert.ok(!refused.message.includes('PRIVATE KEY'));
      const mismatched = await failure(
        client({
          clientSecret: '',
          certificatePem: registered.certificatePem,
          privateKeyPem: other.privateKeyPem,
        }).check(),
      );
      assert.match(mismatched.message, /private key .* does not belong to its certificate/);
    },
  );

  it('explains a wrong secret, an unknown tenant or client id, and never shows the secret', async () => {
    const wrongSecret = `${graph.credentials.clientSecret}-old`;
    const secret = await failure(client({ clientSecret: wrongSecret }).check());
    assert.match(secret.message, /the client secret is wrong or expired.*AADSTS7000215/);
    assert.ok(
      !secret.message.includes(wrongSecret) && !secret.message.includes(graph.credentials.clientSecret),
    );
    const usersFailure = await failure(collect(client({ clientSecret: wrongSecret }).users()));
    assert.ok(!usersFailure.message.includes(wrongSecret));
    assert.match(
      (await failure(client({ tenantId: 'fabrikam.example' }).check())).message,
      /tenant was not found.*AADSTS90002/,
    );
    assert.match(
      (await failure(client({ clientId: '11111111-2222-3333-4444-555555555555' }).check())).message,
      /no application with this client id.*AADSTS700016/,
    );
    assert.match(
      (await failure(client({ clientSecret: '' }).check())).message,
      /neither a client secret nor a certificate/,
    );
  });

  it('reuses its token until shortly before it expires', async () => {
    const c = client();
    const mark = graph.requests.length;
    await c.check();
    await collect(c.users());
    await c.check();
    assert.equal(requestsSince(mark, 'token').length, 1);
  });

  it('waits as long as Retry-After says when throttled, then reads the same page again', async () => {
    graph.clearFaults();
    graph.fault({ endpoint: 'users/delta', nth: 2, status: 429, retryAfter: 1, times: 1 });
    const mark = graph.requests.length;
    const { items } = await collect(client().users());
    assert.equal(items.length, 25);
    const reads = requestsSince(mark, 'users/delta');
    assert.deepEqual(
      reads.map((r) => r.status),
      [200, 429, 200, 200],
    );
    assert.equal(
      reads[2]!.query.get('$skiptoken'),
      reads[1]!.query.get('$skiptoken'),
      'the throttled page is asked for again',
    );
    assert.ok(reads[2]!.at - reads[1]!.at >= 950, `retried after ${reads[2]!.at - reads[1]!.at} ms`);
    graph.clearFaults();
  });

  it(
    'backs off exponentially when throttled without Retry-After, and gives up after 8 answers in a row',
    { timeout: 20_000 },
    async () => {
      graph.clearFaults();
      graph.fault({ endpoint: 'users/delta', nth: 1, status: 429 });
      const mark = graph.requests.length;
      const started = Date.now();
      const error = await failure(
        collect(createGraphClient(config(), { mirror: null, retryBaseMs: 10 }).users()),
      );
      graph.clearFaults();
      assert.match(
        error.message,
        /Microsoft Graph kept throttling reading users \(429 TooManyRequests.*gave up after 8 attempts in a row/,
      );
      const reads = requestsSince(mark, 'users/delta');
      assert.equal(reads.length, 8, 'a bounded number of attempts');
      const gaps = reads.slice(1).map((r, i) => r.at - reads[i]!.at);
      assert.ok(gaps[6]! >= 600, `the last wait was ${gaps[6]} ms (10 ms doubled six times is 640)`);
      assert.ok(gaps[6]! > gaps[0]! * 8, `waits grow: ${gaps.join(', ')} ms`);
      assert.ok(Date.now() - started < 10_000);
    },
  );

  it(
    'gives up after 8 throttled answers in a row even when Retry-After says 0',
    { timeout: 20_000 },
    async () => {
      graph.fault({ endpoint: 'users', nth: 1, status: 503, retryAfter: 0 });
      const mark = graph.requests.length;
      const error = await failure(client().check());
      graph.clearFaults();
      assert.match(
        error.message,
        /kept throttling reading users \(503 generalException.*gave up after 8 attempts/,
      );
      assert.equal(requestsSince(mark, 'users').length, 8);
    },
  );

  it('reads Retry-After as an HTTP-date', async () => {
    // Three seconds ahead, so that the 1 s back-off of an unread header could not pass for it.
    graph.fault({
      endpoint: 'users',
      nth: 1,
      status: 429,
      retryAfter: new Date(Date.now() + 3000).toUTCString(),
      times: 1,
    });
    const mark = graph.requests.length;
    await client().check();
    const reads = requestsSince(mark, 'users');
    assert.deepEqual(
      reads.map((r) => r.status),
      [429, 200],
    );
    assert.ok(
      reads[1]!.at - reads[0]!.at >= 1900,
      `waited ${reads[1]!.at - reads[0]!.at} ms for a date about 2-3 s ahead`,
    );
  });

  it('stops waiting for throttling at once when the client is closed', async () => {
    graph.fault({ endpoint: 'users', nth: 1, status: 429, retryAfter: 60 });
    const c = client();
    const mark = graph.requests.length;
    const checking = failure(c.check());
    try {
      while (requestsSince(mark, 'users').length === 0)
        await new Promise((resolve) => setTimeout(resolve, 10));
      // The server has seen the request; give its 429 time to reach the client, which then waits 60 s.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = Date.now();
      await c.close();
      assert.match((await checking).message, /closed while waiting/);
      assert.ok(Date.now() - started < 1000);
    } finally {
      // A fault left behind would throttle every later test.
      graph.clearFaults();
    }
  });

  it('refuses an answer larger than the limit without reading it all', async () => {
    graph.fault({
      endpoint: 'users',
      nth: 1,
      status: 200,
      body: `{"value":[${'{"id":"x"},'.repeat(20_000)}{"id":"y"}]}`,
      times: 1,
    });
    const error = await failure(
      createGraphClient(config(), { mirror: null, maxResponseBytes: 64 * 1024 }).check(),
    );
    graph.clearFaults();
    assert.match(error.message, /The response from Microsoft Graph \(reading users\) was larger than 64 KiB/);
  });

  it('names the missing permission when Graph answers 403', async () => {
    graph.setPermissions(['User.Read.All']);
    assert.match(
      (await failure(collect(client().groups()))).message,
      /application permission GroupMember\.Read\.All/,
    );
    graph.setPermissions([]);
    assert.match((await failure(client().check())).message, /application permission User\.Read\.All/);
    graph.setPermissions(['User.Read.All', 'GroupMember.Read.All']);
  });

  it('fails with a SourceError on server errors after retries, a malformed answer or a timeout', async () => {
    graph.fault({ endpoint: 'users/delta', nth: 2, status: 500 });
    assert.match(
      (await failure(collect(client().users()))).message,
      /Microsoft Graph failed reading users \(500 generalException/,
    );
    graph.clearFaults();
    graph.fault({ endpoint: 'users/delta', nth: 1, status: 200, body: '{"value": [', times: 1 });
    assert.match((await failure(collect(client().users()))).message, /not JSON/);
    graph.clearFaults();
    const slow: typeof fetch = (_input, init) =>
      new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    const timedOut = await failure(
      createGraphClient(config({ timeoutMs: 200 }), { mirror: null, fetch: slow }).check(),
    );
    assert.match(timedOut.message, /did not answer within 200 ms/);
  });

  it('does not verify passwords or change them: Entra users sign in with Microsoft', async () => {
    const c = client();
    assert.equal(c.canAuthenticate, false);
    assert.equal(c.canChangePassword, false);
    assert.deepEqual(await c.authenticate('user000001', 'anything'), { ok: false, reason: 'invalid' });
    await assert.rejects(c.changePassword('user000001', 'a', 'b'), SourceError);
  });
});
