/**
 * What a server loads at start: the libraries of features a deployment may never use load on
 * their first use instead (SAML, mail, security keys), which keeps start-up and memory down.
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
const ON_FIRST_USE = ['@node-saml/node-saml', 'xml-crypto', 'nodemailer', '@simplewebauthn/server'];

it('starts a server without loading SAML, mail or security-key libraries', () => {
  // A process of its own: this one's module cache holds whatever other tests loaded.
  const program = `
    import { createRequire } from 'node:module';
    const { createApp } = await import(${JSON.stringify(path.join(DIST, 'app.js'))});
    const { loadConfig } = await import(${JSON.stringify(path.join(DIST, 'config.js'))});
    const { buildServer } = await import(${JSON.stringify(path.join(DIST, 'http', 'server.js'))});
    const app = await createApp(loadConfig({ QUIRE_DATA_DIR: ${JSON.stringify(tmp)}, QUIRE_LOG_LEVEL: 'silent' }));
    const server = await buildServer(app, { logger: false });
    await server.ready();
    const saml = await server.inject({ method: 'GET', url: '/auth/saml/none/metadata' });
    console.log(JSON.stringify({ loaded: Object.keys(createRequire(import.meta.url).cache), saml: saml.statusCode }));
    await server.close();
    await app.close();
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', program], { encoding: 'utf8' });
  const { loaded, saml } = JSON.parse(out.trim().split('\n').at(-1)!) as { loaded: string[]; saml: number };
  assert.equal(saml, 404, 'a SAML route answers without the library: no such provider');
  assert.ok(
    loaded.some((file) => file.includes(`${path.sep}fastify${path.sep}`)),
    'the module list is the one CommonJS packages land in',
  );
  for (const name of ON_FIRST_USE)
    assert.deepEqual(
      loaded.filter((file) => file.includes(`${path.sep}node_modules${path.sep}${name}${path.sep}`)),
      [],
      `${name} is not loaded at start`,
    );
});
