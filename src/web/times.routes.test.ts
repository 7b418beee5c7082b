/**
 * No raw time on any page: the test follows every link of the Admin Console and of the User Web
 * Interface (as in every-page.browser.test.ts, without a browser), with data that puts times on
 * them — a sync run, sessions, a lockout, ledger rows, print jobs, a used API token, audit
 * entries — and checks that no page shows an ISO timestamp where a reader sees it (text, a field's
 * value, a title), that times are written the readable way, and that CSV keeps ISO UTC.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseAmount } from '../accounts/money.js';
import { customProgramKind } from '../directory/custom-program/custom-program.kind.js';
import { EXAMPLE_DIRECTORY } from '../test-support/browser.js';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../test-support/harness.js';

const ACTOR = { username: 'admin', ip: '127.0.0.1' };
const ADMIN = { username: 'root', password: 'root-admin-Pass-4821' };
const USER = { username: 'erin', password: 'lantern-orchid-93' };
/** Seeded at 22:51:05.736 UTC (23:51 in Berlin); the pages are read three minutes later. */
const SEEDED = new Date('2026-12-01T22:51:05.736Z');
const MAX_PAGES = 150;
const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d/;
const READABLE = /\b\d{1,2} [A-Z][a-z]{2} 2026, \d\d:\d\d\b/;

/** What a reader sees of a page: its text, fields' values and titles (not `datetime`, not links). */
function visible(html: string): string {
  const attributes = [...html.matchAll(/\s(?:value|title|placeholder|aria-label)="([^"]*)"/g)].map(
    (m) => m[1],
  );
  const text = html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
  return `${text} ${attributes.join(' ')}`;
}

