import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { createApp, type App } from '../app.js';
import { loadConfig } from '../config.js';
import { sha256 } from '../ports.js';
import { DATABASE_KINDS, freshDatabaseUrl, postgresSkip } from '../test-support/databases.js';
import { TEST_ORIGIN, TestClient, type TestResponse } from '../test-support/harness.js';
import { startSmtpServer, type TestSmtpServer } from '../test-support/smtp.js';
import { buildServer } from '../http/server.js';
import { RESET_LIMITS } from './password-reset.service.js';
import { customProgramKind } from '../directory/custom-program/custom-program.kind.js';

const EXAMPLES = new URL('../../examples/custom-directory/', import.meta.url).pathname;
const HELP_TEXT = 'Contact the IT Service Desk, ext. 4357';
const PASSWORD = 'lantern-orchid-93';
const NEW_PASSWORD = 'harbour-violet-Pepper-42';
const ACTOR = { username: 'test', ip: '127.0.0.1' };
const LINK = /http:\/\/localhost:9191\/user\/reset-password\/([A-Za-z0-9_-]{43})/;
// Long enough for a message that was going to be sent to arrive over loopback.
const QUIET_MS = 400;

for (const kind of DATABASE_KINDS) {
  describe(
    `forgotten password by email [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let smtp: TestSmtpServer;
      let fresh: { url: string; dispose(): Promise<void> };
      let app: App;
      let server: FastifyInstance;
      let now = new Date('2026-03-01T09:00:00Z');
      const logged: string[] = [];

      const client = () => new TestClient(server);
      const mailTo = (address: string) => smtp.messages.filter((m) => m.to.includes(address));
      const resetMailTo = (address: string) => mailTo(address).filter((m) => m.subject.startsWith('Reset'));

      /** Asks for a reset as a fresh browser would: opens the form, then posts it. */
      async function ask(identifier: string): Promise<TestResponse> {
        const browser = client();
        await browser.get('/user/forgot-password');
        return browser.post('/user/forgot-password', { identifier });
      }

      /** Asks for a reset and returns the token of the message that arrives (the n-th to that address). */
      async function linkFor(identifier: string, address: string): Promise<string> {
        const before = resetMailTo(address).length;
        const response = await ask(identifier);
        assert.equal(response.status, 303);
        const message = await smtp.waitFor((m) => resetMailTo(address).indexOf(m) >= before);
        const token = LINK.exec(message.text)?.[1];
        assert.ok(token, message.text);
        return token;
      }

      async function setPassword(
        token: string,
        password: string,
        confirm = password,
        browser = client(),
      ): Promise<TestResponse> {
        // The pre-sign-in CSRF token, from a page that has a form whatever the link's state.
        await browser.get('/user/forgot-password');
        return browser.post(`/user/reset-password/${token}`, {
          newPassword: password,
          confirmPassword: confirm,
        });
      }

      before(async () => {
        smtp = await startSmtpServer();
        fresh = await freshDatabaseUrl(kind);
        const config = loadConfig({
          QUIRE_DATABASE_URL: fresh.url,
          QUIRE_PUBLIC_URL: TEST_ORIGIN,
          QUIRE_LOG_LEVEL: 'silent',
          QUIRE_SMTP_URL: `smtp://127.0.0.1:${smtp.port}?security=none`,
          QUIRE_MAIL_FROM: 'print@example.org',
        });
        app = await createApp(config, {
          clock: { now: () => now },
          log: (_details, message) => logged.push(message),
        });
        server = await buildServer(app, { logger: false });
        await server.ready();
        const { users, settings, sources, sync } = app.services;
        await settings.update({
          organizationName: 'Example School',
          passwordHelpText: HELP_TEXT,
          minPasswordLength: 8,
        });
        await users.createInternal({ username: 'ada', password: PASSWORD, email: 'ada@example.org' }, ACTOR);
        await users.createInternal({ username: 'nomail', password: PASSWORD }, ACTOR);
        const source = await sources.add(
          customProgramKind,
          { name: 'Corporate Directory', program: `${EXAMPLES}users.sh`, authProgram: `${EXAMPLES}auth.sh` },
          ACTOR,
        );
        await sync.run(source, { dryRun: false, actor: ACTOR });
        assert.ok(await users.findByUsername('bob'), 'the directory user bob was synchronized');
      });

      beforeEach(() => {
        // A fresh rate-limit window for every test.
        now = new Date(now.getTime() + 2 * 3_600_000);
        smtp.refuse = false;
      });

      afterEach(async () => {
        // Let any message still on its way land before the next test counts messages.
        await sleep(50);
      });

      after(async () => {
        await server?.close();
        await app?.close();
        await fresh?.dispose();
        await smtp?.stop();
      });

      it('mails an internal user a single-use link, in text and HTML from the organisation, that sets a new password', async () => {
        const token = await linkFor('ada', 'ada@example.org');
        const message = resetMailTo('ada@example.org').at(-1)!;
        assert.equal(message.subject, 'Reset your Example School password');
        assert.deepEqual(message.from, { name: 'Example School', address: 'print@example.org' });
        assert.match(message.text, /Example School/);
        assert.match(message.html, new RegExp(`href="http://localhost:9191/user/reset-password/${token}"`));

        const row = await app.database.db.selectFrom('password_resets').selectAll().executeTakeFirstOrThrow();
        assert.equal(row.token_hash, sha256(token), 'only the SHA-256 of the token is stored');
        assert.equal(Buffer.from(token, 'base64url').length, 32, '256 random bits');

        const browser = client();
        const page = await browser.get(`/user/reset-password/${token}`);
        assert.equal(page.status, 200);
        assert.equal(page.headers['referrer-policy'], 'no-referrer');
        assert.match(page.body, /Choose a new password/);
        assert.match(page.body, /name="_csrf"/);
        const done = await browser.post(`/user/reset-password/${token}`, {
          newPassword: NEW_PASSWORD,
          confirmPassword: NEW_PASSWORD,
        });
        assert.equal(done.status, 303);
        assert.equal(done.headers['referrer-policy'], 'no-referrer');
        assert.equal(done.headers.location, '/user/reset-password/done');
        assert.match((await browser.get('/user/reset-password/done')).body, /Your password was changed/);

        assert.equal(
          (await client().signIn('ada', PASSWORD)).status,
          401,
          'the old password no longer works',
        );
        assert.equal((await client().signIn('ada', NEW_PASSWORD)).status, 303);
        const notice = await smtp.waitFor(
          (m) => m.to.includes('ada@example.org') && m.subject === 'Your Example School password was changed',
        );
        assert.match(notice.text, /signed out everywhere/);
        const [audited] = await app.services.audit.list({ action: 'user.password.reset_by_email' });
        assert.equal(audited?.target, 'ada');
        const requested = await app.services.audit.list({ action: 'user.password.reset_requested' });
        assert.ok(requested.some((entry) => entry.target === 'ada' && /"sent":true/.test(entry.details)));
      });

      it('also finds the account by its email address, in any case', async () => {
        const token = await linkFor('ADA@Example.org', 'ada@example.org');
        assert.equal((await client().get(`/user/reset-password/${token}`)).status, 200);
      });

      it('refuses a link a second time', async () => {
        const token = await linkFor('ada', 'ada@example.org');
        assert.equal((await setPassword(token, 'first-choice-Meadow-11')).status, 303);
        const again = await client().get(`/user/reset-password/${token}`);
        assert.equal(again.status, 410);
        assert.match(again.body, /This link cannot be used/);
        assert.match(again.body, /href="\/user\/forgot-password"/);
        const post = await setPassword(token, 'second-choice-Meadow-22');
        assert.equal(post.status, 410);
        assert.equal((await client().signIn('ada', 'second-choice-Meadow-22')).status, 401);
        assert.equal((await client().signIn('ada', 'first-choice-Meadow-11')).status, 303);
      });

      it('refuses a link after an hour', async () => {
        const token = await linkFor('ada', 'ada@example.org');
        now = new Date(now.getTime() + 59 * 60_000);
        assert.equal((await client().get(`/user/reset-password/${token}`)).status, 200);
        now = new Date(now.getTime() + 2 * 60_000);
        assert.equal((await client().get(`/user/reset-password/${token}`)).status, 410);
        assert.equal((await setPassword(token, 'too-late-Orchard-88')).status, 410);
      });

      it('invalidates an older link when a new one is asked for', async () => {
        const first = await linkFor('ada', 'ada@example.org');
        const second = await linkFor('ada', 'ada@example.org');
        assert.notEqual(first, second);
        assert.equal((await client().get(`/user/reset-password/${first}`)).status, 410);
        assert.equal((await setPassword(first, 'old-link-Harbour-31')).status, 410);
        assert.equal((await client().get(`/user/reset-password/${second}`)).status, 200);
      });

      it('refuses a tampered or malformed token with a page, never a 500', async () => {
        const token = await linkFor('ada', 'ada@example.org');
        const tampered = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
        assert.equal((await client().get(`/user/reset-password/${tampered}`)).status, 410);
        assert.equal((await setPassword(tampered, 'tampered-Lichen-57')).status, 410);
        for (const bad of ['abc', `${token}x`, '%00%00', encodeURIComponent('<script>')]) {
          const page = await client().get(`/user/reset-password/${bad}`);
          assert.equal(page.status, 400, bad);
          assert.match(page.body, /Ask for a new link/);
          assert.doesNotMatch(page.body, /<script>/);
        }
        assert.equal(
          (await client().get(`/user/reset-password/${token}`)).status,
          200,
          'the real link still works',
        );
      });

      it('applies the password policy and keeps the link usable after a refused password', async () => {
        const token = await linkFor('ada', 'ada@example.org');
        const short = await setPassword(token, 'short');
        assert.equal(short.status, 400);
        assert.match(short.body, /at least 8 characters/);
        assert.equal((await setPassword(token, 'password')).status, 400, 'a common password is refused');
        const mismatch = await setPassword(token, 'matching-Willow-73', 'different-Willow-73');
        assert.equal(mismatch.status, 400);
        assert.match(mismatch.body, /do not match/);
        assert.equal((await setPassword(token, 'matching-Willow-73')).status, 303);
      });

      it('refuses a recently used password when the history option is on', async () => {
        const { settings, users } = app.services;
        await settings.update({ passwordHistory: 3 });
        try {
          await users.setPassword('ada', 'history-First-Pass-1', { mustChange: false }, ACTOR);
          await users.setPassword('ada', 'history-Second-Pass-2', { mustChange: false }, ACTOR);
          const token = await linkFor('ada', 'ada@example.org');
          const reused = await setPassword(token, 'history-First-Pass-1');
          assert.equal(reused.status, 400);
          assert.match(reused.body, /used recently/);
          assert.match(reused.body, /The last 3 passwords cannot be used again/, 'the hint states the rule');
          assert.equal((await setPassword(token, 'history-Third-Pass-3')).status, 303);
        } finally {
          await settings.update({ passwordHistory: 0 });
        }
      });

      it("clears the account's sign-in lock once the password is reset", async () => {
        const { settings, throttle } = app.services;
        await settings.update({ lockoutFailures: 2 });
        try {
          for (let i = 0; i < 3; i++) await client().signIn('ada', 'not-the-password');
          assert.ok((await throttle.accountLock('ada'))?.lockedUntil, 'the account is locked');
          const token = await linkFor('ada', 'ada@example.org');
          assert.equal((await setPassword(token, 'after-Lockout-Pass-4')).status, 303);
          assert.equal(await throttle.accountLock('ada'), null);
          assert.equal(
            (await client().signIn('ada', 'after-Lockout-Pass-4')).status,
            303,
            'the owner logs in at once',
          );
        } finally {
          await settings.update({ lockoutFailures: 5 });
        }
      });

      it('gives a standard user, an internal user without email and an unknown name the same answer, and sends nothing', async () => {
        const sentBefore = resetMailTo('ada@example.org').length;
        const known = await ask('ada');
        await smtp.waitFor((m) => resetMailTo('ada@example.org').indexOf(m) >= sentBefore);
        const before = smtp.messages.length;
        const answers = [
          known,
          await ask('bob'),
          await ask('nomail'),
          await ask('nobody-at-all'),
          await ask('bob@example.org'),
          await ask('nobody@example.org'),
        ];
        for (const answer of answers) {
          assert.equal(answer.status, 303);
          assert.equal(answer.headers.location, '/user/forgot-password/sent');
          assert.equal(answer.body, known.body);
        }
        await sleep(QUIET_MS);
        assert.equal(smtp.messages.length, before, 'no message for bob, nomail or unknown names');
        assert.equal(mailTo('bob@example.org').length, 0);
        const sent = await client().get('/user/forgot-password/sent');
        assert.equal(sent.status, 200);
        assert.match(sent.body, /If an internal account matches, we sent a link/);
        assert.ok(sent.body.includes(HELP_TEXT));
        const audited = await app.services.audit.list({ action: 'user.password.reset_requested' });
        assert.ok(audited.some((entry) => entry.target === 'bob' && /standard user/.test(entry.details)));
        assert.ok(
          !audited.some((entry) => entry.details.includes('nobody')),
          'typed names of unknown accounts are not recorded',
        );
      });

      it('answers about as fast whether or not an account matches (no mail is awaited)', async () => {
        const time = async (identifier: string) => {
          const started = performance.now();
          await ask(identifier);
          return performance.now() - started;
        };
        smtp.refuse = true;
        logged.length = 0;
        const known: number[] = [];
        const unknown: number[] = [];
        for (let i = 0; i < 4; i++) {
          known.push(await time('ada'));
          unknown.push(await time(`nobody-${i}`));
        }
        // Every refused message has been tried before the next test lets the server accept again.
        for (
          let i = 0;
          i < 80 && logged.filter((m) => m === 'mail delivery failed').length < known.length;
          i++
        )
          await sleep(25);
        const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1]!;
        assert.ok(
          Math.abs(median(known) - median(unknown)) < 50,
          `known ${median(known)} ms, unknown ${median(unknown)} ms`,
        );
      });

      it(`stops sending after ${RESET_LIMITS.perAccount} requests an hour for one account, with the same answer`, async () => {
        for (let i = 0; i < RESET_LIMITS.perAccount; i++)
          await linkFor(i % 2 ? 'ada' : 'ada@example.org', 'ada@example.org');
        const count = mailTo('ada@example.org').length;
        const over = await ask('ada');
        assert.equal(over.status, 303);
        assert.equal(over.headers.location, '/user/forgot-password/sent');
        await sleep(QUIET_MS);
        assert.equal(mailTo('ada@example.org').length, count);
        now = new Date(now.getTime() + 61 * 60_000);
        await linkFor('ada', 'ada@example.org');
      });

      it(`stops sending after ${RESET_LIMITS.perAddress} requests an hour from one address`, async () => {
        for (let i = 0; i < RESET_LIMITS.perAddress; i++) await ask(`nobody-${i}`);
        const count = mailTo('ada@example.org').length;
        assert.equal((await ask('ada')).status, 303);
        await sleep(QUIET_MS);
        assert.equal(mailTo('ada@example.org').length, count);
      });

      it('answers as usual while the mail server refuses messages, and logs the failure', async () => {
        smtp.refuse = true;
        logged.length = 0;
        const response = await ask('ada');
        assert.equal(response.status, 303);
        assert.equal(response.headers.location, '/user/forgot-password/sent');
        for (let i = 0; i < 80 && !logged.includes('mail delivery failed'); i++) await sleep(25);
        assert.ok(logged.includes('mail delivery failed'));
        assert.equal((await app.services.mail.view()).lastFailure !== null, true);
      });

      it('ends every session of the user and clears "must change password"', async () => {
        await app.services.users.setPassword('ada', PASSWORD, { mustChange: true }, ACTOR);
        const elsewhere = client();
        assert.equal(
          (await elsewhere.signIn('ada', PASSWORD)).headers.location,
          '/user/change-details?required=1',
        );
        const token = await linkFor('ada', 'ada@example.org');
        const browser = client();
        assert.equal((await setPassword(token, NEW_PASSWORD, NEW_PASSWORD, browser)).status, 303);
        assert.equal((await elsewhere.get('/user/change-details')).status, 401, 'the other session ended');
        const user = await app.services.users.findByUsername('ada');
        assert.equal(user?.must_change_password, 0);
        assert.equal((await client().signIn('ada', NEW_PASSWORD)).headers.location, '/user/summary');
      });

      it('refuses a reset form posted without the CSRF token', async () => {
        const token = await linkFor('ada', 'ada@example.org');
        const browser = client();
        await browser.get(`/user/reset-password/${token}`);
        const forged = await browser.post(`/user/reset-password/${token}`, {
          _csrf: 'forged',
          newPassword: NEW_PASSWORD,
          confirmPassword: NEW_PASSWORD,
        });
        assert.equal(forged.status, 403);
        assert.equal(forged.headers['referrer-policy'], 'no-referrer');
        assert.equal((await client().get(`/user/reset-password/${token}`)).status, 200);
      });

      it('accepts the form from a no-referrer page (Origin: null) only when Fetch Metadata says same-origin', async () => {
        const token = await linkFor('ada', 'ada@example.org');
        const form = { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD };
        const browser = client();
        await browser.get(`/user/reset-password/${token}`);
        assert.equal(
          (
            await browser.post(`/user/reset-password/${token}`, form, {
              origin: 'null',
              'sec-fetch-site': 'cross-site',
            })
          ).status,
          403,
        );
        assert.equal(
          (await browser.post(`/user/reset-password/${token}`, form, { origin: 'null' })).status,
          403,
        );
        assert.equal(
          (
            await browser.post(`/user/reset-password/${token}`, form, {
              origin: 'null',
              'sec-fetch-site': 'same-origin',
            })
          ).status,
          303,
        );
      });

      it('asks again for an empty username', async () => {
        const browser = client();
        await browser.get('/user/forgot-password');
        const response = await browser.post('/user/forgot-password', { identifier: '  ' });
        assert.equal(response.status, 400);
        assert.match(response.body, /Enter your username or email address/);
      });
    },
  );
}
