/**
 * The LDAP adapter against a real Active Directory domain controller (Samba 4 AD DC), with the
 * 'active-directory' preset as an administrator would pick it. One DC serves the whole file: it
 * takes about ten seconds to provision, and it can only listen on ports 389/636.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PasswordChangeRefused, SourceError } from '../../errors.js';
import { startMaxValRangeProxy, type MaxValRangeProxy } from '../../test-support/max-val-range-proxy.js';
import { startTestApp, type TestApp } from '../../test-support/harness.js';
import { skipUnless } from '../../test-support/require.js';
import { sambaAdAvailability, startSambaAd, type SambaAd } from '../../test-support/samba-ad.js';
import type { DirectoryClient, DirectoryGroup, DirectoryUser } from '../directory.port.js';
import { createLdapClient } from './ldap.client.js';
import { ldapConfigFromPreset, type LdapSourceConfig } from './ldap.config.js';
import { ldapKind } from '../../directory/ldap/ldap.kind.js';

const available = sambaAdAvailability();
const skip =
  skipUnless(
    available.installed,
    'Samba AD DC is not installed (samba-ad-dc samba-ad-provision ldb-tools)',
  ) ||
  skipUnless(available.root, 'the Samba AD DC test must run as root (the DC listens on ports 389 and 636)');

describe('LDAP adapter against a Samba Active Directory domain controller', { skip }, () => {
  let ad: SambaAd;
  const dn: Record<string, string> = {};
  const clients: DirectoryClient[] = [];

  /** A client as configured with the Active Directory preset; closed after the file. */
  const client = (overrides: Partial<LdapSourceConfig> = {}) => {
    const config = ldapConfigFromPreset('active-directory', {
      urls: [ad.url],
      bindDn: ad.adminDn,
      bindPassword: ad.adminPassword,
      baseDns: [ad.baseDn],
      ...overrides,
    });
    const created = createLdapClient(config);
    clients.push(created);
    return created;
  };
  /** Over LDAPS with the DC's CA, password change allowed. */
  const secureClient = (overrides: Partial<LdapSourceConfig> = {}) =>
    client({ urls: [ad.ldapsUrl], caCertificate: ad.caPem, allowPasswordChange: true, ...overrides });

  async function allUsers(c: DirectoryClient): Promise<{ users: DirectoryUser[]; pages: number }> {
    const users: DirectoryUser[] = [];
    let pages = 0;
    for await (const page of c.users()) {
      pages++;
      users.push(...page);
    }
    return { users, pages };
  }

  async function allGroups(c: DirectoryClient): Promise<Map<string, DirectoryGroup>> {
    const groups = new Map<string, DirectoryGroup>();
    for await (const page of c.groups()) for (const group of page) groups.set(group.name, group);
    return groups;
  }

  before(async () => {
    ad = await startSambaAd();
    const staff = await ad.addOrganizationalUnit('Staff');
    const add = async (key: string, input: Parameters<SambaAd['addUser']>[0]) =>
      (dn[key] = await ad.addUser({ parentDn: staff, ...input }));
    await add('alice', {
      name: 'alice',
      cn: 'Alice Anders',
      password: 'Alice-Pass1!',
      givenName: 'Alice',
      surname: 'Anders',
      displayName: 'Alice Anders',
      mail: 'alice@example.test',
      department: 'Engineering',
      office: 'B2.14',
    });
    await add('bob', { name: 'bob', password: 'Bob-Pass1!', disabled: true });
    await add('carol', { name: 'carol', password: 'Carol-Pass1!', mustChangePassword: true });
    await add('dave', { name: 'dave', password: 'Dave-Pass1!', expires: new Date('2020-01-01T00:00:00Z') });
    await add('erin', { name: 'erin', password: 'Erin-Pass1!' });
    await add('frank', { name: 'frank', password: 'Frank-Pass1!' });
    await add('grace', { name: 'grace', password: 'Grace-Pass1!' });
    await add('heidi', { name: 'heidi', password: 'Heidi-Pass1!' });
    // Lockout for erin only (a fine-grained password policy), so wrong passwords elsewhere are harmless.
    await ad.addPasswordSettings({ name: 'Lockout', appliesTo: [dn.erin!], lockoutThreshold: 3 });
    // 100 days ago is past the domain's 42-day maximum password age.
    await ad.setPasswordLastSet(dn.frank!, new Date(Date.now() - 100 * 86_400_000));

    dn.engineering = await ad.addGroup({ name: 'Engineering', members: [dn.alice!], parentDn: staff });
    dn.allStaff = await ad.addGroup({
      name: 'AllStaff',
      members: [dn.engineering, dn.bob!, dn.carol!],
      parentDn: staff,
    });
    const bulk = await ad.addOrganizationalUnit('Bulk');
    const members: string[] = [];
    for (let i = 0; i < 12; i++)
      members.push(await ad.addUser({ name: `member${String(i).padStart(2, '0')}`, parentDn: bulk }));
    dn.big = await ad.addGroup({ name: 'BigGroup', members, parentDn: bulk });
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await ad?.stop();
  });

  describe('users', () => {
    it('reads objectGUID as the GUID string Samba itself reports, in its mixed-endian order', async () => {
      const { users } = await allUsers(client());
      const alice = users.find((u) => u.username === 'alice');
      assert.ok(alice, 'alice is listed');
      const guid = await ad.guidOf(dn.alice!);
      assert.match(guid, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.equal(alice.externalId, guid);
    });

    it('takes the username from sAMAccountName, not the CN, and maps the preset attributes', async () => {
      const { users } = await allUsers(client());
      const alice = users.find((u) => u.externalId && u.ref.toLowerCase() === dn.alice!.toLowerCase());
      assert.ok(alice, `a user whose ref is ${dn.alice}`);
      assert.equal(alice.username, 'alice');
      assert.equal(alice.fullName, 'Alice Anders');
      assert.equal(alice.email, 'alice@example.test');
      assert.equal(alice.department, 'Engineering');
      assert.equal(alice.office, 'B2.14');
      assert.equal(alice.disabled, false);
    });

    it('marks a user disabled by userAccountControl, and sees it enabled again', async () => {
      const find = async (name: string) => (await allUsers(client())).users.find((u) => u.username === name);
      assert.equal((await find('bob'))?.disabled, true);
      assert.equal((await find('grace'))?.disabled, false);
      await ad.setUserAccountControl(dn.grace!, 0x200 | 0x2);
      assert.equal((await find('grace'))?.disabled, true);
      await ad.setUserAccountControl(dn.grace!, 0x200);
      assert.equal((await find('grace'))?.disabled, false);
    });

    it('pages through the directory with the paged-results control', async () => {
      const { users, pages } = await allUsers(client({ pageSize: 4 }));
      assert.ok(pages > 1, `more than one page (got ${pages})`);
      for (const name of ['alice', 'bob', 'carol', 'dave', 'erin', 'member00', 'member11', 'administrator']) {
        assert.ok(
          users.some((u) => u.username.toLowerCase() === name),
          `${name} is listed`,
        );
      }
      assert.equal(new Set(users.map((u) => u.externalId)).size, users.length, 'no user twice');
      assert.ok(
        users.every((u) => u.username !== '' && u.externalId !== ''),
        'every user has a username and an id',
      );
    });
  });

  describe('groups', () => {
    it('reports direct members as refs, a nested group as the group’s own ref', async () => {
      const c = client();
      const groups = await allGroups(c);
      const { users } = await allUsers(c);
      const ref = (name: string) => users.find((u) => u.username === name)?.ref;
      const engineering = groups.get('Engineering');
      const allStaff = groups.get('AllStaff');
      assert.ok(engineering && allStaff);
      assert.deepEqual(engineering.memberRefs, [ref('alice')]);
      assert.deepEqual([...allStaff.memberRefs].sort(), [engineering.ref, ref('bob'), ref('carol')].sort());
    });

    it('follows member;range= retrieval when the DC hands out members in ranges, as Windows does', async () => {
      let proxy: MaxValRangeProxy | null = null;
      try {
        // Samba never truncates an unranged `member` (whatever MaxValRange says); the proxy makes it
        // answer like a Windows DC whose MaxValRange is 5, so 12 members take three requests.
        proxy = await startMaxValRangeProxy({ port: 389, maxValRange: 5, attributes: ['member'] });
        const c = client({ urls: [proxy.url] });
        const groups = await allGroups(c);
        const { users } = await allUsers(c);
        const expected = users.filter((u) => /^member\d\d$/.test(u.username)).map((u) => u.ref);
        assert.equal(expected.length, 12);
        const big = groups.get('BigGroup');
        assert.ok(big, 'BigGroup is listed');
        assert.deepEqual([...big.memberRefs].sort(), expected.sort());
        assert.ok(proxy.stats.truncated >= 1, 'the DC did answer with a truncated range');
        assert.ok(
          proxy.stats.followUps >= 2,
          `the adapter asked for the next ranges (follow-ups: ${proxy.stats.followUps})`,
        );
        // Groups that fit in one range are unaffected.
        assert.deepEqual(groups.get('Engineering')?.memberRefs.length, 1);
      } finally {
        await proxy?.stop();
      }
    });
  });

  describe('sign-in', () => {
    it('signs in with the right password, whatever the case of the name', async () => {
      const c = client();
      assert.deepEqual(await c.authenticate('alice', 'Alice-Pass1!'), { ok: true, username: 'alice' });
      const upper = await c.authenticate('ALICE', 'Alice-Pass1!');
      assert.equal(upper.ok, true);
    });

    it('gives the same "invalid" for a wrong password and for an unknown user', async () => {
      const c = client();
      assert.deepEqual(await c.authenticate('alice', 'Wrong-Pass1!'), { ok: false, reason: 'invalid' });
      assert.deepEqual(await c.authenticate('nobody-here', 'Wrong-Pass1!'), { ok: false, reason: 'invalid' });
    });

    it('refuses an empty password itself (Windows would take it as an anonymous bind)', async () => {
      assert.deepEqual(await client().authenticate('alice', ''), { ok: false, reason: 'invalid' });
      // Samba refuses it too (52e), so the proof that the adapter never asks: no server at all.
      assert.deepEqual(await client({ urls: ['ldap://127.0.0.1:9'] }).authenticate('alice', ''), {
        ok: false,
        reason: 'invalid',
      });
    });

    it('tells a disabled account (533), but only to someone with the right password', async () => {
      const c = client();
      assert.deepEqual(await c.authenticate('bob', 'Bob-Pass1!'), { ok: false, reason: 'disabled' });
      assert.deepEqual(await c.authenticate('bob', 'Wrong-Pass1!'), { ok: false, reason: 'invalid' });
    });

    it('tells "must change password at next logon" (773)', async () => {
      assert.deepEqual(await client().authenticate('carol', 'Carol-Pass1!'), {
        ok: false,
        reason: 'must-change-password',
      });
    });

    it('tells an expired account (701)', async () => {
      assert.deepEqual(await client().authenticate('dave', 'Dave-Pass1!'), {
        ok: false,
        reason: 'account-expired',
      });
    });

    it('tells an expired password (532)', async () => {
      assert.deepEqual(await client().authenticate('frank', 'Frank-Pass1!'), {
        ok: false,
        reason: 'password-expired',
      });
    });

    it('tells a locked-out account (775) once the lockout threshold is reached', async () => {
      const c = client();
      for (let i = 0; i < 3; i++)
        assert.deepEqual(await c.authenticate('erin', `Wrong-Pass${i}!`), { ok: false, reason: 'invalid' });
      assert.deepEqual(await c.authenticate('erin', 'Erin-Pass1!'), { ok: false, reason: 'locked' });
    });

    it('signs in over LDAPS and over StartTLS, trusting the configured CA', async () => {
      assert.deepEqual(await secureClient().authenticate('alice', 'Alice-Pass1!'), {
        ok: true,
        username: 'alice',
      });
      const startTls = client({ startTls: true, caCertificate: ad.caPem });
      assert.deepEqual(await startTls.authenticate('alice', 'Alice-Pass1!'), { ok: true, username: 'alice' });
    });

    it('checks the configuration: the right service account passes, a wrong password is a SourceError', async () => {
      await client().check();
      await assert.rejects(client({ bindPassword: 'not-the-password' }).check(), SourceError);
    });
  });

  describe('password change (unicodePwd)', () => {
    it('changes the password over LDAPS: the new one signs in, the old one no longer does', async () => {
      const c = secureClient();
      assert.equal(c.canChangePassword, true);
      await c.changePassword('heidi', 'Heidi-Pass1!', 'Heidi-Pass2-new');
      assert.deepEqual(await c.authenticate('heidi', 'Heidi-Pass2-new'), { ok: true, username: 'heidi' });
      assert.deepEqual(await c.authenticate('heidi', 'Heidi-Pass1!'), { ok: false, reason: 'invalid' });
    });

    it('passes on the domain policy’s refusal readably: too short, already used', async () => {
      const c = secureClient();
      await assert.rejects(c.changePassword('heidi', 'Heidi-Pass2-new', 'Ab1!'), (error: Error) => {
        assert.ok(
          error instanceof PasswordChangeRefused,
          `PasswordChangeRefused, got ${error.name}: ${error.message}`,
        );
        assert.match(error.message, /short|length|characters/i);
        return true;
      });
      await assert.rejects(c.changePassword('heidi', 'Heidi-Pass2-new', 'Heidi-Pass1!'), (error: Error) => {
        assert.ok(
          error instanceof PasswordChangeRefused,
          `PasswordChangeRefused, got ${error.name}: ${error.message}`,
        );
        assert.match(error.message, /history|used|recent/i);
        return true;
      });
      assert.deepEqual(
        await c.authenticate('heidi', 'Heidi-Pass2-new'),
        { ok: true, username: 'heidi' },
        'still the password set before',
      );
    });

    it('refuses a change with the wrong current password and keeps the password', async () => {
      const c = secureClient();
      await assert.rejects(
        c.changePassword('heidi', 'Not-The-Current1', 'Heidi-Pass3-new'),
        PasswordChangeRefused,
      );
      assert.deepEqual(await c.authenticate('heidi', 'Heidi-Pass2-new'), { ok: true, username: 'heidi' });
    });

    it('sends a user who must change their password (773) to Windows, with the reason', async () => {
      // AD itself would take this change from the service account's connection (the old password is
      // checked in the modify); the adapter binds as the user first, so it says where to go instead.
      await assert.rejects(
        secureClient().changePassword('carol', 'Carol-Pass1!', 'Carol-Pass2-new'),
        (error: Error) => {
          assert.ok(
            error instanceof PasswordChangeRefused,
            `PasswordChangeRefused, got ${error.name}: ${error.message}`,
          );
          assert.match(error.message, /next Windows login/);
          return true;
        },
      );
    });

    it('changes the password over StartTLS too', async () => {
      const c = client({ startTls: true, caCertificate: ad.caPem, allowPasswordChange: true });
      await c.changePassword('heidi', 'Heidi-Pass2-new', 'Heidi-Pass4-new');
      assert.deepEqual(await c.authenticate('heidi', 'Heidi-Pass4-new'), { ok: true, username: 'heidi' });
    });

    it('does not send a password change over plain ldap:// (Samba would take it; Windows refuses)', async () => {
      const c = client({ allowPasswordChange: true });
      await assert.rejects(c.changePassword('grace', 'Grace-Pass1!', 'Grace-Pass2-new'), (error: Error) => {
        assert.match(error.message, /encrypted connection/);
        return true;
      });
      assert.deepEqual(await c.authenticate('grace', 'Grace-Pass1!'), { ok: true, username: 'grace' });
    });

    it('offers no password change unless the administrator allowed it', async () => {
      const c = client({ urls: [ad.ldapsUrl], caCertificate: ad.caPem });
      assert.equal(c.canChangePassword, false);
    });
  });

  describe('through Quire: sync, then sign-in at /user', () => {
    let t: TestApp;
    const actor = { username: 'test', ip: '127.0.0.1' };
    before(async () => {
      t = await startTestApp();
      const source = await t.app.services.sources.add(
        ldapKind,
        {
          name: 'Corporate AD',
          preset: 'active-directory',
          urls: [ad.ldapsUrl],
          caCertificate: ad.caPem,
          bindDn: ad.adminDn,
          bindPassword: ad.adminPassword,
          baseDns: [`OU=Staff,${ad.baseDn}`],
        },
        actor,
      );
      await t.app.services.sources.updateSyncOptions(
        source.id,
        {
          missingPolicy: 'disable',
          maxRemovals: 500,
          maxRemovalsPercent: 10,
          schedule: '',
          importDisabled: true,
          importGroups: [],
        },
        actor,
      );
      const report = await t.app.services.sync.run((await t.app.services.sources.findById(source.id))!, {
        dryRun: false,
        actor,
      });
      assert.equal(report.status, 'succeeded', report.message);
    });
    after(async () => t?.close());

    const signIn = async (username: string, password: string) => {
      const response = await t.client().signIn(username, password);
      return { status: response.status, body: response.body };
    };

    it('imports the domain’s users with nested groups, and a domain user signs in with the domain password', async () => {
      assert.equal((await t.app.services.users.findByUsername('alice'))?.full_name, 'Alice Anders');
      assert.equal((await signIn('ALICE', 'Alice-Pass1!')).status, 303);
      const members = await t.app.database.db
        .selectFrom('group_members')
        .innerJoin('groups', 'groups.id', 'group_members.group_id')
        .innerJoin('users', 'users.id', 'group_members.user_id')
        .select('users.username')
        .where('groups.name', '=', 'AllStaff')
        .orderBy('users.username')
        .execute();
      assert.deepEqual(
        members.map((m) => m.username),
        ['alice', 'bob', 'carol'],
        'alice through the nested Engineering group',
      );
    });

    it('says why Active Directory refuses an account, and keeps one message for a wrong password or an unknown user', async () => {
      const generic = /The username or password is not correct\./;
      assert.match((await signIn('alice', 'wrong-Pass1!')).body, generic);
      assert.match((await signIn('nobody', 'Alice-Pass1!')).body, generic);
      const disabled = await signIn('bob', 'Bob-Pass1!');
      assert.equal(disabled.status, 401);
      assert.match(disabled.body, /Your account is disabled in your organisation’s directory/);
      assert.match(
        (await signIn('carol', 'Carol-Pass1!')).body,
        /requires you to change your password before you log in/,
      );
      assert.match((await signIn('dave', 'Dave-Pass1!')).body, /Your directory account has expired/);
      const refusals = await t.app.services.audit.list({ action: 'signin.refused' });
      assert.deepEqual(refusals.map((e) => JSON.parse(e.details).reason).sort(), [
        'account-expired',
        'disabled',
        'must-change-password',
      ]);
    });
  });
});
