/**
 * The LDAP / Active Directory adapter of the DirectoryClient port, over ldapts.
 *
 *   const client = createLdapClient(ldapConfigFromPreset('openldap', { urls: ['ldaps://ldap1', 'ldaps://ldap2'], bindDn, bindPassword, baseDns }));
 *   await client.check();
 *   for await (const page of client.users()) stage(page); // paged-results pages of config.pageSize
 *   await client.authenticate('alice', password);         // { ok: true, username: 'alice' }
 *   await client.close();
 *
 * Connections: `urls` are tried in order (failover); ldap:// upgrades with StartTLS when
 * configured; the configured CA is trusted in addition to the system's. Sync runs use a connection
 * of their own; sign-in lookups share a small pool of service-account connections; every user
 * bind happens on a fresh connection that is closed straight after, so a user's identity never
 * leaks into the pool.
 */
import { isIP } from 'node:net';
import tls from 'node:tls';
import {
  AndFilter,
  Attribute,
  Change,
  Client,
  EqualityFilter,
  FilterParser,
  NoSuchObjectError,
  ResultCodeError,
  SubstringFilter,
  type Entry,
  type Filter,
} from 'ldapts';
import { PasswordChangeRefused, SourceError } from '../../errors.js';
import type { AuthOutcome, DirectoryClient, DirectoryGroup, DirectoryUser } from '../directory.port.js';
import {
  BIND_REFUSAL_TEXT,
  WRONG_CURRENT_PASSWORD,
  adBindRefusal,
  passwordChangeRefusal,
} from './ad.errors.js';
import { PASSWORD_MODIFY_OID, passwordModifyRequest } from './ber.js';
import type { LdapSourceConfig } from './ldap.config.js';
import { normalizeDn } from './ldap.dn.js';
import { LdapResultError, openWire, type WireConnection } from './ldap.wire.js';
import {
  allValues,
  entryToUser,
  isDisabled,
  memberRefs,
  userAttributes,
  usernameOf,
  valuesOf,
} from './ldap.entries.js';

/** Service-account connections kept open for sign-in lookups. */
const POOL_SIZE = 4;
const INVALID: AuthOutcome = { ok: false, reason: 'invalid' };

interface Connection {
  client: Client;
  url: string;
}

