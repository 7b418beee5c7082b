import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../app.js';
import { loadConfig } from '../config.js';
import { CLI_MAIN, REPOSITORY_ROOT, fails, ok, run } from '../test-support/cli.js';
import { DATABASE_KINDS, freshDatabaseUrl, postgresSkip } from '../test-support/databases.js';
import type { PresentedUser } from '../users/user.presenter.js';

const MAIN = CLI_MAIN;
const ROOT = REPOSITORY_ROOT;
const EXAMPLES = path.join(ROOT, 'examples', 'custom-directory');
const EXAMPLE_PASSWORDS = { alice: 'example-alice-Quokka-7351' };

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-cli-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function dataDir(): string {
  return fs.mkdtempSync(path.join(tmp, 'data-'));
}

let scripts = 0;
function script(body: string): string {
  const file = path.join(tmp, `program-${++scripts}.sh`);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`);
  fs.chmodSync(file, 0o755);
  return file;
}

for (const kind of DATABASE_KINDS) {
  describe(`quire CLI [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
    const env: Record<string, string> = {};
    let dispose: (() => Promise<void>) | undefined;
    before(async () => {
      env.QUIRE_DATA_DIR = dataDir();
      if (kind === 'postgres') {
        const fresh = await freshDatabaseUrl('postgres');
        env.QUIRE_DATABASE_URL = fresh.url;
        dispose = fresh.dispose;
      }
    });
    after(async () => dispose?.());

    const quire = (args: string[], input?: string) => run(MAIN, args, env, input);
    const json = <T>(args: string[]): T => JSON.parse(ok(quire([...args, '--json'])).stdout) as T;
    /** A fresh app in this process on the same database, to check what the CLI did. */
    async function inApp<T>(work: (app: App) => Promise<T>): Promise<T> {
      const app = await createApp(loadConfig({ ...env, QUIRE_LOG_LEVEL: 'silent' }));
      try {
        return await work(app);
      } finally {
        await app.close();
      }
    }
    const signsIn = (username: string, password: string) =>
      inApp((app) =>
        app.services.auth.signIn({ username, password, ip: '192.0.2.1' }).then(
          () => true,
          () => false,
        ),
      );

    it('migrates a new database, then reports it is up to date', () => {
      assert.match(ok(quire(['migrate'])).stdout, /Applied migration 20261125T000000-initial\./);
      assert.match(ok(quire(['migrate'])).stdout, /up to date/);
    });

    it('creates an internal user from a password on stdin and shows it without any password hash', async () => {
      const added = ok(
        quire(
          [
            'user',
            'add',
            'Ingrid',
            '--full-name',
            'Ingrid Iversen',
            '--email',
            'ingrid@example.org',
            '--department',
            'Finance',
            '--office',
            'HQ',
            '--card',
            '4711',
            '--card2',
            '4712',
            '--notes',
            'Team lead',
            '--password-stdin',
          ],
          'correct horse battery staple\n',
        ),
      );
      assert.equal(added.stdout, 'Created internal user ingrid.\n');

      const shown = ok(quire(['user', 'show', 'ingrid', '--json']));
      const user = JSON.parse(shown.stdout) as PresentedUser;
      assert.equal(user.username, 'ingrid');
      assert.equal(user.fullName, 'Ingrid Iversen');
      assert.equal(user.email, 'ingrid@example.org');
      assert.equal(user.department, 'Finance');
      assert.equal(user.office, 'HQ');
      assert.equal(user.cardNumber, '4711');
      assert.equal(user.cardNumber2, '4712');
      assert.equal(user.notes, 'Team lead');
      assert.equal(user.internal, true);
      assert.equal(user.source, 'Internal');
      assert.equal(user.isAdmin, false);
      const text = ok(quire(['user', 'show', 'ingrid'])).stdout;
      assert.match(text, /^Full name: +Ingrid Iversen$/m);
      assert.match(text, /^Source: +Internal$/m);
      for (const output of [shown.stdout, text, ok(quire(['user', 'list', '--json'])).stdout]) {
        assert.doesNotMatch(output, /hash|argon2|correct horse/i);
      }
      assert.equal(await signsIn('ingrid', 'correct horse battery staple'), true);
    });

    it('refuses a weak or common password with exit status 1 and says why', () => {
      fails(
        quire(['user', 'add', 'ivan', '--password-stdin'], 'password\n'),
        1,
        /^quire: .*most commonly used passwords/m,
      );
      fails(
        quire(['user', 'add', 'ivan', '--password-stdin'], 'short\n'),
        1,
        /^quire: Passwords must be at least 8 characters long\.$/m,
      );
      fails(quire(['user', 'add', 'ivan', '--password-stdin'], ''), 1, /^quire: no password on stdin/m);
      fails(quire(['user', 'show', 'ivan']), 1, /^quire: No user named "ivan"\.$/m);
    });

    it('never takes a password from an argument', () => {
      fails(
        quire(['user', 'add', 'ivan', '--password', 'a long enough passphrase']),
        2,
        /^quire: unknown option '--password'/m,
      );
      fails(quire(['user', 'add', 'ivan', 'a long enough passphrase']), 2, /^quire: too many arguments/m);
      fails(quire(['user', 'add', 'ivan'], ''), 1, /^quire: a password is required: use --password-stdin$/m);
      fails(quire(['user', 'show', 'ivan']), 1, /No user named/);
    });

    it('refuses a second user with the same name, whatever its case', () => {
      fails(
        quire(['user', 'add', 'INGRID', '--password-stdin'], 'another long passphrase\n'),
        1,
        /^quire: A user named "ingrid" already exists\.$/m,
      );
    });

    it('lists users in columns, as JSON, filtered and limited', () => {
      ok(
        quire(
          ['user', 'add', 'ivan', '--full-name', 'Ivan Ivanov', '--password-stdin'],
          'first long passphrase\n',
        ),
      );
      assert.deepEqual(ok(quire(['user', 'list'])).stdout.split('\n'), [
        'ingrid  Ingrid Iversen  Internal',
        'ivan    Ivan Ivanov     Internal',
        '',
      ]);
      assert.deepEqual(
        json<PresentedUser[]>(['user', 'list']).map((u) => [u.username, u.fullName, u.source]),
        [
          ['ingrid', 'Ingrid Iversen', 'Internal'],
          ['ivan', 'Ivan Ivanov', 'Internal'],
        ],
      );
      assert.deepEqual(
        json<PresentedUser[]>(['user', 'list', '--query', 'iva']).map((u) => u.username),
        ['ivan'],
      );
      assert.deepEqual(
        json<PresentedUser[]>(['user', 'list', '--limit', '1']).map((u) => u.username),
        ['ingrid'],
      );
      assert.equal(json<PresentedUser[]>(['user', 'list', '--source', 'internal']).length, 2);
      fails(
        quire(['user', 'list', '--source', 'Nowhere']),
        1,
        /^quire: No directory source named "Nowhere"\.$/m,
      );
      fails(quire(['user', 'list', '--limit', '0']), 2, /--limit/);
    });

    it("sets an internal user's password from the first line of stdin: the new one signs in, the old one does not", async () => {
      const set = ok(
        quire(
          ['user', 'set-password', 'IVAN', '--password-stdin', '--must-change-password'],
          'second long passphrase\r\nignored line\n',
        ),
      );
      assert.equal(set.stdout, 'Set the password of ivan (to be changed at the next login).\n');
      assert.equal(await signsIn('ivan', 'first long passphrase'), false);
      assert.equal(await signsIn('ivan', 'second long passphrase'), true);
      assert.equal(json<PresentedUser>(['user', 'show', 'ivan']).mustChangePassword, true);
      fails(
        quire(['user', 'set-password', 'ivan', '--password-stdin'], '12345678\n'),
        1,
        /most commonly used passwords/,
      );
      fails(
        quire(['user', 'set-password', 'nobody', '--password-stdin'], 'third long passphrase\n'),
        1,
        /No user named "nobody"/,
      );
    });

    it('disables, enables and deletes a user', async () => {
      assert.equal(ok(quire(['user', 'disable', 'ivan'])).stdout, 'Disabled user ivan.\n');
      assert.equal(json<PresentedUser>(['user', 'show', 'ivan']).disabled, true);
      assert.equal(await signsIn('ivan', 'second long passphrase'), false);
      assert.equal(ok(quire(['user', 'enable', 'ivan'])).stdout, 'Enabled user ivan.\n');
      assert.equal(json<PresentedUser>(['user', 'show', 'ivan']).disabled, false);
      fails(quire(['user', 'delete', 'ivan']), 1, /^quire: add --yes to confirm$/m);
      ok(quire(['user', 'show', 'ivan']));
      assert.equal(ok(quire(['user', 'delete', 'ivan', '--yes'])).stdout, 'Deleted user ivan.\n');
      fails(quire(['user', 'show', 'ivan']), 1, /No user named "ivan"/);
    });

    it('closes the first-run setup when it creates an administrator', async () => {
      assert.equal(await inApp((app) => app.services.setup.isOpen()), true);
      ok(quire(['user', 'add', 'root', '--admin', '--password-stdin'], 'administrator passphrase\n'));
      assert.equal(json<PresentedUser>(['user', 'show', 'root']).isAdmin, true);
      assert.equal(await inApp((app) => app.services.setup.isOpen()), false);
      assert.equal(await inApp((app) => app.services.setup.prepare()), null);
    });

    it('grants and revokes admin rights, but keeps the last administrator', () => {
      ok(quire(['user', 'grant-admin', 'ingrid']));
      assert.equal(json<PresentedUser>(['user', 'show', 'ingrid']).isAdmin, true);
      ok(quire(['user', 'revoke-admin', 'ingrid']));
      assert.equal(json<PresentedUser>(['user', 'show', 'ingrid']).isAdmin, false);
      fails(quire(['user', 'revoke-admin', 'root']), 1, /^quire: This is the last administrator\.$/m);
      fails(quire(['user', 'delete', 'root', '--yes']), 1, /last administrator/);
    });

    it('adds a custom program source and lists it', () => {
      const users = path.join(EXAMPLES, 'users.sh');
      const auth = path.join(EXAMPLES, 'auth.sh');
      ok(
        quire([
          'source',
          'add-custom',
          '--name',
          'Corporate Directory',
          '--program',
          users,
          '--auth-program',
          auth,
        ]),
      );
      assert.equal(ok(quire(['source', 'list'])).stdout, `Corporate Directory  Custom program  ${users}\n`);
      const [source, ...others] = json<Record<string, unknown>[]>(['source', 'list']);
      assert.equal(others.length, 0);
      assert.deepEqual(
        { ...source, id: undefined, createdAt: undefined },
        {
          id: undefined,
          name: 'Corporate Directory',
          kind: 'custom',
          kindLabel: 'Custom program',
          priority: 1,
          program: users,
          programArgs: [],
          authProgram: auth,
          authProgramArgs: [],
          missingPolicy: 'disable',
          maxRemovals: 500,
          maxRemovalsPercent: 10,
          schedule: '0 2 * * *',
          importDisabled: false,
          importGroups: [],
          createdAt: undefined,
        },
      );
      fails(
        quire(['source', 'add-custom', '--name', 'Corporate Directory', '--program', users]),
        1,
        /^quire: A source named "Corporate Directory" already exists\.$/m,
      );
      fails(
        quire(['source', 'add-custom', '--name', 'Relative', '--program', 'users.sh']),
        1,
        /^quire: Give the absolute path of the program\.$/m,
      );
      fails(
        quire(['source', 'add-custom', '--name', 'No program']),
        2,
        /required option '--program <path>' not specified/,
      );
    });

    it('reports what a dry-run sync would change and changes nothing', () => {
      const report = ok(quire(['sync', '--source', 'Corporate Directory', '--dry-run'])).stdout;
      assert.match(report, /^Corporate Directory: succeeded \(dry run: nothing was changed\)$/m);
      assert.match(report, /Test run: would add 4, update 0/);
      assert.match(report, /^ {2}added +carol$/m);
      assert.deepEqual(json<PresentedUser[]>(['user', 'list', '--source', 'Corporate Directory']), []);
    });

    it('imports users from the source; list shows them with their source and they sign in through it', async () => {
      assert.match(
        ok(quire(['sync', '--source', 'Corporate Directory'])).stdout,
        /^ {2}Added 4, updated 0, renamed 0, disabled 0, deleted 0, 0 unchanged, 0 conflicts, 0 errors, 3 groups\.$/m,
      );
      const listed = ok(quire(['user', 'list', '--source', 'Corporate Directory'])).stdout.split('\n');
      assert.deepEqual(listed.slice(0, 2), [
        'alice  Alice Andersen  Corporate Directory',
        'bob    Bob Builder     Corporate Directory',
      ]);
      assert.equal(listed.length, 5);
      const alice = json<PresentedUser>(['user', 'show', 'alice']);
      assert.equal(alice.internal, false);
      assert.equal(alice.source, 'Corporate Directory');
      assert.equal(alice.email, 'alice@example.org');
      assert.equal(await signsIn('alice', EXAMPLE_PASSWORDS.alice), true);
      assert.match(
        ok(quire(['sync'])).stdout,
        /^ {2}added 0, updated 0, renamed 0, disabled 0, deleted 0, unchanged 4, conflicts 0, errors 0$/m,
      );
    });

    it('refuses to set the password of a user synced from a directory', () => {
      fails(
        quire(['user', 'set-password', 'alice', '--password-stdin'], 'a brand new passphrase\n'),
        1,
        /^quire: This user's password is managed by its directory source; reset it there\.$/m,
      );
    });

    it('fails the sync with a non-zero status when the directory program fails, and changes nothing', () => {
      const before = json<PresentedUser[]>(['user', 'list']);
      ok(
        quire([
          'source',
          'add-custom',
          '--name',
          'Broken',
          '--program',
          script('echo "directory is down" >&2\nexit 1'),
        ]),
      );
      const one = fails(
        quire(['sync', '--source', 'Broken']),
        1,
        /^quire: synchronization failed for "Broken"$/m,
      );
      assert.match(one.stdout, /^Broken: failed$/m);
      const all = fails(quire(['sync']), 1, /synchronization failed for "Broken"/);
      assert.match(all.stdout, /^Corporate Directory: succeeded$/m);
      assert.deepEqual(json<PresentedUser[]>(['user', 'list']), before);
      fails(quire(['sync', '--source', 'Nowhere']), 1, /^quire: No directory source named "Nowhere"\.$/m);
    });
  });
}

