import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import {
  startTestApp,
  type TestApp,
  type TestClient,
  type TestResponse,
} from '../../test-support/harness.js';

const ADMIN_PASSWORD = 'admin-Passphrase-4821';
const PAGE = '/admin/options/web-services';

for (const kind of DATABASE_KINDS)
  describe(
    `Admin Console → Options → Web services [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let now = new Date('2027-03-10T23:30:00.000Z');
      let admin: TestClient;
      const seen: TestResponse[] = [];
      const get = async (url: string) => {
        const response = await admin.get(url);
        seen.push(response);
        return response;
      };
      const post = async (url: string, form: Record<string, string>) => {
        const response = await admin.post(url, form);
        seen.push(response);
        return response;
      };
      const tokenOf = (body: string) => /<code id="new-token">([^<]+)<\/code>/.exec(body)?.[1];

      before(async () => {
        t = await startTestApp({ kind, ports: { clock: { now: () => now } } });
        await t.app.services.settings.update({ timeZone: 'UTC' });
        await t.createUser({ username: 'admin', password: ADMIN_PASSWORD, isAdmin: true });
        admin = t.client();
        assert.equal((await admin.signIn('admin', ADMIN_PASSWORD, 'admin')).status, 303);
      });
      after(() => t?.close());

      it('is linked from the Options page as its Web services tab, with accessible forms', async () => {
        const options = await get('/admin/options');
        assert.match(options.body, /<a href="\/admin\/options\/web-services">Web services<\/a>/);
        const page = await get(PAGE);
        assert.equal(page.status, 200);
        assert.match(
          page.body,
          /<a href="\/admin\/options\/web-services" aria-current="page">Web services<\/a>/,
        );
        assert.match(page.body, /<h1>Web services<\/h1>/);
        assert.match(page.body, /No API tokens yet\./);
        assert.match(page.body, /<fieldset id="field-scopes"[^>]*><legend>Scopes<\/legend>/);
        for (const box of page.body.match(/<input id="field-scope-[^>]*>/g) ?? [])
          assert.doesNotMatch(box, /checked/, 'no scope is ticked until the administrator ticks it');
        assert.match(
          page.body,
          /<input id="field-scope-xmlrpc" type="checkbox" name="scope:xmlrpc" value="on"/,
        );
        assert.match(page.body, /<label for="field-expires">Expires<\/label>/);
        assert.match(
          page.body,
          /<input id="field-expires"[^>]*type="date"|<input[^>]*type="date"[^>]*id="field-expires"/,
        );
        assert.match(page.body, /<label for="field-scope-users-read">/);
        assert.match(page.body, /<label for="field-name">Token name<\/label>/);
        assert.match(
          page.body,
          /<textarea id="field-webServicesAllowedAddresses"[^>]*>127\.0\.0\.1, ::1<\/textarea>/,
        );
      });

      it('creates a token and shows it once, not stored, in a no-store response; the list never shows it', async () => {
        await get(PAGE);
        const created = await post(`${PAGE}/tokens`, {
          name: 'provisioning',
          'scope:users:read': 'on',
          'scope:users:write': 'on',
        });
        assert.equal(created.status, 200);
        assert.equal(created.headers['cache-control'], 'no-store');
        assert.match(created.body, /will not be shown again/);
        const token = tokenOf(created.body);
        assert.match(token ?? '', /^quire_[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}$/);
        const caller = await t.app.services.apiTokens.authenticate(token, {
          scope: 'users:write',
          ip: '192.0.2.1',
        });
        assert.equal(caller.name, 'provisioning');
        assert.deepEqual(caller.scopes, ['users:read', 'users:write'], 'exactly the ticked scopes');

        const page = await get(PAGE);
        assert.match(page.body, /<td>provisioning<\/td><td>users:read, users:write<\/td>/);
        assert.match(page.body, /by admin/);
        assert.match(page.body, /from 192\.0\.2\.1/);
        assert.equal(tokenOf(page.body), undefined);
        assert.ok(!page.body.includes(token!.split('.')[1]!), 'the secret is on the create response only');
        const [entry] = await t.app.services.audit.list({ action: 'api_token.create' });
        assert.equal(entry?.actor, 'admin');
      });

      it('refuses a taken name or no scope with 400, keeping what was typed', async () => {
        await get(PAGE);
        const taken = await post(`${PAGE}/tokens`, { name: 'provisioning', 'scope:audit:read': 'on' });
        assert.equal(taken.status, 400);
        assert.match(taken.body, /There is a problem/);
        assert.match(taken.body, /already a token named &quot;provisioning&quot;/);
        assert.match(taken.body, /name="scope:audit:read" value="on" checked/);
        assert.equal(tokenOf(taken.body), undefined);
        const none = await post(`${PAGE}/tokens`, { name: 'nothing' });
        assert.equal(none.status, 400);
        assert.match(
          none.body,
          /<p class="field-error" id="field-scopes-error">Choose at least one scope\.<\/p>/,
        );
      });

      it('gives a token with one box ticked that scope alone, and an expiry date when one is typed', async () => {
        await get(PAGE);
        const created = await admin.post(`${PAGE}/tokens`, {
          name: 'reader',
          'scope:users:read': 'on',
          expires: '2027-03-12',
        });
        assert.equal(created.status, 200);
        const reader = (await t.app.services.apiTokens.list()).find((token) => token.name === 'reader');
        assert.deepEqual(reader?.scopes, ['users:read']);
        assert.equal(reader?.expiresAt, '2027-03-13T00:00:00.000Z', 'the end of the last day');
        assert.match(
          (await get(PAGE)).body,
          /<td>reader<\/td><td>users:read<\/td>.*?<time datetime="2027-03-13T00:00:00.000Z"/,
        );
      });

      it('refuses an expiry date that is not a date or has passed with 400, keeping what was typed', async () => {
        await get(PAGE);
        for (const expires of ['2027-02-30', '2027-03-01']) {
          const bad = await post(`${PAGE}/tokens`, { name: 'late', 'scope:audit:read': 'on', expires });
          assert.equal(bad.status, 400, expires);
          assert.match(bad.body, /<p[^>]*id="field-expires-error"[^>]*>/);
          assert.match(bad.body, new RegExp(`value="${expires}"`));
          assert.match(bad.body, /name="scope:audit:read" value="on" checked/);
        }
        assert.ok(!(await t.app.services.apiTokens.list()).some((token) => token.name === 'late'));
      });

      it('revokes a token only from its confirmation page, after which it no longer authenticates', async () => {
        const { token, row } = await t.app.services.apiTokens.create(
          { name: 'old script', scopes: ['xmlrpc'] },
          { username: 'test', ip: '' },
        );
        const page = await get(PAGE);
        assert.match(
          page.body,
          new RegExp(
            `<a class="button button-secondary" href="/admin/options/web-services/tokens/${row.id}/revoke" aria-label="Revoke old script">Revoke</a>`,
          ),
        );
        assert.doesNotMatch(
          page.body,
          /<form method="post" action="[^"]*\/revoke"/,
          'the list revokes nothing',
        );
        const confirm = await get(`${PAGE}/tokens/${row.id}/revoke`);
        assert.equal(confirm.status, 200);
        assert.match(confirm.body, /<h1>Revoke the token old script\?<\/h1>/);
        assert.match(confirm.body, /It may: xmlrpc\./);
        assert.match(
          confirm.body,
          new RegExp(
            `<form method="post" action="/admin/options/web-services/tokens/${row.id}/revoke" class="actions"><input type="hidden" name="_csrf"`,
          ),
        );
        assert.match(confirm.body, /<a href="\/admin\/options\/web-services">Cancel, keep the token<\/a>/);
        assert.equal(
          (await t.app.services.apiTokens.list()).find((x) => x.id === row.id)?.status,
          'active',
          'looking revokes nothing',
        );
        const revoked = await post(`${PAGE}/tokens/${row.id}/revoke`, {});
        assert.equal(revoked.status, 303);
        assert.equal(revoked.headers.location, `${PAGE}?done=revoked`);
        assert.match((await get(`${PAGE}?done=revoked`)).body, /The token was revoked\./);
        await assert.rejects(
          t.app.services.apiTokens.authenticate(token, { scope: 'xmlrpc', ip: '127.0.0.1' }),
          /not valid/,
        );
        assert.match((await get(PAGE)).body, /<td>old script<\/td>.*?Revoked <time/);
        assert.equal((await post(`${PAGE}/tokens/no-such-id/revoke`, {})).status, 404);
        assert.equal((await get(`${PAGE}/tokens/no-such-id/revoke`)).status, 404);
        assert.match((await get(`${PAGE}/tokens/${row.id}/revoke`)).body, /already revoked/);
      });

      it('saves the allowed addresses, and refuses an invalid entry with 400 naming it', async () => {
        await get(PAGE);
        const bad = await post(PAGE, { webServicesAllowedAddresses: '127.0.0.1\n10.0.0.0/33' });
        assert.equal(bad.status, 400);
        assert.match(bad.body, /&quot;10\.0\.0\.0\/33&quot; is not an IP address/);
        assert.match(bad.body, /aria-invalid="true"[^>]*>127\.0\.0\.1\n10\.0\.0\.0\/33<\/textarea>/);
        assert.equal(
          (await t.app.services.settings.get()).webServicesAllowedAddresses,
          '127.0.0.1, ::1',
          'nothing was saved',
        );

        const saved = await post(PAGE, { webServicesAllowedAddresses: '127.0.0.1\n::1, 192.168.0.0/16' });
        assert.equal(saved.status, 303);
        assert.match(
          (await get(`${PAGE}?done=saved`)).body,
          />127\.0\.0\.1, ::1, 192\.168\.0\.0\/16<\/textarea>/,
        );
        const [entry] = await t.app.services.audit.list({ action: 'web_services.settings.update' });
        assert.match(entry?.details ?? '', /192\.168\.0\.0\/16/);
      });

      it('shows a token in no response but the one that created it', () => {
        const withToken = seen.filter((response) => /quire_[A-Za-z0-9_-]{16}\./.test(response.body));
        assert.equal(withToken.length, 1);
        assert.ok(tokenOf(withToken[0]!.body));
      });

      it('requires the CSRF token on every form', async () => {
        await get(PAGE);
        const row = (await t.app.services.apiTokens.list()).find((token) => token.name === 'provisioning');
        for (const [url, form] of [
          [`${PAGE}/tokens`, { name: 'forged', 'scope:xmlrpc': 'on' }],
          [`${PAGE}/tokens/${row!.id}/revoke`, {}],
          [PAGE, { webServicesAllowedAddresses: '*' }],
        ] as const) {
          const response = await admin.post(url, { ...form, _csrf: 'forged-token' });
          assert.equal(response.status, 403, url);
          assert.match(response.body, /This form has expired/);
        }
        assert.equal(
          (await t.app.services.apiTokens.list()).some((token) => token.name === 'forged'),
          false,
        );
        assert.equal(
          (await t.app.services.apiTokens.list()).find((token) => token.name === 'provisioning')?.status,
          'active',
        );
        assert.equal(
          (await t.app.services.settings.get()).webServicesAllowedAddresses,
          '127.0.0.1, ::1, 192.168.0.0/16',
        );
      });

      it('shows a token past its expiry as Expired, without a Revoke button', async () => {
        const { row } = await t.app.services.apiTokens.create(
          { name: 'short', scopes: ['users:read'], expires: '2027-03-10' },
          { username: 'test', ip: '' },
        );
        now = new Date('2027-03-11T00:00:00.000Z'); // half an hour later: 10 March is over
        const page = await get(PAGE);
        assert.match(page.body, /<td>short<\/td>.*?Expired <time datetime="2027-03-11T00:00:00.000Z"/);
        assert.doesNotMatch(
          page.body,
          new RegExp(`tokens/${row.id}/revoke`),
          'an expired token is already refused',
        );
      });
    },
  );
