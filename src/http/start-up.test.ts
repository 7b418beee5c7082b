/**
 * What a server loads at start: the libraries of features a deployment may never use load on
 * their first use instead (SAML, OIDC, LDAP, mail, security keys, the common-password list),
 * which keeps start-up and memory down.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const DIST = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-start-up-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Packages a server without those features never needs. */
const ON_FIRST_USE = [
  '@node-saml/node-saml',
  'xml-crypto',
  'nodemailer',
  '@simplewebauthn/server',
  // The first OIDC discovery loads these; the first use of an LDAP source ldapts.
  'openid-client',
  'jose',
  'ldapts',
  // The first password set or checked against the policy.
  '@zxcvbn-ts/language-common',
];

/**
 * Runs `body` (an ES module's code) in a process of its own, since this one's module cache holds
 * whatever other tests loaded, and returns the files it loaded, ES modules (through a loader hook)
 * and CommonJS ones, with what it printed.
 */
function runCounting(body: string): { loaded: string[]; printed: string } {
  const list = path.join(tmp, `loaded-${process.hrtime.bigint()}.txt`);
  fs.writeFileSync(list, '');
  const hook = `import { appendFileSync } from 'node:fs';
    export async function load(url, context, next) {
      appendFileSync(${JSON.stringify(list)}, url + '\\n');
      return next(url, context);
    }`;
  const program = `
    import { createRequire, register } from 'node:module';
    register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});
    ${body}
    console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', program], { encoding: 'utf8' });
  const lines = out.trim().split('\n');
  const esm = fs
    .readFileSync(list, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file:'))
    .map((url) => fileURLToPath(url));
  return {
    loaded: [...esm, ...(JSON.parse(lines.at(-1)!) as string[])],
    printed: lines.slice(0, -1).join('\n'),
  };
}

const files = (loaded: string[], name: string) =>
  loaded.filter((file) => file.includes(`${path.sep}node_modules${path.sep}${name}${path.sep}`));

it('starts a server without loading SAML, OIDC, LDAP, mail or security-key libraries', () => {
  const { loaded, printed } = runCounting(`
    const { createApp } = await import(${JSON.stringify(path.join(DIST, 'app.js'))});
    const { loadConfig } = await import(${JSON.stringify(path.join(DIST, 'config.js'))});
    const { buildServer } = await import(${JSON.stringify(path.join(DIST, 'http', 'server.js'))});
    const app = await createApp(loadConfig({ QUIRE_DATA_DIR: ${JSON.stringify(tmp)}, QUIRE_LOG_LEVEL: 'silent' }));
    const server = await buildServer(app, { logger: false });
    await server.ready();
    const saml = await server.inject({ method: 'GET', url: '/auth/saml/none/metadata' });
    console.log(saml.statusCode);
    await server.close();
    await app.close();
  `);
  assert.equal(printed, '404', 'a SAML route answers without the library: no such provider');
  for (const name of ['fastify', 'kysely'])
    assert.notDeepEqual(files(loaded, name), [], `the module list holds ${name} (CommonJS and ES modules)`);
  for (const name of ON_FIRST_USE)
    assert.deepEqual(files(loaded, name), [], `${name} is not loaded at start`);
});

it('shows a user from the CLI without loading accounting, printing, sign-in providers or TypeBox', () => {
  const dataDir = path.join(tmp, 'cli-data');
  const env = { ...process.env, QUIRE_DATA_DIR: dataDir, QUIRE_LOG_LEVEL: 'silent' };
  execFileSync(process.execPath, [path.join(DIST, 'main.js'), 'user', 'add', 'alice', '--password-stdin'], {
    env,
    input: 'a long passphrase for alice\n',
  });
  // runCli's module: the child runs `quire user show alice` in-process, as bin/quire.js does.
  const { loaded, printed } = runCounting(`
    process.env.QUIRE_DATA_DIR = ${JSON.stringify(dataDir)};
    process.env.QUIRE_LOG_LEVEL = 'silent';
    const { runCli } = await import(${JSON.stringify(path.join(DIST, 'main.js'))});
    process.exitCode = await runCli(['node', 'quire', 'user', 'show', 'alice', '--json']);
  `);
  assert.equal((JSON.parse(printed) as { username: string }).username, 'alice');
  const quire = (folder: string) =>
    loaded.filter((file) => file.startsWith(path.join(DIST, folder) + path.sep));
  assert.ok(quire('users').length > 0, 'the users service is loaded');
  // accounts/'s money formatting is shared; its services are not.
  assert.deepEqual(
    quire('accounts').filter((file) => file.endsWith('.service.js')),
    [],
    'no accounting service is loaded',
  );
  for (const folder of [
    'print',
    'printers',
    'jobs',
    'api',
    path.join('web', 'admin'),
    path.join('auth', 'sso'),
  ])
    assert.deepEqual(quire(folder), [], `nothing of ${folder}/ is loaded`);
  // The directory kinds' Admin Console forms and their words load with the first form shown.
  assert.deepEqual(
    quire('directory').filter((file) => file.endsWith('.form.js')),
    [],
    'no source form is loaded',
  );
  assert.ok(
    quire('directory').some((file) => file.endsWith('.kind.js')),
    'the kinds are loaded',
  );
  assert.deepEqual(quire(path.join('i18n', 'messages', 'admin')), [], `no Admin Console words are loaded`);
  for (const name of ['@sinclair/typebox', 'fastify', ...ON_FIRST_USE])
    assert.deepEqual(files(loaded, name), [], `${name} is not loaded`);
});
