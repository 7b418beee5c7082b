import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  NOT_ALLOWED,
  POLICY_REFUSAL,
  WRONG_CURRENT_PASSWORD,
  adBindRefusal,
  passwordChangeRefusal,
} from './ad.errors.js';

// Diagnostic messages as Windows Server domain controllers (and Samba) send them.
const adMessage = (data: string) =>
  `80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data ${data}, v4563\u0000`;

describe('adBindRefusal', () => {
  for (const [data, reason] of [
    ['52e', 'invalid'],
    ['525', 'invalid'],
    ['533', 'disabled'],
    ['775', 'locked'],
    ['532', 'password-expired'],
    ['701', 'account-expired'],
    ['773', 'must-change-password'],
  ] as const) {
    it(`reads data ${data} as ${reason}`, () => assert.equal(adBindRefusal(adMessage(data)), reason));
  }

  it('reads the Windows Server 2003 wording and upper-case codes', () => {
    assert.equal(
      adBindRefusal('80090308: LdapErr: DSID-0C090334, comment: AcceptSecurityContext error, data 775, vece'),
      'locked',
    );
    assert.equal(
      adBindRefusal(
        '80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 52E, v1db1',
      ),
      'invalid',
    );
  });

  it('treats messages without an AD code (OpenLDAP, eDirectory) as invalid', () => {
    assert.equal(adBindRefusal(''), 'invalid');
    assert.equal(adBindRefusal('Invalid credentials'), 'invalid');
    assert.equal(adBindRefusal('NDS error: failed authentication (-669)'), 'invalid');
  });
});

describe('passwordChangeRefusal', () => {
  it('explains Active Directory policy failures', () => {
    assert.equal(
      passwordChangeRefusal(
        19,
        '0000052D: Constraint violation - check_password_restrictions: the password is too short',
      ),
      POLICY_REFUSAL,
    );
    assert.equal(
      passwordChangeRefusal(53, '0000052D: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0'),
      POLICY_REFUSAL,
    );
  });

  it('explains a wrong current password', () => {
    assert.equal(
      passwordChangeRefusal(
        19,
        '00000056: AtrErr: DSID-03190F80, #1:\n\t0: 00000056: DSID-03190F80, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 9005a (unicodePwd)',
      ),
      WRONG_CURRENT_PASSWORD,
    );
  });

  it('explains OpenLDAP ppolicy refusals and missing rights', () => {
    assert.equal(passwordChangeRefusal(19, 'Password fails quality checking policy'), POLICY_REFUSAL);
    assert.equal(passwordChangeRefusal(19, 'Password is in history of old passwords'), POLICY_REFUSAL);
    assert.equal(passwordChangeRefusal(50, ''), NOT_ALLOWED);
    assert.equal(passwordChangeRefusal(53, 'unwilling to verify old password'), NOT_ALLOWED);
    assert.match(String(passwordChangeRefusal(80, 'whatever')), /LDAP result 80/);
  });
});
