import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { CLI_MAIN } from '../test-support/cli.js';
import { freePort } from '../test-support/free-ports.js';
import { customProgramKind } from '../directory/custom-program/custom-program.kind.js';

const ACTOR = { username: 'test', ip: '127.0.0.1' };
const BASE_ENV = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('QUIRE_')));

describe('graceful shutdown (SIGTERM to quire serve)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'quire-shutdown-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('stops a running sync before it changes anything, releases its lease and exits 0', async () => {
    // A directory program that takes its time: the run is still reading when SIGTERM comes.
    const program = path.join(dir, 'users.sh');
    writeFileSync(
      program,
      '#!/bin/sh\nif [ "$2" = "all-users" ]; then sleep 3; printf "ada\\tAda Lovelace\\n"; fi\n',
    );
    chmodSync(program, 0o755);
    const env = {
      QUIRE_DATA_DIR: dir,
      QUIRE_PORT: String(await freePort()),
      QUIRE_HTTPS_PORT: 'off',
      QUIRE_HOST: '127.0.0.1',
      QUIRE_LOG_LEVEL: 'info',
    };
    const setup = await createApp(loadConfig(env));
    const source = await setup.services.sources.add(
      customProgramKind,
      { name: 'Slow directory', program },
      ACTOR,
    );
    const { token } = await setup.services.apiTokens.create({ name: 'ops', scopes: ['sync:run'] }, ACTOR);
    await setup.close();

    const server = spawn(process.execPath, [CLI_MAIN, 'serve'], {
      env: { ...BASE_ENV, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    const base = `http://127.0.0.1:${env.QUIRE_PORT}`;
    try {
      for (let i = 0; ; i++) {
        const up = await fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        );
        if (up) break;
        assert.ok(i < 100, `the server did not start:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const started = await fetch(`${base}/api/v1/sources/${source.id}/sync`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
      });
      assert.equal(started.status, 202, await started.text());
      const runId = Number(String(started.headers.get('location')).split('/').pop());

      server.kill('SIGTERM');
      assert.equal(await exited, 0, output);
      assert.match(output, /shutting down/);

      const check = await createApp(loadConfig(env));
      try {
        const run = await check.services.sync.findRun(runId);
        assert.equal(run?.status, 'cancelled');
        assert.equal(await check.services.users.findByUsername('ada'), undefined, 'nothing was added');
        const lease = await check.database.db
          .selectFrom('sync_leases')
          .selectAll()
          .where('source_id', '=', source.id)
          .executeTakeFirst();
        assert.equal(lease, undefined, 'the lease is released, so another server may synchronize at once');
      } finally {
        await check.close();
      }
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
    }
  });
});
