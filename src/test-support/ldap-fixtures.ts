/**
 * Deterministic directory contents for LDAP tests and benchmarks: users and groups shaped like an
 * OpenLDAP / Unix directory or like Active Directory, as LDIF. The same options always give the
 * same usernames, passwords, entryUUIDs and objectGUIDs, so a test can compute what the adapter
 * must report without reading the directory back.
 *
 *   const dir = generateDirectory({ baseDn: 'ou=ad,dc=example,dc=org', flavour: 'active-directory', users: 50, groups: 5, membersPerGroup: 10 });
 *   const slapd = await startSlapd({ entries: dir.entries() }); // loaded with slapadd: 100,000 users in seconds
 *   dir.user(1); // { dn, username: 'user000001', password: 'pw-user000001', externalId: '…', … }
 *
 * Shapes:
 * - openldap: `uid=user000001,ou=people,<base>` (inetOrgPerson + posixAccount, entryUUID); groups in
 *   `ou=groups,<base>` cycle groupOfNames (member) → groupOfUniqueNames (uniqueMember) → posixGroup
 *   (memberUid).
 * - active-directory: `CN=Given Surname 000001,OU=Staff,<base>` (every tenth as `Surname\, Given …`,
 *   to exercise escaped commas), sAMAccountName, userPrincipalName `<name>@example.org`, binary
 *   objectGUID in AD byte order, userAccountControl 512 (514 when disabled); groups are
 *   objectClass=group with member DNs in `OU=Groups,<base>`; users carry memberOf.
 * Group g (0-based) has the users (g·m + k) mod n for k < m as members, so 1,000 groups of 100 cover
 * 100,000 users once each. With `nested`, every third group also has the next group as a member.
 */
