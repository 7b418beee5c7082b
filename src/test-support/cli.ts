/**
 * Runs the real compiled CLI as a child process, exactly as an administrator's script would, and
 * checks its exit status and output.
 *
 *   const result = ok(runCli(['user', 'list'], { QUIRE_DATA_DIR: dir }));
 *   fails(runCli(['frobnicate'], env), 2, /unknown command/);
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI_MAIN = fileURLToPath(new URL('../main.js', import.meta.url));
export const REPOSITORY_ROOT = path.resolve(path.dirname(CLI_MAIN), '..');

// Nothing from the caller's Quire configuration may leak into the child.
const BASE_ENV = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('QUIRE_')));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `file` (the CLI entry, or a link to it) with node. */
export function run(file: string, args: string[], env: Record<string, string>, input = ''): CliResult {
  const result = spawnSync(process.execPath, [file, ...args], {
    input,
    encoding: 'utf8',
    env: { ...BASE_ENV, QUIRE_LOG_LEVEL: 'silent', ...env },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export const runCli = (args: string[], env: Record<string, string>, input = '') =>
  run(CLI_MAIN, args, env, input);

export function ok(result: CliResult): CliResult {
  assert.equal(
    result.status,
    0,
    `expected success, got ${result.status}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`,
  );
  return result;
}

export function fails(result: CliResult, status: number, stderr: RegExp): CliResult {
  assert.equal(
    result.status,
    status,
    `expected status ${status}, got ${result.status}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`,
  );
  assert.match(result.stderr, stderr);
  return result;
}