describe('quire CLI entry and errors', () => {
  const env = { QUIRE_DATA_DIR: path.join(tmp, 'entry-data') };

  it('stops with a message naming QUIRE_PORT and status 78 when the configuration is invalid', () => {
    const result = fails(
      run(MAIN, ['user', 'list'], { ...env, QUIRE_PORT: 'abc' }),
      78,
      /^quire: QUIRE_PORT must be a whole number/m,
    );
    assert.equal(result.stdout, '');
  });

  it('prints help with status 0 and answers a usage error with status 2', () => {
    assert.match(ok(run(MAIN, ['--help'], env)).stdout, /Commands:[\s\S]*user[\s\S]*sync/);
    assert.match(ok(run(MAIN, ['user', '--help'], env)).stdout, /set-password/);
    fails(run(MAIN, ['frobnicate'], env), 2, /^quire: unknown command 'frobnicate'/m);
    fails(run(MAIN, ['user'], env), 2, /Usage: quire user/);
  });

  it('runs through bin/quire.js, also through a symlink as npx and node_modules/.bin do', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    const link = path.join(tmp, 'quire');
    fs.symlinkSync(path.join(ROOT, 'bin', 'quire.js'), link);
    assert.equal(ok(run(link, ['--version'], env)).stdout, `${version}\n`);
    ok(run(link, ['user', 'add', 'linked', '--password-stdin'], env, 'linked user passphrase\n'));
    assert.equal(ok(run(link, ['user', 'list'], env)).stdout, 'linked  -  Internal\n');
    fails(run(link, ['user', 'show', 'nobody'], env), 1, /^quire: No user named "nobody"\.$/m);
    const mainLink = path.join(tmp, 'main.js');
    fs.symlinkSync(MAIN, mainLink);
    assert.equal(ok(run(mainLink, ['--version'], env)).stdout, `${version}\n`);
  });
});
