/**
 * What every accounting test checks after it runs: each balance equals the sum of its ledger rows
 * (the same check `quire accounts verify` makes).
 *
 *   afterEach(() => assertLedgerSums(t.app.services));
 */
import assert from 'node:assert/strict';
import type { AccountsService } from './accounts.service.js';

export async function assertLedgerSums(services: {
  accounts: Pick<AccountsService, 'verify'>;
}): Promise<void> {
  assert.deepEqual(await services.accounts.verify(), [], 'every balance equals the sum of its ledger rows');
}
