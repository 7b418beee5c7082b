import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../../accounts/accounting.test-support.js';
import { ACTOR, startPrintTest, type PrintTest } from '../../print/print.test-support.js';
import { STATION_IDLE_SECONDS } from '../../release/station-sessions.service.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import type { TestClient } from '../../test-support/harness.js';

const PASSWORD = 'lantern-orchid-93';
const STATION = '/release?printers=secure%2Ceast';

for (const kind of DATABASE_KINDS) {
  describe(`Release station [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
    let p: PrintTest;
    before(async () => {
      p = await startPrintTest(kind);
      await p.services.users.updateDetails('alice', { cardNumber: '0042' }, ACTOR);
      await p.services.users.setCardPin('alice', '1234', ACTOR);
      // A second printer that holds jobs, not at the station.
      await p.services.printers.configure('ps1', 'north', { settings: { hold_jobs: 1 } }, ACTOR);
    });
    after(() => p.close());
    afterEach(() => assertLedgerSums(p.services));

    const hold = async (username: string, queue: string, documentName: string) =>
      (await p.services.printJobs.receive(p.job(username, queue, { documentName }), p.document(), p.pages(2)))
        .id;
    const stateOf = async (id: number) => (await p.services.printJobs.get(id)).state;

    async function atStation(how: 'card' | 'password'): Promise<TestClient> {
      const kiosk = p.client();
      await kiosk.get(STATION);
      const response =
        how === 'card'
          ? await kiosk.post('/release/card?printers=secure%2Ceast', { card: '0042', pin: '1234' })
          : await kiosk.post('/release/login?printers=secure%2Ceast', {
              username: 'alice',
              password: PASSWORD,
            });
      assert.equal(response.status, 303);
      assert.equal(response.headers.location, STATION);
      return kiosk;
    }

    it('offers card and PIN or username and password, and no jobs, to a visitor', async () => {
      const page = await p.client().get(STATION);
      assert.equal(page.status, 200);
      assert.match(page.body, /<h1>Release Station<\/h1>/);
      assert.match(page.body, /Printers at this station: secure, east/);
      assert.match(page.body, /name="card"/);
      assert.match(page.body, /name="pin"/);
      assert.match(page.body, /name="password"/);
      assert.doesNotMatch(page.body, /<table/);
    });

    it("lists the user's held jobs for the station's printers only, Find-Me jobs with their members here", async () => {
      await hold('alice', 'secure', 'Here.pdf');
      await hold('alice', 'anywhere', 'Anywhere.pdf');
      await hold('carol', 'secure', 'Carols.pdf');
      const kiosk = await atStation('card');
      const page = await kiosk.get(STATION);
      assert.match(page.body, /Logged in as <strong>alice<\/strong>/);
      assert.match(page.body, /Here\.pdf/);
      assert.match(page.body, /Anywhere\.pdf/);
      assert.doesNotMatch(page.body, /Carols/);
      // Only east of the Find-Me queue's members is at this station.
      assert.match(page.body, /<option value="ps1\\east">east<\/option>/);
      assert.doesNotMatch(page.body, /ps1\\west/);
      assert.equal(page.headers.refresh, '60; url=/release/timeout?printers=secure%2Ceast');
      const elsewhere = await kiosk.get('/release?printers=lab');
      assert.doesNotMatch(elsewhere.body, /Here\.pdf/);
    });

    it('signs in with a password too; a wrong card or PIN gets the one generic message', async () => {
      const kiosk = await atStation('password');
      assert.match((await kiosk.get(STATION)).body, /Logged in as/);
      const stranger = p.client();
      await stranger.get(STATION);
      const failed = await stranger.post('/release/card?printers=secure%2Ceast', {
        card: '0042',
        pin: '0000',
      });
      assert.equal(failed.status, 401);
      assert.match(failed.body, /The username or password is not correct\./);
      assert.doesNotMatch((await stranger.get(STATION)).body, /Logged in as/);
    });

    it('releases a job, which then leaves the list; a second release changes nothing', async () => {
      const id = await hold('alice', 'secure', 'Release-me.pdf');
      const kiosk = await atStation('card');
      const printed = await kiosk.post(`/release/jobs/${id}/print?printers=secure%2Ceast`, {});
      assert.equal(printed.headers.location, `${STATION}&done=released`);
      assert.equal(await stateOf(id), 'pending');
      const page = await kiosk.get(`${STATION}&done=released`);
      assert.match(page.body, /The job was sent to the printer\./);
      assert.doesNotMatch(page.body, /Release-me\.pdf/);
      const again = await kiosk.post(`/release/jobs/${id}/print?printers=secure%2Ceast`, {});
      assert.equal(again.headers.location, `${STATION}&done=gone`);
    });

    it("does not release a job for a printer that is not at the station, nor someone else's", async () => {
      const elsewhere = await hold('alice', 'north', 'North.pdf');
      const carols = await hold('carol', 'secure', 'Carol.pdf');
      const kiosk = await atStation('card');
      const response = await kiosk.post(`/release/jobs/${carols}/print?printers=secure%2Ceast`, {});
      assert.equal(response.headers.location, `${STATION}&done=gone`);
      assert.equal(await stateOf(carols), 'pending-held');
      const west = await hold('alice', 'anywhere', 'West.pdf');
      const refused = await kiosk.post(`/release/jobs/${west}/print?printers=secure%2Ceast`, {
        printer: 'ps1\\west',
      });
      assert.equal(refused.status, 400);
      assert.equal(await stateOf(west), 'pending-held');
      const north = await kiosk.post(`/release/jobs/${elsewhere}/print?printers=secure%2Ceast`, {});
      assert.equal(north.headers.location, `${STATION}&done=gone`);
      assert.equal(await stateOf(elsewhere), 'pending-held');
    });

    it('cancels a job uncharged', async () => {
      const id = await hold('alice', 'secure', 'Cancel.pdf');
      const kiosk = await atStation('card');
      const response = await kiosk.post(`/release/jobs/${id}/cancel?printers=secure%2Ceast`, {});
      assert.equal(response.headers.location, `${STATION}&done=cancelled`);
      assert.equal(await stateOf(id), 'canceled');
    });

    it('logs out with the button, and by itself after the idle time', async () => {
      const id = await hold('alice', 'secure', 'Idle.pdf');
      const kiosk = await atStation('card');
      const out = await kiosk.post('/release/logout?printers=secure%2Ceast', {});
      assert.equal(out.headers.location, `${STATION}&done=logged-out`);
      assert.doesNotMatch((await kiosk.get(STATION)).body, /Logged in as/);

      const idle = await atStation('card');
      p.advance((STATION_IDLE_SECONDS + 1) / 60);
      const late = await idle.post(`/release/jobs/${id}/print?printers=secure%2Ceast`, {});
      assert.equal(late.headers.location, `${STATION}&done=timeout`);
      assert.equal(await stateOf(id), 'pending-held');
      assert.doesNotMatch((await idle.get(STATION)).body, /Logged in as/);

      const refreshed = await atStation('card');
      const timeout = await refreshed.get('/release/timeout?printers=secure%2Ceast');
      assert.equal(timeout.headers.location, `${STATION}&done=timeout`);
      assert.match((await refreshed.get(`${STATION}&done=timeout`)).body, /You were logged out/);
    });

    it('is a session of its own: it does not sign the browser in to the User Web Interface', async () => {
      const kiosk = await atStation('card');
      assert.equal((await kiosk.get('/user/summary')).status, 401);
      const user = p.client();
      await user.signIn('alice', PASSWORD);
      assert.doesNotMatch((await user.get(STATION)).body, /Logged in as/);
    });

    it('keeps its token to itself: a station token is no web session, nor a web token a station one', async () => {
      const kiosk = await atStation('card');
      const stationToken = kiosk.cookies.get('quire_release')!;
      const copied = p.client();
      copied.cookies.set('quire_session', stationToken);
      assert.equal(
        (await copied.get('/user/summary')).status,
        401,
        'a card and PIN never make a web session',
      );
      const user = p.client();
      await user.signIn('alice', PASSWORD);
      const borrowed = p.client();
      borrowed.cookies.set('quire_release', user.cookies.get('quire_session')!);
      assert.doesNotMatch((await borrowed.get(STATION)).body, /Logged in as/);
      assert.equal((await user.get('/user/summary')).status, 200, 'the web session itself still works');
    });

    it('says what is wrong when its address names no such printer', async () => {
      const page = await p.client().get('/release?printers=nowhere');
      assert.equal(page.status, 400);
      assert.match(page.body, /No printer named &quot;nowhere&quot;/);
    });

    it('refuses a post without the CSRF token', async () => {
      const id = await hold('alice', 'secure', 'Forged.pdf');
      const kiosk = await atStation('card');
      const response = await kiosk.post(`/release/jobs/${id}/print?printers=secure%2Ceast`, { _csrf: 'x' });
      assert.equal(response.status, 403);
      assert.equal(await stateOf(id), 'pending-held');
    });

    it("is translated (Spanish), and once signed in, in the user's own language", async () => {
      const page = await p.client().get(STATION, { 'accept-language': 'es' });
      assert.match(page.body, /Estación de liberación/);
      await p.services.users.chooseLanguage(await p.services.users.requireUser('alice'), 'de');
      const kiosk = await atStation('card');
      const signedIn = await kiosk.get(STATION, { 'accept-language': 'es' });
      assert.match(signedIn.body, /Freigabestation/);
      await p.services.users.chooseLanguage(await p.services.users.requireUser('alice'), '');
    });
  });
}
