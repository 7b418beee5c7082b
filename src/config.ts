/**
 * Configuration: read once from the environment (and an optional JSON file named by
 * QUIRE_CONFIG_FILE, whose keys are the same variable names), validated, frozen. A bad value stops
 * start-up with a message naming the variable.
 *
 *   const config = loadConfig(process.env);
 *   config.port // 9191
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface Config {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  /** `sqlite:<file>` or a postgres:// URL. */
  readonly databaseUrl: string;
  readonly databaseKind: 'sqlite' | 'postgres';
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
}

export class ConfigError extends Error {}

/** Documented variables; the README's configuration table is this list. */
export const CONFIG_VARIABLES = [
  'QUIRE_DATA_DIR',
  'QUIRE_HOST',
  'QUIRE_PORT',
  'QUIRE_DATABASE_URL',
  'QUIRE_PUBLIC_URL',
  'QUIRE_LOG_LEVEL',
  'QUIRE_SESSION_IDLE_MINUTES',
  'QUIRE_SESSION_MAX_MINUTES',
  'QUIRE_TRUSTED_ORIGINS',
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

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(processEnv: Env = process.env, cwd = process.cwd()): Config {
  const fileEnv = processEnv.QUIRE_CONFIG_FILE ? readConfigFile(processEnv.QUIRE_CONFIG_FILE) : {};
  const env: Env = { ...fileEnv, ...processEnv };

  const dataDir = path.resolve(cwd, env.QUIRE_DATA_DIR || 'data');
  const port = integer(env, 'QUIRE_PORT', 9191, 0, 65535);
  const host = env.QUIRE_HOST || '0.0.0.0';

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
    throw new ConfigError('QUIRE_DATABASE_URL must start with postgres:// or sqlite: (or be unset for the embedded SQLite database)');
  }

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

  const logLevel = (env.QUIRE_LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`QUIRE_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);
  }

  const trustedOrigins = (env.QUIRE_TRUSTED_ORIGINS || '')
    .split(',')
    .map((s) => s.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  for (const origin of trustedOrigins) {
    if (!/^https?:\/\/[^/]+$/.test(origin)) {
      throw new ConfigError(`QUIRE_TRUSTED_ORIGINS: "${origin}" is not an origin like https://print.example.org`);
    }
  }

  return Object.freeze({
    dataDir,
    host,
    port,
    databaseUrl,
    databaseKind,
    publicUrl,
    logLevel,
    secureCookies: publicOrigin.protocol === 'https:',
    sessionIdleMinutes: integer(env, 'QUIRE_SESSION_IDLE_MINUTES', 60, 1, 60 * 24 * 30),
    sessionMaxMinutes: integer(env, 'QUIRE_SESSION_MAX_MINUTES', 60 * 12, 1, 60 * 24 * 90),
    trustedOrigins: Object.freeze(trustedOrigins),
  });
}
