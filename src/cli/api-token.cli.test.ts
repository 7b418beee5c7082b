import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApp, type App } from '../app.js';
import type { PresentedApiToken } from '../api-tokens/api-token.presenter.js';
import { loadConfig } from '../config.js';
import { fails, ok, runCli } from '../test-support/cli.js';

describe('quire api-token', () => {
  let dir: string;
  let env: Record<string, string>;
  const quire = (args: string[]) => runCli(args, env);
  async function inApp<T>(work: (app: App) => Promise<T>): Promise<T> {
    const app = await createApp(loadConfig({ ...env, QUIRE_LOG_LEVEL: 'silent' }));
    try {
      return await work(app);
    } finally {
      await app.close();
    }
  }

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-api-token-cli-'));
    env = { QUIRE_DATA_DIR: dir };
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates a token, printing only the token on stdout and a warning on stderr; the token then authenticates', async () => {
    const created = ok(quire(['api-token', 'create', '--name', 'provisioning', '--scope', 'xmlrpc']));
    assert.match(
      created.stdout,
      /^quire_[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}\n$/,
      'TOKEN=$(quire api-token create …) captures the token alone',
    );
    assert.match(created.stderr, /will not be shown again/);
    const token = created.stdout.trim();
    const caller = await inApp((app) =>
      app.services.apiTokens.authenticate(token, { scope: 'xmlrpc', ip: '127.0.0.1' }),
    );
    assert.equal(caller.name, 'provisioning');
    assert.deepEqual(caller.scopes, ['xmlrpc']);
  });

  it('creates a token with several scopes', async () => {
    const token = ok(
      quire(['api-token', 'create', '--name', 'reporting', '--scope', 'users:read', '--scope', 'audit:read']),
    ).stdout.trim();
    const caller = await inApp((app) =>
      app.services.apiTokens.authenticate(token, { scope: 'audit:read', ip: '192.0.2.1' }),
    );
    assert.deepEqual(caller.scopes, ['users:read', 'audit:read']);
  });

  it('refuses an unknown scope or a taken name with a message and status 1', () => {
    fails(
      quire(['api-token', 'create', '--name', 'bad', '--scope', 'everything']),
      1,
      /"everything" is not a scope/,
    );
    fails(
      quire(['api-token', 'create', '--name', 'provisioning', '--scope', 'xmlrpc']),
      1,
      /already a token named "provisioning"/,
    );
    fails(quire(['api-token', 'create', '--name', 'no-scope']), 1, /Choose at least one scope/);
    fails(quire(['api-token', 'create']), 2, /--name/);
  });

  it('lists tokens without any secret, as columns and as JSON', () => {
    const columns = ok(quire(['api-token', 'list'])).stdout;
    assert.match(columns, /^provisioning\s+xmlrpc\s+\S+\s+cli\S*\s+\S+\s+active\s+never$/m);
    assert.match(columns, /^reporting\s+users:read,audit:read\s/m);
    const listed = JSON.parse(ok(quire(['api-token', 'list', '--json'])).stdout) as PresentedApiToken[];
    assert.deepEqual(
      listed.map((t) => t.name),
      ['provisioning', 'reporting'],
    );
    assert.ok(listed[0]!.lastUsedAt, 'the use above was recorded');
    assert.doesNotMatch(JSON.stringify(listed) + columns, /quire_|[0-9a-f]{64}|secret|hash/i);
  });

  it('gives a token an expiry date with --expires, and refuses one that is not a date', async () => {
    const created = ok(
      quire(['api-token', 'create', '--name', 'term', '--scope', 'users:read', '--expires', '2999-06-30']),
    );
    assert.match(created.stderr, /expires 2999-0(6-30|7-01)T\d\d:\d\d:00\.000Z/);
    const listed = JSON.parse(ok(quire(['api-token', 'list', '--json'])).stdout) as PresentedApiToken[];
    assert.match(listed.find((t) => t.name === 'term')?.expiresAt ?? '', /^2999-0(6-30|7-01)T/);
    assert.match(ok(quire(['api-token', 'list'])).stdout, /^term\s.*\sactive\s+2999-0/m);
    fails(
      quire(['api-token', 'create', '--name', 'bad', '--scope', 'users:read', '--expires', '30/06/2999']),
      1,
      /"30\/06\/2999" is not a date/,
    );
    fails(
      quire(['api-token', 'create', '--name', 'bad', '--scope', 'users:read', '--expires', '2001-01-01']),
      1,
      /The expiry date has passed/,
    );
  });

  it('revokes a token by name so that it no longer authenticates', async () => {
    const token = ok(
      quire(['api-token', 'create', '--name', 'temporary', '--scope', 'xmlrpc']),
    ).stdout.trim();
    assert.equal(ok(quire(['api-token', 'revoke', 'temporary'])).stdout, 'Revoked API token temporary.\n');
    await assert.rejects(
      inApp((app) => app.services.apiTokens.authenticate(token, { scope: 'xmlrpc', ip: '127.0.0.1' })),
      /not valid/,
    );
    assert.match(ok(quire(['api-token', 'list'])).stdout, /^temporary\s.*\srevoked\s+never$/m);
    fails(quire(['api-token', 'revoke', 'no-such-token']), 1, /no API token named "no-such-token"/);
  });
});
