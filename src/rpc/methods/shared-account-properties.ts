/**
 * The properties of PaperCut's get/setSharedAccountProperty (and the …Properties forms), as one
 * Map from the name to how it is read and written through the shared-accounts service. A name
 * from a caller is looked up only here; any other name is an "Unknown shared account property".
 *
 *   await getSharedProperty(context, 'Science', 'balance');        // '12.5'
 *   await setSharedProperty(context, 'Science', 'restricted', 'TRUE');
 */
import { amountToDecimal } from '../../accounts/money.js';
import type { AccountRow } from '../../db/accounting.schema.js';
import { ApiCallError, type ApiContext } from '../papercut-call.js';
import { parseFlag, parseMoneyText } from './args.js';
import { printingDisabled } from './user-account-properties.js';

interface SharedProperty {
  read: (account: AccountRow, context: ApiContext) => string | Promise<string>;
  write?: (context: ApiContext, account: string, value: string, name: string) => Promise<void>;
}

export const SHARED_BALANCE_COMMENT = 'Balance set by web services';

const PROPERTIES: ReadonlyMap<string, SharedProperty> = new Map<string, SharedProperty>([
  ['account-id', { read: (a) => String(a.id) }],
  [
    'balance',
    {
      read: (a) => amountToDecimal(a.balance),
      write: (c, account, value, name) =>
        c.services.sharedAccounts.setBalance(
          account,
          parseMoneyText(name, value),
          SHARED_BALANCE_COMMENT,
          c.actor,
        ),
    },
  ],
  [
    'restricted',
    {
      read: (a) => String(a.restricted === 1),
      write: (c, account, value, name) =>
        c.services.sharedAccounts.update(account, { restricted: parseFlag(name, value) ? 1 : 0 }, c.actor),
    },
  ],
  [
    'overdraft-amount',
    {
      read: (a) => amountToDecimal(a.overdraft),
      write: (c, account, value, name) =>
        c.services.sharedAccounts.update(account, { overdraft: parseMoneyText(name, value) }, c.actor),
    },
  ],
  [
    'disabled',
    {
      read: (a) => String(printingDisabled(a, new Date())),
      write: (c, account, value, name) =>
        c.services.sharedAccounts.update(
          account,
          parseFlag(name, value) ? { enabled: 0 } : { enabled: 1, disabled_until: null },
          c.actor,
        ),
    },
  ],
  [
    'notes',
    {
      read: (a) => a.notes,
      write: (c, account, value) => c.services.sharedAccounts.update(account, { notes: value }, c.actor),
    },
  ],
  [
    'pin',
    {
      read: (a) => a.pin,
      write: (c, account, value) => c.services.sharedAccounts.update(account, { pin: value.trim() }, c.actor),
    },
  ],
  // Changed with add/removeSharedAccountAccessUser/Group; listed with "|" as the import file does.
  [
    'access-users',
    { read: async (a, c) => (await c.services.sharedAccounts.access(a.name!)).users.join('|') },
  ],
  [
    'access-groups',
    { read: async (a, c) => (await c.services.sharedAccounts.access(a.name!)).groups.join('|') },
  ],
]);

export const SHARED_ACCOUNT_PROPERTIES = [...PROPERTIES.keys()].sort();

function propertyNamed(name: string): SharedProperty {
  const property = PROPERTIES.get(name);
  if (!property)
    throw new ApiCallError(
      `Unknown shared account property "${name.slice(0, 100)}". Known properties: ${SHARED_ACCOUNT_PROPERTIES.join(', ')}.`,
    );
  return property;
}

/** Throws unless the property exists and can be set, so that a list with one bad name changes nothing. */
export function checkSharedSettable(name: string): void {
  if (!propertyNamed(name).write)
    throw new ApiCallError(`The shared account property "${name}" is read-only.`);
}

export async function getSharedProperty(context: ApiContext, account: string, name: string): Promise<string> {
  const property = propertyNamed(name);
  return property.read(await context.services.sharedAccounts.require(account), context);
}

export async function setSharedProperty(
  context: ApiContext,
  account: string,
  name: string,
  value: string,
): Promise<void> {
  checkSharedSettable(name);
  await propertyNamed(name).write!(context, account, value, name);
}
