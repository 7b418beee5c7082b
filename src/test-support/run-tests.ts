/**
 * `npm test`: starts the shared real peers (PostgreSQL), runs every compiled *.test.js with
 * node's test runner, stops the peers. Each test file makes its own databases on the server.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPostgresBin, startPostgres, type PostgresServer } from './postgres.js';

const distRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith('.test.js') ? [full] : [];
  });
}

const filter = process.argv.slice(2);
const files = testFiles(distRoot)
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();
const requireAll = process.env.QUIRE_TEST_REQUIRE_ALL === '1';
// node --test given no file runs its own default glob, the whole suite: a filter that matches
// nothing is a typo, said at once.
if (files.length === 0) {
  console.error(`no compiled test file under ${distRoot} matches ${filter.join(' ') || '*.test.js'}`);
  process.exit(2);
}

let postgres: PostgresServer | null = null;
if (findPostgresBin()) {
  postgres = await startPostgres();
  console.log(`# PostgreSQL for tests at ${postgres.url}`);
} else if (requireAll) {
  console.error(
    'QUIRE_TEST_REQUIRE_ALL=1 but PostgreSQL binaries are missing under /usr/lib/postgresql/*/bin',
  );
  process.exit(1);
} else {
  console.log('# PostgreSQL not found: PostgreSQL variants of the tests are skipped');
}

const child = spawn(process.execPath, ['--test', '--test-concurrency=2', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  env: { ...process.env, ...(postgres ? { QUIRE_TEST_PG_URL: postgres.url } : {}) },
});
const code: number = await new Promise((resolve) =>
  child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))),
);
await postgres?.stop();
process.exit(code);
