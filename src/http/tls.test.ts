import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../config.js';
import { CLI_MAIN } from '../test-support/cli.js';
import { freePort } from '../test-support/free-ports.js';
import { skipUnless } from '../test-support/require.js';

const BASE_ENV = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('QUIRE_')));
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

interface Served {
  output(): string;
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

/** `quire serve` as an administrator starts it; resolves once /healthz answers on the HTTP port. */
async function serve(env: Record<string, string>): Promise<Served> {
  const child = spawn(process.execPath, [CLI_MAIN, 'serve'], {
    env: { ...BASE_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const served: Served = {
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) return served;
    const up = await fetch(`http://127.0.0.1:${env.QUIRE_PORT}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return served;
    if (i >= 150) {
      child.kill('SIGKILL');
      assert.fail(`the server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  fingerprint: string;
}

/** A GET over HTTPS that trusts only `ca`, reporting the certificate the server presented. */
function httpsGet(url: string, ca: string): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const request = https.get(url, { ca, agent: false }, (response) => {
      const fingerprint = (response.socket as TLSSocket).getPeerCertificate().fingerprint256;
      response.resume();
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, fingerprint }),
      );
    });
    request.on('error', reject);
  });
}

function openssl(args: string[]): void {
  const result = spawnSync('openssl', args, { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
}

function fingerprintOf(certFile: string): string {
  const result = spawnSync('openssl', ['x509', '-in', certFile, '-noout', '-fingerprint', '-sha256'], {
    encoding: 'utf8',
  });
  return result.stdout.trim().split('=')[1] ?? '';
}

describe(
  'HTTPS (quire serve on QUIRE_HTTPS_PORT)',
  { skip: skipUnless(hasOpenssl, 'the openssl command is not installed') },
  () => {
    let dir: string;
    let certFile: string;
    let keyFile: string;
    let otherKeyFile: string;
    before(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'quire-tls-'));
      certFile = path.join(dir, 'server.crt');
      keyFile = path.join(dir, 'server.key');
      otherKeyFile = path.join(dir, 'other.key');
      openssl([
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ]);
      openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', otherKeyFile]);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('serves HTTPS with the configured certificate, __Host- Secure cookies, and redirects HTTP except the probes', async () => {
      const port = await freePort();
      const httpsPort = await freePort();
      const server = await serve({
        QUIRE_DATA_DIR: path.join(dir, 'configured'),
        QUIRE_HOST: '127.0.0.1',
        QUIRE_PORT: String(port),
        QUIRE_HTTPS_PORT: String(httpsPort),
        QUIRE_PUBLIC_URL: `https://localhost:${httpsPort}`,
        QUIRE_TLS_CERT_FILE: certFile,
        QUIRE_TLS_KEY_FILE: keyFile,
        QUIRE_HTTP_REDIRECT: 'true',
      });
      try {
        const ca = readFileSync(certFile, 'utf8');
        const login = await httpsGet(`https://localhost:${httpsPort}/user/login`, ca);
        assert.equal(login.status, 200, server.output());
        assert.equal(
          login.fingerprint,
          fingerprintOf(certFile),
          'the configured certificate is the one presented',
        );
        const cookies = [login.headers['set-cookie'] ?? []].flat();
        assert.ok(cookies.length > 0, 'the login page sets the CSRF cookie');
        for (const cookie of cookies) {
          assert.match(cookie, /^__Host-/, cookie);
          assert.match(cookie, /; Secure/i, cookie);
        }
        assert.match(String(login.headers['strict-transport-security']), /max-age=/);
        assert.equal((await httpsGet(`https://localhost:${httpsPort}/healthz`, ca)).status, 200);

        const redirected = await fetch(`http://127.0.0.1:${port}/user/login?next=%2Fuser`, {
          redirect: 'manual',
        });
        assert.equal(redirected.status, 308);
        assert.equal(
          redirected.headers.get('location'),
          `https://localhost:${httpsPort}/user/login?next=%2Fuser`,
        );
        const forged = await fetch(`http://127.0.0.1:${port}/user`, {
          redirect: 'manual',
          headers: { host: 'evil.example' },
        });
        assert.equal(
          forged.headers.get('location'),
          `https://localhost:${httpsPort}/user`,
          'an https public URL names the host, not the Host header',
        );
        for (const probe of ['/healthz', '/readyz', '/metrics']) {
          const answer = await fetch(`http://127.0.0.1:${port}${probe}`, { redirect: 'manual' });
          assert.equal(answer.status, 200, `${probe} is not redirected`);
        }
      } finally {
        assert.equal(await server.stop(), 0, `both listeners close on SIGTERM:\n${server.output()}`);
      }
    });

    it('generates a self-signed certificate on first start, warns about it, and reuses it on the next start', async () => {
      const dataDir = path.join(dir, 'self-signed');
      const port = await freePort();
      const httpsPort = await freePort();
      const env = {
        QUIRE_DATA_DIR: dataDir,
        QUIRE_HOST: '127.0.0.1',
        QUIRE_PORT: String(port),
        QUIRE_HTTPS_PORT: String(httpsPort),
        QUIRE_PUBLIC_URL: 'http://print.example.test:9191',
      };
      const generatedCert = path.join(dataDir, 'tls', 'self-signed.crt');
      const generatedKey = path.join(dataDir, 'tls', 'self-signed.key');

      const first = await serve(env);
      let fingerprint: string;
      try {
        assert.match(first.output(), /WARNING: HTTPS uses a self-signed certificate/);
        assert.match(
          first.output(),
          /QUIRE_TLS_CERT_FILE/,
          'the warning says how to configure a real certificate',
        );
        assert.equal(statSync(generatedKey).mode & 0o777, 0o600, 'only the server may read the key');
        const san = spawnSync('openssl', ['x509', '-in', generatedCert, '-noout', '-ext', 'subjectAltName'], {
          encoding: 'utf8',
        }).stdout;
        assert.match(san, /DNS:localhost/);
        assert.match(san, /DNS:print\.example\.test/);
        assert.match(san, /IP Address:127\.0\.0\.1/);
        const answer = await httpsGet(
          `https://localhost:${httpsPort}/healthz`,
          readFileSync(generatedCert, 'utf8'),
        );
        assert.equal(answer.status, 200);
        fingerprint = answer.fingerprint;
        assert.equal(fingerprint, fingerprintOf(generatedCert));
        const plain = await fetch(`http://127.0.0.1:${port}/user/login`, { redirect: 'manual' });
        assert.equal(plain.status, 200, 'without QUIRE_HTTP_REDIRECT the HTTP port serves pages');
      } finally {
        assert.equal(await first.stop(), 0, first.output());
      }

      const second = await serve({ ...env, QUIRE_HTTP_REDIRECT: 'true' });
      try {
        assert.match(second.output(), /self-signed/);
        const answer = await httpsGet(
          `https://localhost:${httpsPort}/healthz`,
          readFileSync(generatedCert, 'utf8'),
        );
        assert.equal(answer.fingerprint, fingerprint, 'the same certificate is reused');
        // With an http:// public URL the redirect keeps only this machine's own names from the Host header.
        // fetch always sends the URL's own Host, so these go through node:http to choose it.
        const locationFor = (host: string) =>
          new Promise<string>((resolve, reject) => {
            http
              .get({ host: '127.0.0.1', port, path: '/user', headers: { host } }, (response) => {
                response.resume();
                resolve(String(response.headers.location));
              })
              .on('error', reject);
          });
        assert.equal(await locationFor(`localhost:${port}`), `https://localhost:${httpsPort}/user`);
        assert.equal(
          await locationFor('evil.example'),
          `https://print.example.test:${httpsPort}/user`,
          'never an open redirect',
        );
      } finally {
        assert.equal(await second.stop(), 0, second.output());
      }
    });

    it('refuses to start when the key does not belong to the certificate, naming QUIRE_TLS_KEY_FILE', async () => {
      const port = await freePort();
      const server = await serve({
        QUIRE_DATA_DIR: path.join(dir, 'mismatch'),
        QUIRE_HOST: '127.0.0.1',
        QUIRE_PORT: String(port),
        QUIRE_HTTPS_PORT: String(await freePort()),
        QUIRE_TLS_CERT_FILE: certFile,
        QUIRE_TLS_KEY_FILE: otherKeyFile,
      });
      const status = await Promise.race([
        server.exited,
        new Promise<'running'>((r) => setTimeout(() => r('running'), 10_000)),
      ]);
      if (status === 'running') await server.stop();
      assert.notEqual(status, 'running', 'the server must not start');
      assert.notEqual(status, 0);
      assert.match(
        server.output(),
        /QUIRE_TLS_KEY_FILE: the key in .*other\.key does not belong to the certificate/,
      );
      assert.doesNotMatch(server.output(), /BEGIN/, 'no key material is printed');
      const refused = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        () => 'answered',
        () => 'refused',
      );
      assert.equal(refused, 'refused', 'nothing listens');
    });

    it('answers only on HTTP when QUIRE_HTTPS_PORT is off', async () => {
      const port = await freePort();
      const httpsPort = await freePort();
      const dataDir = path.join(dir, 'off');
      const server = await serve({
        QUIRE_DATA_DIR: dataDir,
        QUIRE_HOST: '127.0.0.1',
        QUIRE_PORT: String(port),
        QUIRE_HTTPS_PORT: 'off',
      });
      try {
        assert.doesNotMatch(server.output(), /WARNING/);
        const failed = await httpsGet(
          `https://localhost:${httpsPort}/healthz`,
          readFileSync(certFile, 'utf8'),
        ).then(
          () => 'answered',
          (error: NodeJS.ErrnoException) => error.code,
        );
        assert.equal(failed, 'ECONNREFUSED');
        assert.throws(() => statSync(path.join(dataDir, 'tls')), /ENOENT/, 'no certificate is generated');
      } finally {
        assert.equal(await server.stop(), 0, server.output());
      }
    });
  },
);

