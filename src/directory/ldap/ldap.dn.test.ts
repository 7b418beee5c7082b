import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeDn, searchBases } from './ldap.dn.js';

describe('normalizeDn', () => {
  it('lower-cases and drops spaces around separators', () => {
    assert.equal(
      normalizeDn('CN=Alice Example , OU = Staff,DC=Example, DC=org'),
      'cn=alice example,ou=staff,dc=example,dc=org',
    );
  });

  it('treats hex-escaped and backslash-escaped commas alike', () => {
    const expected = 'cn=smith\\, john,ou=staff,dc=example,dc=org';
    assert.equal(normalizeDn('CN=Smith\\, John,OU=Staff,DC=example,DC=org'), expected);
    assert.equal(normalizeDn('cn=Smith\\2C John,ou=Staff,dc=example,dc=org'), expected);
    assert.equal(normalizeDn('cn="Smith, John",ou=Staff,dc=example,dc=org'), expected);
  });

  it('decodes hex-escaped UTF-8 spanning several escapes', () => {
    assert.equal(normalizeDn('cn=Chlo\\C3\\A9 Dubois,dc=example'), 'cn=chloé dubois,dc=example');
    assert.equal(normalizeDn('cn=Chloé Dubois,dc=example'), 'cn=chloé dubois,dc=example');
  });

  it('keeps escaped trailing spaces and leading hashes escaped', () => {
    assert.equal(normalizeDn('cn=trailing\\ ,dc=x'), 'cn=trailing\\ ,dc=x');
    assert.equal(normalizeDn('cn=\\#hash,dc=x'), 'cn=\\#hash,dc=x');
    assert.equal(normalizeDn('cn=a\\+b,dc=x'), 'cn=a\\+b,dc=x');
  });

  it('sorts the parts of a multi-valued RDN', () => {
    assert.equal(normalizeDn('uid=b+cn=A,dc=x'), normalizeDn('CN=a + UID=b,DC=x'));
  });

  it('returns a value that is not a DN lower-cased', () => {
    assert.equal(normalizeDn(' Alice '), 'alice');
  });
});

describe('searchBases', () => {
  it('drops base DNs inside another one and duplicates', () => {
    assert.deepEqual(
      searchBases(['ou=people,dc=example,dc=org', 'DC=example,DC=org', 'dc=other', 'dc=example, dc=org']),
      ['DC=example,DC=org', 'dc=other'],
    );
  });
});
