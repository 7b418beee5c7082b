/**
 * Directory entries → Quire's users and group members, per the source's attribute map. Pure
 * functions: the client fetches, these read.
 *
 *   const user = entryToUser(entry, config); // { externalId: '…', ref: 'uid=alice,ou=people,…', username: 'alice', … }
 */
import type { Entry } from 'ldapts';
import type { DirectoryGroup, DirectoryUser } from '../directory.port.js';
import type { LdapSourceConfig } from './ldap.config.js';
import { normalizeDn } from './ldap.dn.js';
import { formatGuid } from './guid.js';

type Value = string | Buffer;

/** The values of one attribute, found case-insensitively (servers print their own spelling). */
export function valuesOf(entry: Entry, attribute: string): Value[] {
  return attributeIndex(entry)(attribute);
}

/** Case-insensitive access to an entry's attributes, indexed once for several look-ups. */
function attributeIndex(entry: Entry): (attribute: string) => Value[] {
  // A plain object and a for-in loop: this runs once per directory entry in a sync.
  const byName: Record<string, Value[]> = Object.create(null) as Record<string, Value[]>;
  for (const key in entry) {
    if (key === 'dn') continue;
    const value = entry[key]!;
    byName[key.toLowerCase()] = Array.isArray(value) ? (value as Value[]) : [value as Value];
  }
  return (attribute) => (attribute ? (byName[attribute.toLowerCase()] ?? []) : []);
}

function text(value: Value | undefined): string {
  if (value === undefined) return '';
  return (typeof value === 'string' ? value : value.toString('utf8')).trim();
}

/** By lower-case attribute name; a Map, so an id attribute configured as `constructor` is plain text. */
const BINARY_IDS: ReadonlyMap<string, { canonical: string; order: 'microsoft' | 'network' }> = new Map([
  ['objectguid', { canonical: 'objectGUID', order: 'microsoft' }],
  ['guid', { canonical: 'GUID', order: 'network' }],
]);

/** What to ask for when reading users, and which of those come back as raw bytes. */
export function userAttributes(config: LdapSourceConfig): { attributes: string[]; binary: string[] } {
  const names = Object.values(config.attributes).filter(Boolean);
  if (config.disabledRule === 'ad-user-account-control') names.push('userAccountControl');
  if (config.disabledRule === 'edirectory-login-disabled') names.push('loginDisabled');
  const id = config.attributes.externalId;
  const binary = BINARY_IDS.get(id.toLowerCase());
  // ldapts matches binary attribute names exactly, and servers answer with their own spelling.
  return {
    attributes: [...new Set(names)],
    binary: binary ? [...new Set([id, id.toLowerCase(), binary.canonical])] : [],
  };
}

/** The immutable id as text: GUIDs in their usual form, other binary ids as hex, text as is. */
export function externalIdOf(value: Value | undefined, attribute: string): string {
  if (value === undefined) return '';
  const binary = BINARY_IDS.get(attribute.toLowerCase());
  if (binary) return formatGuid(typeof value === 'string' ? Buffer.from(value, 'utf8') : value, binary.order);
  return typeof value === 'string' ? value.trim() : value.toString('hex');
}

/** The username as Quire sees it: a userPrincipalName contributes only its part before '@'. */
export function usernameOf(entry: Entry, attribute: string): string {
  return usernameFrom(valuesOf(entry, attribute), attribute);
}

function usernameFrom(values: Value[], attribute: string): string {
  const value = text(values[0]);
  if (attribute.toLowerCase() !== 'userprincipalname') return value;
  const at = value.indexOf('@');
  return at < 0 ? value : value.slice(0, at);
}

export function isDisabled(entry: Entry, rule: LdapSourceConfig['disabledRule']): boolean {
  return disabledFrom(attributeIndex(entry), rule);
}

function disabledFrom(get: (attribute: string) => Value[], rule: LdapSourceConfig['disabledRule']): boolean {
  switch (rule) {
    case 'ad-user-account-control':
      // ACCOUNTDISABLE = 0x2
      return (Number(text(get('userAccountControl')[0])) & 0x2) !== 0;
    case 'edirectory-login-disabled':
      return text(get('loginDisabled')[0]).toUpperCase() === 'TRUE';
    case 'none':
      return false;
  }
}

