/**
 * The LDAP adapter against a real OpenLDAP slapd: an OpenLDAP / Unix tree and an Active
 * Directory look-alike (AD schema, objectGUID, userAccountControl) in one server, started once
 * for the file. Connections are in ldap.connection.test.ts, password changes in
 * ldap.password.test.ts; Active Directory itself (bind diagnostics, ranged retrieval, unicodePwd)
 * is exercised against Samba in ldap.ad-dc.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { generateDirectory, ldifOf, sshaPassword, type LdifEntry } from '../../test-support/ldap-fixtures.js';
import { skipUnless } from '../../test-support/require.js';
import { slapdAvailable, startSlapd, type SlapdServer } from '../../test-support/slapd.js';
import { freePort } from '../../test-support/free-ports.js';
import type { DirectoryClient, DirectoryGroup, DirectoryUser } from '../directory.port.js';
import { createLdapClient } from './ldap.client.js';
import {
  ldapConfigFromPreset,
  type LdapAttributeMap,
  type LdapPreset,
  type LdapSourceConfig,
} from './ldap.config.js';
import { normalizeDn } from './ldap.dn.js';

const skip = skipUnless(
  existsSync('/usr/sbin/slapd') && slapdAvailable(),
  'slapd (with slapadd, the OpenLDAP schemas and openssl) is not installed',
);

type Overrides = Partial<Omit<LdapSourceConfig, 'attributes'>> & { attributes?: Partial<LdapAttributeMap> };

const SUFFIX = 'dc=example,dc=org';
const unix = generateDirectory({
  baseDn: `ou=unix,${SUFFIX}`,
  flavour: 'openldap',
  users: 1234,
  groups: 6,
  membersPerGroup: 5,
  nested: true,
});
const ad = generateDirectory({
  baseDn: `ou=ad,${SUFFIX}`,
  flavour: 'active-directory',
  users: 30,
  groups: 3,
  membersPerGroup: 4,
  nested: true,
  disabledEvery: 7,
  prefix: 'ad',
  groupPrefix: 'adgroup',
});

/** Hand-made users next to the generated ones: the sign-in cases. */
const person = (dn: string, uid: string | null, password: string): LdifEntry => ({
  dn,
  attributes: [
    ['objectClass', 'inetOrgPerson'],
    ['cn', uid ?? 'No Uid'],
    ['sn', 'Example'],
    ...(uid ? [['uid', uid] as [string, string]] : []),
    ['userPassword', sshaPassword(password, dn)],
  ],
});
const ALICE = { dn: `uid=alice,${unix.usersDn}`, password: 'Alice-Secret-1' };
const STAR = { dn: `uid=star*(x)\\5c,${unix.usersDn}`, uid: 'star*(x)\\', password: 'Star-Secret-1' };
const extras = [
  person(ALICE.dn, 'alice', ALICE.password),
  person(STAR.dn, STAR.uid, STAR.password),
  person(`cn=No Uid,${unix.usersDn}`, null, 'whatever-1'),
];

