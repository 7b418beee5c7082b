/**
 * The user properties of PaperCut's getUserProperty/setUserProperty (and the server-command verbs
 * that call them), as one Map from the property's name to how it is read and written.
 *
 *   await getProperty(context, user, 'email');                // 'alice@example.org'
 *   await setProperty(context, 'alice', 'card-number', '42'); // the primary card number
 *
 * A name from a caller is only ever looked up in this Map, never on a plain object: on an object
 * literal `constructor` resolves to Object and `toString` to a function, and such a look-up once
 * answered `getUserProperty(token, 'alice', 'constructor')` with the whole user row, hashes
 * included. Every name not in the Map gets the same "Unknown user property" error.
 */
import { ConflictError } from '../../errors.js';
import type { UserRow } from '../../db/schema.js';
import type { UserDetails } from '../../users/user-details.js';
import { ApiCallError, type ApiContext } from '../papercut-call.js';
import { parseFlag } from './args.js';
import { USER_ACCOUNT_PROPERTIES, type UserPropertyAccess } from './user-account-properties.js';

interface UserProperty extends UserPropertyAccess {
  /** A detail field: the users service validates it and refuses it when the user's directory owns it. */
  detail?: keyof UserDetails;
}

const detail = (field: keyof UserDetails, read: (user: UserRow) => string): UserProperty => ({
  read,
  detail: field,
});

const PROPERTIES: ReadonlyMap<string, UserProperty> = new Map<string, UserProperty>([
  ['full-name', detail('fullName', (u) => u.full_name)],
  ['email', detail('email', (u) => u.email)],
  ['department', detail('department', (u) => u.department)],
  ['office', detail('office', (u) => u.office)],
  ['notes', detail('notes', (u) => u.notes)],
  ['primary-card-number', detail('cardNumber', (u) => u.card_number)],
  ['secondary-card-number', detail('cardNumber2', (u) => u.card_number2)],
  ['username-alias', detail('usernameAlias', (u) => u.username_alias)],
  ['home', detail('homeFolder', (u) => u.home_folder)],
  [
    'disabled',
    {
      read: (u) => String(u.disabled === 1),
      write: (c, username, value, name) =>
        c.services.users.setDisabled(username, parseFlag(name, value), c.actor),
    },
  ],
  ['internal', { read: (u) => String(u.source_id === null) }],
  ['other-emails', { read: (u) => u.other_emails.split('\n').filter(Boolean).join(',') }],
  ['password', { write: setPassword }],
  ['card-pin', { write: (c, username, value) => c.services.users.setCardPin(username, value, c.actor) }],
  [
    'expiry-date',
    {
      // '' for an account that never expires; set 'YYYY-MM-DD', or '' / 'never' to remove it.
      read: (u) => u.expiry_date ?? '',
      write: async (c, username, value) => {
        await c.services.users.setExpiry(username, value, c.actor);
      },
    },
  ],
  ...USER_ACCOUNT_PROPERTIES,
]);

/** Names older PaperCut scripts use for a property (PaperCut had one card number before it had two). */
const ALIASES: ReadonlyMap<string, string> = new Map([['card-number', 'primary-card-number']]);

export const USER_PROPERTIES = [...PROPERTIES.keys()].sort();
export const USER_PROPERTY_ALIASES = [...ALIASES.keys()];

function unknownProperty(name: string): ApiCallError {
  return new ApiCallError(
    `Unknown user property "${name.slice(0, 100)}". Known properties: ${USER_PROPERTIES.join(', ')} (and ${USER_PROPERTY_ALIASES.join(', ')} for primary-card-number).`,
  );
}

function propertyNamed(name: string): UserProperty {
  const property = PROPERTIES.get(ALIASES.get(name) ?? name);
  if (!property) throw unknownProperty(name);
  return property;
}

export async function getProperty(context: ApiContext, user: UserRow, name: string): Promise<string> {
  const property = propertyNamed(name);
  if (!property.read) throw new ApiCallError(`The property "${name}" can be set but never read.`);
  return property.read(user, context);
}

/** Throws unless the property exists and can be set; setUserProperties checks every name first, so one bad name changes nothing. */
export function checkSettable(name: string): UserProperty {
  const property = propertyNamed(name);
  if (!property.detail && !property.write) throw new ApiCallError(`The property "${name}" is read-only.`);
  return property;
}

export async function setProperty(
  context: ApiContext,
  username: string,
  name: string,
  value: string,
): Promise<void> {
  const property = checkSettable(name);
  if (property.detail)
    await context.services.users.updateDetails(username, { [property.detail]: value }, context.actor);
  else await property.write!(context, username, value, name);
}

async function setPassword(context: ApiContext, username: string, value: string): Promise<void> {
  const { users, sources } = context.services;
  const user = await users.requireUser(username);
  if (user.source_id !== null) {
    const source = (await sources.names()).get(user.source_id) ?? 'its directory source';
    throw new ConflictError(`The password of ${user.username} is managed by ${source}; change it there.`);
  }
  await users.setPassword(username, value, { mustChange: false }, context.actor);
}
