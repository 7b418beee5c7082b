/**
 * Throw-away TLS material for directory tests: a CA and a server certificate for localhost /
 * 127.0.0.1 signed by it, made with the system's `openssl`. Tests trust `caPem` explicitly, the
 * way an administrator pastes their directory's CA into Quire.
 *
 *   const certs = createTestCertificates(dir); // { caPem, caFile, certFile, keyFile }
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface TestCertificates {
  caPem: string;
  caFile: string;
  certFile: string;
  keyFile: string;
}

export function opensslAvailable(): boolean {
  return ['/usr/bin/openssl', '/usr/local/bin/openssl', '/bin/openssl'].some((file) => existsSync(file));
}

/** A CA and a server certificate (P-256 keys: generated in milliseconds) in `dir`. */
export function createTestCertificates(dir: string): TestCertificates {
  mkdirSync(dir, { recursive: true });
  const file = (name: string) => path.join(dir, name);
  const caFile = createCa(dir, 'Quire test CA');
  const keyFile = file('server.key');
  const certFile = file('server.pem');
  writeFileSync(
    file('server.ext'),
    [
      'subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1',
      'basicConstraints = critical, CA:FALSE',
      'keyUsage = critical, digitalSignature, keyEncipherment',
      'extendedKeyUsage = serverAuth',
      '',
    ].join('\n'),
  );
  openssl([
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    file('server.csr'),
    '-subj',
    '/CN=localhost',
  ]);
  openssl([
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    caFile,
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    certFile,
    '-days',
    '7',
    '-sha256',
    '-extfile',
    file('server.ext'),
  ]);
  return { caPem: readFileSync(caFile, 'utf8'), caFile, certFile, keyFile };
}

/** The PEM of a CA that signed nothing: trusting it instead of the right one must fail. */
export function createUnrelatedCaPem(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return readFileSync(createCa(dir, 'Unrelated test CA'), 'utf8');
}

function createCa(dir: string, commonName: string): string {
  const caFile = path.join(dir, 'ca.pem');
  openssl([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    path.join(dir, 'ca.key'),
    '-out',
    caFile,
    '-days',
    '7',
    '-subj',
    `/CN=${commonName}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return caFile;
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
}
