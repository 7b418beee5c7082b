/**
 * Reading an LDAP source: paged bulk reads of users and groups over every base DN, on a
 * connection of the run's own, and the one-entry lookup of a user signing in, on the pool.
 *
 *   const search = createSearch(config, connector, pool);
 *   for await (const page of search.paged('users', config.userFilter, attributes, binary, map)) stage(page);
 *   const found = await search.findUser('alice'); // { dn, username, entry } or null
 */
import {
  AndFilter,
  EqualityFilter,
  FilterParser,
  SubstringFilter,
  type Client,
  type Entry,
  type Filter,
} from 'ldapts';
import { SourceError } from '../../errors.js';
import type { LdapSourceConfig } from './ldap.config.js';
import { quietUnbind, describe, type Connection, type Connector } from './ldap.connection.js';
import { searchBases } from './ldap.dn.js';
import { userAttributes, usernameOf } from './ldap.entries.js';
import type { createPool } from './ldap.pool.js';

export interface FoundUser {
  dn: string;
  username: string;
  entry: Entry;
}

export function createSearch(
  config: LdapSourceConfig,
  connector: Connector,
  pool: ReturnType<typeof createPool>,
) {
  const { openBulk, openService, sourceError } = connector;

  function parseFilter(filter: string, label: string): Filter {
    try {
      return FilterParser.parseString(filter);
    } catch (error) {
      throw new SourceError(
        `The ${label} ${JSON.stringify(filter)} is not a valid LDAP filter (${describe(error)}).`,
      );
    }
  }

  /**
   * One page of mapped results per paged-results page, over every base DN. The connection is
   * this run's own and is closed when the run ends, however it ends. `map` gets an ldapts
   * connection on demand (for Active Directory's ranged member reads), opened at most once.
   */
  async function* paged<T>(
    what: string,
    filter: string,
    attributes: string[],
    binary: string[],
    map: (entries: Entry[], client: () => Promise<Client>) => Promise<T[]> | T[],
  ): AsyncGenerator<T[]> {
    const parsed = parseFilter(filter, `${what} filter`);
    const { wire, url } = await openBulk();
    const binaryNames = new Set(binary.map((b) => b.toLowerCase()));
    let extra: Connection | null = null;
    const client = async () => (extra ??= await openService()).client;
    try {
      for (const baseDn of searchBases(config.baseDns)) {
        const pages = wire.search(baseDn, parsed, attributes, binaryNames, config.pageSize);
        for (;;) {
          let page: T[];
          try {
            const next = await pages.next();
            if (next.done) break;
            page = await map(next.value, client);
          } catch (error) {
            throw sourceError(`Reading ${what} under "${baseDn}" from ${url} failed`, error);
          }
          if (page.length > 0) yield page;
        }
      }
    } finally {
      wire.close();
      const opened = extra as Connection | null;
      if (opened) await quietUnbind(opened.client);
    }
  }

  /** The one entry whose username attribute matches, or null for none or several. */
  async function findUser(username: string): Promise<FoundUser | null> {
    const attribute = config.attributes.username;
    // The typed name only ever becomes a filter value (BER-encoded, never spliced into filter
    // text), so `*`, `)(uid=*` and the like match literally.
    const byName =
      attribute.toLowerCase() === 'userprincipalname' && !username.includes('@')
        ? new SubstringFilter({ attribute, initial: `${username}@` })
        : new EqualityFilter({ attribute, value: username });
    const filter = new AndFilter({ filters: [parseFilter(config.userFilter, 'user filter'), byName] });
    const { attributes } = userAttributes(config);
    let entries: Entry[] = [];
    try {
      for (const baseDn of searchBases(config.baseDns)) {
        const result = await pool.use((client) =>
          client.search(baseDn, { scope: 'sub', filter, attributes, sizeLimit: 2 }),
        );
        entries = entries.concat(result.searchEntries);
      }
    } catch (error) {
      throw sourceError(`Looking up "${username}" in the directory failed`, error);
    }
    const [entry] = entries;
    if (entries.length !== 1 || !entry) return null;
    const name = usernameOf(entry, attribute);
    return name ? { dn: entry.dn, username: name, entry } : null;
  }

  return { parseFilter, paged, findUser };
}
