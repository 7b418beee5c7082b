/**
 * Configuration: read once from the environment (and an optional JSON file named by
 * QUIRE_CONFIG_FILE, whose keys are the same variable names), validated, frozen. A bad value stops
 * start-up with a message naming the variable.
 *
 *   const config = loadConfig(process.env);
 *   config.port // 9191
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { DEFAULT_ALLOWED_ADDRESSES, parseAddressList } from './api-tokens/allowed-addresses.js';
import {
  DEFAULT_SMTP_PORTS,
  isMailAddress,
  isMailHost,
  SMTP_SECURITY,
  type SmtpSecurity,
} from './mail/mailer.port.js';

/** The mail server named by QUIRE_SMTP_URL. `password` is not enumerable, so logging the config never prints it. */
export interface SmtpConfig {
  readonly host: string;
  readonly port: number;
  readonly security: SmtpSecurity;
  readonly user: string;
  readonly password: string;
}

export interface Config {
  readonly dataDir: string;
  /**
   * QUIRE_SPOOL_DIR: where print jobs' documents wait (default `spool` in the data directory). With
   * several servers on one database it must be a directory they all share.
   */
  readonly spoolDir: string;
  readonly host: string;
  readonly port: number;
  /** `sqlite:<file>` or a postgres:// URL. */
  readonly databaseUrl: string;
  readonly databaseKind: 'sqlite' | 'postgres';
  /** PostgreSQL: prepare statements that keep coming back (QUIRE_DATABASE_PREPARE, default true). */
  readonly databasePrepare: boolean;
  /** The address users reach the server at: used in printed links and the Origin check. */
  readonly publicUrl: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Cookies get `Secure` and the `__Host-` prefix when the public URL is https. */
  readonly secureCookies: boolean;
  /** Idle and absolute session lifetimes, in minutes. */
  readonly sessionIdleMinutes: number;
  readonly sessionMaxMinutes: number;
  /** Extra origins accepted by the CSRF Origin check (comma-separated in the environment). */
  readonly trustedOrigins: readonly string[];
  /**
   * QUIRE_WEBAUTHN_RP_ID: the relying party security keys are bound to — the public URL's host
   * name (default) or a parent domain of it, so keys also work on the trusted origins below it.
   */
  readonly webauthnRpId: string;
  /** QUIRE_SMTP_URL: when set, it wins over the Admin Console's Email page. */
  readonly smtp: SmtpConfig | null;
  /** QUIRE_MAIL_FROM: the From address, winning over the Email page. */
  readonly mailFrom: string | null;
  /** Addresses (and CIDR ranges) that may read /metrics without a token; loopback by default. */
  readonly metricsAllowedAddresses: readonly string[];
  /**
   * Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For/-Proto/-Host headers are
   * believed; from anyone else those headers are ignored. Empty by default.
   */
  readonly trustedProxies: readonly string[];
  /** QUIRE_SYNC_LEASE_SECONDS: how soon another server takes over a scheduled sync whose server died (60). */
  readonly syncLeaseSeconds: number;
  /** How long a stop (SIGTERM, SIGINT) may take before the process ends anyway; below systemd's TimeoutStopSec. */
  readonly shutdownSeconds: number;
  /** QUIRE_HTTPS_PORT: the HTTPS listener's port (9192), or null when `off`. */
  readonly httpsPort: number | null;
  /** QUIRE_TLS_CERT_FILE / QUIRE_TLS_KEY_FILE (PEM, both or neither; null: self-signed in the data dir). Read and checked by `quire serve`. */
  readonly tlsCertFile: string | null;
  readonly tlsKeyFile: string | null;
  /** QUIRE_HTTP_REDIRECT: the HTTP port redirects everything but /healthz, /readyz, /metrics and the ipp:// print queues to HTTPS. */
  readonly httpRedirect: boolean;
}

export class ConfigError extends Error {}

