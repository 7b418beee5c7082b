/**
 * A directory client whose code (and library: ldapts for LDAP) is loaded on its first call, so a
 * server or a CLI command that never talks to a source of that kind never loads it. What callers
 * read without a call (canAuthenticate, canChangePassword) comes from the configuration.
 *
 *   client: (config) =>
 *     lazyClient(async () => (await import('./ldap.client.js')).createLdapClient(config), {
 *       canAuthenticate: true,
 *       canChangePassword: config.allowPasswordChange,
 *     }),
 */
import type { DirectoryClient } from './directory.port.js';

export function lazyClient(
  load: () => Promise<DirectoryClient>,
  flags: Pick<DirectoryClient, 'canAuthenticate' | 'canChangePassword'>,
): DirectoryClient {
  let loaded: Promise<DirectoryClient> | undefined;
  const client = () => (loaded ??= load());
  return {
    ...flags,
    check: async () => (await client()).check(),
    async *users() {
      yield* (await client()).users();
    },
    async *groups() {
      yield* (await client()).groups();
    },
    authenticate: async (username, password) => (await client()).authenticate(username, password),
    changePassword: async (username, currentPassword, newPassword) =>
      (await client()).changePassword(username, currentPassword, newPassword),
    // Never loaded: nothing to release.
    close: async () => (loaded ? (await loaded).close() : undefined),
  };
}
