/**
 * Sortable Admin Console lists: a column header's `?sort=<key>&dir=asc|desc` orders the Users list
 * (in the paged repository query), the API tokens and the User/Group Sync lists (in memory); a key
 * the route does not know is ignored, never a 500.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { customProgramKind } from '../../directory/custom-program/custom-program.kind.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';

const ADMIN_PASSWORD = 'admin-Passphrase-4821';
const EXAMPLES = fileURLToPath(new URL('../../../examples/custom-directory/', import.meta.url));
const ACTOR = { username: 'test', ip: '127.0.0.1' };
const UNKNOWN_KEYS = ['password_hash', 'constructor', '__proto__', 'toString', 'id;drop'];

const usernames = (body: string) =>
  [...body.matchAll(/<td><a href="\/admin\/users\/([^"]+)">/g)].map((m) => m[1]!);
const tokenNames = (body: string) =>
  [...body.matchAll(/<tr><td>([^<]+)<\/td><td>users:read/g)].map((m) => m[1]!);
const sourceNames = (body: string) =>
  [...body.matchAll(/<tr><td>([^<]+)<div class="cell-detail">/g)].map((m) => m[1]!);
const runSources = (body: string) =>
  [...body.matchAll(/<td>([^<]+)<\/td><td>Test run \(nothing changed\)<\/td>/g)].map((m) => m[1]!);

for (const kind of DATABASE_KINDS) {
  describe(
    `sortable Admin Console lists [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let admin: TestClient;

      before(async () => {
        t = await startTestApp({ kind });
        await t.createUser({ username: 'admin', password: ADMIN_PASSWORD, isAdmin: true });
        for (const [username, fullName] of [
          ['order-b', 'Zoe Zed'],
          ['order-a', 'Mia Mid'],
          ['order-c', 'Abe Alpha'],
        ])
          await t.createUser({ username: username!, password: ADMIN_PASSWORD, fullName });
        for (const name of ['middle', 'zulu', 'alpha']) {
          await t.app.services.apiTokens.create({ name, scopes: ['users:read'] }, ACTOR);
          // Creation times are kept to the millisecond: two tokens in one would have no order.
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        for (const name of ['Beta Directory', 'Alpha Directory']) {
          const source = await t.app.services.sources.add(
            customProgramKind,
            { name, program: path.join(EXAMPLES, 'users.sh') },
            ACTOR,
          );
          const report = await t.app.services.sync.run(source, { dryRun: true, actor: ACTOR });
          assert.equal(report.status, 'succeeded', report.message);
        }
        admin = t.client();
        assert.equal((await admin.signIn('admin', ADMIN_PASSWORD, 'admin')).status, 303);
      });
      after(() => t?.close());

      it('sorts the Users list by full name, descending, in the paged query', async () => {
        const page = await admin.get('/admin/users?q=order-&sort=full_name&dir=desc');
        assert.equal(page.status, 200);
        assert.deepEqual(usernames(page.body), ['order-b', 'order-a', 'order-c']);
        assert.match(
          page.body,
          /<th scope="col" aria-sort="descending"><a href="[^"]*sort=full_name&amp;dir=asc">/,
        );
        assert.match(page.body, /aria-label="sorted descending">▼</);
        const ascending = await admin.get('/admin/users?q=order-&sort=full_name&dir=asc');
        assert.deepEqual(usernames(ascending.body), ['order-c', 'order-a', 'order-b']);
      });

      it('sorts the API tokens by name both ways; oldest first by default', async () => {
        const page = '/admin/options/web-services';
        assert.deepEqual(tokenNames((await admin.get(page)).body), ['middle', 'zulu', 'alpha']);
        assert.deepEqual(tokenNames((await admin.get(`${page}?sort=name&dir=desc`)).body), [
          'zulu',
          'middle',
          'alpha',
        ]);
        assert.deepEqual(tokenNames((await admin.get(`${page}?sort=name&dir=asc`)).body), [
          'alpha',
          'middle',
          'zulu',
        ]);
      });

      it('sorts the sources and the recent runs of User/Group Sync, one list at a time', async () => {
        const defaults = await admin.get('/admin/sources');
        assert.deepEqual(sourceNames(defaults.body), ['Beta Directory', 'Alpha Directory'], 'primary first');
        assert.deepEqual(runSources(defaults.body), ['Alpha Directory', 'Beta Directory'], 'newest first');
        const byName = await admin.get('/admin/sources?sort=name&dir=asc');
        assert.deepEqual(sourceNames(byName.body), ['Alpha Directory', 'Beta Directory']);
        assert.deepEqual(
          runSources(byName.body),
          ['Alpha Directory', 'Beta Directory'],
          'runs keep their order',
        );
        const runsBySource = await admin.get('/admin/sources?sort=source&dir=desc');
        assert.deepEqual(runSources(runsBySource.body), ['Beta Directory', 'Alpha Directory']);
        assert.deepEqual(sourceNames(runsBySource.body), ['Beta Directory', 'Alpha Directory']);
      });

      it('ignores a sort key it does not know, a prototype name included, and shows the default order', async () => {
        for (const key of UNKNOWN_KEYS) {
          const query = `sort=${encodeURIComponent(key)}&dir=desc`;
          const users = await admin.get(`/admin/users?q=order-&${query}`);
          assert.equal(users.status, 200, key);
          assert.deepEqual(usernames(users.body), ['order-a', 'order-b', 'order-c'], key);
          const tokens = await admin.get(`/admin/options/web-services?${query}`);
          assert.equal(tokens.status, 200, key);
          assert.deepEqual(tokenNames(tokens.body), ['middle', 'zulu', 'alpha'], key);
          const sources = await admin.get(`/admin/sources?${query}`);
          assert.equal(sources.status, 200, key);
          assert.deepEqual(sourceNames(sources.body), ['Beta Directory', 'Alpha Directory'], key);
        }
      });
    },
  );
}
