import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import type { BatchInput } from './batch-import.plan.js';

const actor = { username: 'admin', ip: '127.0.0.1' };

/** A re-readable input from lines of text (the service reads a file more than once). */
const file =
  (...lines: string[]): BatchInput =>
  () =>
    Readable.from([Buffer.from(lines.join('\n') + '\n')]);
/** A user-update line: the username, 13 empty columns, then the expiry date (the 15th column). */
const updateLine = (username: string, expiry: string) => `${username}${'\t'.repeat(14)}${expiry}`;
/** An internal-users line: username, password, 11 empty columns, then the expiry date (the 14th). */
const internalLine = (username: string, expiry: string) =>
  `${username}\t${username} long passphrase${'\t'.repeat(12)}${expiry}`;

for (const kind of DATABASE_KINDS) {
  describe(
    `batch import: the expiry date column [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      const expiryOf = async (username: string) =>
        (await t.app.services.users.findByUsername(username))?.expiry_date;

      before(async () => {
        t = await startTestApp({ kind });
        await t.createUser({ username: 'guest1', password: 'guest1 long passphrase' });
        await t.createUser({ username: 'guest2', password: 'guest2 long passphrase' });
      });
      after(() => t.close());

      it('sets, keeps (empty column) and clears ("never") the expiry date in a user-update file', async () => {
        const batch = t.app.services.batchImport;
        const set = await batch.apply(
          file(updateLine('guest1', '2026-12-31'), updateLine('guest2', '2027-01-15')),
          'user-update',
          {},
          actor,
        );
        assert.equal(set.applied, true);
        assert.equal(set.updated, 2);
        assert.equal(await expiryOf('guest1'), '2026-12-31');
        assert.equal(await expiryOf('guest2'), '2027-01-15');

        const next = await batch.apply(
          file(updateLine('guest1', 'never'), 'guest2\t\t\tGuest Two'),
          'user-update',
          {},
          actor,
        );
        assert.equal(next.applied, true);
        assert.equal(await expiryOf('guest1'), null, '"never" clears it');
        assert.equal(await expiryOf('guest2'), '2027-01-15', 'an empty column leaves it as it is');
      });

      it('creates internal users with an expiry date', async () => {
        const report = await t.app.services.batchImport.apply(
          file(internalLine('visitor', '2026-12-05'), internalLine('staffer', '')),
          'internal-users',
          {},
          actor,
        );
        assert.equal(report.created, 2);
        assert.equal(await expiryOf('visitor'), '2026-12-05');
        assert.equal(await expiryOf('staffer'), null);
      });

      it('refuses the whole file for a bad date, naming the line and the field', async () => {
        const report = await t.app.services.batchImport.apply(
          file(updateLine('guest2', '2027-03-01'), updateLine('guest1', '2026-02-30')),
          'user-update',
          {},
          actor,
        );
        assert.equal(report.applied, false);
        assert.equal(report.rejected.length, 1);
        assert.equal(report.rejected[0]!.line, 2);
        assert.match(
          report.rejected[0]!.reason,
          /^The expiry date "2026-02-30" is refused\. Enter a date such as/,
        );
        assert.equal(await expiryOf('guest2'), '2027-01-15', 'nothing was imported');
      });
    },
  );
}