/** Documented variables; the table in docs/configuration.md is this list. */
export const CONFIG_VARIABLES = [
  'QUIRE_DATA_DIR',
  'QUIRE_SPOOL_DIR',
  'QUIRE_HOST',
  'QUIRE_PORT',
  'QUIRE_DATABASE_URL',
  'QUIRE_PUBLIC_URL',
  'QUIRE_LOG_LEVEL',
  'QUIRE_SESSION_IDLE_MINUTES',
  'QUIRE_SESSION_MAX_MINUTES',
  'QUIRE_TRUSTED_ORIGINS',
  'QUIRE_WEBAUTHN_RP_ID',
  'QUIRE_SMTP_URL',
  'QUIRE_MAIL_FROM',
  'QUIRE_METRICS_ALLOWED_ADDRESSES',
  'QUIRE_TRUSTED_PROXIES',
  'QUIRE_SYNC_LEASE_SECONDS',
  'QUIRE_HTTPS_PORT',
  'QUIRE_TLS_CERT_FILE',
  'QUIRE_TLS_KEY_FILE',
  'QUIRE_HTTP_REDIRECT',
  'QUIRE_CONFIG_FILE',
] as const;

type Env = Record<string, string | undefined>;

function readConfigFile(file: string): Env {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`QUIRE_CONFIG_FILE: cannot read ${file}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`QUIRE_CONFIG_FILE: ${file} must hold a JSON object of QUIRE_* keys`);
  }
  const out: Env = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!(CONFIG_VARIABLES as readonly string[]).includes(key)) {
      throw new ConfigError(`QUIRE_CONFIG_FILE: unknown key ${key} in ${file}`);
    }
    out[key] = String(value);
  }
  return out;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

/**
 * `smtp://user:pass@host:port` (STARTTLS required, port 587 by default; `?security=none` for a
 * plain local relay, port 25) or `smtps://…` (TLS, port 465). Messages never repeat the URL: it
 * holds the password.
 */
function smtpConfig(raw: string | undefined): SmtpConfig | null {
  if (raw === undefined || raw === '') return null;
  const refuse = (why: string): never => {
    throw new ConfigError(`QUIRE_SMTP_URL ${why} (expected smtp://user:password@host:port or smtps://…)`);
  };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('is not a valid URL');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') refuse('must start with smtp:// or smtps://');
  const securityParam = url.searchParams.get('security');
  const security: SmtpSecurity =
    url.protocol === 'smtps:' ? 'tls' : ((securityParam ?? 'starttls') as SmtpSecurity);
  if (
    !(SMTP_SECURITY as readonly string[]).includes(security) ||
    (url.protocol === 'smtps:' && securityParam !== null && securityParam !== 'tls')
  ) {
    refuse('has an unknown security= value (none, starttls or tls)');
  }
  if ([...url.searchParams.keys()].some((key) => key !== 'security'))
    refuse('has an unknown parameter (only security= is known)');
  const host = url.hostname;
  if (!host || !isMailHost(host)) refuse('has no valid host name');
  let user: string;
  let password: string;
  try {
    user = decodeURIComponent(url.username);
    password = decodeURIComponent(url.password);
  } catch {
    return refuse('has a badly percent-encoded user or password');
  }
  const smtp = {
    host,
    port: url.port ? Number(url.port) : DEFAULT_SMTP_PORTS[security],
    security,
    user,
  } as SmtpConfig;
  Object.defineProperty(smtp, 'password', { value: password, enumerable: false });
  return Object.freeze(smtp);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function databaseFrom(
  env: Env,
  dataDir: string,
): Pick<Config, 'databaseUrl' | 'databaseKind' | 'databasePrepare'> {
  let databaseUrl = env.QUIRE_DATABASE_URL || '';
  let databaseKind: Config['databaseKind'];
  if (databaseUrl === '') {
    databaseUrl = `sqlite:${path.join(dataDir, 'quire.db')}`;
    databaseKind = 'sqlite';
  } else if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    databaseKind = 'postgres';
  } else if (databaseUrl.startsWith('sqlite:')) {
    databaseKind = 'sqlite';
  } else {
    throw new ConfigError(
      'QUIRE_DATABASE_URL must start with postgres:// or sqlite: (or be unset for the embedded SQLite database)',
    );
  }
  const prepare = (env.QUIRE_DATABASE_PREPARE || 'true').trim().toLowerCase();
  if (prepare !== 'true' && prepare !== 'false') {
    throw new ConfigError(
      `QUIRE_DATABASE_PREPARE must be true or false (got "${env.QUIRE_DATABASE_PREPARE}")`,
    );
  }
  return { databaseUrl, databaseKind, databasePrepare: prepare === 'true' };
}

