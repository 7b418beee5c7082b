/**
 * Admin Console → Audit Log: actions in words with a fallback, details as text, a range of days
 * and the same rows as CSV, on both databases.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';

const ADMIN_PASSWORD = 'admin-Passphrase-4821';

/** The What, Target and Details cells of each row, newest first. */
const rowsOf = (body: string) =>
  [
    ...body.matchAll(
      /<tr><td><time [^>]+>[^<]+<\/time><\/td><td>[^<]*<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>[^<]*<\/td><td>([^<]*)<\/td>/g,
    ),
  ].map((m) => ({ what: m[1], target: m[2], details: m[3] }));

for (const kind of DATABASE_KINDS) {
  describe(`Audit Log [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
    let t: TestApp;
    let admin: TestClient;
    let now = new Date('2026-03-01T12:00:00Z');

    before(async () => {
      t = await startTestApp({ kind, ports: { clock: { now: () => now } } });
      await t.app.services.settings.update({ timeZone: 'UTC' });
      const record = (day: string, action: string, target: string, details?: Record<string, unknown>) => {
        now = new Date(`${day}T12:00:00Z`);
        return t.app.services.audit.record({ actor: 'auditor', action, target, ip: '192.0.2.1', details });
      };
      await record('2026-03-01', 'user.password.change', 'early', {
        dryRun: false,
        fields: ['email', 'office'],
      });
      await record('2026-03-05', 'user.disable', 'middle');
      await record('2026-03-10', 'test.unknown-event', 'late', { source_id: 7 });
      now = new Date('2026-03-12T12:00:00Z');
      await t.createUser({ username: 'admin', password: ADMIN_PASSWORD, isAdmin: true });
      admin = t.client();
      assert.equal((await admin.signIn('admin', ADMIN_PASSWORD, 'admin')).status, 303);
    });
    after(() => t.close());

    it('names each action in words, an unknown one as recorded, with its details as text', async () => {
      const page = await admin.get('/admin/audit?user=auditor');
      assert.equal(page.status, 200);
      assert.deepEqual(rowsOf(page.body), [
        { what: 'test.unknown-event', target: 'late', details: 'source id: 7' },
        { what: 'User disabled', target: 'middle', details: '' },
        { what: 'Password changed', target: 'early', details: 'dry run: false; fields: email, office' },
      ]);
      assert.doesNotMatch(page.body, /&quot;dryRun&quot;/, 'no raw JSON');
      assert.match(page.body, /<option value="user.password.change">Password changed<\/option>/);
    });

    it('shows only the entries of a range of days, both days included', async () => {
      const page = await admin.get('/admin/audit?from=2026-03-02&to=2026-03-10');
      assert.equal(page.status, 200);
      assert.deepEqual(
        rowsOf(page.body).map((row) => row.target),
        ['late', 'middle'],
      );
      assert.match(page.body, /href="\/admin\/audit.csv\?from=2026-03-02&amp;to=2026-03-10"/);
    });

    it('refuses a date that is not one, or a range that ends before it starts, with the field’s error', async () => {
      const notDate = await admin.get('/admin/audit?from=yesterday');
      assert.equal(notDate.status, 400);
      assert.match(notDate.body, /id="field-from-error"/);
      assert.deepEqual(rowsOf(notDate.body), []);
      const backwards = await admin.get('/admin/audit?from=2026-03-10&to=2026-03-01');
      assert.equal(backwards.status, 400);
      assert.match(backwards.body, /id="field-to-error"/);
    });

    it('exports the filtered entries as CSV, in words and with the recorded action code', async () => {
      const csv = await admin.get('/admin/audit.csv?user=auditor&from=2026-03-01&to=2026-03-05');
      assert.equal(csv.status, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      assert.match(String(csv.headers['content-disposition']), /filename="audit-log.csv"/);
      const lines = csv.body.trimEnd().split('\r\n');
      assert.equal(lines[0], 'id,time,actor,action,action_code,target,ip,details');
      assert.equal(lines.length, 3);
      assert.match(lines[1]!, /,"auditor","User disabled","user.disable","middle","192.0.2.1",""$/);
      assert.match(
        lines[2]!,
        /"Password changed","user.password.change","early",.*"dry run: false; fields: email, office"$/,
      );
      const bad = await admin.get('/admin/audit.csv?to=31.12.2026');
      assert.equal(bad.status, 400);
      assert.match(String(bad.headers['content-type']), /^text\/plain/);
    });
  });
}
