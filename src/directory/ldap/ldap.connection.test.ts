/**
 * Connections of the LDAP adapter (ldap.connection.ts, ldap.pool.ts) against a real OpenLDAP
 * slapd: failover over URLs, ldaps:// and StartTLS with the configured CA, bind failures that
 * never show the password, a missing base DN, and a server that goes away while paging or while
 * the sign-in pool is idle.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SourceError } from '../../errors.js';
import { createUnrelatedCaPem } from '../../test-support/ldap/certificates.js';
import { startTcpProxy } from '../../test-support/ldap/tcp-proxy.js';
import { generateDirectory, sshaPassword, type LdifEntry } from '../../test-support/ldap-fixtures.js';
import { skipUnless } from '../../test-support/require.js';
import { slapdAvailable, startSlapd, type SlapdServer } from '../../test-support/slapd.js';
import { freePort } from '../../test-support/free-ports.js';
import type { DirectoryClient } from '../directory.port.js';
import { createLdapClient } from './ldap.client.js';
import { ldapConfigFromPreset, type LdapPreset, type LdapSourceConfig } from './ldap.config.js';

const skip = skipUnless(
  existsSync('/usr/sbin/slapd') && slapdAvailable(),
  'slapd (with slapadd, the OpenLDAP schemas and openssl) is not installed',
);

const SUFFIX = 'dc=example,dc=org';
/** Enough users for several pages of 100, so that a cut after the first page is mid-read. */
const unix = generateDirectory({ baseDn: `ou=unix,${SUFFIX}`, flavour: 'openldap', users: 350 });
const ALICE = { dn: `uid=alice,${unix.usersDn}`, password: 'Alice-Secret-1' };
const alice: LdifEntry = {
  dn: ALICE.dn,
  attributes: [
    ['objectClass', 'inetOrgPerson'],
    ['cn', 'alice'],
    ['sn', 'Example'],
    ['uid', 'alice'],
    ['userPassword', sshaPassword(ALICE.password, ALICE.dn)],
  ],
};

describe('LDAP adapter against OpenLDAP slapd', { skip }, () => {
  let slapd: SlapdServer;
  const clients: DirectoryClient[] = [];
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'quire-ldap-connection-test-'));

  /** A client bound as the harness's service account, closed after the file. */
  function client(
    preset: LdapPreset,
    overrides: Partial<Omit<LdapSourceConfig, 'attributes'>> = {},
  ): DirectoryClient {
    const created = createLdapClient(
      ldapConfigFromPreset(preset, {
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
        yield alice;
      })(),
    });
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await slapd?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  describe('connections', () => {
    it('fails over to the next URL when the first server cannot be reached', async () => {
      const dead = `ldap://127.0.0.1:${await freePort()}`;
      const c = client('openldap', { urls: [dead, slapd.url] });
      await c.check();
      assert.deepEqual(await c.authenticate('alice', ALICE.password), { ok: true, username: 'alice' });
    });

    it('names every URL it tried when none can be reached', async () => {
      const dead1 = `ldap://127.0.0.1:${await freePort()}`;
      const dead2 = `ldap://127.0.0.1:${await freePort()}`;
      const c = client('openldap', { urls: [dead1, dead2] });
      await assert.rejects(c.check(), (error: Error) => {
        assert.ok(error instanceof SourceError);
        assert.ok(error.message.includes(dead1) && error.message.includes(dead2), error.message);
        assert.match(error.message, /connection refused/);
        return true;
      });
      await assert.rejects(c.authenticate('alice', ALICE.password), SourceError);
    });

    it('connects over ldaps:// and StartTLS trusting the configured CA', async () => {
      await client('openldap', { urls: [slapd.ldapsUrl], caCertificate: slapd.caPem }).check();
      const startTls = client('openldap', { startTls: true, caCertificate: slapd.caPem });
      await startTls.check();
      assert.deepEqual(await startTls.authenticate('alice', ALICE.password), { ok: true, username: 'alice' });
      // localhost is in the certificate too.
      await client('openldap', {
        urls: [slapd.ldapsUrl.replace('127.0.0.1', 'localhost')],
        caCertificate: slapd.caPem,
      }).check();
    });

    it('refuses a server whose certificate the configured CA did not sign', async () => {
      const unrelated = createUnrelatedCaPem(path.join(tmp, 'unrelated'));
      for (const overrides of [
        { urls: [slapd.ldapsUrl] },
        { urls: [slapd.ldapsUrl], caCertificate: unrelated },
        { startTls: true },
        { startTls: true, caCertificate: unrelated },
      ]) {
        await assert.rejects(client('openldap', overrides).check(), (error: Error) => {
          assert.ok(error instanceof SourceError, `${error.name}: ${error.message}`);
          assert.match(error.message, /TLS certificate was not accepted/);
          return true;
        });
      }
    });

    it('reports a wrong bind password as a SourceError that names the DN but not the password', async () => {
      const password = 'Not-The-Service-Password-42';
      await assert.rejects(client('openldap', { bindPassword: password }).check(), (error: Error) => {
        assert.ok(error instanceof SourceError);
        assert.ok(error.message.includes(slapd.serviceDn), error.message);
        assert.match(error.message, /invalid credentials/i);
        assert.ok(!error.message.includes(password));
        return true;
      });
      await assert.rejects(
        client('openldap', { bindPassword: password }).users()[Symbol.asyncIterator]().next(),
        SourceError,
      );
    });

    it('names a base DN that does not exist', async () => {
      await assert.rejects(
        client('openldap', { baseDns: [`ou=nowhere,${SUFFIX}`] }).check(),
        /ou=nowhere,dc=example,dc=org/,
      );
    });

    it('throws a SourceError when the server goes away in the middle of paging', async () => {
      const proxy = await startTcpProxy(Number(new URL(slapd.url).port));
      try {
        const c = client('openldap', { urls: [`ldap://127.0.0.1:${proxy.port}`], pageSize: 100 });
        let pages = 0;
        await assert.rejects(
          (async () => {
            for await (const page of c.users()) {
              assert.ok(page.length > 0);
              if (++pages === 1) proxy.cut();
            }
          })(),
          (error: Error) => {
            assert.ok(error instanceof SourceError, `${error.name}: ${error.message}`);
            assert.match(error.message, /Reading users under "ou=unix,dc=example,dc=org"/);
            return true;
          },
        );
        assert.equal(pages, 1);
      } finally {
        await proxy.stop();
      }
    });

    it('reconnects the sign-in pool after its connections were dropped', async () => {
      const proxy = await startTcpProxy(Number(new URL(slapd.url).port));
      try {
        const c = client('openldap', { urls: [`ldap://127.0.0.1:${proxy.port}`] });
        assert.equal((await c.authenticate('alice', ALICE.password)).ok, true);
        proxy.cut();
        assert.equal((await c.authenticate('alice', ALICE.password)).ok, true);
        assert.deepEqual(await c.authenticate('alice', 'wrong'), { ok: false, reason: 'invalid' });
      } finally {
        await proxy.stop();
      }
    });
  });
});
