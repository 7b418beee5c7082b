/**
 * Every state-changing route the server registers, reached as a forged cross-site form would reach
 * it: hostile Origin, the victim's session cookie, no CSRF token; as registered, with its first
 * letter percent-encoded (the router decodes it) and double-encoded (the router does not, so the
 * request is unmatched). The list comes from the server itself, so a new route is covered too.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../test-support/harness.js';
import { registeredRoutes } from '../http/server.js';

const PASSWORD = 'lantern-orchid-93';
const HOSTILE = 'https://evil.example';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Token-authenticated endpoints refuse a caller without a token themselves (401, or a fault). */
const TOKEN_AUTHENTICATED = /^\/(api|rpc)\//;
/** Routes that take cross-site posts by design, each authenticated another way. */
const CROSS_SITE_BY_DESIGN = new Map([
  ['/auth/saml/:slug/acs', 'the provider posts a signed response'],
  // A form can only post types a page may send without a preflight; the queue refuses them (415).
  ['/printers/*', 'IPP clients post application/ipp, which no cross-site form can send'],
]);
/** Tables a refused request may write to: the audit trail and throttling of refused API calls. */
const BOOKKEEPING = new Set(['audit_log', 'throttle', 'server_instances']);

const PARAMS = new Map([
  ['username', 'victim'],
  ['id', '1'],
  ['token', 'a'.repeat(43)],
  ['slug', 'corp'],
]);

function fill(url: string): string {
  return url.replace(/:(\w+)/g, (_all, name: string) => PARAMS.get(name) ?? 'x');
}

/** `/user/logout` → `/%75ser/logout`; twice → `/%2575ser/logout`. */
function encodeFirst(path: string, times: 1 | 2): string {
  const hex = `%${path.charCodeAt(1).toString(16).toUpperCase()}`;
  return `/${times === 1 ? hex : hex.replace('%', '%25')}${path.slice(2)}`;
}

for (const kind of DATABASE_KINDS) {
  describe(
    `CSRF on every state-changing route [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let victim: TestClient;

      before(async () => {
        t = await startTestApp({ kind });
        await t.createUser({ username: 'root', password: PASSWORD, isAdmin: true });
        await t.createUser({ username: 'victim', password: PASSWORD });
        victim = t.client();
        assert.equal((await victim.signIn('root', PASSWORD, 'admin')).status, 303);
      });
      after(async () => t.close());

      async function snapshot(): Promise<string> {
        const tables = (await t.app.database.db.introspection.getTables())
          .map((table) => table.name)
          .filter((name) => !BOOKKEEPING.has(name) && !name.startsWith('kysely_'));
        const rows: Record<string, unknown[]> = {};
        for (const name of tables.sort()) {
          const all = (await t.app.database.db
            .selectFrom(name as 'users')
            .selectAll()
            .execute()) as Record<string, unknown>[];
          rows[name] = all.map((row) => JSON.stringify(row, Object.keys(row).sort())).sort();
        }
        return JSON.stringify(rows);
      }

      async function forge(method: string, url: string) {
        const cookie = [...victim.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
        const response = await t.server.inject({
          method: method as 'POST',
          url,
          payload: new URLSearchParams({
            username: 'victim',
            password: 'forged-Passw0rd-1',
            newPassword: 'forged-Passw0rd-1',
            confirmPassword: 'forged-Passw0rd-1',
            name: 'forged',
            email: 'forged@evil.example',
          }).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: HOSTILE, cookie },
        });
        return { status: response.statusCode, body: response.body };
      }

      it('refuses a forged request to every state-changing route, plain, encoded and double-encoded, and changes nothing', async () => {
        const routes = registeredRoutes(t.server).filter((route) => !SAFE_METHODS.has(route.method));
        assert.ok(
          routes.filter((route) => route.method === 'POST').length >= 40,
          `only ${routes.length} routes were collected`,
        );
        assert.ok(routes.some((route) => route.url === '/user/logout'));
        const before = await snapshot();
        const failures: string[] = [];
        for (const route of routes) {
          const path = fill(route.url);
          for (const [form, url] of [
            ['plain', path],
            ['encoded', encodeFirst(path, 1)],
            ['double-encoded', encodeFirst(path, 2)],
          ] as const) {
            const { status, body } = await forge(route.method, url);
            // Only the plain and encoded forms reach the route; the double-encoded one is unmatched.
            const reached = form !== 'double-encoded';
            const expected =
              reached && TOKEN_AUTHENTICATED.test(route.url)
                ? 'refused by the endpoint'
                : reached && CROSS_SITE_BY_DESIGN.has(route.url)
                  ? 'refused by the endpoint'
                  : 403;
            const refused = expected === 403 ? status === 403 : status >= 400 || /<fault>/.test(body);
            if (!refused) failures.push(`${route.method} ${url} (${form}): ${status}, expected ${expected}`);
          }
        }
        assert.deepEqual(failures, []);
        assert.equal(await snapshot(), before, 'no forged request changed anything');
        assert.equal((await victim.get('/user/change-details')).status, 200, 'the victim is still logged in');
      });

      it('still accepts the same forms from this site with the token, encoded path or not', async () => {
        const browser = t.client();
        await browser.signIn('victim', PASSWORD);
        await browser.get('/user/change-details');
        assert.equal((await browser.post('/%75ser/logout', {})).status, 303);
        assert.equal((await browser.get('/user/change-details')).status, 401, 'signed out');
      });
    },
  );
}
