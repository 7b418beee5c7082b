/**
 * The Google Workspace client against a local Directory API server that checks service-account
 * JWTs as Google does: paging, username options, suspended users, nested groups, and each way the
 * credentials or the API can fail — always a SourceError that names the problem and never quotes
 * the key.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SourceError } from '../../errors.js';
import {
  googleUser,
  startGoogleDirectoryServer,
  type GoogleDirectoryServer,
} from '../../test-support/google-directory-server.js';
import type { DirectoryClient, DirectoryGroup, DirectoryUser } from '../directory.port.js';
import { createGoogleClient } from './google.client.js';
import { googleConfig, type GoogleSourceConfig } from './google.config.js';

const ADMIN = 'admin@example.org';

async function all<T>(pages: AsyncIterable<T[]>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let count = 0;
  for await (const page of pages) {
    items.push(...page);
    count++;
  }
  return { items, pages: count };
}

async function sourceError(promise: Promise<unknown>): Promise<SourceError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SourceError, `expected a SourceError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a SourceError');
}

describe('Google Workspace directory client', () => {
  let google: GoogleDirectoryServer;
  const client = (overrides: Partial<GoogleSourceConfig> = {}): DirectoryClient =>
    createGoogleClient(
      googleConfig({
        serviceAccountKey: google.serviceAccountKey(),
        adminEmail: ADMIN,
        apiUrl: google.url,
        pageSize: 3,
        timeoutMs: 5000,
        ...overrides,
      }),
      { retryBaseMs: 50 },
    );
  const privateKeyBody = () =>
    (JSON.parse(google.serviceAccountKey()) as { private_key: string }).private_key.split('\n')[1]!;

  before(async () => {
    google = await startGoogleDirectoryServer({ admins: [ADMIN] });
  });
  after(async () => google?.close());
  beforeEach(() => {
    google.clearFaults();
    google.users = [
      googleUser({
        id: '1003',
        primaryEmail: 'carol@example.org',
        fullName: 'Carol Cooper',
        suspended: true,
      }),
      googleUser({
        id: '1001',
        primaryEmail: 'alice@example.org',
        fullName: 'Alice Archer',
        department: 'Finance',
        buildingId: 'HQ-2',
        cardNumber: '40017',
        aliases: ['a.archer@example.org'],
      }),
      googleUser({ id: '1002', primaryEmail: 'bob@example.org', fullName: 'Bob Baker' }),
      googleUser({ id: '1004', primaryEmail: 'dave@example.org', fullName: 'Dave Dunn', archived: true }),
      googleUser({ id: '1005', primaryEmail: 'erin@example.org', fullName: 'Erin Evans' }),
      googleUser({ id: '1006', primaryEmail: 'frank@branch.example.org', fullName: 'Frank Foster' }),
      googleUser({ id: '1007', primaryEmail: 'grace@example.org', fullName: 'Grace Green' }),
    ];
    google.groups = [
      {
        id: 'g-staff',
        email: 'staff@example.org',
        name: 'Staff',
        members: [
          { id: '1001', email: 'alice@example.org', type: 'USER' },
          { id: 'g-finance', email: 'finance@example.org', type: 'GROUP' },
          { id: 'C01quire', email: '', type: 'CUSTOMER' },
        ],
      },
      {
        id: 'g-finance',
        email: 'finance@example.org',
        name: 'Finance',
        members: [{ id: '1002', email: 'bob@example.org', type: 'USER' }],
      },
    ];
    // Enough members to need a second page of members (200 per page).
    for (let i = 0; i < 205; i++)
      google.groups[1]!.members.push({ id: `x${i}`, email: `x${i}@example.org`, type: 'USER' });
  });

  it('reads every user page by page, following nextPageToken, ordered by email', async () => {
    const start = google.requests.length;
    const { items, pages } = await all(client().users());
    assert.equal(pages, 3, '7 users in pages of 3');
    assert.deepEqual(
      items.map((u) => u.username),
      ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace'],
    );
    const userRequests = google.requests.slice(start).filter((r) => r.path === '/users');
    assert.equal(userRequests.length, 3);
    assert.equal(userRequests[0]!.query.maxResults, '3');
    assert.equal(userRequests[0]!.query.projection, 'full');
    assert.equal(userRequests[0]!.query.customer, 'my_customer');
    assert.equal(userRequests[0]!.query.pageToken, undefined);
    assert.ok(userRequests[1]!.query.pageToken, 'the second page is asked for with the token of the first');
  });

  it('maps Google fields: immutable id, name, aliases, department, building, card number', async () => {
    const { items } = await all(client().users());
    const alice = items.find((u) => u.username === 'alice')!;
    assert.deepEqual<Partial<DirectoryUser>>(
      {
        externalId: alice.externalId,
        ref: alice.ref,
        fullName: alice.fullName,
        email: alice.email,
        otherEmails: alice.otherEmails,
        department: alice.department,
        office: alice.office,
        cardNumber: alice.cardNumber,
        disabled: alice.disabled,
      },
      {
        externalId: '1001',
        ref: '1001',
        fullName: 'Alice Archer',
        email: 'alice@example.org',
        otherEmails: ['a.archer@example.org'],
        department: 'Finance',
        office: 'HQ-2',
        cardNumber: '40017',
        disabled: false,
      },
    );
  });

  it('marks suspended and archived users disabled', async () => {
    const { items } = await all(client().users());
    const disabled = items.filter((u) => u.disabled).map((u) => u.username);
    assert.deepEqual(disabled, ['carol', 'dave']);
  });

  it('reads only one domain when set, the username being the local part of the primary email', async () => {
    const { items } = await all(client({ domain: 'branch.example.org' }).users());
    assert.deepEqual(
      items.map((u) => u.username),
      ['frank'],
    );
    assert.equal(google.requests.at(-1)!.query.domain, 'branch.example.org');
    assert.equal(google.requests.at(-1)!.query.customer, undefined);
  });

  it('lists groups with their direct members by id: users and nested groups, across member pages', async () => {
    const { items } = await all(client().groups());
    const byName = new Map(items.map((g) => [g.name, g] as [string, DirectoryGroup]));
    assert.deepEqual(byName.get('Staff'), {
      ref: 'g-staff',
      name: 'Staff',
      memberRefs: ['1001', 'g-finance'],
    });
    const finance = byName.get('Finance')!;
    assert.equal(finance.memberRefs.length, 206);
    assert.equal(finance.memberRefs[0], '1002');
    assert.ok(
      google.requests.some((r) => r.path === '/groups/g-finance/members' && r.query.pageToken),
      'the second page of members was read',
    );
  });

  it('reads no groups when groups are not imported', async () => {
    assert.deepEqual((await all(client({ importGroups: false }).groups())).items, []);
  });

  it('keeps the access token between requests until it nears expiry', async () => {
    const before = google.tokenRequests;
    const c = client();
    await c.check();
    await all(c.users());
    assert.equal(google.tokenRequests - before, 1);
  });

  it('checks with one user and refuses every password (users sign in with Google)', async () => {
    const c = client();
    await c.check();
    assert.equal(google.requests.at(-1)!.query.maxResults, '1');
    assert.equal(c.canAuthenticate, false);
    assert.equal(c.canChangePassword, false);
    assert.deepEqual(await c.authenticate('alice', 'anything'), { ok: false, reason: 'invalid' });
  });

  describe('credentials', () => {
    it('says the key is not a service account key when it is not JSON, without quoting it', async () => {
      const error = await sourceError(client({ serviceAccountKey: 'not json at all' }).check());
      assert.match(error.message, /not JSON/);
    });

    it('says which fields a key without them lacks', async () => {
      const error = await sourceError(
        client({
          serviceAccountKey: JSON.stringify({ type: 'service_account', client_email: 'x@y' }),
        }).check(),
      );
      assert.match(error.message, /lacks private_key, token_uri/);
    });

    it('names a private key that cannot be read', async () => {
      const key = JSON.parse(google.serviceAccountKey()) as Record<string, string>;
      key.private_key = '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n';
      const error = await sourceError(client({ serviceAccountKey: JSON.stringify(key) }).check());
      assert.match(error.message, /private key .* cannot be read/);
    });

    it('says the key is not one of the service account’s keys when Google refuses the signature', async () => {
      const other = google.createServiceAccount();
      const key = JSON.parse(google.serviceAccountKey()) as Record<string, string>;
      key.private_key = (JSON.parse(other.keyJson) as { private_key: string }).private_key;
      const error = await sourceError(client({ serviceAccountKey: JSON.stringify(key) }).check());
      assert.match(error.message, /refused the signature/);
      assert.ok(!error.message.includes(privateKeyBody()));
    });

    it('explains missing domain-wide delegation (unauthorized_client), naming the client id and scopes', async () => {
      const undelegated = google.createServiceAccount({ delegated: false });
      const error = await sourceError(client({ serviceAccountKey: undelegated.keyJson }).check());
      assert.match(error.message, /domain-wide delegation is not set up for this client id/);
      assert.ok(error.message.includes(undelegated.clientId));
      assert.match(error.message, /admin\.directory\.group\.member\.readonly/);
      assert.ok(
        !error.message.includes(
          (JSON.parse(undelegated.keyJson) as { private_key: string }).private_key.split('\n')[1]!,
        ),
      );
    });

    it('names the administrator email when Google refuses to impersonate it (invalid_grant)', async () => {
      const error = await sourceError(client({ adminEmail: 'nobody@example.org' }).check());
      assert.match(error.message, /act as nobody@example\.org/);
      assert.match(error.message, /clock/);
    });

    it('says the service account is unknown (invalid_client)', async () => {
      const key = JSON.parse(google.serviceAccountKey()) as Record<string, string>;
      key.client_email = 'deleted@quire-test.iam.gserviceaccount.com';
      const error = await sourceError(client({ serviceAccountKey: JSON.stringify(key) }).check());
      assert.match(error.message, /does not accept the service account deleted@/);
    });
  });

  describe('failures of the API', () => {
    it('waits for Retry-After on 429 and asks for the same page again', async () => {
      const c = client();
      await c.check();
      const start = google.requests.length;
      google.injectFault({ on: 'request', n: google.apiRequests + 2, status: 429, retryAfter: 1 });
      const { items } = await all(c.users());
      assert.equal(items.length, 7, 'nothing lost, nothing repeated');
      const users = google.requests.slice(start).filter((r) => r.path === '/users');
      assert.equal(users.length, 4, 'three pages and one retry');
      assert.equal(users[1]!.query.pageToken, users[2]!.query.pageToken, 'the retry asks for the same page');
      assert.ok(
        users[2]!.at - users[1]!.at >= 950,
        `waited ${users[2]!.at - users[1]!.at} ms for Retry-After: 1`,
      );
    });

    it(
      'backs off when throttled without Retry-After and stops after 5 attempts',
      { timeout: 20_000 },
      async () => {
        google.injectFault({ on: 'all', status: 429 });
        const start = google.requests.length;
        const error = await sourceError(client().check());
        google.clearFaults();
        assert.match(error.message, /kept throttling on the user list after 5 attempts/);
        const tries = google.requests.slice(start);
        assert.equal(tries.length, 5);
        const gaps = tries.slice(1).map((r, i) => r.at - tries[i]!.at);
        assert.ok(gaps[3]! >= 380, `the last wait was ${gaps[3]} ms (50 ms doubled three times is 400)`);
      },
    );

    it('stops waiting to retry at once when the client is closed', async () => {
      google.injectFault({ on: 'all', status: 503, retryAfter: 60 });
      const c = client();
      const start = google.requests.length;
      const checking = sourceError(c.check());
      while (google.requests.length === start) await new Promise((resolve) => setTimeout(resolve, 10));
      // The server counts the request before the client has read its answer: give the client time
      // to read the 503 and start its 60 s wait (under load it was still reading at 45 ms).
      await new Promise((resolve) => setTimeout(resolve, 300));
      const closedAt = Date.now();
      await c.close();
      assert.match((await checking).message, /closed while waiting to retry/);
      assert.ok(Date.now() - closedAt < 1000);
      google.clearFaults();
    });

    it('refuses an answer larger than the limit', async () => {
      const saved = google.users;
      google.users = [
        googleUser({ id: '9001', primaryEmail: 'big@example.org', fullName: 'B'.repeat(100_000) }),
      ];
      try {
        const c = createGoogleClient(
          googleConfig({
            serviceAccountKey: google.serviceAccountKey(),
            adminEmail: ADMIN,
            apiUrl: google.url,
            timeoutMs: 5000,
          }),
          { maxResponseBytes: 64 * 1024 },
        );
        const error = await sourceError(all(c.users()));
        assert.match(
          error.message,
          /The response from Google Workspace \(the user list \(page 1\)\) was larger than 64 KiB/,
        );
      } finally {
        google.users = saved;
      }
    });

    it('treats 403 rateLimitExceeded as throttling', async () => {
      const c = client();
      await c.check();
      google.injectFault({
        on: 'request',
        n: google.apiRequests + 1,
        status: 403,
        reason: 'rateLimitExceeded',
        message: 'Rate Limit Exceeded',
        retryAfter: 0,
      });
      assert.equal((await all(c.users())).items.length, 7);
    });

    it('fails with a SourceError when a page keeps failing with 5xx in the middle of paging', async () => {
      google.injectFault({ on: 'page', list: 'users', page: 2, status: 500 });
      const seen: string[] = [];
      const error = await sourceError(
        (async () => {
          for await (const page of client().users()) seen.push(...page.map((u) => u.username));
        })(),
      );
      assert.match(error.message, /kept failing \(HTTP 500\) on the user list \(page 2\) after 5 attempts/);
      assert.deepEqual(seen, ['alice', 'bob', 'carol'], 'only the first page was yielded before the failure');
    });

    it('says the Admin SDK API is not enabled', async () => {
      google.injectFault({
        on: 'all',
        status: 403,
        reason: 'accessNotConfigured',
        message: 'Admin SDK API has not been used in project 123 before or it is disabled.',
      });
      const error = await sourceError(client().check());
      assert.match(error.message, /The Admin SDK API is not enabled/);
    });

    it('says the administrator lacks the privilege on 403 forbidden', async () => {
      google.injectFault({ on: 'all', status: 403 });
      const error = await sourceError(client().check());
      assert.match(error.message, /admin@example\.org lacks the privilege to read users/);
    });

    it('renews a refused token once, then reports the 401', async () => {
      const c = client();
      await c.check();
      const tokensBefore = google.tokenRequests;
      google.injectFault({ on: 'all', status: 401 });
      const error = await sourceError(c.check());
      assert.match(error.message, /refused the access token/);
      assert.equal(google.tokenRequests - tokensBefore, 1, 'one new token was tried');
    });

    it('reports an unreachable API as a SourceError', async () => {
      const error = await sourceError(client({ apiUrl: 'http://127.0.0.1:9' }).check());
      assert.match(error.message, /could not be reached/);
    });

    it('reports an unknown customer id', async () => {
      const error = await sourceError(client({ customer: 'C0nope' }).check());
      assert.match(error.message, /check the customer id \("C0nope"\)/);
    });
  });
});
