/**
 * `quire source add-google` and `add-entra` through the real compiled CLI: a Google source from a
 * service-account key file, listed with its domain and never its key, tested against a local
 * Directory API; clear refusals for a bad key file and for a missing Entra credential.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_MAIN, fails, ok, run, type CliResult } from '../test-support/cli.js';
import {
  googleUser,
  startGoogleDirectoryServer,
  type GoogleDirectoryServer,
} from '../test-support/google-directory-server.js';

describe('quire source add-google / add-entra', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-cli-cloud-'));
  const env = { QUIRE_DATA_DIR: path.join(tmp, 'data') };
  const quire = (args: string[], input?: string) => run(CLI_MAIN, args, env, input);
  /** The CLI without blocking this process (spawnSync would stop the local server from answering). */
  const runAsync = (args: string[]): Promise<CliResult> =>
    new Promise((resolve, reject) => {
      const base = Object.fromEntries(
        Object.entries(process.env).filter(([key]) => !key.startsWith('QUIRE_')),
      );
      const child = spawn(process.execPath, [CLI_MAIN, ...args], {
        env: { ...base, QUIRE_LOG_LEVEL: 'silent', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  let google: GoogleDirectoryServer;
  let keyFile = '';
  let keyLine = '';

  before(async () => {
    fs.mkdirSync(env.QUIRE_DATA_DIR);
    google = await startGoogleDirectoryServer({ admins: ['admin@example.org'] });
    google.users = [
      googleUser({ id: '4001', primaryEmail: 'alice@example.org', fullName: 'Alice Archer' }),
      googleUser({ id: '4002', primaryEmail: 'bob@example.org', fullName: 'Bob Baker' }),
    ];
    keyFile = path.join(tmp, 'service-account.json');
    fs.writeFileSync(keyFile, google.serviceAccountKey(), { mode: 0o600 });
    keyLine = (JSON.parse(google.serviceAccountKey()) as { private_key: string }).private_key.split('\n')[2]!;
  });
  after(async () => {
    await google?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('adds a Google Workspace source from a key file and lists it by domain, never with its key', () => {
    const added = ok(
      quire([
        'source',
        'add-google',
        '--name',
        'Example Workspace',
        '--key-file',
        keyFile,
        '--admin-email',
        'admin@example.org',
        '--domain',
        'example.org',
        '--api-url',
        google.url,
      ]),
    );
    assert.match(added.stdout, /Added directory source "Example Workspace"/);
    const list = ok(quire(['source', 'list']));
    assert.match(list.stdout, /Example Workspace\s+Google Workspace\s+domain example\.org/);
    const json = ok(quire(['source', 'list', '--json']));
    const [source] = JSON.parse(json.stdout) as {
      kind: string;
      google: { serviceAccountEmail: string; hasServiceAccountKey: boolean; adminEmail: string };
    }[];
    assert.equal(source?.kind, 'google');
    assert.equal(source?.google.serviceAccountEmail, 'quire-sync-1@quire-test.iam.gserviceaccount.com');
    assert.equal(source?.google.hasServiceAccountKey, true);
    assert.ok(!json.stdout.includes(keyLine) && !json.stdout.includes('PRIVATE KEY'), 'no key in the JSON');
  });

  it('tests the source against the directory: the first users and what a sync would do', async () => {
    // Asynchronously: the local Directory API runs in this process and must answer meanwhile.
    const tested = ok(await runAsync(['source', 'test', 'Example Workspace']));
    assert.match(tested.stdout, /Connected to "Example Workspace"/);
    assert.match(tested.stdout, /alice\s+Alice Archer\s+alice@example\.org/);
    assert.match(tested.stdout, /dry run: nothing was changed/);
  });

  it('refuses a key file that is not a service account key, naming the field and not quoting it', () => {
    const bad = path.join(tmp, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ type: 'service_account', private_key: 'SECRET-ish-material' }));
    const result = fails(
      quire([
        'source',
        'add-google',
        '--name',
        'Broken',
        '--key-file',
        bad,
        '--admin-email',
        'admin@example.org',
      ]),
      1,
      /lacks client_email, token_uri/,
    );
    assert.ok(!result.stderr.includes('SECRET-ish-material'));
    fails(
      quire([
        'source',
        'add-google',
        '--name',
        'Missing',
        '--key-file',
        path.join(tmp, 'nope.json'),
        '--admin-email',
        'admin@example.org',
      ]),
      1,
      /cannot read the key file .*nope\.json \(ENOENT\)/,
    );
  });

  it('asks add-entra for exactly one credential', () => {
    const args = [
      'source',
      'add-entra',
      '--name',
      'Contoso',
      '--tenant-id',
      'contoso.onmicrosoft.com',
      '--client-id',
      '1b2c3d4e-0000-4000-8000-123456789abc',
    ];
    fails(quire(args), 1, /exactly one credential/);
    fails(quire([...args, '--client-secret-stdin'], ''), 1, /no client secret on stdin/);
    ok(quire([...args, '--client-secret-stdin'], 'a-client-secret-value\n'));
    const list = ok(quire(['source', 'list', '--json']));
    assert.ok(!list.stdout.includes('a-client-secret-value'));
    assert.match(
      ok(quire(['source', 'list'])).stdout,
      /Contoso\s+Microsoft Entra ID \(Office 365\)\s+tenant contoso\.onmicrosoft\.com/,
    );
  });
});