/**
 * An entry without a username or id is still reported, with empty fields: the sync engine
 * validates usernames and lists the entry as an error instead of silently dropping it.
 */
export function entryToUser(entry: Entry, config: LdapSourceConfig): DirectoryUser {
  const { attributes: map } = config;
  const get = attributeIndex(entry);
  const first = (attribute: string) => text(get(attribute)[0]);
  const emails = get(map.email).map(text).filter(Boolean);
  return {
    externalId: externalIdOf(get(map.externalId)[0], map.externalId),
    ref: normalizeDn(entry.dn),
    username: usernameFrom(get(map.username), map.username),
    fullName: first(map.fullName),
    email: emails[0] ?? '',
    department: first(map.department),
    office: first(map.office),
    cardNumber: first(map.cardNumber),
    cardNumber2: first(map.cardNumber2),
    // Further values of the email attribute, then those of the other-emails attribute.
    otherEmails: [...emails.slice(1), ...get(map.otherEmails ?? '').map(text)].filter(Boolean),
    alias: '',
    home: first(map.homeFolder ?? ''),
    pin: first(map.cardPin ?? ''),
    disabled: disabledFrom(get, config.disabledRule),
  };
}

/**
 * Member references as users' and groups' refs: DNs normalized (a uniqueMember's optional
 * `#'0101'B` uid suffix dropped), memberUid values lower-cased as usernames.
 */
export function memberRefs(attribute: string, values: Value[]): string[] {
  const names = values.map(text).filter(Boolean);
  if (attribute.toLowerCase() === 'memberuid') return names.map((name) => name.toLowerCase());
  return names.map((dn) => normalizeDn(dn.replace(/#'[01]*'B$/, '')));
}

/**
 * An Active Directory ranged attribute in an entry (`member;range=0-1499`): its values and where
 * the range ends ('*' = the last range). Null when the attribute came back whole.
 */
export function rangedValues(
  entry: Entry,
  attribute: string,
): { values: Value[]; start: number; end: number | '*' } | null {
  const prefix = `${attribute.toLowerCase()};range=`;
  for (const [key, value] of Object.entries(entry)) {
    if (!key.toLowerCase().startsWith(prefix)) continue;
    const match = /^(\d+)-(\d+|\*)$/.exec(key.slice(prefix.length));
    if (!match) continue;
    return {
      values: Array.isArray(value) ? value : [value],
      start: Number(match[1]),
      end: match[2] === '*' ? '*' : Number(match[2]),
    };
  }
  return null;
}

/**
 * Every value of a multi-valued attribute, following Active Directory's ranged retrieval: while
 * the entry holds `member;range=a-b` with b not '*', `fetch('member;range=<b+1>-*')` reads the
 * next range from the same entry.
 */
export async function allValues(
  entry: Entry,
  attribute: string,
  fetch: (rangedAttribute: string) => Promise<Entry | undefined>,
): Promise<Value[]> {
  const values = [...valuesOf(entry, attribute)];
  let range = rangedValues(entry, attribute);
  while (range) {
    values.push(...range.values);
    if (range.end === '*') break;
    const start = range.end + 1;
    const next = await fetch(`${attribute};range=${start}-*`);
    const nextRange = next ? rangedValues(next, attribute) : null;
    // A range that does not continue where asked would loop forever: stop instead.
    range = nextRange && nextRange.start === start ? nextRange : null;
  }
  return values;
}

/**
 * A group entry as a group: its members from every member attribute, normalized and without
 * duplicates. `fetch` reads a further range of a ranged attribute from the entry (see allValues).
 */
export async function entryToGroup(
  entry: Entry,
  memberAttributes: string[],
  fetch: (rangedAttribute: string) => Promise<Entry | undefined>,
): Promise<DirectoryGroup> {
  const refs: string[] = [];
  for (const attribute of memberAttributes)
    refs.push(...memberRefs(attribute, await allValues(entry, attribute, fetch)));
  return {
    ref: normalizeDn(entry.dn),
    name: String(valuesOf(entry, 'cn')[0] ?? '').trim(),
    memberRefs: [...new Set(refs)],
  };
}
