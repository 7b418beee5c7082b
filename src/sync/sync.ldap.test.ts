/**
 * The sync engine and sign-in against a real OpenLDAP slapd: an OpenLDAP-style tree and an
 * Active Directory look-alike (sAMAccountName, objectGUID, userAccountControl, memberOf), on
 * SQLite and PostgreSQL. Renames, removals, the removal limit, nested groups, disabled users and a
 * directory that breaks in the middle of a paged search.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { argon2Hasher } from '../passwords/password-hasher.js';
import type { SourceRow } from '../db/schema.js';
import type { LdapSourceInput } from '../directory/ldap/ldap.input.js';
import { postgresSkip } from '../test-support/databases.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import { generateDirectory } from '../test-support/ldap-fixtures.js';
import { startTcpProxy } from '../test-support/ldap/tcp-proxy.js';
import { skipUnless } from '../test-support/require.js';
import { slapdAvailable, startSlapd, type SlapdServer } from '../test-support/slapd.js';
import { ldapKind } from '../directory/ldap/ldap.kind.js';

const actor = { username: 'test', ip: '127.0.0.1' };
const SUFFIX = 'dc=example,dc=org';
const skipNoSlapd = skipUnless(slapdAvailable(), 'slapd (with ldap-utils and openssl) is not installed');

const corp = generateDirectory({
  baseDn: `ou=corp,${SUFFIX}`,
  flavour: 'openldap',
  users: 30,
  groups: 6,
  membersPerGroup: 5,
  nested: true,
});
const ad = generateDirectory({
  baseDn: `ou=ad,${SUFFIX}`,
  flavour: 'active-directory',
  users: 20,
  groups: 2,
  membersPerGroup: 4,
  disabledEvery: 5,
  prefix: 'ad',
});

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(
    `synchronizing from LDAP [${kind}]`,
    { skip: skipNoSlapd || (kind === 'postgres' ? postgresSkip() : false) },
    () => {
      let slapd: SlapdServer;
      let t: TestApp;
      let openldap: SourceRow;
      let activeDirectory: SourceRow;
      const sync = (source: SourceRow, options: { dryRun?: boolean; overrideThreshold?: boolean } = {}) =>
        t.app.services.sync.run(source, { dryRun: false, actor, ...options });
      const user = (name: string) => t.app.services.users.findByUsername(name);
      const reload = async (source: SourceRow) => (await t.app.services.sources.findById(source.id))!;
      const signIn = (username: string, password: string) =>
        t.app.services.auth.signIn({ username, password, ip: '192.0.2.7' }).then(
          (u) => u.username,
          (error: Error) => `refused: ${error.message}`,
        );
      const input = (overrides: Partial<LdapSourceInput>): LdapSourceInput => ({
        name: 'Corporate LDAP',
        preset: 'openldap',
        urls: [slapd.url],
        startTls: true,
        caCertificate: slapd.caPem,
        bindDn: slapd.serviceDn,
        bindPassword: slapd.servicePassword,
        baseDns: [`ou=corp,${SUFFIX}`],
        pageSize: 7,
        ...overrides,
      });

      before(async () => {
        slapd = await startSlapd({ entries: [...corp.entries(), ...ad.entries()] });
        t = await startTestApp({ kind });
        openldap = await t.app.services.sources.add(ldapKind, input({}), actor);
        activeDirectory = await t.app.services.sources.add(
          ldapKind,
          input({
            name: 'Corporate AD',
            preset: 'active-directory',
            baseDns: [`ou=ad,${SUFFIX}`],
            startTls: false,
            caCertificate: '',
          }),
          actor,
        );
      });
      after(async () => {
        await t?.close();
        await slapd?.stop();
      });

      it('imports every user and group page by page, with nested groups flattened', async () => {
        const report = await sync(openldap);
        assert.equal(report.status, 'succeeded', report.message);
        assert.equal(report.added, 30);
        assert.equal(report.groups, 6);
        const first = corp.user(1);
        const alice = await user(first.username);
        assert.equal(alice?.external_id, first.externalId);
        assert.equal(alice?.full_name, first.fullName);
        assert.equal(alice?.email, first.email);
        assert.equal(alice?.department, first.department);
        const members = async (group: string) =>
          (
            await t.app.database.db
              .selectFrom('group_members')
              .innerJoin('groups', 'groups.id', 'group_members.group_id')
              .innerJoin('users', 'users.id', 'group_members.user_id')
              .select('users.username')
              .where('groups.name', '=', group)
              .orderBy('users.username')
              .execute()
          ).map((r) => r.username);
        // group0001 (groupOfNames) nests group0002 (groupOfUniqueNames); group0003 is a posixGroup (memberUid).
        const direct = corp.group(0).memberIndexes.map((i) => corp.user(i).username);
        const nested = corp.group(1).memberIndexes.map((i) => corp.user(i).username);
        assert.deepEqual(await members('group0001'), [...new Set([...direct, ...nested])].sort());
        assert.deepEqual(
          await members('group0003'),
          corp
            .group(2)
            .memberIndexes.map((i) => corp.user(i).username)
            .sort(),
        );
        const again = await sync(openldap);
        assert.deepEqual([again.added, again.updated, again.unchanged], [0, 0, 30]);
      });

      it('signs a directory user in with the directory password, which Quire never stores', async () => {
        const u = corp.user(2);
        assert.equal(await signIn(u.username, u.password), u.username);
        assert.match(
          await signIn(u.username, 'wrong password'),
          /refused: The username or password is not correct/,
        );
        assert.match(
          await signIn('nobody-here', u.password),
          /refused: The username or password is not correct/,
        );
        assert.equal((await user(u.username))?.password_hash, null);
      });

      it('renames a user renamed in the directory, keeping the same account and recording the old name', async () => {
        const u = corp.user(3);
        const before = await user(u.username);
        await slapd.ldapmodify(`dn: ${u.dn}\nchangetype: modrdn\nnewrdn: uid=renamed003\ndeleteoldrdn: 1\n`);
        const report = await sync(openldap);
        assert.equal(report.status, 'succeeded', report.message);
        assert.equal(report.renamed, 1);
        assert.equal(report.added, 0);
        const after = await user('renamed003');
        assert.equal(after?.id, before?.id);
        assert.equal(await user(u.username), undefined);
        const audit = await t.app.services.audit.list({ action: 'user.rename' });
        assert.deepEqual(JSON.parse(audit[0]?.details ?? '{}').from, u.username);
        assert.equal(await signIn('renamed003', u.password), 'renamed003');
      });

      it('disables a user removed from the directory, within the removal limit', async () => {
        const gone = corp.user(30);
        await slapd.ldapmodify(`dn: ${gone.dn}\nchangetype: delete\n`);
        const report = await sync(openldap);
        assert.equal(report.status, 'succeeded', report.message);
        assert.equal(report.disabled, 1);
        assert.equal((await user(gone.username))?.disabled, 1);
        assert.match(await signIn(gone.username, gone.password), /refused/);
      });

      it('stops before changing anything when more users vanish than the limit allows, until allowed once', async () => {
        for (let i = 20; i <= 24; i++) await slapd.ldapmodify(`dn: ${corp.user(i).dn}\nchangetype: delete\n`);
        const blocked = await sync(openldap); // 5 of 30 > min(500, 10 % = 3)
        assert.equal(blocked.status, 'failed');
        assert.match(
          blocked.message,
          /Stopped before changing anything: this run would disable 5 of 30 users/,
        );
        assert.equal((await user(corp.user(20).username))?.disabled, 0);
        const allowed = await sync(openldap, { overrideThreshold: true });
        assert.equal(allowed.status, 'succeeded', allowed.message);
        assert.equal(allowed.disabled, 5);
      });

      it('changes nothing when the directory breaks in the middle of a paged search', async () => {
        const proxy = await startTcpProxy(Number(new URL(slapd.url).port), { cutAfterBytes: 6_000 });
        try {
          openldap = await t.app.services.sources.update(
            ldapKind,
            openldap.id,
            input({
              urls: [`ldap://127.0.0.1:${proxy.port}`],
              startTls: false,
              caCertificate: '',
              bindPassword: '',
              pageSize: 3,
            }),
            actor,
          );
          const before = await t.app.database.db
            .selectFrom('users')
            .select(['username', 'disabled', 'updated_at'])
            .orderBy('username')
            .execute();
          const report = await sync(openldap);
          assert.equal(report.status, 'failed');
          assert.ok(proxy.cuts >= 1, 'the proxy cut the connection');
          assert.match(report.message, /nothing was changed|Nothing was changed/);
          const after = await t.app.database.db
            .selectFrom('users')
            .select(['username', 'disabled', 'updated_at'])
            .orderBy('username')
            .execute();
          assert.deepEqual(after, before);
        } finally {
          openldap = await t.app.services.sources.update(
            ldapKind,
            openldap.id,
            input({ bindPassword: '' }),
            actor,
          );
          await proxy.stop();
        }
        assert.equal(
          (await sync(openldap, { dryRun: true })).status,
          'succeeded',
          'the kept bind password still works',
        );
      });

      it('imports other emails, home folder and card PIN through mapped attributes, and follows their changes', async () => {
        const attributes = {
          username: 'uid',
          externalId: 'entryUUID',
          otherEmails: 'description',
          homeFolder: 'homeDirectory',
          cardPin: 'employeeNumber',
        };
        openldap = await t.app.services.sources.update(
          ldapKind,
          openldap.id,
          input({ bindPassword: '', attributes }),
          actor,
        );
        const u = corp.user(2);
        await slapd.ldapmodify(
          `dn: ${u.dn}\nchangetype: modify\nadd: employeeNumber\nemployeeNumber: 2468\n-\nadd: description\ndescription: second@example.org\ndescription: third@example.org\n`,
        );
        const mapped = await sync(openldap);
        assert.equal(mapped.status, 'succeeded', mapped.message);
        let stored = (await user(u.username))!;
        assert.equal(stored.home_folder, `/home/${u.username}`);
        assert.deepEqual(stored.other_emails.split('\n').sort(), ['second@example.org', 'third@example.org']);
        assert.ok(await argon2Hasher.verify(stored.card_pin_hash!, '2468'));
        assert.ok(
          mapped.lines.some(
            (l) =>
              l.kind === 'updated' &&
              l.username === u.username &&
              l.detail === 'changed: other_emails, home_folder, card_pin',
          ),
        );

        await slapd.ldapmodify(
          `dn: ${u.dn}\nchangetype: modify\nreplace: employeeNumber\nemployeeNumber: 1357\n-\nreplace: homeDirectory\nhomeDirectory: /srv/home/${u.username}\n`,
        );
        const changed = await sync(openldap);
        assert.equal(changed.updated, 1);
        assert.deepEqual(
          changed.lines.filter((l) => l.kind === 'updated').map((l) => [l.username, l.detail]),
          [[u.username, 'changed: home_folder, card_pin']],
        );
        stored = (await user(u.username))!;
        assert.equal(stored.home_folder, `/srv/home/${u.username}`);
        assert.ok(await argon2Hasher.verify(stored.card_pin_hash!, '1357'));
      });

      it('leaves out users disabled in Active Directory unless asked, then follows userAccountControl', async () => {
        const report = await sync(activeDirectory);
        assert.equal(report.status, 'succeeded', report.message);
        assert.equal(report.added, 16, 'every fifth of 20 users is disabled (userAccountControl 514)');
        const first = ad.user(1);
        assert.equal(
          (await user(first.username))?.external_id,
          first.externalId,
          'objectGUID as a GUID string',
        );
        assert.equal(await user(ad.user(5).username), undefined);

        await t.app.services.sources.updateSyncOptions(
          activeDirectory.id,
          {
            missingPolicy: 'disable',
            maxRemovals: 500,
            maxRemovalsPercent: 100,
            schedule: '',
            importDisabled: true,
            importGroups: [],
          },
          actor,
        );
        activeDirectory = await reload(activeDirectory);
        const withDisabled = await sync(activeDirectory);
        assert.equal(withDisabled.added, 4);
        assert.equal((await user(ad.user(5).username))?.disabled, 1);

        await slapd.ldapmodify(
          `dn: ${first.dn}\nchangetype: modify\nreplace: userAccountControl\nuserAccountControl: 514\n`,
        );
        assert.equal((await sync(activeDirectory)).disabled, 1);
        assert.equal((await user(first.username))?.disabled, 1);
        await slapd.ldapmodify(
          `dn: ${first.dn}\nchangetype: modify\nreplace: userAccountControl\nuserAccountControl: 512\n`,
        );
        const back = await sync(activeDirectory);
        assert.ok(back.lines.some((l) => l.kind === 'enabled' && l.username === first.username));
        assert.equal((await user(first.username))?.disabled, 0);
      });

      it('reports a directory user whose name an internal user holds as a conflict', async () => {
        const taken = ad.user(19).username;
        await t.app.services.users.delete(taken, actor);
        await t.createUser({
          username: taken,
          password: 'internal-owner-passphrase-19',
          fullName: 'Internal owner',
        });
        const report = await sync(activeDirectory, { dryRun: true });
        const conflict = report.lines.find((l) => l.kind === 'conflict' && l.username === taken);
        assert.ok(conflict, JSON.stringify(report.lines));
        assert.equal(conflict.externalId, ad.user(19).externalId);
      });
    },
  );
}
