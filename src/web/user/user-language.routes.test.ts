import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTwoFactorRepository } from '../../auth/two-factor/two-factor.repository.js';
import { en } from '../../i18n/messages/en.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';
import { startSmtpServer, UNREACHABLE_SMTP_URL, type TestSmtpServer } from '../../test-support/smtp.js';
import { customProgramKind } from '../../directory/custom-program/custom-program.kind.js';

const EXAMPLES = new URL('../../../examples/custom-directory/', import.meta.url).pathname;
const PASSWORD = 'lantern-orchid-93';
const ACTOR = { username: 'test', ip: '' };
const KEYS = Object.keys(en);

/** English a German or Spanish page must not show (spot checks of chrome, headings and forms). */
const ENGLISH = [
  'Skip to content',
  'Logged in as',
  'Log out',
  'Log in',
  'User Web Interface',
  'Change Details',
  'Forgot your password',
  'There is a problem',
  'Where you are logged in',
  'Check your email',
  'Back to',
  'This link',
  'Your password',
  'Email address',
  'Page not found',
  'must be at least',
];

/** The text a reader sees: tags, attributes and entities out. */
function visibleText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ');
}

function assertTranslated(html: string, language: string, page: string): void {
  assert.match(html, new RegExp(`<html lang="${language}"`), `${page}: <html lang>`);
  const text = visibleText(html);
  const rawKey = /\b[a-z][a-zA-Z]*(?:\.[a-zA-Z]+){2,}\b/.exec(text);
  assert.equal(rawKey, null, `${page} in ${language} shows what looks like a raw key: ${rawKey?.[0]}`);
  for (const key of KEYS) assert.ok(!text.includes(key), `${page} in ${language} shows the key ${key}`);
  for (const english of ENGLISH)
    assert.ok(!text.includes(english), `${page} in ${language} shows English: "${english}"`);
}

