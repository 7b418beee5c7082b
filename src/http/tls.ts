/**
 * The HTTPS listener's certificate: the operator's (QUIRE_TLS_CERT_FILE + QUIRE_TLS_KEY_FILE),
 * checked at start-up, or else a self-signed one generated once into `<data dir>/tls/` and reused.
 *
 *   const { tls, warning } = await loadTls(config);
 *   if (tls) await buildServer(app, { https: { key: tls.key, cert: tls.cert } });
 *
 * node:crypto can make keys but not X.509 certificates, so the self-signed certificate comes from
 * the `openssl` command; without it the server starts without HTTPS and says so.
 */
import { execFile } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { ConfigError, type Config } from '../config.js';

export interface TlsMaterial {
  readonly key: string;
  readonly cert: string;
  readonly selfSigned: boolean;
  readonly certFile: string;
  /** SHA-256 fingerprint, `AB:CD:…`, for the start-up log. */
  readonly fingerprint: string;
}

const run = promisify(execFile);

function read(file: string, variable: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `${variable}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** Reads a PEM certificate and key and checks the key belongs to the certificate. Messages never quote the key. */
export function readTlsFiles(certFile: string, keyFile: string, selfSigned = false): TlsMaterial {
  const cert = read(certFile, 'QUIRE_TLS_CERT_FILE');
  const key = read(keyFile, 'QUIRE_TLS_KEY_FILE');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new ConfigError(`QUIRE_TLS_CERT_FILE: ${certFile} is not a PEM certificate`);
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw new ConfigError(`QUIRE_TLS_KEY_FILE: ${keyFile} is not an unencrypted PEM private key`);
  }
  if (!x509.checkPrivateKey(privateKey)) {
    throw new ConfigError(
      `QUIRE_TLS_KEY_FILE: the key in ${keyFile} does not belong to the certificate in ${certFile}`,
    );
  }
  return { key, cert, selfSigned, certFile, fingerprint: x509.fingerprint256 };
}

/** Names the self-signed certificate covers: localhost, 127.0.0.1 and the public URL's host. */
export function subjectAltNames(publicUrl: string): string {
  const host = new URL(publicUrl).hostname.replace(/^\[|\]$/g, '');
  const names = new Set(['DNS:localhost', 'IP:127.0.0.1', 'IP:::1']);
  names.add(isIP(host) ? `IP:${host}` : `DNS:${host}`);
  return [...names].join(',');
}

/**
 * The self-signed certificate in `<dataDir>/tls/`, made on first use (P-256, 825 days — the longest
 * validity browsers accept). Null when `openssl` is not installed.
 */
export async function selfSignedTls(dataDir: string, publicUrl: string): Promise<TlsMaterial | null> {
  const dir = path.join(dataDir, 'tls');
  const certFile = path.join(dir, 'self-signed.crt');
  const keyFile = path.join(dir, 'self-signed.key');
  if (existsSync(certFile) && existsSync(keyFile)) return readTlsFiles(certFile, keyFile, true);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Written under temporary names and renamed, so a crash never leaves half a pair to be reused.
  const newCert = `${certFile}.${process.pid}.tmp`;
  const newKey = `${keyFile}.${process.pid}.tmp`;
  const host = new URL(publicUrl).hostname.replace(/^\[|\]$/g, '');
  try {
    await run(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '825',
        '-subj',
        `/CN=${host.replace(/[/\\=+,]/g, '')} (Quire self-signed)`,
        '-addext',
        `subjectAltName=${subjectAltNames(publicUrl)}`,
        '-keyout',
        newKey,
        '-out',
        newCert,
      ],
      { timeout: 30_000 },
    );
    chmodSync(newKey, 0o600);
    renameSync(newKey, keyFile);
    renameSync(newCert, certFile);
  } catch (error) {
    rmSync(newKey, { force: true });
    rmSync(newCert, { force: true });
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(
      `could not generate a self-signed certificate in ${dir}: ${(error as { stderr?: string }).stderr?.trim() || (error as Error).message}`,
      { cause: error },
    );
  }
  return readTlsFiles(certFile, keyFile, true);
}

export const SELF_SIGNED_WARNING = (certFile: string) =>
  `WARNING: HTTPS uses a self-signed certificate (${certFile}); browsers will warn that the connection is not private. ` +
  'Set QUIRE_TLS_CERT_FILE and QUIRE_TLS_KEY_FILE to a certificate and key from your certificate authority, ' +
  'or put Quire behind a reverse proxy that terminates TLS (QUIRE_HTTPS_PORT=off, QUIRE_TRUSTED_PROXIES).';

export const NO_OPENSSL_WARNING =
  'WARNING: HTTPS is not started: no certificate is configured (QUIRE_TLS_CERT_FILE, QUIRE_TLS_KEY_FILE) ' +
  'and the openssl command, needed to generate a self-signed one, is not installed.';

/**
 * The certificate for the HTTPS listener (null when HTTPS is off or impossible) and the warning to
 * log and print when it is self-signed or missing: an administrator starting the server by hand
 * must see it.
 */
export async function loadTls(config: Config): Promise<{ tls: TlsMaterial | null; warning: string | null }> {
  if (config.httpsPort === null) return { tls: null, warning: null };
  if (config.tlsCertFile !== null && config.tlsKeyFile !== null)
    return { tls: readTlsFiles(config.tlsCertFile, config.tlsKeyFile), warning: null };
  const tls = await selfSignedTls(config.dataDir, config.publicUrl);
  return { tls, warning: tls ? SELF_SIGNED_WARNING(tls.certFile) : NO_OPENSSL_WARNING };
}
