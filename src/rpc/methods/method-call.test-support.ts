/**
 * Calling PaperCut's method table in a test as the XML-RPC endpoint does (argument check, then
 * the method), without HTTP; and counting ledger rows to show that a refused call wrote nothing.
 *
 *   const call = methodCaller(() => t.app.services);
 *   await call('api.adjustUserAccountBalance', 'alice', 5, 'Top-up');
 */
import { sql } from 'kysely';
import type { Services } from '../../app.js';
import type { TestApp } from '../../test-support/harness.js';
import { checkArguments, PAPERCUT_METHODS } from '../papercut-api.js';
import { XmlRpcDouble, type XmlRpcValue } from '../xmlrpc.codec.js';

export const ADMIN = { username: 'api:test', ip: '127.0.0.1' };

export function methodCaller(services: () => Services) {
  return async (name: string, ...args: XmlRpcValue[]): Promise<XmlRpcValue> => {
    const method = PAPERCUT_METHODS.get(name);
    if (!method) throw new Error(`no method ${name}`);
    checkArguments(method, args);
    return method.run({ services: services(), actor: ADMIN, publicUrl: 'http://localhost' }, args);
  };
}

/** A double answer's number (answers that are amounts are XmlRpcDouble). */
export const num = (value: XmlRpcValue): number => (value instanceof XmlRpcDouble ? value.value : NaN);

/** How many ledger rows exist: unchanged by every refused call. */
export async function ledgerRows(t: TestApp): Promise<number> {
  const row = await sql<{ n: number }>`select count(*) as n from ledger`.execute(t.app.database.db);
  return Number(row.rows[0]!.n);
}