describe('User Web Interface in German and Spanish', () => {
  let t: TestApp;
  before(async () => {
    // Registration needs a mail server to be switched on; nothing is delivered here.
    t = await startTestApp({ env: { QUIRE_SMTP_URL: UNREACHABLE_SMTP_URL } });
    await t.createUser({ username: 'alice', password: PASSWORD, email: 'alice@example.org' });
    const source = await t.app.services.sources.add(
      customProgramKind,
      { name: 'Corporate Directory', program: `${EXAMPLES}users.sh`, authProgram: `${EXAMPLES}auth.sh` },
      ACTOR,
    );
    await t.app.services.sync.run(source, { dryRun: false, actor: ACTOR });
    await t.app.services.settings.update({ organizationName: 'Example School', selfRegistration: true });
  });
  after(() => t.close());

  for (const language of ['de', 'es']) {
    const headers = { 'accept-language': `${language}-XX,${language};q=0.9,en;q=0.5` };
    const get = (browser: TestClient, url: string) => browser.get(url, headers);

    it(`renders every signed-out page in ${language}`, async () => {
      const browser = t.client();
      for (const url of [
        '/user/login',
        '/user/forgot-password',
        '/user/forgot-password/sent',
        `/user/reset-password/${'a'.repeat(43)}`,
        '/user/reset-password/done',
        `/user/confirm-email/${'a'.repeat(43)}`,
        '/user/confirm-email/done',
        '/user/register',
        '/user/register/sent',
        `/user/register/verify/${'a'.repeat(43)}`,
        '/user/no-such-page',
      ]) {
        const page = await get(browser, url);
        assert.ok(page.status < 500, `${url}: ${page.status}`);
        assert.equal(page.headers['content-language'], language);
        assertTranslated(page.body, language, url);
      }
    });

    it(`renders form errors from the services in ${language}`, async () => {
      const browser = t.client();
      await get(browser, '/user/register');
      const register = await browser.post(
        '/user/register',
        { username: 'newbie', fullName: '', email: '', password: 'short', confirmPassword: 'other' },
        headers,
      );
      assert.equal(register.status, 400);
      assertTranslated(register.body, language, 'POST /user/register');
      const tooShort = language === 'de' ? 'mindestens 8 Zeichen' : 'al menos 8 caracteres';
      assert.match(register.body, new RegExp(tooShort));
      const forgot = await browser.post('/user/forgot-password', { identifier: ' ' }, headers);
      assertTranslated(forgot.body, language, 'POST /user/forgot-password');
    });

    it(`renders single sign-on pages and their refusals in ${language}`, async () => {
      const browser = t.client();
      const noSuchOption =
        language === 'de'
          ? /Diese Anmeldemöglichkeit gibt es nicht\./
          : /Esta opción de inicio de sesión no existe\./;
      for (const url of [
        '/auth/oidc/nobody/start',
        '/auth/oidc/nobody/callback',
        '/auth/saml/nobody/start',
      ]) {
        const page = await get(browser, url);
        assert.equal(page.status, 404, url);
        assert.equal(page.headers['content-language'], language);
        assertTranslated(page.body, language, url);
        assert.match(visibleText(page.body), noSuchOption, url);
      }
      // The Admin Console's sign-in stays English, like the rest of it.
      const admin = await get(browser, '/auth/oidc/nobody/start?area=admin');
      assert.match(admin.body, /<html lang="en"/);
      assert.match(admin.body, /There is no such login option\./);
    });

    it(`renders username and text-field problems in ${language}`, async () => {
      const browser = t.client();
      await get(browser, '/user/register');
      const refused = await browser.post(
        '/user/register',
        {
          username: 'a/b',
          fullName: 'Ada\u0001Lovelace',
          email: 'ada@example.org',
          password: PASSWORD,
          confirmPassword: PASSWORD,
        },
        headers,
      );
      assert.equal(refused.status, 400);
      assertTranslated(refused.body, language, 'POST /user/register (username, full name)');
      const text = visibleText(refused.body);
      if (language === 'de') {
        assert.match(text, /Benutzernamen dürfen kein „\/“, „\\“ oder „@“ enthalten\./);
        assert.match(text, /„Vollständiger Name“ darf nur druckbare Zeichen in einer Zeile enthalten/);
      } else {
        assert.match(text, /Los nombres de usuario no pueden contener «\/», «\\» ni «@»\./);
        assert.match(text, /«Nombre completo» solo puede contener caracteres imprimibles en una sola línea/);
      }
      const lookalike = await browser.post(
        '/user/register',
        {
          username: 'a1ice',
          fullName: 'A',
          email: 'a@example.org',
          password: PASSWORD,
          confirmPassword: PASSWORD,
        },
        headers,
      );
      assert.match(
        visibleText(lookalike.body),
        language === 'de'
          ? /sieht aus wie der des bestehenden Benutzers „alice“/
          : /se parece al del usuario existente «alice»/,
      );
    });

    it(`renders Summary and Change Details in ${language}, for internal and standard users`, async () => {
      for (const [username, password] of [
        ['alice', PASSWORD],
        ['bob', 'example-bob-Walrus-2864'],
      ] as const) {
        const browser = t.client();
        await get(browser, '/user/login');
        assert.equal((await browser.post('/user/login', { username, password }, headers)).status, 303);
        for (const url of ['/user/summary', '/user/change-details']) {
          const page = await get(browser, url);
          assert.equal(page.status, 200, url);
          assertTranslated(page.body, language, `${url} (${username})`);
        }
        if (username === 'alice') {
          const wrong = await browser.post(
            '/user/change-details/password',
            { currentPassword: 'nope', newPassword: 'x', confirmPassword: 'y' },
            headers,
          );
          assert.equal(wrong.status, 400);
          assertTranslated(wrong.body, language, 'POST /user/change-details/password');
        }
      }
    });
  }

  for (const language of ['de', 'es']) {
    it(`asks to confirm it is you before a key is removed, in ${language}`, async () => {
      const headers = { 'accept-language': language };
      // A directory user (the example program checks the password) whose log-in is 10 minutes old.
      const carol = await t.app.services.users.requireUser('carol');
      const key = `carol-key-${language}`;
      await createTwoFactorRepository(t.app.database.db).addKey({
        id: key,
        user_id: carol.id,
        name: 'Schlüssel',
        credential_id: `carol-credential-${language}`,
        public_key: 'cHVibGljLWtleQ',
        counter: 0,
        transports: 'usb',
        created_at: new Date().toISOString(),
        last_used_at: null,
      });
      const { token, session } = await t.app.services.sessions.create(carol.id, {
        ip: '127.0.0.1',
        userAgent: 'test',
      });
      await t.app.database.db
        .updateTable('sessions')
        .set({ created_at: new Date(Date.now() - 10 * 60_000).toISOString() })
        .where('id', '=', session.id)
        .execute();
      const browser = t.client();
      browser.cookies.set('quire_session', token);
      await browser.get('/user/two-factor', headers);
      const asked = await browser.post(`/user/two-factor/keys/${key}/remove`, {}, headers);
      assert.equal(asked.status, 200);
      assertTranslated(asked.body, language, 'Confirm it is you');
      const wrong = await browser.post(
        `/user/two-factor/keys/${key}/remove`,
        { confirm: '1', currentPassword: 'nope' },
        headers,
      );
      assert.equal(wrong.status, 400);
      assertTranslated(wrong.body, language, 'Confirm it is you, wrong password');
    });
  }

  it('keeps the Admin Console in English whatever the browser asks for', async () => {
    const page = await t.client().get('/admin/login', { 'accept-language': 'de' });
    assert.match(page.body, /<html lang="en"/);
    assert.match(page.body, /Admin Console log in/);
  });
});

