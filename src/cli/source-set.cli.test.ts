/**
 * `quire source set <name> --<field> <value>` through the real compiled CLI, on both databases:
 * every field of a custom program source (arguments included) and of an LDAP source, a secret
 * from stdin only, the fields listed without a secret, and clear refusals.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { CLI_MAIN, REPOSITORY_ROOT, fails, ok, run } from '../test-support/cli.js';
import { DATABASE_KINDS, freshDatabaseUrl, postgresSkip } from '../test-support/databases.js';

const EXAMPLES = path.join(REPOSITORY_ROOT, 'examples', 'custom-directory');
const USERS = path.join(EXAMPLES, 'users.sh');
const AUTH = path.join(EXAMPLES, 'auth.sh');

for (const kind of DATABASE_KINDS) {
  describe(`quire source set [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-source-set-'));
    const env: Record<string, string> = { QUIRE_DATA_DIR: tmp };
    let dispose: (() => Promise<void>) | undefined;
    const quire = (args: string[], input?: string) => run(CLI_MAIN, args, env, input);

    /** The stored configuration of a source, read by an app on the same database. */
    async function stored(name: string): Promise<Record<string, unknown>> {
      const app = await createApp(loadConfig({ ...env, QUIRE_LOG_LEVEL: 'silent' }));
      try {
        const row = await app.services.sources.findByName(name);
        return { name: row?.name, ...(JSON.parse(row?.config ?? '{}') as Record<string, unknown>) };
      } finally {
        await app.close();
      }
    }

    before(async () => {
      if (kind === 'postgres') {
        const fresh = await freshDatabaseUrl('postgres');
        env.QUIRE_DATABASE_URL = fresh.url;
        dispose = fresh.dispose;
      }
      ok(quire(['source', 'add-custom', '--name', 'HR', '--program', USERS, '--program-arg', '--first']));
    });
    after(async () => {
      await dispose?.();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('sets the name, the programs and their arguments of a custom program source', async () => {
      assert.deepEqual((await stored('HR')).programArgs, ['--first']);
      const out = ok(
        quire([
          'source',
          'set',
          'HR',
          '--name',
          'Human Resources',
          '--program-args',
          '--config',
          '--program-args=/etc/hr.conf',
          '--auth-program',
          AUTH,
          '--auth-program-args',
          '--strict',
        ]),
      ).stdout;
      assert.equal(out, 'Saved the settings of "Human Resources".\n');
      assert.deepEqual(await stored('Human Resources'), {
        name: 'Human Resources',
        program: USERS,
        programArgs: ['--config', '/etc/hr.conf'],
        authProgram: AUTH,
        authProgramArgs: ['--strict'],
      });
    });

    it('lists the fields and their values when given none', () => {
      const out = ok(quire(['source', 'set', 'Human Resources'])).stdout;
      assert.match(out, /^--name: +Human Resources$/m);
      assert.match(out, /^--program-args: +--config \| \/etc\/hr\.conf$/m);
    });

    it('refuses an unknown field, a missing value and a bad program, changing nothing', async () => {
      fails(
        quire(['source', 'set', 'Human Resources', '--colour', 'red']),
        1,
        /has no field --colour; its fields: --name/,
      );
      fails(quire(['source', 'set', 'Human Resources', '--program']), 1, /--program needs a value/);
      fails(
        quire(['source', 'set', 'Human Resources', '--program', 'users.sh']),
        1,
        /^quire: Give the absolute path of the program\.$/m,
      );
      fails(quire(['source', 'set', 'Nobody', '--name', 'x']), 1, /No directory source named "Nobody"/);
      assert.equal((await stored('Human Resources')).program, USERS);
    });

    it('sets LDAP fields, a yes/no field, and the bind password from stdin only', async () => {
      ok(
        quire(
          [
            'source',
            'add-ldap',
            '--name',
            'Staff',
            '--preset',
            'openldap',
            '--url',
            'ldap://127.0.0.1:9',
            '--bind-dn',
            'cn=quire,dc=example,dc=org',
            '--base-dn',
            'dc=example,dc=org',
            '--bind-password-stdin',
          ],
          'First-Secret-8812\n',
        ),
      );
      ok(quire(['source', 'set', 'Staff', '--urls', 'ldap://127.0.0.1:10', '--start-tls', 'yes']));
      let config = await stored('Staff');
      assert.deepEqual(config.urls, ['ldap://127.0.0.1:10']);
      assert.equal(config.startTls, true);
      assert.equal(config.bindPassword, 'First-Secret-8812', 'a secret not given is kept');
      ok(quire(['source', 'set', 'Staff', '--bind-password-stdin'], 'Second-Secret-9923\n'));
      config = await stored('Staff');
      assert.equal(config.bindPassword, 'Second-Secret-9923');
      const listed = ok(quire(['source', 'set', 'Staff'])).stdout;
      assert.doesNotMatch(listed, /Secret-9923/);
      assert.match(listed, /^--bind-password-stdin: +\(never shown\)$/m);
    });
  });
}
