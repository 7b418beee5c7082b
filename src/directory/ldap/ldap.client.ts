/**
 * The LDAP / Active Directory adapter of the DirectoryClient port, over ldapts.
 *
 *   const client = createLdapClient(ldapConfigFromPreset('openldap', { urls: ['ldaps://ldap1', 'ldaps://ldap2'], bindDn, bindPassword, baseDns }));
 *   await client.check();
 *   for await (const page of client.users()) stage(page); // paged-results pages of config.pageSize
 *   await client.authenticate('alice', password);         // { ok: true, username: 'alice' }
 *   await client.close();
 *
 * Connections (ldap.connection.ts): `urls` are tried in order (failover); ldap:// upgrades with
 * StartTLS when configured; the configured CA is trusted in addition to the system's. Sync runs
 * use a connection of their own (ldap.search.ts); sign-in lookups share a small pool of
 * service-account connections (ldap.pool.ts); every user bind happens on a fresh connection that
 * is closed straight after, so a user's identity never leaks into the pool. Password changes are
 * in ldap.password.ts.
 */
import { NoSuchObjectError } from 'ldapts';
import { SourceError } from '../../errors.js';
import type { AuthOutcome, DirectoryClient, DirectoryGroup, DirectoryUser } from '../directory.port.js';
import { adBindRefusal } from './ad.errors.js';
import type { LdapSourceConfig } from './ldap.config.js';
import { BindRefused, createConnector, quietUnbind, type Connection } from './ldap.connection.js';
import { entryToGroup, entryToUser, isDisabled, userAttributes } from './ldap.entries.js';
import { changeLdapPassword } from './ldap.password.js';
import { createPool } from './ldap.pool.js';
import { createSearch } from './ldap.search.js';

/** Service-account connections kept open for sign-in lookups. */
const POOL_SIZE = 4;
const INVALID: AuthOutcome = { ok: false, reason: 'invalid' };

export function createLdapClient(config: LdapSourceConfig): DirectoryClient {
  const connector = createConnector(config);
  const { openService, connect, sourceError } = connector;
  const pool = createPool(() => openService(), POOL_SIZE);
  const { parseFilter, paged, findUser } = createSearch(config, connector, pool);

  return {
    canAuthenticate: true,
    canChangePassword: config.allowPasswordChange,

    async check() {
      if (config.baseDns.length === 0) throw new SourceError('No base DN is configured.');
      parseFilter(config.userFilter, 'user filter');
      parseFilter(config.groupFilter, 'group filter');
      const { client, url } = await openService();
      try {
        for (const baseDn of config.baseDns) {
          try {
            await client.search(baseDn, { scope: 'base', filter: '(objectClass=*)', attributes: ['1.1'] });
          } catch (error) {
            if (error instanceof NoSuchObjectError) {
              throw new SourceError(
                `The base DN "${baseDn}" does not exist on ${url} (or the bind account may not read it).`,
              );
            }
            throw sourceError(`Reading the base DN "${baseDn}" on ${url} failed`, error);
          }
        }
      } finally {
        await quietUnbind(client);
      }
    },

    users(): AsyncIterable<DirectoryUser[]> {
      const { attributes, binary } = userAttributes(config);
      return paged('users', config.userFilter, attributes, binary, (entries) =>
        entries.map((entry) => entryToUser(entry, config)),
      );
    },

    groups(): AsyncIterable<DirectoryGroup[]> {
      const memberAttributes = config.groupMemberAttributes;
      return paged('groups', config.groupFilter, ['cn', ...memberAttributes], [], async (entries, client) => {
        const groups: DirectoryGroup[] = [];
        for (const entry of entries) {
          // Active Directory hands out large groups in ranges, read from the group entry itself.
          const fetchRange = async (ranged: string) =>
            (
              await (
                await client()
              ).search(entry.dn, { scope: 'base', filter: '(objectClass=*)', attributes: [ranged] })
            ).searchEntries[0];
          groups.push(await entryToGroup(entry, memberAttributes, fetchRange));
        }
        return groups;
      });
    },

    async authenticate(username, password) {
      // An empty password would be an "unauthenticated bind", which Active Directory and others
      // answer with success as anonymous: refused before anything is sent.
      if (username === '' || password === '') return INVALID;
      const found = await findUser(username);
      // No user and a wrong password look the same to the caller.
      if (!found) return INVALID;
      let connection: Connection;
      try {
        connection = await connect(found.dn, password);
      } catch (error) {
        if (!(error instanceof BindRefused)) throw error;
        if (error.cause.code === 49) return { ok: false, reason: adBindRefusal(error.cause.message) };
        throw sourceError(`${error.url} could not check the password of "${found.username}"`, error.cause);
      }
      await quietUnbind(connection.client);
      if (isDisabled(found.entry, config.disabledRule)) return { ok: false, reason: 'disabled' };
      return { ok: true, username: found.username };
    },

    changePassword: (username, currentPassword, newPassword) =>
      changeLdapPassword({ config, connector, findUser }, username, currentPassword, newPassword),

    close: () => pool.close(),
  };
}