/** Every user's and group's pages are one kind each; a query string is the same page. */
function pageKey(href: string): string {
  return href.split(/[?#]/)[0]!.replace(/^\/admin\/(users|groups)\/[^/]+/, '/admin/$1/:name');
}

function skipped(href: string, area: string): boolean {
  return !href.startsWith(`/${area}`) || /\.csv(\?|$)/.test(href) || /\/(logout|login)\b/.test(href);
}

/** `start` and the pages reachable from it by links of the area, each fetched once: path → body. */
async function crawl(
  client: TestClient,
  area: 'admin' | 'user',
  start: string[],
): Promise<Map<string, string>> {
  const pages = new Map<string, string>();
  const seen = new Set(start.map(pageKey));
  const queue = [...start];
  while (queue.length > 0) {
    const href = queue.shift()!;
    assert.ok(seen.size <= MAX_PAGES, `more than ${MAX_PAGES} pages`);
    const response = await client.get(href);
    assert.ok(response.status < 500, `${href}: ${response.status}`);
    pages.set(href, response.body);
    for (const [, link] of response.body.matchAll(/<a [^>]*href="([^"]+)"/g)) {
      const target = link!.replace(/&amp;/g, '&');
      if (skipped(target, area) || seen.has(pageKey(target))) continue;
      seen.add(pageKey(target));
      queue.push(target);
    }
  }
  return pages;
}

async function seed(t: TestApp, clock: { at: Date }): Promise<void> {
  const { settings, sources, sync, printers, accounts, charging, apiTokens } = t.app.services;
  await settings.update({ timeZone: 'Europe/Berlin', currency: 'EUR' });
  await t.createUser({ ...ADMIN, isAdmin: true });
  await t.createUser(USER);
  const source = await sources.add(
    customProgramKind,
    {
      name: 'Corporate Directory',
      program: path.join(EXAMPLE_DIRECTORY, 'users.sh'),
      authProgram: path.join(EXAMPLE_DIRECTORY, 'auth.sh'),
    },
    ACTOR,
  );
  assert.equal((await sync.run(source, { dryRun: false, actor: ACTOR })).status, 'succeeded');
  await printers.add({ server: 'ps1', name: 'library', cost_gray: parseAmount('0.10') }, ACTOR);
  await accounts.openMissing();
  await accounts.adjust(USER.username, parseAmount('5'), 'Start of term credit', ACTOR);
  await charging.charge({
    username: USER.username,
    printer: 'library',
    pages: 3,
    colorPages: 0,
    copies: 1,
    duplex: false,
    paperSize: 'A4',
    documentName: 'Essay.pdf',
    clientMachine: 'lab-12',
    origin: 'cli',
  });
  const { token } = await apiTokens.create({ name: 'print-gateway', scopes: ['users:read'] }, ACTOR);
  await apiTokens.authenticate(token, { scope: 'users:read', ip: '192.0.2.7' });
  clock.at = new Date(SEEDED.getTime() + 3 * 60_000 + 10_000);
  // A lockout with its "until" time (a minute on), on the user's Details tab.
  await t.createUser({ username: 'frank', password: USER.password });
  for (let i = 0; i < 5; i++) await t.client().signIn('frank', 'not the password');
}

for (const kind of DATABASE_KINDS) {
  describe(`Times on pages [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
    let t: TestApp;
    const clock = { at: SEEDED, now: () => clock.at };
    let admin: Map<string, string>;
    let user: Map<string, string>;
    let adminClient: TestClient;

    before(async () => {
      t = await startTestApp({ kind, ports: { clock } });
      await seed(t, clock);
      adminClient = t.client();
      assert.equal((await adminClient.signIn(ADMIN.username, ADMIN.password, 'admin')).status, 303);
      const erin = t.client();
      assert.equal((await erin.signIn(USER.username, USER.password)).status, 303);
      admin = await crawl(adminClient, 'admin', [
        '/admin/dashboard',
        // The user with a ledger and jobs, and the one locked out (frank), besides the first user the walk meets.
        ...['/admin/users/erin', '/admin/users/erin/account', '/admin/users/erin/jobs', '/admin/users/frank'],
      ]);
      user = await crawl(erin, 'user', ['/user/summary']);
    });
    after(() => t?.close());

    it('shows no ISO timestamp on any page of either area', () => {
      assert.ok(admin.size > 30, `walked only ${admin.size} admin pages`);
      assert.ok(user.size > 4, `walked only ${user.size} user pages`);
      const raw = [...admin, ...user]
        .map(([href, body]) => [href, ISO_TIME.exec(visible(body))?.[0]] as const)
        .filter(([, found]) => found);
      assert.deepEqual(raw, []);
    });

    it('writes times as day month year and 24-hour time in the organisation’s zone', () => {
      const ledger = admin.get('/admin/users/erin/account') ?? '';
      assert.match(ledger, /<time datetime="2026-12-01T22:51:05\.736Z">1 Dec 2026, 23:51<\/time>/);
      const withTimes = [...admin, ...user].filter(([, body]) => READABLE.test(visible(body)));
      assert.ok(withTimes.length >= 8, `readable times on ${withTimes.map(([h]) => h).join(', ')}`);
      assert.match(user.get('/user/transactions') ?? '', />1 Dec 2026, 23:51<\/time>/);
      assert.match(user.get('/user/jobs') ?? '', />1 Dec 2026, 23:51<\/time>/);
      assert.match(
        admin.get('/admin/users/frank') ?? '',
        /refused until <time datetime="[^"]+">1 Dec 2026, 23:55<\/time>/,
      );
    });

    it('tells recent events relative to the clock, with the exact time and zone in the title', () => {
      const relative =
        /<time datetime="2026-12-01T22:51:05\.736Z" title="1 Dec 2026, 23:51 CET">3 minutes ago<\/time>/;
      assert.match(admin.get('/admin/audit') ?? '', relative);
      assert.match(admin.get('/admin/options/web-services') ?? '', relative, 'a token’s last use');
      assert.match(admin.get('/admin/sources') ?? '', relative, 'the last sync run');
      assert.match(
        user.get('/user/change-details') ?? '',
        /title="[^"]+ CET">now<\/time>/,
        'a session last seen',
      );
    });

    it('keeps CSV in ISO UTC, for machines', async () => {
      const csv = await adminClient.get('/admin/transactions.csv');
      assert.equal(csv.status, 200);
      assert.match(csv.body, /2026-12-01T22:51:05\.736Z/);
    });
  });
}
