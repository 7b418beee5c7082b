import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../../accounts/accounting.test-support.js';
import { parseAmount } from '../../accounts/money.js';
import { monthStart } from '../../accounts/quota-period.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';

const ACTOR = { username: 'admin', ip: '127.0.0.1' };
const PASSWORD = 'lantern-orchid-93';
const $ = parseAmount;
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
        assert.doesNotMatch(page.body, /99/);
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

      it('sends a signed-out visitor to log in', async () => {
        const page = await t.client().get('/user/summary');
        assert.equal(page.status, 401);
      });
    },
  );
}