function publicUrlFrom(env: Env, port: number): { publicUrl: string; publicOrigin: URL } {
  const publicUrl = (env.QUIRE_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  let publicOrigin: URL;
  try {
    publicOrigin = new URL(publicUrl);
  } catch {
    throw new ConfigError(`QUIRE_PUBLIC_URL must be an absolute http(s) URL (got "${publicUrl}")`);
  }
  if (publicOrigin.protocol !== 'http:' && publicOrigin.protocol !== 'https:') {
    throw new ConfigError(`QUIRE_PUBLIC_URL must be an http or https URL (got "${publicUrl}")`);
  }
  return { publicUrl, publicOrigin };
}

function logLevelFrom(env: Env): Config['logLevel'] {
  const logLevel = (env.QUIRE_LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`QUIRE_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);
  }
  return logLevel;
}

function trustedOriginsFrom(env: Env): string[] {
  const trustedOrigins = (env.QUIRE_TRUSTED_ORIGINS || '')
    .split(',')
    .map((s) => s.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  for (const origin of trustedOrigins) {
    if (!/^https?:\/\/[^/]+$/.test(origin)) {
      throw new ConfigError(
        `QUIRE_TRUSTED_ORIGINS: "${origin}" is not an origin like https://print.example.org`,
      );
    }
  }
  return trustedOrigins;
}

/**
 * The WebAuthn relying party ID: browsers accept only the page's host name or a parent domain of
 * it, so anything else would make every security key fail; refused at start-up instead. The
 * default, the public host name, may be an IP address: keys then cannot work (browsers refuse),
 * but the authenticator app still does, so that is no reason to stop.
 */
function webauthnRpIdFrom(env: Env, publicOrigin: URL): string {
  const host = publicOrigin.hostname.toLowerCase();
  const rpId = (env.QUIRE_WEBAUTHN_RP_ID || host).trim().toLowerCase().replace(/\.$/, '');
  if (rpId === host) return rpId;
  const isDomain = (name: string) => isIP(name.replace(/^\[|\]$/g, '')) === 0;
  if (
    !isDomain(host) ||
    !isDomain(rpId) ||
    !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(rpId) ||
    !host.endsWith(`.${rpId}`)
  ) {
    throw new ConfigError(
      `QUIRE_WEBAUTHN_RP_ID must be the host name of QUIRE_PUBLIC_URL (${host}) or a domain it is under (got "${rpId}")`,
    );
  }
  return rpId;
}

function mailFromOf(env: Env): string | null {
  const mailFrom = env.QUIRE_MAIL_FROM?.trim() || null;
  if (mailFrom !== null && !isMailAddress(mailFrom)) {
    throw new ConfigError(
      `QUIRE_MAIL_FROM must be a plain address like print@example.org (got "${mailFrom}")`,
    );
  }
  return mailFrom;
}

/** The addresses allowed to read the metrics, and the proxies whose forwarded addresses are believed. */
function networkListsFrom(env: Env): { metricsAllowed: string[]; proxies: string[] } {
  const metricsAllowed = parseAddressList(env.QUIRE_METRICS_ALLOWED_ADDRESSES ?? DEFAULT_ALLOWED_ADDRESSES);
  if (metricsAllowed.invalid.length > 0) {
    throw new ConfigError(
      `QUIRE_METRICS_ALLOWED_ADDRESSES: "${metricsAllowed.invalid[0]}" is not an IP address or CIDR range (use "" for none, "*" for any)`,
    );
  }

  const proxies = parseAddressList(env.QUIRE_TRUSTED_PROXIES ?? '');
  if (proxies.invalid.length > 0 || proxies.entries.includes('*')) {
    throw new ConfigError(
      `QUIRE_TRUSTED_PROXIES: "${proxies.invalid[0] ?? '*'}" is not an IP address or CIDR range of a proxy`,
    );
  }
  return { metricsAllowed: metricsAllowed.entries, proxies: proxies.entries };
}