import { hash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';

export type DirectoryFlavour = 'openldap' | 'active-directory';

export interface DirectoryFixtureOptions {
  /** Where the generated containers go; an `ou=` base is created too, a `dc=` base is the server's suffix. */
  baseDn: string;
  flavour: DirectoryFlavour;
  users: number;
  groups?: number;
  membersPerGroup?: number;
  nested?: boolean;
  /** Active Directory: every n-th user (1-based) is disabled (userAccountControl 514). */
  disabledEvery?: number;
  /** Usernames are `<prefix>000001`…; default 'user'. Use distinct prefixes for sets in one server. */
  prefix?: string;
  /** Group names are `<groupPrefix>0001`…; default 'group'. */
  groupPrefix?: string;
  /** Include entryUUID (only slapadd accepts it; ldapadd leaves it to slapd). Default true. */
  operational?: boolean;
}

export type LdifValue = string | Buffer;
export interface LdifEntry {
  dn: string;
  attributes: Array<[name: string, value: LdifValue]>;
}

export interface FixtureUser {
  dn: string;
  username: string;
  password: string;
  /** What the adapter reports as externalId: entryUUID, or the objectGUID as a GUID string. */
  externalId: string;
  fullName: string;
  email: string;
  department: string;
  office: string;
  disabled: boolean;
}

export interface FixtureGroup {
  dn: string;
  name: string;
  kind: 'groupOfNames' | 'groupOfUniqueNames' | 'posixGroup' | 'group';
  /** 1-based indexes of the member users. */
  memberIndexes: number[];
  /** The DN of the nested member group, if any. */
  nestedGroupDn: string | null;
  externalId: string;
}

export interface GeneratedDirectory {
  usersDn: string;
  groupsDn: string;
  /** User i, 1-based. */
  user(i: number): FixtureUser;
  /** Group g, 0-based. */
  group(g: number): FixtureGroup;
  entries(): Generator<LdifEntry>;
}

const GIVEN = ['Ada', 'Bram', 'Chloé', 'Dmitri', 'Eun-ji', 'Farah', 'Gus', 'Hana', 'Ivo', 'Jo'];
const SURNAMES = [
  'Lovelace',
  'Moolenaar',
  'Dubois',
  'Ivanov',
  'Kim',
  'Haddad',
  "O'Brien",
  'Sato',
  'Novak',
  'March',
];

export function generateDirectory(options: DirectoryFixtureOptions): GeneratedDirectory {
  const ad = options.flavour === 'active-directory';
  const prefix = options.prefix ?? 'user';
  const groupPrefix = options.groupPrefix ?? 'group';
  const groupCount = options.groups ?? 0;
  const membersPerGroup = options.membersPerGroup ?? 10;
  if (groupCount > 0 && (membersPerGroup < 1 || membersPerGroup > options.users)) {
    throw new Error('membersPerGroup must be between 1 and the number of users');
  }
  const usersDn = ad ? `OU=Staff,${options.baseDn}` : `ou=people,${options.baseDn}`;
  const groupsDn = ad ? `OU=Groups,${options.baseDn}` : `ou=groups,${options.baseDn}`;

  function names(i: number) {
    const number = String(i).padStart(6, '0');
    const given = GIVEN[i % GIVEN.length]!;
    const surname = SURNAMES[Math.floor(i / GIVEN.length) % SURNAMES.length]!;
    const cn = ad && i % 10 === 0 ? `${surname}, ${given} ${number}` : `${given} ${surname} ${number}`;
    const username = `${prefix}${number}`;
    return {
      username,
      given,
      surname,
      cn,
      dn: ad ? `CN=${escapeDnValue(cn)},${usersDn}` : `uid=${username},${usersDn}`,
    };
  }

  function user(i: number): FixtureUser {
    const { username, cn, dn } = names(i);
    return {
      dn,
      username,
      password: `pw-${username}`,
      externalId: ad ? stableUuid(`objectGUID:${username}`) : stableUuid(`entryUUID:${username}`),
      fullName: cn,
      email: `${username}@example.org`,
      department: `Department ${i % 20}`,
      office: `Office ${i % 7}`,
      disabled: ad && options.disabledEvery !== undefined && i % options.disabledEvery === 0,
    };
  }

  function group(g: number): FixtureGroup {
    const name = `${groupPrefix}${String(g + 1).padStart(4, '0')}`;
    const kind = ad ? 'group' : (['groupOfNames', 'groupOfUniqueNames', 'posixGroup'] as const)[g % 3]!;
    const memberIndexes: number[] = [];
    for (let k = 0; k < membersPerGroup; k++)
      memberIndexes.push(((g * membersPerGroup + k) % options.users) + 1);
    const nests = options.nested === true && g % 3 === 0 && g + 1 < groupCount;
    return {
      dn: ad ? `CN=${name},${groupsDn}` : `cn=${name},${groupsDn}`,
      name,
      kind,
      memberIndexes,
      nestedGroupDn: nests ? group(g + 1).dn : null,
      externalId: stableUuid(`group:${name}:${options.baseDn}`),
    };
  }

  function* entries(): Generator<LdifEntry> {
    const operational = options.operational ?? true;
    const base = options.baseDn.match(/^ou=([^,]+),/i);
    if (base)
      yield {
        dn: options.baseDn,
        attributes: [
          ['objectClass', 'organizationalUnit'],
          ['ou', base[1]!],
        ],
      };
    yield {
      dn: usersDn,
      attributes: [
        ['objectClass', 'organizationalUnit'],
        ['ou', ad ? 'Staff' : 'people'],
      ],
    };
    yield {
      dn: groupsDn,
      attributes: [
        ['objectClass', 'organizationalUnit'],
        ['ou', ad ? 'Groups' : 'groups'],
      ],
    };

    // Active Directory users list their groups in memberOf: computed once, one small array per member.
    const memberOf = new Map<number, string[]>();
    if (ad) {
      for (let g = 0; g < groupCount; g++) {
        const { dn, memberIndexes } = group(g);
        for (const i of memberIndexes) {
          const list = memberOf.get(i);
          if (list) list.push(dn);
          else memberOf.set(i, [dn]);
        }
      }
    }

    for (let i = 1; i <= options.users; i++) {
      const u = user(i);
      const { given, surname } = names(i);
      const attributes: LdifEntry['attributes'] = ad
        ? [
            ['objectClass', 'top'],
            ['objectClass', 'person'],
            ['objectClass', 'organizationalPerson'],
            ['objectClass', 'user'],
            ['cn', u.fullName],
            ['sn', surname],
            ['givenName', given],
            ['displayName', u.fullName],
            ['sAMAccountName', u.username],
            ['userPrincipalName', u.email],
            ['mail', u.email],
            ['department', u.department],
            ['physicalDeliveryOfficeName', u.office],
            ['objectGUID', guidToAdBytes(u.externalId)],
            ['objectCategory', 'person'],
            ['userAccountControl', u.disabled ? '514' : '512'],
            ...(memberOf.get(i) ?? []).map((dn): [string, string] => ['memberOf', dn]),
          ]
        : [
            ['objectClass', 'inetOrgPerson'],
            ['objectClass', 'posixAccount'],
            ['uid', u.username],
            ['cn', u.fullName],
            ['sn', surname],
            ['givenName', given],
            ['mail', u.email],
            ['departmentNumber', u.department],
            ['physicalDeliveryOfficeName', u.office],
            ['uidNumber', String(10_000 + i)],
            ['gidNumber', '10000'],
            ['homeDirectory', `/home/${u.username}`],
          ];
      attributes.push(['userPassword', sshaPassword(u.password, u.username)]);
      if (operational && !ad) attributes.push(['entryUUID', u.externalId]);
      yield { dn: u.dn, attributes };
    }

    for (let g = 0; g < groupCount; g++) {
      const grp = group(g);
      const attributes: LdifEntry['attributes'] = [
        ['objectClass', grp.kind],
        ['cn', grp.name],
      ];
      const dnOf = (i: number) => names(i).dn;
      if (grp.kind === 'posixGroup') {
        attributes.push(['gidNumber', String(20_000 + g)]);
        for (const i of grp.memberIndexes) attributes.push(['memberUid', names(i).username]);
      } else {
        const attribute = grp.kind === 'groupOfUniqueNames' ? 'uniqueMember' : 'member';
        for (const i of grp.memberIndexes) attributes.push([attribute, dnOf(i)]);
        if (grp.nestedGroupDn) attributes.push([attribute, grp.nestedGroupDn]);
      }
      if (ad)
        attributes.push(
          ['sAMAccountName', grp.name],
          ['groupType', '-2147483646'],
          ['objectCategory', 'group'],
          ['objectGUID', guidToAdBytes(grp.externalId)],
        );
      if (operational && !ad) attributes.push(['entryUUID', grp.externalId]);
      yield { dn: grp.dn, attributes };
    }
  }

  return { usersDn, groupsDn, user, group, entries };
}

/** A UUID-shaped string derived from `seed` (version 5 layout, so it also passes as an entryUUID). */
export function stableUuid(seed: string): string {
  const bytes = hash('sha1', seed, 'buffer').subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The 16 bytes Active Directory stores for a GUID: the first three groups little-endian, the rest
 * as written. Computed here independently of the adapter's decoder so tests check one against the other.
 */
export function guidToAdBytes(guid: string): Buffer {
  const [a = '', b = '', c = '', d = '', e = ''] = guid.split('-');
  const swap = (hex: string) => Buffer.from(hex, 'hex').reverse();
  return Buffer.concat([swap(a), swap(b), swap(c), Buffer.from(d + e, 'hex')]);
}

/** `{SSHA}` with a salt taken from `seed`: realistic stored passwords, stable output. */
export function sshaPassword(password: string, seed: string): string {
  const salt = Buffer.from(seed.padEnd(8, '.').slice(-8), 'utf8');
  const digest = hash('sha1', Buffer.concat([Buffer.from(password, 'utf8'), salt]), 'buffer');
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}

/** Escapes a DN attribute value (RFC 4514) as a directory would print it. */
export function escapeDnValue(value: string): string {
  if (!/[,+"\\<>;=]|^[ #]| $/.test(value)) return value;
  return value
    .replace(/[,+"\\<>;=]/g, (c) => `\\${c}`)
    .replace(/^[ #]/, (c) => `\\${c}`)
    .replace(/ $/, '\\ ');
}

/** One entry as LDIF text (values that are not safe strings are base64-encoded). */
export function toLdif(entry: LdifEntry): string {
  let text = line('dn', entry.dn);
  for (const [name, value] of entry.attributes) text += line(name, value);
  return `${text}\n`;
}

/** LDIF text for several entries: what ldapadd takes for live changes. */
export function ldifOf(entries: Iterable<LdifEntry>): string {
  let text = '';
  for (const entry of entries) text += toLdif(entry);
  return text;
}

/** Writes entries to an LDIF file in large chunks; returns how many were written. */
export function writeLdifFile(file: string, entries: Iterable<LdifEntry>): number {
  const fd = openSync(file, 'w');
  let count = 0;
  let chunk = '';
  try {
    for (const entry of entries) {
      chunk += toLdif(entry);
      count++;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  return count;
}

// RFC 2849 SAFE-STRING: no leading space, colon or '<', only printable ASCII, no trailing space.
const SAFE_STRING = /^(?![ :<])[\x20-\x7e]*$/;

function line(name: string, value: LdifValue): string {
  if (typeof value === 'string' && SAFE_STRING.test(value) && !value.endsWith(' '))
    return `${name}: ${value}\n`;
  return `${name}:: ${(typeof value === 'string' ? Buffer.from(value, 'utf8') : value).toString('base64')}\n`;
}