for (const kind of DATABASE_KINDS) {
  describe(`Choosing a language [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
    let t: TestApp;
    let smtp: TestSmtpServer;
    before(async () => {
      smtp = await startSmtpServer();
      t = await startTestApp({
        kind,
        env: { QUIRE_SMTP_URL: `smtp://127.0.0.1:${smtp.port}?security=none` },
      });
      await t.createUser({ username: 'carla', password: PASSWORD, email: 'carla@example.org' });
      await t.app.services.settings.update({ organizationName: 'Example School' });
    });
    after(async () => {
      await t.close();
      await smtp.stop();
    });

    it('follows the stored choice, then Accept-Language, then the organisation default, then English', async () => {
      const browser = t.client();
      const lang = async (acceptLanguage?: string) =>
        /<html lang="(\w+)"/.exec(
          (await browser.get('/user/summary', acceptLanguage ? { 'accept-language': acceptLanguage } : {}))
            .body,
        )?.[1];
      await browser.signIn('carla', PASSWORD);
      assert.equal(await lang(), 'en');
      await t.app.services.settings.update({ defaultLanguage: 'es' });
      assert.equal(await lang(), 'es', "the organisation's default");
      assert.equal(await lang('fr, de-AT;q=0.8'), 'de', 'Accept-Language before the default');
      await browser.post('/user/change-details/language', { language: 'en' });
      assert.equal(await lang('de'), 'en', 'the stored choice before Accept-Language');
      await t.app.services.settings.update({ defaultLanguage: 'en' });
      await browser.post('/user/change-details/language', { language: '' });
    });

    it('stores the choice made under Change Details and shows the next page in it', async () => {
      const browser = t.client();
      await browser.signIn('carla', PASSWORD);
      const saved = await browser.post('/user/change-details/language', { language: 'de' });
      assert.equal(saved.status, 303);
      assert.equal(saved.headers.location, '/user/change-details?done=language');
      assert.equal((await t.app.services.users.findByUsername('carla'))?.language, 'de');
      const next = await browser.get('/user/change-details?done=language', { 'accept-language': 'es' });
      assert.match(next.body, /<html lang="de"/);
      assert.match(next.body, /Ihre Sprache wurde gespeichert\./);
      assert.match(next.body, /<option value="de" lang="de" selected>Deutsch<\/option>/);

      const refused = await browser.post('/user/change-details/language', { language: 'constructor' });
      assert.equal(refused.status, 400);
      assert.match(refused.body, /Wählen Sie eine der angebotenen Sprachen\./);
      assert.equal((await t.app.services.users.findByUsername('carla'))?.language, 'de', 'unchanged');

      await browser.post('/user/change-details/language', { language: '' });
      assert.equal((await t.app.services.users.findByUsername('carla'))?.language, null, 'automatic again');
    });

    it('sends the registration mail in the language of the page registered on', async () => {
      await t.app.services.settings.update({ selfRegistration: true });
      for (const [language, subject, body] of [
        [
          'de',
          'Aktivieren Sie Ihr Konto bei Example School',
          /Jemand – hoffentlich Sie – hat bei Example School/,
        ],
        [
          'es',
          'Active su cuenta de Example School',
          /Alguien, esperamos que usted, ha registrado el nombre de usuario «newcomer-es»/,
        ],
      ] as const) {
        const visitor = t.client();
        const accept = { 'accept-language': language };
        await visitor.get('/user/register', accept);
        const email = `newcomer-${language}@example.org`;
        const sent = await visitor.post(
          '/user/register',
          {
            username: `newcomer-${language}`,
            fullName: 'New Comer',
            email,
            password: PASSWORD,
            confirmPassword: PASSWORD,
          },
          accept,
        );
        assert.equal(sent.status, 303);
        const mail = await smtp.waitFor((m) => m.to.includes(email));
        assert.equal(mail.subject, subject);
        assert.match(mail.text, body);
        assert.match(mail.html, new RegExp(`<html lang="${language}"`));
      }
      await t.app.services.settings.update({ selfRegistration: false });
    });

    it("sends mail in the recipient's language, else the organisation's default", async () => {
      const user = await t.app.services.users.findByUsername('carla');
      await t.app.services.users.chooseLanguage(user!, 'de');
      const ask = t.client();
      await ask.get('/user/forgot-password');
      await ask.post('/user/forgot-password', { identifier: 'carla' }, { 'accept-language': 'es' });
      const german = await smtp.waitFor((m) => m.to.includes('carla@example.org'));
      assert.equal(german.subject, 'Ihr Passwort für Example School zurücksetzen');
      assert.match(german.text, /Jemand hat angefordert, das Passwort des Example School-Kontos „carla“/);
      assert.match(german.html, /<html lang="de"/);
      assert.match(german.html, /Falls die Schaltfläche nicht funktioniert/);

      await t.app.services.users.chooseLanguage(user!, '');
      await t.app.services.settings.update({ defaultLanguage: 'es' });
      const before = smtp.messages.length;
      await ask.post('/user/forgot-password', { identifier: 'carla' });
      const spanish = await smtp.waitFor((m) => smtp.messages.indexOf(m) >= before);
      assert.equal(spanish.subject, 'Restablezca su contraseña de Example School');
      await t.app.services.settings.update({ defaultLanguage: 'en' });
    });
  });
}
