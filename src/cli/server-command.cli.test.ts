import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_MAIN, fails, ok, REPOSITORY_ROOT, runCli } from '../test-support/cli.js';

const EXAMPLES = path.join(REPOSITORY_ROOT, 'examples', 'custom-directory');

describe('quire server-command', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-server-command-'));
  const env = { QUIRE_DATA_DIR: tmp };
  const sc = (...args: string[]) => runCli(['server-command', ...args], env);

  before(() => {
    ok(runCli(['source', 'add-custom', '--name', 'Corporate Directory', '--program', path.join(EXAMPLES, 'users.sh'), '--auth-program', path.join(EXAMPLES, 'auth.sh')], env));
    ok(runCli(['sync'], env));
    ok(runCli(['user', 'add', 'root', '--admin', '--password-stdin'], env, 'root-Pass-Phrase-77\n'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('prints values, one name per line for lists, and nothing for actions, as PaperCut does', () => {
    assert.equal(ok(sc('user-exists', 'alice')).stdout, 'true\n');
    assert.equal(ok(sc('user-exists', 'nobody')).stdout, 'false\n');
    const names = ok(sc('list-user-accounts')).stdout.trimEnd().split('\n');
    assert.ok(names.includes('alice') && names.includes('bob'));
    assert.deepEqual(names, [...names].sort(), 'in username order');
    assert.equal(ok(sc('get-user-property', 'alice', 'internal')).stdout, 'false\n');
    const added = runCli(['server-command', 'add-new-internal-user', 'printer-admin', '-', 'Printer Admin', 'pa@example.org'], env, 'printer-Admin-Pass-55\n');
    assert.equal(ok(added).stdout, '', 'an action prints nothing');
    assert.equal(ok(sc('get-user-property', 'printer-admin', 'email')).stdout, 'pa@example.org\n');
    assert.equal(ok(sc('set-user-property', 'printer-admin', 'department', 'IT')).stdout, '');
    assert.equal(ok(sc('get-user-property', 'printer-admin', 'department')).stdout, 'IT\n');
    ok(sc('add-admin-access-user', 'printer-admin'));
    ok(sc('rename-user', 'printer-admin', 'print-admin'));
    assert.equal(ok(sc('user-exists', 'print-admin')).stdout, 'true\n');
    ok(sc('add-user-to-group', 'print-admin', 'Helpdesk'));
    assert.equal(ok(sc('get-group-members', 'Helpdesk')).stdout, 'print-admin\n');
    assert.match(ok(sc('list-user-groups')).stdout, /^Helpdesk$/m);
    ok(sc('delete-existing-user', 'print-admin'));
    assert.equal(ok(sc('user-exists', 'print-admin')).stdout, 'false\n');
  });

  it('works in a shell loop over list-user-accounts', () => {
    const output = execFileSync('sh', ['-c', `node "${CLI_MAIN}" server-command list-user-accounts | head -n 2 | xargs -I{} node "${CLI_MAIN}" server-command get-user-property {} internal`], {
      env: { ...process.env, ...env, QUIRE_LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
    assert.equal(output, 'false\nfalse\n');
  });

  it('exits non-zero with the reason on stderr for every error', () => {
    fails(sc('get-user-property', 'nobody', 'email'), 1, /quire: No user named "nobody"\./);
    fails(sc('get-user-property', 'alice', 'balance'), 1, /Unknown user property "balance"/);
    fails(sc('set-user-property', 'alice', 'email', 'a@elsewhere.example'), 1, /managed by the directory source/);
    fails(sc('user-exists'), 2, /usage: quire server-command user-exists username/);
    fails(sc('frobnicate'), 2, /unknown server-command verb "frobnicate"/);
    fails(sc('batch-import-internal-users', '/no/such/file.tsv', 'maybe'), 2, /must be true or false/);
  });

  it('stops quietly when the reader of its output goes away, as Unix tools do', async () => {
    // The read end is closed before the command writes anything, so its first write fails (EPIPE).
    const child = spawn(process.execPath, [CLI_MAIN, 'server-command', 'list-user-accounts'], { env: { ...process.env, ...env, QUIRE_LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const [status] = (await once(child, 'close')) as [number | null];
    assert.equal(stderr, '', 'no stack trace, no message');
    assert.equal(status, 0);
  });

  it('imports an internal-users file and card numbers', () => {
    const users = path.join(tmp, 'internal.tsv');
    fs.writeFileSync(users, '# username, password, balance, restricted, full name, email\ncarla\tcarla-Import-Pass-9\t\t\tCarla Card\tcarla@example.org\n');
    ok(sc('batch-import-internal-users', users));
    assert.equal(ok(sc('get-user-property', 'carla', 'full-name')).stdout, 'Carla Card\n');
    const cards = path.join(tmp, 'cards.tsv');
    fs.writeFileSync(cards, 'carla\t555123\n');
    ok(sc('batch-import-user-card-id-numbers', cards));
    assert.equal(ok(sc('get-user-property', 'carla', 'primary-card-number')).stdout, '555123\n');
    assert.equal(ok(sc('batch-import-user-card-id-numbers', cards)).stdout, '', 'the same file again changes nothing, and that is no error');
    fs.writeFileSync(cards, 'nobody-here\t1\n');
    fails(sc('batch-import-user-card-id-numbers', cards), 1, /Nothing was imported/);
  });
});

describe('quire server-command perform-user-and-group-sync', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-server-command-sync-'));
  const env = { QUIRE_DATA_DIR: tmp };
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('waits for the sync and exits 1 when a source fails, as a cron job needs to know', () => {
    ok(runCli(['source', 'add-custom', '--name', 'Corporate Directory', '--program', path.join(EXAMPLES, 'users.sh')], env));
    assert.equal(ok(runCli(['server-command', 'perform-user-and-group-sync'], env)).stdout, '');
    assert.equal(ok(runCli(['server-command', 'user-exists', 'alice'], env)).stdout, 'true\n', 'the users are there when the command returns');
    const broken = path.join(tmp, 'broken.sh');
    fs.writeFileSync(broken, '#!/bin/sh\necho "directory unreachable" >&2\nexit 3\n');
    fs.chmodSync(broken, 0o755);
    ok(runCli(['source', 'add-custom', '--name', 'Broken Directory', '--program', broken], env));
    fails(runCli(['server-command', 'perform-user-and-group-sync'], env), 1, /The synchronization of Broken Directory did not succeed/);
  });
});
