/**
 * The LDAP commands of the real CLI against a real slapd: add-ldap (bind password only from
 * stdin, never shown back), source test (first users and groups, changes nothing), sync, options.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fails, ok, runCli } from '../test-support/cli.js';
import { generateDirectory } from '../test-support/ldap-fixtures.js';
import { skipUnless } from '../test-support/require.js';
import { slapdAvailable, startSlapd, type SlapdServer } from '../test-support/slapd.js';

const SUFFIX = 'dc=example,dc=org';
const directory = generateDirectory({
  baseDn: `ou=corp,${SUFFIX}`,
  flavour: 'openldap',
  users: 12,
  groups: 2,
  membersPerGroup: 3,
});

describe(
  'quire source add-ldap / test / sync against slapd',
  { skip: skipUnless(slapdAvailable(), 'slapd (with ldap-utils and openssl) is not installed') },
  () => {
    let slapd: SlapdServer;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-cli-ldap-'));
    const env = { QUIRE_DATA_DIR: dataDir };
    const quire = (args: string[], input?: string) => runCli(args, env, input);
    let caFile = '';

    before(async () => {
      slapd = await startSlapd({ entries: directory.entries() });
      caFile = path.join(dataDir, 'ca.pem');
      fs.writeFileSync(caFile, slapd.caPem);
    });
    after(async () => {
      await slapd?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    const addArgs = () => [
      'source',
      'add-ldap',
      '--name',
      'Corporate LDAP',
      '--preset',
      'openldap',
      '--url',
      'ldap://127.0.0.1:1',
      '--url',
      slapd.url,
      '--start-tls',
      '--ca-file',
      caFile,
      '--bind-dn',
      slapd.serviceDn,
      '--base-dn',
      `ou=corp,${SUFFIX}`,
    ];

    it('refuses a bind password anywhere but stdin', () => {
      fails(
        quire(addArgs()),
        1,
        /^quire: the bind password is required: write it to stdin and pass --bind-password-stdin$/m,
      );
      fails(
        quire([...addArgs(), '--bind-password-stdin', '--preset', 'novell'], 'x\n'),
        1,
        /Choose Active Directory, OpenLDAP \/ Unix or eDirectory/,
      );
    });

    it('adds an LDAP source and never prints its bind password back', () => {
      ok(quire([...addArgs(), '--bind-password-stdin'], `${slapd.servicePassword}\n`));
      const listed = ok(quire(['source', 'list', '--json'])).stdout;
      assert.ok(!listed.includes(slapd.servicePassword));
      const [source] = JSON.parse(listed) as {
        kind: string;
        ldap: { urls: string[]; hasBindPassword: boolean; preset: string };
      }[];
      assert.equal(source?.kind, 'ldap');
      assert.deepEqual(source?.ldap.urls, ['ldap://127.0.0.1:1', slapd.url]);
      assert.equal(source?.ldap.hasBindPassword, true);
      assert.match(
        ok(quire(['source', 'list'])).stdout,
        /^Corporate LDAP {2}LDAP \/ Active Directory {2}ldap:\/\/127\.0\.0\.1:1 ldap:/m,
      );
    });

    it('tests the settings through the failover URL: first users and groups, and what a sync would change', () => {
      const out = ok(quire(['source', 'test', 'Corporate LDAP'])).stdout;
      assert.match(out, /^Connected to "Corporate LDAP"\.$/m);
      assert.match(out, new RegExp(`^ {2}${directory.user(1).username} +${directory.user(1).fullName}`, 'm'));
      assert.match(out, /^ {2}group0001 +3 members$/m);
      assert.match(out, /Test run: would add 12/);
      assert.deepEqual(JSON.parse(ok(quire(['user', 'list', '--json'])).stdout), []);
    });

    it('synchronizes, and a second run finds nothing to change', () => {
      assert.match(ok(quire(['sync', '--source', 'Corporate LDAP'])).stdout, /^ {2}Added 12, updated 0/m);
      assert.match(ok(quire(['sync'])).stdout, /unchanged 12, conflicts 0, errors 0$/m);
      const user = JSON.parse(ok(quire(['user', 'show', directory.user(2).username, '--json'])).stdout) as {
        source: string;
        email: string;
      };
      assert.equal(user.source, 'Corporate LDAP');
      assert.equal(user.email, directory.user(2).email);
    });

    it('sets the sync options, refusing an invalid schedule by name', () => {
      fails(
        quire(['source', 'set-options', 'Corporate LDAP', '--schedule', 'nightly']),
        1,
        /not a valid schedule/,
      );
      ok(quire(['source', 'set-options', 'Corporate LDAP', '--missing', 'keep', '--schedule', '30 3 * * *']));
      const [source] = JSON.parse(ok(quire(['source', 'list', '--json'])).stdout) as {
        missingPolicy: string;
        schedule: string;
      }[];
      assert.deepEqual([source?.missingPolicy, source?.schedule], ['keep', '30 3 * * *']);
    });

    it('says so when asked to cancel a run that already finished', () => {
      fails(quire(['sync', '--cancel', '1']), 1, /already finished/);
    });
  },
);
