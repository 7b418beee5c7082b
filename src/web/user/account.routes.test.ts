import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../../accounts/accounting.test-support.js';
import { parseAmount } from '../../accounts/money.js';
import { monthStart } from '../../accounts/calendar.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';

const ACTOR = { username: 'admin', ip: '127.0.0.1' };
const PASSWORD = 'lantern-orchid-93';
const $ = parseAmount;
/** The page's own content: the header's random CSRF token may contain any digits. */
const mainOf = (body: string): string =>
  /<main[^>]*>(.*)<\/main>/s.exec(body)?.[1] ?? assert.fail('no <main>');
const GERMAN = { 'accept-language': 'de-DE,de;q=0.9' };

const job = (username: string, extra: Record<string, unknown> = {}) => ({
  username,
  printer: 'library',
  pages: 3,
  colorPages: 0,
  copies: 1,
  duplex: false,
  paperSize: 'A4',
  documentName: 'Essay.pdf',
  clientMachine: 'lab-12',
  origin: 'cli' as const,
  ...extra,
});

describe('monthStart', () => {
  it('is midnight on the 1st in the zone, across daylight saving', () => {
    const at = new Date('2026-12-02T10:00:00.000Z');
    assert.equal(monthStart(at, 'UTC'), '2026-12-01T00:00:00.000Z');
    assert.equal(monthStart(at, 'Europe/Berlin'), '2026-11-30T23:00:00.000Z');
    assert.equal(monthStart(new Date('2026-04-15T12:00:00Z'), 'Europe/Berlin'), '2026-03-31T22:00:00.000Z');
    assert.equal(
      monthStart(new Date('2026-12-01T03:00:00Z'), 'America/New_York'),
      '2026-11-01T04:00:00.000Z',
    );
  });
});