export function createLdapClient(config: LdapSourceConfig): DirectoryClient {
  const pool = createPool(() => openService(), POOL_SIZE);
  const isAd = config.preset === 'active-directory';

  /** Bind failures of the service account are configuration errors: SourceError, naming the DN. */
  async function openService(): Promise<Connection> {
    if (config.urls.length === 0) throw new SourceError('No LDAP server URL is configured.');
    // A DN with an empty password is an "unauthenticated bind", which many servers accept as
    // anonymous: it would look like a working configuration while reading nothing.
    if (config.bindDn && !config.bindPassword)
      throw new SourceError(`The bind password for "${config.bindDn}" is empty.`);
    try {
      return await connect(config.bindDn, config.bindPassword);
    } catch (error) {
      if (!(error instanceof BindRefused)) throw error;
      const reason = adDetail(error.cause);
      throw new SourceError(
        redact(
          `${error.url} refused the bind as "${config.bindDn || '(anonymous)'}": ${describe(error.cause)}${reason}. Check the bind DN and password.`,
        ),
      );
    }
  }

  /**
   * A connection bound as `dn`, from the first URL that answers. Connection failures move on to
   * the next URL; a refused bind is the directory's answer and is thrown as BindRefused.
   */
  async function connect(dn: string, password: string): Promise<Connection> {
    const failures: string[] = [];
    for (const url of config.urls) {
      const secure = url.toLowerCase().startsWith('ldaps://');
      const client = new Client({
        url,
        connectTimeout: config.connectTimeoutMs,
        timeout: config.timeoutMs,
        ...(secure ? { tlsOptions: tlsOptions(url) } : {}),
      });
      try {
        if (!secure && config.startTls)
          await withTimeout(
            client.startTLS(tlsOptions(url)),
            config.connectTimeoutMs,
            () => void quietUnbind(client),
          );
      } catch (error) {
        await quietUnbind(client);
        failures.push(`${url} (${describe(error, 'StartTLS')})`);
        continue;
      }
      try {
        await client.bind(dn, password);
        return { client, url };
      } catch (error) {
        // ldapts keeps the socket open after a failed bind.
        await quietUnbind(client);
        if (error instanceof ResultCodeError) throw new BindRefused(url, error);
        failures.push(`${url} (${describe(error)})`);
      }
    }
    throw new SourceError(redact(`Could not connect to the directory: ${failures.join('; ')}.`));
  }

  function tlsOptions(url: string): tls.ConnectionOptions {
    const host = hostOf(url);
    return {
      host,
      // Server name indication only for names: an IP address is checked against the certificate's IP entries.
      ...(isIP(host) ? {} : { servername: host }),
      minVersion: 'TLSv1.2',
      ...(config.caCertificate ? { ca: [...tls.rootCertificates, config.caCertificate] } : {}),
    };
  }

  function sourceError(context: string, error: unknown): SourceError {
    if (error instanceof SourceError) return error;
    return new SourceError(redact(`${context}: ${describe(error)}.`));
  }

  /** The bind password never appears in a message, whatever a server or library echoes. */
  function redact(message: string): string {
    return config.bindPassword.length >= 4 ? message.split(config.bindPassword).join('[password]') : message;
  }

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
   * The bulk read's own connection, on the lean wire reader (ldap.wire.ts), with the same failover,
   * TLS and bind rules as `connect`.
   */
  async function openBulk(): Promise<{ wire: WireConnection; url: string }> {
    if (config.urls.length === 0) throw new SourceError('No LDAP server URL is configured.');
    if (config.bindDn && !config.bindPassword)
      throw new SourceError(`The bind password for "${config.bindDn}" is empty.`);
    const failures: string[] = [];
    for (const url of config.urls) {
      let wire: WireConnection;
      try {
        wire = await openWire(url, {
          tls: tlsOptions(url),
          startTls: config.startTls,
          connectTimeoutMs: config.connectTimeoutMs,
          timeoutMs: config.timeoutMs,
        });
      } catch (error) {
        failures.push(`${url} (${describe(error)})`);
        continue;
      }
      try {
        await wire.bind(config.bindDn, config.bindPassword);
        return { wire, url };
      } catch (error) {
        wire.close();
        if (error instanceof LdapResultError) {
          throw new SourceError(
            redact(
              `${url} refused the bind as "${config.bindDn || '(anonymous)'}": ${error.message}. Check the bind DN and password.`,
            ),
          );
        }
        failures.push(`${url} (${describe(error)})`);
      }
    }
    throw new SourceError(redact(`Could not connect to the directory: ${failures.join('; ')}.`));
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
  async function findUser(username: string): Promise<{ dn: string; username: string; entry: Entry } | null> {
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
          const memberRefsOfEntry: string[] = [];
          // Active Directory hands out large groups in ranges, read from the group entry itself.
          const fetchRange = async (ranged: string) =>
            (
              await (
                await client()
              ).search(entry.dn, { scope: 'base', filter: '(objectClass=*)', attributes: [ranged] })
            ).searchEntries[0];
          for (const attribute of memberAttributes)
            memberRefsOfEntry.push(...memberRefs(attribute, await allValues(entry, attribute, fetchRange)));
          groups.push({
            ref: normalizeDn(entry.dn),
            name: String(valuesOf(entry, 'cn')[0] ?? '').trim(),
            memberRefs: [...new Set(memberRefsOfEntry)],
          });
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

    async changePassword(username, currentPassword, newPassword) {
      if (!config.allowPasswordChange)
        throw new PasswordChangeRefused(
          'Changing directory passwords through Quire is turned off for this directory.',
        );
      if (currentPassword === '' || username === '') throw new PasswordChangeRefused(WRONG_CURRENT_PASSWORD);
      if (newPassword === '') throw new PasswordChangeRefused('The new password may not be empty.');
      // Active Directory accepts unicodePwd only over an encrypted connection; asking over a
      // plain one would also put both passwords on the wire in clear.
      if (isAd && !config.startTls && !config.urls.every((url) => url.toLowerCase().startsWith('ldaps://'))) {
        throw new SourceError(
          'Active Directory accepts password changes only over an encrypted connection: use ldaps:// URLs or turn on StartTLS.',
        );
      }
      const found = await findUser(username);
      if (!found) throw new PasswordChangeRefused(WRONG_CURRENT_PASSWORD);
      let connection: Connection;
      try {
        connection = await connect(found.dn, currentPassword);
      } catch (error) {
        if (!(error instanceof BindRefused)) throw error;
        if (error.cause.code === 49)
          throw new PasswordChangeRefused(BIND_REFUSAL_TEXT[adBindRefusal(error.cause.message)]);
        throw new PasswordChangeRefused(passwordChangeRefusal(error.cause.code, error.cause.message));
      }
      try {
        if (isAd) {
          // A user's own change: delete the old value and add the new one, each the password in
          // double quotes as UTF-16LE. (A replace would be an administrator's reset.)
          const value = (password: string) => Buffer.from(`"${password}"`, 'utf16le');
          await connection.client.modify(found.dn, [
            new Change({
              operation: 'delete',
              modification: new Attribute({ type: 'unicodePwd', values: [value(currentPassword)] }),
            }),
            new Change({
              operation: 'add',
              modification: new Attribute({ type: 'unicodePwd', values: [value(newPassword)] }),
            }),
          ]);
        } else {
          await connection.client.exop(
            PASSWORD_MODIFY_OID,
            passwordModifyRequest(found.dn, currentPassword, newPassword),
          );
        }
      } catch (error) {
        if (error instanceof ResultCodeError)
          throw new PasswordChangeRefused(passwordChangeRefusal(error.code, error.message));
        throw sourceError(`Changing the password of "${found.username}" on ${connection.url} failed`, error);
      } finally {
        await quietUnbind(connection.client);
      }
    },

    close: () => pool.close(),
  };
}

/** A bind the directory answered with a refusal (as opposed to a server that could not be reached). */
class BindRefused extends Error {
  constructor(
    readonly url: string,
    override readonly cause: ResultCodeError,
  ) {
    super(`bind refused by ${url}`);
  }
}

/**
 * A few bound service connections, reused across sign-ins. A pooled connection that the server
 * closed while idle fails its next operation: that operation is retried once on a new connection.
 */
function createPool(open: () => Promise<Connection>, size: number) {
  const idle: Connection[] = [];
  const waiting: Array<() => void> = [];
  let busy = 0;
  let closed = false;

  async function acquire(): Promise<{ connection: Connection; reused: boolean }> {
    for (;;) {
      let connection: Connection | undefined;
      while ((connection = idle.pop())) {
        if (connection.client.isConnected) {
          busy++;
          return { connection, reused: true };
        }
      }
      if (busy < size) {
        busy++;
        try {
          return { connection: await open(), reused: false };
        } catch (error) {
          release(null);
          throw error;
        }
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  }

  function release(connection: Connection | null, keep = false): void {
    busy--;
    if (connection) {
      if (keep && !closed && connection.client.isConnected) idle.push(connection);
      else void quietUnbind(connection.client);
    }
    waiting.shift()?.();
  }

  return {
    async use<T>(operation: (client: Client) => Promise<T>): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        const { connection, reused } = await acquire();
        try {
          const result = await operation(connection.client);
          release(connection, true);
          return result;
        } catch (error) {
          // An LDAP result means the connection itself is fine.
          const answered = error instanceof ResultCodeError;
          release(connection, answered);
          if (!answered && reused && attempt === 0) continue;
          throw error;
        }
      }
    },
    async close(): Promise<void> {
      closed = true;
      await Promise.all(idle.splice(0).map((connection) => quietUnbind(connection.client)));
    },
  };
}

/** Base DNs without those inside another one, so that no entry is read twice. */
export function searchBases(baseDns: string[]): string[] {
  const normalized = baseDns.map((dn) => ({ dn, key: normalizeDn(dn) }));
  return normalized
    .filter(
      ({ key }, i) =>
        !normalized.some((other, j) => (other.key === key ? j < i : key.endsWith(`,${other.key}`))),
    )
    .map(({ dn }) => dn);
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return '';
  }
}

