/**
 * Change Details for users synchronized from LDAP, through real HTTP against a real slapd with a
 * password policy: no form unless the source allows it; when it does, the directory's own policy
 * decides and its refusal comes back as a field error.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../test-support/harness.js';
import { generateDirectory } from '../../test-support/ldap-fixtures.js';
import { skipUnless } from '../../test-support/require.js';
import { slapdAvailable, startSlapd, type SlapdServer } from '../../test-support/slapd.js';
import { ldapKind } from '../../directory/ldap/ldap.kind.js';

const actor = { username: 'test', ip: '127.0.0.1' };
const directory = generateDirectory({ baseDn: 'ou=corp,dc=example,dc=org', flavour: 'openldap', users: 4 });

describe(
  'Change Details for a directory user',
  { skip: skipUnless(slapdAvailable(), 'slapd (with ldap-utils and openssl) is not installed') },
  () => {
    let slapd: SlapdServer;
    let t: TestApp;
    let sourceId = 0;
    const carol = directory.user(3);
    const setAllowed = async (allowPasswordChange: boolean) => {
      await t.app.services.sources.update(
        ldapKind,
        sourceId,
        {
          name: 'Staff LDAP',
          preset: 'openldap',
          urls: [slapd.url],
          bindDn: slapd.serviceDn,
          bindPassword: '',
          baseDns: ['ou=corp,dc=example,dc=org'],
          allowPasswordChange,
        },
        actor,
      );
    };

    before(async () => {
      slapd = await startSlapd({ entries: directory.entries(), passwordPolicy: { minLength: 12 } });
      t = await startTestApp();
      const source = await t.app.services.sources.add(
        ldapKind,
        {
          name: 'Staff LDAP',
          preset: 'openldap',
          urls: [slapd.url],
          bindDn: slapd.serviceDn,
          bindPassword: slapd.servicePassword,
          baseDns: ['ou=corp,dc=example,dc=org'],
        },
        actor,
      );
      sourceId = source.id;
      await t.app.services.sync.run(source, { dryRun: false, actor });
    });
    after(async () => {
      await t?.close();
      await slapd?.stop();
    });

    it('tells the user where the password is managed, with no form, by default', async () => {
      const browser = t.client();
      assert.equal((await browser.signIn(carol.username, carol.password)).status, 303);
      const page = await browser.get('/user/change-details');
      assert.match(page.body, /Your password is managed by OpenLDAP \/ Unix \(Staff LDAP\)\./);
      assert.doesNotMatch(page.body, /type="password"/);
      const post = await browser.post('/user/change-details/password', {
        currentPassword: carol.password,
        newPassword: 'a long new passphrase',
        confirmPassword: 'a long new passphrase',
      });
      assert.equal(post.status, 403);
    });

    it('shows the directory’s refusal as a field error when the new password breaks its policy', async () => {
      await setAllowed(true);
      const browser = t.client();
      await browser.signIn(carol.username, carol.password);
      const page = await browser.get('/user/change-details');
      assert.match(page.body, /This changes your password in OpenLDAP \/ Unix \(Staff LDAP\)/);
      const refused = await browser.post('/user/change-details/password', {
        currentPassword: carol.password,
        newPassword: 'short-1',
        confirmPassword: 'short-1',
      });
      assert.equal(refused.status, 400);
      assert.match(refused.body, /id="field-newPassword-error">[^<]*password polic/i);
      const wrong = await browser.post('/user/change-details/password', {
        currentPassword: 'not my password',
        newPassword: 'a long new passphrase',
        confirmPassword: 'a long new passphrase',
      });
      assert.equal(wrong.status, 400);
      assert.match(wrong.body, /The current password is not correct/);
    });

    it('says the directory’s refusal in German and Spanish', async () => {
      for (const [language, policy] of [
        ['de', /erfüllt die Passwortrichtlinie des Verzeichnisses nicht/],
        ['es', /no cumple la política de contraseñas del directorio/],
      ] as const) {
        const browser = t.client();
        await browser.signIn(carol.username, carol.password);
        const refused = await browser.post(
          '/user/change-details/password',
          { currentPassword: carol.password, newPassword: 'short-1', confirmPassword: 'short-1' },
          { 'accept-language': language },
        );
        assert.equal(refused.status, 400);
        assert.match(refused.body, new RegExp(`<html lang="${language}"`));
        assert.match(refused.body, policy);
        assert.doesNotMatch(refused.body, /password policy/);
      }
    });

    it('changes the directory password: the new one signs in, the old one no longer does, other sessions end', async () => {
      const other = t.client();
      await other.signIn(carol.username, carol.password);
      const browser = t.client();
      await browser.signIn(carol.username, carol.password);
      const changed = await browser.post('/user/change-details/password', {
        currentPassword: carol.password,
        newPassword: 'a long new passphrase',
        confirmPassword: 'a long new passphrase',
      });
      assert.equal(changed.status, 303);
      assert.equal((await browser.get('/user/summary')).status, 200, 'this session stays');
      assert.equal((await other.get('/user/summary')).status, 401, 'the other session ended');
      assert.equal((await t.client().signIn(carol.username, 'a long new passphrase')).status, 303);
      assert.equal((await t.client().signIn(carol.username, carol.password)).status, 401);
      const audit = await t.app.services.audit.list({ action: 'user.password.change' });
      assert.equal(audit[0]?.target, carol.username);
      assert.match(audit[0]?.details ?? '', /Staff LDAP/);
    });
  },
);
