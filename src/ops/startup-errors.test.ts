import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXIT_CONFIG } from '../cli/io.js';
import { runCli, type CliResult } from '../test-support/cli.js';
import { freePort } from '../test-support/free-ports.js';
import { postgresSkip } from '../test-support/databases.js';
import { skipUnless } from '../test-support/require.js';

/** `quire serve` that must not start: exit 78 (EX_CONFIG, not restarted by systemd) and a message matching `message`. */
function refusesToStart(result: CliResult, message: RegExp): void {
  assert.equal(
    result.status,
    EXIT_CONFIG,
    `expected exit ${EXIT_CONFIG}, got ${result.status}\nstderr: ${result.stderr}`,
  );
  assert.match(result.stderr, message);
}

describe('quire serve refuses to start on a configuration it cannot use', () => {
  let dir: string;
  let env: Record<string, string>;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'quire-startup-'));
    env = { QUIRE_PORT: String(await freePort()), QUIRE_HTTPS_PORT: 'off', QUIRE_HOST: '127.0.0.1' };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('names the data directory when it is a file, and exits 78', () => {
    const file = path.join(dir, 'not-a-dir');
    writeFileSync(file, 'x');
    refusesToStart(
      runCli(['serve'], { ...env, QUIRE_DATA_DIR: file }),
      new RegExp(
        `^quire: Cannot open the SQLite database ${file}/quire\\.db: ${file} .*is a file, not a directory\\. Set QUIRE_DATA_DIR`,
        'm',
      ),
    );
  });

  it('names a database URL whose directory cannot exist, and exits 78', () => {
    const file = path.join(dir, 'plain-file');
    writeFileSync(file, 'x');
    const database = path.join(file, 'sub', 'quire.db');
    refusesToStart(
      runCli(['serve'], { ...env, QUIRE_DATABASE_URL: `sqlite:${database}` }),
      new RegExp(`Cannot open the SQLite database ${database}: .*not a directory`),
    );
  });

  it('names a quire.db that is not a database, and exits 78 without touching it', () => {
    const data = path.join(dir, 'garbage');
    mkdirSync(data);
    const garbage = 'this is not an SQLite database, '.repeat(200);
    writeFileSync(path.join(data, 'quire.db'), garbage);
    refusesToStart(
      runCli(['serve'], { ...env, QUIRE_DATA_DIR: data }),
      new RegExp(`${data}/quire\\.db is not a Quire database .*restore a backup`),
    );
    assert.equal(readFileSync(path.join(data, 'quire.db'), 'utf8'), garbage);
  });

  it('names the PostgreSQL server it cannot reach, never the password, and exits 1 so that systemd tries again', async () => {
    const port = await freePort();
    const result = runCli(['serve'], {
      ...env,
      QUIRE_DATABASE_URL: `postgres://quire:s3cret-pw@127.0.0.1:${port}/printing`,
    });
    assert.equal(result.status, 1, `a server not running yet (boot, failover) may come: ${result.stderr}`);
    assert.match(
      result.stderr,
      new RegExp(
        `Cannot connect to the PostgreSQL database printing on 127\\.0\\.0\\.1:${port} as quire: nothing is listening there\\. Check QUIRE_DATABASE_URL and that the server is running`,
      ),
    );
    assert.ok(
      !result.stderr.includes('s3cret-pw') && !result.stdout.includes('s3cret-pw'),
      'the password is not shown',
    );
  });

  it('names a PostgreSQL database that does not exist, and exits 78', { skip: postgresSkip() }, () => {
    const url = new URL(process.env.QUIRE_TEST_PG_URL!);
    url.pathname = '/no_such_printing_db';
    refusesToStart(
      runCli(['serve'], { ...env, QUIRE_DATABASE_URL: url.href }),
      /Cannot connect to the PostgreSQL database no_such_printing_db on .*: the database does not exist\. Check QUIRE_DATABASE_URL\./,
    );
  });

  it('exits 78 for a bad variable and for TLS files it cannot read', () => {
    refusesToStart(
      runCli(['serve'], { ...env, QUIRE_DATA_DIR: dir, QUIRE_PORT: 'abc' }),
      /QUIRE_PORT must be a whole number/,
    );
    const missing = path.join(dir, 'missing.pem');
    refusesToStart(
      runCli(['serve'], {
        ...env,
        QUIRE_DATA_DIR: path.join(dir, 'tls'),
        QUIRE_HTTPS_PORT: '19443',
        QUIRE_TLS_CERT_FILE: missing,
        QUIRE_TLS_KEY_FILE: missing,
      }),
      new RegExp(`QUIRE_TLS_CERT_FILE: cannot read ${missing}`),
    );
  });

  // Root writes through any permission bits, so the read-only case is a read-only bind mount.
  describe('on a read-only data directory', () => {
    let data = '';
    let mounted = false;
    before(() => {
      data = path.join(dir, 'ro');
      mkdirSync(data);
      const ok = (args: string[]) => spawnSync('mount', args, { stdio: 'ignore' }).status === 0;
      mounted = ok(['--bind', data, data]) && ok(['-o', 'remount,ro,bind', data]);
    });
    after(() => {
      if (mounted) spawnSync('umount', [data], { stdio: 'ignore' });
    });

    it('names the database file and says it cannot be written, and exits 78', (t) => {
      const skip = skipUnless(mounted, 'a read-only bind mount is not possible here (needs root)');
      if (skip) return t.skip(skip);
      refusesToStart(
        runCli(['serve'], { ...env, QUIRE_DATA_DIR: data }),
        new RegExp(`Cannot (open|write) the SQLite database ${data}/quire\\.db: .*(not writable|read-only)`),
      );
    });
  });
});