function httpsFrom(
  env: Env,
  cwd: string,
  port: number,
): Pick<Config, 'httpsPort' | 'tlsCertFile' | 'tlsKeyFile' | 'httpRedirect'> {
  const httpsPort =
    env.QUIRE_HTTPS_PORT?.trim().toLowerCase() === 'off'
      ? null
      : integer(env, 'QUIRE_HTTPS_PORT', 9192, 1, 65535);
  if (httpsPort !== null && httpsPort === port) {
    throw new ConfigError(
      `QUIRE_HTTPS_PORT must differ from QUIRE_PORT (both are ${port}); use off to turn HTTPS off`,
    );
  }
  // Only the paths here: `quire serve` reads and checks the files, so other commands (run by
  // users who cannot read the key) still work.
  const tlsCertFile = env.QUIRE_TLS_CERT_FILE ? path.resolve(cwd, env.QUIRE_TLS_CERT_FILE) : null;
  const tlsKeyFile = env.QUIRE_TLS_KEY_FILE ? path.resolve(cwd, env.QUIRE_TLS_KEY_FILE) : null;
  if ((tlsCertFile === null) !== (tlsKeyFile === null)) {
    throw new ConfigError(
      `${tlsCertFile === null ? 'QUIRE_TLS_CERT_FILE' : 'QUIRE_TLS_KEY_FILE'} must be set too: give both the certificate and its key, or neither`,
    );
  }
  const redirect = (env.QUIRE_HTTP_REDIRECT || 'false').trim().toLowerCase();
  if (redirect !== 'true' && redirect !== 'false') {
    throw new ConfigError(`QUIRE_HTTP_REDIRECT must be true or false (got "${env.QUIRE_HTTP_REDIRECT}")`);
  }
  if (redirect === 'true' && httpsPort === null) {
    throw new ConfigError('QUIRE_HTTP_REDIRECT=true needs HTTPS: QUIRE_HTTPS_PORT is off');
  }
  return { httpsPort, tlsCertFile, tlsKeyFile, httpRedirect: redirect === 'true' };
}

export function loadConfig(processEnv: Env = process.env, cwd = process.cwd()): Config {
  const fileEnv = processEnv.QUIRE_CONFIG_FILE ? readConfigFile(processEnv.QUIRE_CONFIG_FILE) : {};
  const env: Env = { ...fileEnv, ...processEnv };

  const dataDir = path.resolve(cwd, env.QUIRE_DATA_DIR || 'data');
  const port = integer(env, 'QUIRE_PORT', 9191, 0, 65535);
  const host = env.QUIRE_HOST || '0.0.0.0';

  // In this order, so that the first bad setting is the one reported.
  const { databaseUrl, databaseKind, databasePrepare } = databaseFrom(env, dataDir);
  const { publicUrl, publicOrigin } = publicUrlFrom(env, port);
  const logLevel = logLevelFrom(env);
  const trustedOrigins = trustedOriginsFrom(env);
  const webauthnRpId = webauthnRpIdFrom(env, publicOrigin);
  const mailFrom = mailFromOf(env);
  const { metricsAllowed, proxies } = networkListsFrom(env);
  const https = httpsFrom(env, cwd, port);

  return Object.freeze({
    dataDir,
    spoolDir: path.resolve(cwd, env.QUIRE_SPOOL_DIR || path.join(dataDir, 'spool')),
    host,
    port,
    databaseUrl,
    databaseKind,
    databasePrepare,
    publicUrl,
    logLevel,
    secureCookies: publicOrigin.protocol === 'https:',
    sessionIdleMinutes: integer(env, 'QUIRE_SESSION_IDLE_MINUTES', 60, 1, 60 * 24 * 30),
    sessionMaxMinutes: integer(env, 'QUIRE_SESSION_MAX_MINUTES', 60 * 12, 1, 60 * 24 * 90),
    trustedOrigins: Object.freeze(trustedOrigins),
    webauthnRpId,
    smtp: smtpConfig(env.QUIRE_SMTP_URL),
    mailFrom,
    metricsAllowedAddresses: Object.freeze(metricsAllowed),
    trustedProxies: Object.freeze(proxies),
    syncLeaseSeconds: integer(env, 'QUIRE_SYNC_LEASE_SECONDS', 60, 2, 3600),
    shutdownSeconds: integer(env, 'QUIRE_SHUTDOWN_SECONDS', 45, 3, 3600),
    ...https,
  });
}
