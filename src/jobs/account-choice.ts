/**
 * Which account a job is charged to. A shared account named with the job wins (the user must be
 * allowed to use it); otherwise the user's account selection decides: "auto-select-shared"
 * charges its chosen shared account; every other mode charges the personal account. The popup
 * modes ask at the user's client, which jobs arriving through the APIs do not have.
 */
import type { AccountsRepository, Payer } from '../accounts/accounts.repository.js';
import type { AccountRow } from '../db/accounting.schema.js';
import type { UserRow } from '../db/schema.js';
import { ForbiddenError, NotFoundError } from '../errors.js';

export async function chooseAccount(
  accounts: AccountsRepository,
  payer: { user: Pick<UserRow, 'id' | 'username'>; personal: AccountRow; selection: Payer['selection'] },
  sharedName?: string,
): Promise<AccountRow> {
  const { user, personal, selection } = payer;
  if (sharedName !== undefined && sharedName !== '') {
    const shared = await accounts.sharedByName(sharedName);
    if (!shared) throw new NotFoundError(`No shared account named "${sharedName}".`);
    const allowed = await accounts.sharedFor(user.id);
    if (!allowed.some((account) => account.id === shared.id)) {
      throw new ForbiddenError(`${user.username} may not charge the shared account "${sharedName}".`);
    }
    return shared;
  }
  if (selection?.mode === 'auto-select-shared' && selection.account_id !== null) {
    const shared = await accounts.byId(selection.account_id);
    if (shared) return shared;
  }
  return personal;
}
