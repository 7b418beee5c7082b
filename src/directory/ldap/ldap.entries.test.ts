import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { passwordModifyRequest } from './ber.js';
import { formatGuid } from './guid.js';
import { ldapConfigFromPreset } from './ldap.config.js';
import type { Entry } from 'ldapts';
import { allValues, entryToUser, memberRefs, rangedValues, userAttributes } from './ldap.entries.js';

const base = { urls: ['ldap://127.0.0.1'], bindDn: '', bindPassword: '', baseDns: ['o=org'] };

describe('formatGuid', () => {
  // The GUID {a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90} as Active Directory stores it.
  const stored = Buffer.from('d4c3b2a1f6e51807293a4b5c6d7e8f90', 'hex');

  it('reads objectGUID bytes with the first three groups little-endian', () => {
    assert.equal(formatGuid(stored, 'microsoft'), 'a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90');
  });

  it('reads other GUIDs in byte order and other lengths as hex', () => {
    assert.equal(formatGuid(stored, 'network'), 'd4c3b2a1-f6e5-1807-293a-4b5c6d7e8f90');
    assert.equal(formatGuid(Buffer.from([1, 2, 255]), 'network'), '0102ff');
  });
});

describe('entryToUser', () => {
  it('maps an eDirectory entry: binary GUID, cn username, loginDisabled', () => {
    const config = ldapConfigFromPreset('edirectory', base);
    const guid = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const user = entryToUser(
      {
        dn: 'CN=Alice,OU=Staff,O=Org',
        GUID: guid,
        cn: 'alice',
        fullName: 'Alice Example',
        mail: ['alice@example.org', 'a.example@example.org'],
        ou: 'Finance',
        l: 'Brussels',
        loginDisabled: 'TRUE',
      },
      config,
    );
    assert.deepEqual(user, {
      externalId: '00112233-4455-6677-8899-aabbccddeeff',
      ref: 'cn=alice,ou=staff,o=org',
      username: 'alice',
      fullName: 'Alice Example',
      email: 'alice@example.org',
      department: 'Finance',
      office: 'Brussels',
      cardNumber: '',
      cardNumber2: '',
      otherEmails: ['a.example@example.org'],
      alias: '',
      home: '',
      pin: '',
      disabled: true,
    });
    assert.deepEqual(userAttributes(config).binary, ['GUID', 'guid']);
  });

  it('takes the part of a userPrincipalName before @, reads attribute names case-insensitively', () => {
    const config = ldapConfigFromPreset('active-directory', {
      ...base,
      attributes: { username: 'userPrincipalName' },
    });
    const user = entryToUser(
      { dn: 'CN=Bob,DC=x', userprincipalname: 'Bob@example.org', userAccountControl: '66050' },
      config,
    );
    assert.equal(user.username, 'Bob');
    assert.equal(user.disabled, true); // 66050 = 0x10202: NORMAL_ACCOUNT | ACCOUNTDISABLE | DONT_EXPIRE_PASSWORD
  });

  it('reports an entry without username or id with empty fields instead of dropping it', () => {
    const user = entryToUser({ dn: 'uid=x,dc=x' }, ldapConfigFromPreset('openldap', base));
    assert.equal(user.username, '');
    assert.equal(user.externalId, '');
  });
});

describe('memberRefs', () => {
  it('normalizes member DNs, drops uniqueMember uid suffixes, lower-cases memberUid', () => {
    assert.deepEqual(memberRefs('member', ['CN=Smith\\2C John,OU=Staff,DC=x']), [
      'cn=smith\\, john,ou=staff,dc=x',
    ]);
    assert.deepEqual(memberRefs('uniqueMember', ["uid=alice,ou=people,dc=x#'0101'B"]), [
      'uid=alice,ou=people,dc=x',
    ]);
    assert.deepEqual(memberRefs('memberUid', ['Alice', ' bob ']), ['alice', 'bob']);
  });
});

describe('rangedValues', () => {
  it('finds an Active Directory ranged attribute and where it ends', () => {
    assert.deepEqual(rangedValues({ dn: 'cn=g', 'member;range=0-1499': ['a', 'b'] }, 'member'), {
      values: ['a', 'b'],
      start: 0,
      end: 1499,
    });
    assert.deepEqual(rangedValues({ dn: 'cn=g', 'member;range=1500-*': 'c' }, 'member'), {
      values: ['c'],
      start: 1500,
      end: '*',
    });
    assert.equal(rangedValues({ dn: 'cn=g', member: ['a'] }, 'member'), null);
  });
});

describe('allValues', () => {
  /** A group of `count` members as a Windows DC with MaxValRange `max` answers for it. */
  function rangedGroup(count: number, max: number) {
    const members = Array.from({ length: count }, (_, i) => `CN=User ${i},DC=x`);
    const answer = (start: number): Entry => {
      const end = Math.min(start + max, count) - 1;
      const last = end === count - 1;
      return {
        dn: 'CN=Big,DC=x',
        [`member;range=${start}-${last ? '*' : end}`]: members.slice(start, end + 1),
      };
    };
    const requests: string[] = [];
    const fetch = async (ranged: string) => {
      requests.push(ranged);
      return answer(Number(/range=(\d+)-\*$/.exec(ranged)![1]));
    };
    return { members, first: answer(0), requests, fetch };
  }

  it('follows member;range= until a range ends in *', async () => {
    const group = rangedGroup(3200, 1500);
    assert.deepEqual(await allValues(group.first, 'member', group.fetch), group.members);
    assert.deepEqual(group.requests, ['member;range=1500-*', 'member;range=3000-*']);
  });

  it('reads an attribute that came back whole without asking again', async () => {
    const group = rangedGroup(3, 1500);
    const whole: Entry = { dn: 'CN=Small,DC=x', member: ['CN=A,DC=x', 'CN=B,DC=x'] };
    assert.deepEqual(await allValues(whole, 'member', group.fetch), ['CN=A,DC=x', 'CN=B,DC=x']);
    assert.deepEqual(group.requests, []);
  });

  it('stops when the server does not continue where asked', async () => {
    const first: Entry = { dn: 'CN=G,DC=x', 'member;range=0-1': ['a', 'b'] };
    const values = await allValues(first, 'member', async () => ({
      dn: 'CN=G,DC=x',
      'member;range=0-1': ['a', 'b'],
    }));
    assert.deepEqual(values, ['a', 'b']);
  });
});

describe('passwordModifyRequest', () => {
  it('encodes the RFC 3062 request value', () => {
    assert.equal(
      passwordModifyRequest('uid=a', 'old', 'new').toString('hex'),
      '3011' + '80057569643d61' + '81036f6c64' + '82036e6577',
    );
  });

  it('uses long-form lengths for long values', () => {
    const value = passwordModifyRequest('x'.repeat(200), 'o', 'n');
    assert.equal(value.subarray(0, 6).toString('hex'), '3081d18081c8');
  });
});