describe('LDAP adapter against OpenLDAP slapd', { skip }, () => {
  let slapd: SlapdServer;
  const clients: DirectoryClient[] = [];

  /** A client with a preset, bound as the harness's service account, closed after the file. */
  function client(preset: LdapPreset, overrides: Overrides = {}): DirectoryClient {
    const config = ldapConfigFromPreset(preset, {
      urls: [slapd.url],
      bindDn: slapd.serviceDn,
      bindPassword: slapd.servicePassword,
      baseDns: [preset === 'active-directory' ? `ou=ad,${SUFFIX}` : `ou=unix,${SUFFIX}`],
      connectTimeoutMs: 2_000,
      timeoutMs: 5_000,
      ...overrides,
    });
    const created = createLdapClient(config);
    clients.push(created);
    return created;
  }

  async function allUsers(c: DirectoryClient): Promise<{ users: DirectoryUser[]; pageSizes: number[] }> {
    const users: DirectoryUser[] = [];
    const pageSizes: number[] = [];
    for await (const page of c.users()) {
      pageSizes.push(page.length);
      users.push(...page);
    }
    return { users, pageSizes };
  }

  async function allGroups(c: DirectoryClient): Promise<Map<string, DirectoryGroup>> {
    const groups = new Map<string, DirectoryGroup>();
    for await (const page of c.groups()) for (const group of page) groups.set(group.name, group);
    return groups;
  }

  before(async () => {
    slapd = await startSlapd({
      suffix: SUFFIX,
      entries: (function* () {
        yield* unix.entries();
        yield* ad.entries();
        yield* extras;
      })(),
      passwordPolicy: { minLength: 10 },
    });
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await slapd?.stop();
  });

  describe('users', () => {
    it('reads every user in pages no larger than the page size', async () => {
      const { users, pageSizes } = await allUsers(client('openldap', { pageSize: 100 }));
      assert.equal(users.length, 1234 + 3, 'the generated users, alice, star and the user without uid');
      assert.ok(pageSizes.length >= 13, `${pageSizes.length} pages`);
      assert.ok(
        pageSizes.every((size) => size <= 100),
        `page sizes ${pageSizes.join(',')}`,
      );
      assert.equal(new Set(users.map((u) => u.ref)).size, users.length, 'no user twice');
    });

    it('maps the OpenLDAP preset: entryUUID, uid, cn, mail, departmentNumber, office, DN as ref', async () => {
      const { users } = await allUsers(client('openldap'));
      const expected = unix.user(42);
      const user = users.find((u) => u.username === expected.username);
      assert.deepEqual(user, {
        externalId: expected.externalId,
        ref: `uid=${expected.username},ou=people,ou=unix,dc=example,dc=org`,
        username: expected.username,
        fullName: expected.fullName,
        email: expected.email,
        department: expected.department,
        office: expected.office,
        cardNumber: '',
        cardNumber2: '',
        otherEmails: [],
        alias: '',
        home: '',
        pin: '',
        disabled: false,
      });
    });

    it('reports an entry without a username with an empty username, for the engine to list as an error', async () => {
      const { users } = await allUsers(client('openldap'));
      const noUid = users.find((u) => u.ref === `cn=no uid,ou=people,ou=unix,dc=example,dc=org`);
      assert.equal(noUid?.username, '');
      assert.match(noUid?.externalId ?? '', /^[0-9a-f-]{36}$/, 'slapd assigned an entryUUID');
    });

    it('reads overlapping base DNs once', async () => {
      const { users } = await allUsers(client('openldap', { baseDns: [unix.usersDn, `ou=unix,${SUFFIX}`] }));
      assert.equal(users.length, 1237);
    });

    it('maps the Active Directory preset: objectGUID as a GUID, sAMAccountName, disabled by userAccountControl', async () => {
      const { users } = await allUsers(client('active-directory', { pageSize: 7 }));
      assert.equal(users.length, 30);
      for (let i = 1; i <= 30; i++) {
        const expected = ad.user(i);
        const user = users.find((u) => u.username === expected.username);
        assert.ok(user, `${expected.username} is listed`);
        assert.equal(user.externalId, expected.externalId);
        assert.equal(user.ref, normalizeDn(expected.dn));
        assert.equal(user.fullName, expected.fullName);
        assert.equal(user.department, expected.department);
        assert.equal(user.disabled, expected.disabled, `${expected.username} disabled`);
      }
      assert.equal(users.filter((u) => u.disabled).length, 4, 'users 7, 14, 21 and 28');
      assert.equal(
        users.find((u) => u.username === 'ad000010')?.ref,
        'cn=moolenaar\\, ada 000010,ou=staff,ou=ad,dc=example,dc=org',
      );
    });

    it('takes the part of userPrincipalName before @ when it is the username attribute', async () => {
      const c = client('active-directory', { attributes: { username: 'userPrincipalName' } });
      const { users } = await allUsers(c);
      assert.ok(users.some((u) => u.username === 'ad000003'));
      assert.ok(users.every((u) => !u.username.includes('@')));
      assert.deepEqual(await c.authenticate('ad000003', 'pw-ad000003'), { ok: true, username: 'ad000003' });
    });

    it('keeps the externalId of a user renamed in the directory, and sees an account disabled there', async () => {
      const before = unix.user(20);
      await slapd.ldapmodify(
        `dn: ${before.dn}\nchangetype: modrdn\nnewrdn: uid=renamed20\ndeleteoldrdn: 1\n`,
      );
      const aduser = ad.user(3);
      await slapd.ldapmodify(
        `dn: ${aduser.dn}\nchangetype: modify\nreplace: userAccountControl\nuserAccountControl: 514\n`,
      );
      const renamed = (await allUsers(client('openldap'))).users.find(
        (u) => u.externalId === before.externalId,
      );
      assert.equal(renamed?.username, 'renamed20');
      assert.equal(renamed?.ref, 'uid=renamed20,ou=people,ou=unix,dc=example,dc=org');
      const disabled = (await allUsers(client('active-directory'))).users.find(
        (u) => u.username === aduser.username,
      );
      assert.equal(disabled?.disabled, true);
      await slapd.ldapmodify(
        `dn: ${aduser.dn}\nchangetype: modify\nreplace: userAccountControl\nuserAccountControl: 512\n`,
      );
    });

    it('applies an administrator filter with the AD bitwise matching rule', async () => {
      const { users } = await allUsers(
        client('active-directory', {
          userFilter:
            '(&(objectCategory=person)(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))',
        }),
      );
      assert.equal(users.length, 26);
      assert.ok(users.every((u) => !u.disabled));
    });
  });

  describe('groups', () => {
    it('reports groupOfNames, groupOfUniqueNames and posixGroup members, and nested groups as refs', async () => {
      const c = client('openldap');
      const groups = await allGroups(c);
      assert.equal(groups.size, 6);
      const refOf = (i: number) => normalizeDn(unix.user(i).dn);
      for (let g = 0; g < 6; g++) {
        const fixture = unix.group(g);
        const group = groups.get(fixture.name);
        assert.ok(group, `${fixture.name} is listed`);
        assert.equal(group.ref, normalizeDn(fixture.dn));
        const expected =
          fixture.kind === 'posixGroup'
            ? fixture.memberIndexes.map((i) => unix.user(i).username)
            : [
                ...fixture.memberIndexes.map(refOf),
                ...(fixture.nestedGroupDn ? [normalizeDn(fixture.nestedGroupDn)] : []),
              ];
        assert.deepEqual([...group.memberRefs].sort(), expected.sort(), `${fixture.name} (${fixture.kind})`);
      }
      // Nested: group0001 (groupOfNames) lists group0002 (groupOfUniqueNames) by its DN.
      assert.ok(groups.get('group0001')?.memberRefs.includes(groups.get('group0002')!.ref));
    });

    it('matches Active Directory member DNs, escaped commas included, to user refs', async () => {
      const c = client('active-directory');
      const groups = await allGroups(c);
      const { users } = await allUsers(c);
      const refs = new Set(users.map((u) => u.ref));
      const first = groups.get('adgroup0001');
      assert.ok(first);
      // Members 1-4 and nested adgroup0002.
      assert.equal(first.memberRefs.length, 5);
      assert.ok(first.memberRefs.includes(groups.get('adgroup0002')!.ref));
      const ten = groups.get('adgroup0003')!; // users 9-12: user 10 has a comma in its CN
      assert.ok(
        ten.memberRefs.every((ref) => refs.has(ref)),
        ten.memberRefs.join(' | '),
      );
    });
  });

  describe('sign-in', () => {
    it('signs in with the right password and returns the directory’s username', async () => {
      const c = client('openldap');
      assert.deepEqual(await c.authenticate('alice', ALICE.password), { ok: true, username: 'alice' });
      assert.deepEqual(await c.authenticate('ALICE', ALICE.password), { ok: true, username: 'alice' });
      assert.deepEqual(await c.authenticate('user000007', 'pw-user000007'), {
        ok: true,
        username: 'user000007',
      });
    });

    it('answers a wrong password and an unknown user the same way', async () => {
      const c = client('openldap');
      assert.deepEqual(await c.authenticate('alice', 'wrong-password'), { ok: false, reason: 'invalid' });
      assert.deepEqual(await c.authenticate('nobody-here', 'wrong-password'), {
        ok: false,
        reason: 'invalid',
      });
    });

    it('refuses an empty password or username without asking the directory', async () => {
      const c = client('openldap', { urls: [`ldap://127.0.0.1:${await freePort()}`] });
      // The server is unreachable: an answer proves nothing was sent.
      assert.deepEqual(await c.authenticate('alice', ''), { ok: false, reason: 'invalid' });
      assert.deepEqual(await c.authenticate('', ALICE.password), { ok: false, reason: 'invalid' });
    });

    it('treats filter syntax in the username as literal text', async () => {
      const c = client('openldap');
      for (const attempt of [
        '*',
        'alic*',
        'alice)(uid=*',
        'alice)(|(uid=*',
        '*)(uid=alice',
        'admin)(|(uid=*',
        '\\',
        'alice\\',
        'alice\u0000',
        'alice\u0000)(uid=*',
        '\\2a',
      ]) {
        assert.deepEqual(
          await c.authenticate(attempt, ALICE.password),
          { ok: false, reason: 'invalid' },
          JSON.stringify(attempt),
        );
      }
      // A username that really contains * ( ) \ signs in as itself, and only as itself.
      assert.deepEqual(await c.authenticate(STAR.uid, STAR.password), { ok: true, username: STAR.uid });
      assert.deepEqual(await c.authenticate('star*', STAR.password), { ok: false, reason: 'invalid' });
    });

    it('refuses a user matched by several entries', async () => {
      // Every hand-made user has sn=Example: signing in by surname is ambiguous.
      const c = client('openldap', { attributes: { username: 'sn' } });
      assert.deepEqual(await c.authenticate('Example', ALICE.password), { ok: false, reason: 'invalid' });
    });
  });

  it('builds LDIF that slapd accepts live as well', async () => {
    const live = generateDirectory({
      baseDn: `ou=live,${SUFFIX}`,
      flavour: 'openldap',
      users: 3,
      operational: false,
    });
    await slapd.ldapadd(ldifOf(live.entries()));
    const { users } = await allUsers(client('openldap', { baseDns: [`ou=live,${SUFFIX}`] }));
    assert.deepEqual(users.map((u) => u.username).sort(), ['user000001', 'user000002', 'user000003']);
  });
});
