/**
 * Connections to an LDAP source: failover over `urls`, TLS (ldaps://, or StartTLS on ldap://) with
 * the configured CA trusted in addition to the system's, and binds — as the service account, as a
 * user, or on the lean wire reader for bulk reads. Failures become SourceErrors that never quote
 * the bind password.
 *
 *   const connector = createConnector(config);
 *   const { client, url } = await connector.openService();     // bound as config.bindDn
 *   const { wire } = await connector.openBulk();               // for paged reads (ldap.wire.ts)
 *   await connector.connect(userDn, password);                 // throws BindRefused on a wrong password
 */
import { isIP } from 'node:net';
import tls from 'node:tls';
import { Client, ResultCodeError } from 'ldapts';
import { SourceError } from '../../errors.js';
import { adBindRefusal } from './ad.errors.js';
import type { LdapSourceConfig } from './ldap.config.js';
import { LdapResultError, openWire, type WireConnection } from './ldap.wire.js';

export interface Connection {
  client: Client;
  url: string;
}

/** A bind the directory answered with a refusal (as opposed to a server that could not be reached). */
export class BindRefused extends Error {
  constructor(
    readonly url: string,
    override readonly cause: ResultCodeError,
  ) {
    super(`bind refused by ${url}`);
  }
}

export type Connector = ReturnType<typeof createConnector>;

export function createConnector(config: LdapSourceConfig) {
  /** Bind failures of the service account are configuration errors: SourceError, naming the DN. */
  async function openService(): Promise<Connection> {
    checkServiceAccount();
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

  function checkServiceAccount(): void {
    if (config.urls.length === 0) throw new SourceError('No LDAP server URL is configured.');
    // A DN with an empty password is an "unauthenticated bind", which many servers accept as
    // anonymous: it would look like a working configuration while reading nothing.
    if (config.bindDn && !config.bindPassword)
      throw new SourceError(`The bind password for "${config.bindDn}" is empty.`);
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

  /**
   * The bulk read's own connection, on the lean wire reader (ldap.wire.ts), with the same failover,
   * TLS and bind rules as `connect`.
   */
  async function openBulk(): Promise<{ wire: WireConnection; url: string }> {
    checkServiceAccount();
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

  /** `error` as a SourceError that says what was being done (a SourceError passes unchanged). */
  function sourceError(context: string, error: unknown): SourceError {
    if (error instanceof SourceError) return error;
    return new SourceError(redact(`${context}: ${describe(error)}.`));
  }

  /** The bind password never appears in a message, whatever a server or library echoes. */
  function redact(message: string): string {
    return config.bindPassword.length >= 4 ? message.split(config.bindPassword).join('[password]') : message;
  }

  return { openService, connect, openBulk, sourceError };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return '';
  }
}

export async function quietUnbind(client: Client): Promise<void> {
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
export function describe(error: unknown, step = ''): string {
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
