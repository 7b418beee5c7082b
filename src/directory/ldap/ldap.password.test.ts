/**
 * A user's own password change (ldap.password.ts) against a real OpenLDAP slapd with a password
 * policy: the Password Modify extended operation (RFC 3062), the directory's refusals in words,
 * and the administrator's switch. Active Directory's unicodePwd change is exercised against Samba
 * in ldap.ad-dc.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { PasswordChangeRefused } from '../../errors.js';
import { generateDirectory, sshaPassword, type LdifEntry } from '../../test-support/ldap-fixtures.js';
import { skipUnless } from '../../test-support/require.js';
import { slapdAvailable, startSlapd, type SlapdServer } from '../../test-support/slapd.js';
import type { DirectoryClient } from '../directory.port.js';
import { POLICY_REFUSAL, WRONG_CURRENT_PASSWORD } from './ad.errors.js';
import { createLdapClient } from './ldap.client.js';
import { ldapConfigFromPreset, type LdapSourceConfig } from './ldap.config.js';

const skip = skipUnless(
  existsSync('/usr/sbin/slapd') && slapdAvailable(),
  'slapd (with slapadd, the OpenLDAP schemas and openssl) is not installed',
);

const SUFFIX = 'dc=example,dc=org';
const unix = generateDirectory({ baseDn: `ou=unix,${SUFFIX}`, flavour: 'openldap', users: 20 });
/** Under ou=frozen, where the harness's slapd lets users bind but not change their password. */
const FROZEN = { dn: `uid=frozen,ou=frozen,${SUFFIX}`, password: 'Frozen-Secret-1' };
const frozen: LdifEntry = {
  dn: FROZEN.dn,
  attributes: [
    ['objectClass', 'inetOrgPerson'],
    ['cn', 'frozen'],
    ['sn', 'Example'],
    ['uid', 'frozen'],
    ['userPassword', sshaPassword(FROZEN.password, FROZEN.dn)],
  ],
};

describe('LDAP adapter against OpenLDAP slapd', { skip }, () => {
  let slapd: SlapdServer;
  const clients: DirectoryClient[] = [];

  /** An OpenLDAP client bound as the harness's service account, closed after the file. */
  function client(overrides: Partial<Omit<LdapSourceConfig, 'attributes'>> = {}): DirectoryClient {
    const created = createLdapClient(
      ldapConfigFromPreset('openldap', {
        urls: [slapd.url],
        bindDn: slapd.serviceDn,
        bindPassword: slapd.servicePassword,
        baseDns: [`ou=unix,${SUFFIX}`],
        connectTimeoutMs: 2_000,
        timeoutMs: 5_000,
        ...overrides,
      }),
    );
    clients.push(created);
    return created;
  }

  before(async () => {
    slapd = await startSlapd({
      suffix: SUFFIX,
      entries: (function* () {
        yield* unix.entries();
        yield frozen;
      })(),
      passwordPolicy: { minLength: 10 },
    });
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await slapd?.stop();
  });

  describe('password change (RFC 3062)', () => {
    it('changes the password: the new one signs in, the old one no longer does', async () => {
      const c = client({ allowPasswordChange: true });
      assert.equal(c.canChangePassword, true);
      await c.changePassword('user000011', 'pw-user000011', 'New-Password-11');
      assert.deepEqual(await c.authenticate('user000011', 'New-Password-11'), {
        ok: true,
        username: 'user000011',
      });
      assert.deepEqual(await c.authenticate('user000011', 'pw-user000011'), { ok: false, reason: 'invalid' });
    });

    it('refuses a wrong current password and keeps the password', async () => {
      const c = client({ allowPasswordChange: true });
      await assert.rejects(
        c.changePassword('user000012', 'not-the-password', 'New-Password-12'),
        new PasswordChangeRefused(WRONG_CURRENT_PASSWORD),
      );
      assert.equal((await c.authenticate('user000012', 'pw-user000012')).ok, true);
    });

    it('passes on the password policy’s refusal readably', async () => {
      const c = client({ allowPasswordChange: true });
      await assert.rejects(
        c.changePassword('user000013', 'pw-user000013', 'short'),
        new PasswordChangeRefused(POLICY_REFUSAL),
      );
      assert.equal((await c.authenticate('user000013', 'pw-user000013')).ok, true);
    });

    it('explains a directory that does not let the user change their own password', async () => {
      const c = client({ allowPasswordChange: true, baseDns: [`ou=frozen,${SUFFIX}`] });
      await assert.rejects(
        c.changePassword('frozen', FROZEN.password, 'New-Password-Frozen'),
        (error: Error) => {
          assert.ok(error instanceof PasswordChangeRefused);
          assert.match(error.message, /does not allow you to change your own password/);
          return true;
        },
      );
    });

    it('offers no password change unless the administrator allowed it', async () => {
      const c = client();
      assert.equal(c.canChangePassword, false);
      await assert.rejects(
        c.changePassword('user000014', 'pw-user000014', 'New-Password-14'),
        PasswordChangeRefused,
      );
      assert.equal((await c.authenticate('user000014', 'pw-user000014')).ok, true);
    });
  });
});