describe('TLS configuration', () => {
  it('names the missing variable when only one of the certificate and key is given', () => {
    assert.throws(
      () => loadConfig({ QUIRE_TLS_CERT_FILE: '/etc/quire/cert.pem' }),
      (error: Error) =>
        error instanceof ConfigError && /QUIRE_TLS_KEY_FILE must be set too/.test(error.message),
    );
    assert.throws(
      () => loadConfig({ QUIRE_TLS_KEY_FILE: '/etc/quire/key.pem' }),
      /QUIRE_TLS_CERT_FILE must be set too/,
    );
  });

  it('accepts off for QUIRE_HTTPS_PORT, defaults to 9192, and refuses a redirect without HTTPS', () => {
    assert.equal(loadConfig({}).httpsPort, 9192);
    assert.equal(loadConfig({ QUIRE_HTTPS_PORT: 'off' }).httpsPort, null);
    assert.throws(() => loadConfig({ QUIRE_HTTPS_PORT: '70000' }), /QUIRE_HTTPS_PORT must be a whole number/);
    assert.throws(
      () => loadConfig({ QUIRE_HTTPS_PORT: '9191' }),
      /QUIRE_HTTPS_PORT must differ from QUIRE_PORT/,
    );
    assert.throws(
      () => loadConfig({ QUIRE_HTTPS_PORT: 'off', QUIRE_HTTP_REDIRECT: 'true' }),
      /QUIRE_HTTP_REDIRECT=true needs HTTPS/,
    );
    assert.throws(
      () => loadConfig({ QUIRE_HTTP_REDIRECT: 'yes' }),
      /QUIRE_HTTP_REDIRECT must be true or false/,
    );
    assert.equal(loadConfig({ QUIRE_HTTP_REDIRECT: 'true' }).httpRedirect, true);
  });
});