for (const kind of DATABASE_KINDS) {
  describe(
    `User Web Interface: the print account [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      const clock = { at: new Date('2026-12-02T10:00:00.000Z'), now: () => clock.at };
      let alice: TestClient;
      before(async () => {
        t = await startTestApp({ kind, ports: { clock } });
        for (const username of ['alice', 'bob']) await t.createUser({ username, password: PASSWORD });
        await t.app.services.settings.update({ currency: 'EUR', timeZone: 'Europe/Berlin' });
        const { printers, accounts, charging } = t.app.services;
        await printers.add(
          { server: 'ps1', name: 'library', cost_gray: $('0.10'), cost_color: $('0.50') },
          ACTOR,
        );
        // Last month's job does not count towards this month.
        clock.at = new Date('2026-11-30T22:30:00.000Z');
        await accounts.adjust('alice', $('12.5'), 'Top-up at the desk', ACTOR);
        await charging.charge(job('alice', { documentName: 'November.pdf', pages: 7 }));
        clock.at = new Date('2026-12-02T10:00:00.000Z');
        await charging.charge(job('alice', { pages: 3, copies: 2 }));
        await accounts.adjust('bob', $('99'), 'Secret bob top-up', ACTOR);
        await charging.charge(job('bob', { documentName: 'Bobs-diary.pdf' }));
        alice = t.client();
        assert.equal((await alice.signIn('alice', PASSWORD)).status, 303);
      });
      afterEach(() => assertLedgerSums(t.app.services));
      after(() => t?.close());

      it('shows the balance and this month’s pages and jobs on Summary', async () => {
        const page = await alice.get('/user/summary');
        assert.equal(page.status, 200);
        // 12.50 − 0.70 − 0.60
        assert.match(page.body, /<dt>Balance<\/dt><dd>€11\.20<\/dd>/);
        assert.match(page.body, /<dd>Unrestricted<\/dd>/);
        assert.match(
          page.body,
          /<dt>Pages printed<\/dt><dd>6<\/dd>/,
          'the job of 30 November in Berlin is last month',
        );
        assert.match(page.body, /<dt>Print jobs<\/dt><dd>1<\/dd>/);
        assert.doesNotMatch(mainOf(page.body), /99/, 'bob’s balance is not shown to alice');
      });

      it('draws the balance at the end of each of the last 30 days, in the organisation’s zone', async () => {
        const history = await t.app.services.accounts.balanceHistory(
          await t.app.services.users.requireUser('alice'),
          30,
        );
        assert.equal(history.length, 30);
        assert.equal(history[0]!.day, '2026-11-02T23:00:00.000Z', '3 November began at 23:00 UTC in Berlin');
        assert.deepEqual(
          history.slice(-4).map((point) => point.balance),
          [0, $('11.80'), $('11.80'), $('11.20')],
          '29 November, 30 November (top-up and job at 23:30 in Berlin), 1 December, today',
        );
        assert.ok(history.slice(0, 27).every((point) => point.balance === 0));
        const page = await alice.get('/user/summary');
        assert.match(page.body, /<figcaption>Balance over the last 30 days<\/figcaption>/);
        assert.match(
          page.body,
          /aria-label="Balance from 3 Nov 2026: €0\.00 at the start, €11\.20 now; lowest €0\.00, highest €11\.80\."/,
        );
        const line = /<polyline class="chart-line" points="([^"]+)"/.exec(page.body)?.[1] ?? '';
        assert.equal(line.split(' ').length, 30, 'one point per day');
        assert.doesNotMatch(page.body, /chart-zero/, 'no zero line when the balance never went below it');
      });

      it('shows a restricted account with its limit, in German', async () => {
        await t.app.services.accounts.update('alice', { restricted: 1, overdraft: $('2') }, ACTOR);
        const page = await alice.get('/user/summary', GERMAN);
        assert.match(page.body, /<dd>11,20\s€<\/dd>/);
        assert.match(
          page.body,
          /Eingeschränkt: Drucken ist nicht mehr möglich, sobald der Kontostand unter -2,00\s€ fallen würde/,
        );
        assert.match(page.body, /<dt>Gedruckte Seiten<\/dt><dd>6<\/dd>/);
        await t.app.services.accounts.update('alice', { restricted: 0, overdraft: 0 }, ACTOR);
      });

      it('lists the transactions newest first, and no one else’s', async () => {
        const page = await alice.get('/user/transactions');
        assert.equal(page.status, 200);
        assert.match(page.body, /aria-current="page">Transaction History</);
        const rows = [
          ...page.body.matchAll(/<tr><th scope="row"><time [^>]+>[^<]*<\/time><\/th>(.*?)<\/tr>/g),
        ].map((m) => m[1]!.replace(/<[^>]+>/g, '|'));
        // The comment column is the charge's own text; type, amount and balance after are ours.
        assert.deepEqual(
          rows.map((row) => row.split('||').slice(0, 3).join('||')),
          ['|Printing||-€0.60||€11.20', '|Printing||-€0.70||€11.80', '|Adjustment||€12.50||€12.50'],
        );
        assert.doesNotMatch(mainOf(page.body), /Secret bob|99/);
        const german = await alice.get('/user/transactions', GERMAN);
        assert.match(german.body, /<td>Korrektur<\/td><td>12,50\s€<\/td>/);
        assert.match(german.body, /Kontostand danach/);
      });

      it('pages the transactions by `before` and refuses a bad one', async () => {
        for (let i = 0; i < 55; i++)
          await t.app.services.accounts.adjust('alice', $('0.01'), `Step ${i}`, ACTOR);
        const first = await alice.get('/user/transactions');
        const older = /href="\/user\/transactions\?before=(\d+)">Older transactions/.exec(first.body);
        assert.ok(older, 'a link to older transactions');
        assert.match(first.body, /Step 54/);
        const second = await alice.get(`/user/transactions?before=${older[1]}`);
        assert.match(second.body, /Top-up at the desk/);
        assert.doesNotMatch(second.body, /Step 54|Older transactions/);
        for (const bad of ['-1', 'abc', '0', '9'.repeat(10_000)])
          assert.equal((await alice.get(`/user/transactions?before=${bad}`)).status, 400, bad);
        await t.app.services.accounts.adjust('alice', $('-0.55'), 'Undo the steps', ACTOR);
      });

      it('lists the print jobs with the reason of a denied one, and no one else’s', async () => {
        await t.app.services.accounts.update('alice', { restricted: 1, overdraft: 0 }, ACTOR);
        const denied = await t.app.services.charging.charge(
          job('alice', { documentName: 'Poster.pdf', pages: 900 }),
        );
        assert.equal(denied.status, 'denied');
        await t.app.services.accounts.update('alice', { restricted: 0 }, ACTOR);
        const page = await alice.get('/user/jobs');
        assert.equal(page.status, 200);
        assert.match(
          page.body,
          /<td>ps1\\library<\/td><td>Essay\.pdf<\/td><td>6<\/td><td>€0\.60<\/td><td>Printed<\/td>/,
        );
        assert.match(page.body, /<td>Poster\.pdf<\/td><td>900<\/td><td>€90\.00<\/td><td>Denied: [^<]+<\/td>/);
        assert.ok(page.body.indexOf('Poster.pdf') < page.body.indexOf('November.pdf'), 'newest first');
        assert.doesNotMatch(page.body, /Bobs-diary/);
        const german = await alice.get('/user/jobs', GERMAN);
        assert.match(german.body, /<td>Gedruckt<\/td>/);
        assert.match(german.body, /<td>Abgelehnt: [^<]+<\/td>/);
        assert.equal((await alice.get('/user/jobs?before=x')).status, 400);
      });

      it('shows the enabled printers’ rates and the shared accounts the user may charge', async () => {
        const { printers, sharedAccounts } = t.app.services;
        await printers.add({ server: 'ps1', name: 'retired', cost_gray: $('0.07') }, ACTOR);
        await printers.update('ps1', 'retired', { enabled: 0 }, ACTOR);
        await sharedAccounts.add('Physics', ACTOR);
        await sharedAccounts.add('Chemistry', ACTOR);
        await sharedAccounts.grant('Physics', { user: 'alice' }, ACTOR);
        await sharedAccounts.adjust('Physics', $('40'), 'Budget', ACTOR);
        const rates = await alice.get('/user/rates');
        assert.equal(rates.status, 200);
        assert.match(
          rates.body,
          /<th scope="row">library<\/th><td>€0\.10<\/td><td>€0\.50<\/td><td>0 %<\/td>/,
        );
        assert.doesNotMatch(rates.body, /retired/);
        const shared = await alice.get('/user/shared-accounts', GERMAN);
        assert.match(shared.body, /<th scope="row">Physics<\/th><td>40,00\s€<\/td>/);
        assert.doesNotMatch(shared.body, /Chemistry/);
        const bob = t.client();
        await bob.signIn('bob', PASSWORD);
        assert.match(
          (await bob.get('/user/shared-accounts')).body,
          /You may not charge any shared account\./,
        );
      });

      it('sends a signed-out visitor to log in', async () => {
        const page = await t.client().get('/user/summary');
        assert.equal(page.status, 401);
      });
    },
  );
}
