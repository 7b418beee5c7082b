import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fails, ok, runCli } from '../test-support/cli.js';

describe('quire user import', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'quire-cli-import-'));
  const env = { QUIRE_DATA_DIR: dir };
  const file = (name: string, lines: string[]) => {
    const target = path.join(dir, name);
    writeFileSync(target, lines.join('\n') + '\n');
    return target;
  };
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('previews, then imports internal users, and prints the report as JSON', () => {
    const users = file('internal.tsv', [
      'jsmith\tCorrect-Horse-42\t\t\tJohn Smith\tjsmith@example.org',
      'guest01\tTulip-Lantern-9',
    ]);
    const preview = ok(runCli(['user', 'import', users, '--format', 'internal-users', '--preview'], env));
    assert.match(preview.stdout, /Would create: +2/);
    assert.match(preview.stdout, /nothing was changed/);
    assert.equal(runCli(['user', 'show', 'jsmith'], env).status, 1);
    const imported = ok(runCli(['user', 'import', users, '--format', 'internal-users', '--json'], env));
    const report = JSON.parse(imported.stdout) as { created: number; applied: boolean };
    assert.deepEqual([report.created, report.applied], [2, true]);
    assert.doesNotMatch(imported.stdout, /Correct-Horse/);
    assert.match(ok(runCli(['user', 'show', 'jsmith'], env)).stdout, /John Smith/);
  });

  it('exits 1 and lists every rejected line on stderr, importing nothing', () => {
    const cards = file('cards.tsv', ['jsmith\t100234', 'nobody\t100235', 'guest01']);
    const result = fails(
      runCli(['user', 'import', cards, '--format', 'card-numbers'], env),
      1,
      /line 2: There is no user named nobody\.\nline 3: Too few columns/,
    );
    assert.match(result.stderr, /2 line\(s\) rejected; nothing was imported/);
    assert.doesNotMatch(ok(runCli(['user', 'show', 'jsmith'], env)).stdout, /100234/);
  });

  it('refuses an unknown format as a usage error', () => {
    fails(
      runCli(['user', 'import', path.join(dir, 'cards.tsv'), '--format', 'csv'], env),
      2,
      /Allowed choices are internal-users, user-update, card-numbers/,
    );
  });
});