async function quietUnbind(client: Client): Promise<void> {
  try {
    await client.unbind();
  } catch {
    // Already closed.
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  if (!ms) return promise;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error('Connection timeout'));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const TLS_CERTIFICATE_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** One readable line for an LDAP result or a connection failure. */
function describe(error: unknown, step = ''): string {
  if (error instanceof ResultCodeError) {
    const name = error.name
      .replace(/Error$/, '')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase();
    // ldapts appends " Code: 0x31" to the server's diagnostic message (or to its own default text).
    const text = error.message
      .replace(/\s*Code: 0x[0-9a-f]+$/i, '')
      .split('\n')[0]!
      .trim();
    const detail = text && !text.toLowerCase().startsWith(name) ? `: ${text}` : '';
    const hint =
      error.code === 4
        ? ' (the directory limits how many entries this account may read; raise its size limit)'
        : '';
    return `${step ? `${step}: ` : ''}LDAP result ${error.code}, ${name}${detail}${hint}`;
  }
  const { code, message = String(error) } = error as NodeJS.ErrnoException;
  const prefix = step ? `${step}: ` : '';
  if (code && TLS_CERTIFICATE_CODES.has(code)) {
    return `${prefix}its TLS certificate was not accepted (${code}); check the CA certificate and that the URL's host name is in the certificate`;
  }
  if (code === 'ECONNREFUSED') return `${prefix}connection refused`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `${prefix}host name not found`;
  if (code === 'ECONNRESET') return `${prefix}connection reset by the server`;
  if (/timeout|timed out/i.test(message)) return `${prefix}no answer in time`;
  if (/Connection closed/i.test(message)) return `${prefix}the server closed the connection`;
  return `${prefix}${message.split('\n').pop()?.trim() || message}`;
}

/** Active Directory's reason for a refused bind, when it gave one. */
function adDetail(error: ResultCodeError): string {
  if (error.code !== 49 || !/\bdata [0-9a-f]+\b/i.test(error.message)) return '';
  const reason = adBindRefusal(error.message);
  return reason === 'invalid' ? '' : ` (account ${reason.replace(/-/g, ' ')})`;
}
