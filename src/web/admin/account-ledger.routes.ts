/**
 * What the routes of every account page share, a user's personal account and a shared account
 * alike: an amount typed in a form, the Adjust balance form's values, and the page of the ledger
 * a request asks for.
 *
 *   const amount = amountOf('amount', field(request.body, 'amount'));  // 12500 for "1,25"
 *   const page = await ledgerPage(request.query, (limit, before) => accounts.transactions(name, limit, before));
 */
import { AmountError, parseAmount } from '../../accounts/money.js';
import type { LedgerRow } from '../../db/accounting.schema.js';
import { ValidationError } from '../../errors.js';
import { field } from '../render.js';
import { positiveInt } from './admin.pages.js';
import { TRANSACTIONS_PER_PAGE, type AdjustValues, type LedgerPage } from './account-ledger.pages.js';

/** The form's amount in ten-thousandths, or the reason it is not one, keyed by the field. */
export function amountOf(name: string, text: string): number {
  try {
    return parseAmount(text);
  } catch (error) {
    if (error instanceof AmountError) throw new ValidationError({ [name]: error.problem });
    throw error;
  }
}

export function adjustValues(body: unknown): AdjustValues {
  return { amount: field(body, 'amount'), comment: field(body, 'comment') };
}

/**
 * The page of transactions `?before=<id>` asks for (the newest without it, or with a malformed
 * id); one row more than a page is read to tell whether older rows exist.
 */
export async function ledgerPage(
  query: unknown,
  read: (limit: number, before?: number) => Promise<LedgerRow[]>,
): Promise<LedgerPage> {
  const before = positiveInt(field(query, 'before')) ?? undefined;
  const rows = await read(TRANSACTIONS_PER_PAGE + 1, before);
  return {
    transactions: rows.slice(0, TRANSACTIONS_PER_PAGE),
    before,
    hasMore: rows.length > TRANSACTIONS_PER_PAGE,
  };
}
