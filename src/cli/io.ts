/**
 * What every CLI command shares: opening the app with the server's configuration, the actor
 * recorded in the audit log, reading a password safely, printing tables and errors.
 *
 *   await withApp(async ({ services }) => services.users.setDisabled('bob', true, cliActor()));
 */
import os from 'node:os';
import readline from 'node:readline';
import { Writable } from 'node:stream';
import { CommanderError, InvalidArgumentError } from 'commander';
import type { App } from '../app.js';
import type { CoreApp } from '../app-core.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { explainDatabaseError } from '../db/database-errors.js';
import { ValidationError } from '../errors.js';
import type { Actor } from '../audit/actor.js';

/** Opens the app exactly as `quire serve` would (same variables, same database), always closes it. */
export function withApp<T>(work: (app: App) => Promise<T>): Promise<T> {
  // Loaded here: `quire --help` and a usage error never open the database or load the services.
  return withOpened(async (config) => (await import('../app.js')).createApp(config), work);
}

/**
 * Like withApp with the core services only (sources, users, settings, audit: app-core.ts), for a
 * command that needs no more: `quire user show` then loads about half the modules.
 */
export function withCoreApp<T>(work: (app: CoreApp) => Promise<T>): Promise<T> {
  return withOpened(async (config) => (await import('../app-core.js')).createCoreApp(config), work);
}

async function withOpened<A extends { close(): Promise<void> }, T>(
  open: (config: Config) => Promise<A>,
  work: (app: A) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const app = await open(config).catch((error: unknown) => {
    throw explainDatabaseError(error, config);
  });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/** Audit entries name the operating-system account that ran the command. */
export function cliActor(): Actor {
  let user = '';
  try {
    user = os.userInfo().username;
  } catch {
    // No passwd entry (some containers): the plain `cli` actor still says where the change came from.
  }
  return { username: user ? `cli:${user}` : 'cli', ip: '' };
}

const guarded = new WeakSet<NodeJS.WriteStream>();

/**
 * `quire … | head -1`: once the reader has gone, a write fails with EPIPE. Unix tools stop quietly
 * then (SIGPIPE), so does this, with status 0, instead of printing Node's stack trace. Nothing is
 * half-written: an open transaction is rolled back by the database when the process ends.
 */
export function exitQuietlyWhenStdoutCloses(stream: NodeJS.WriteStream = process.stdout): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

export function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

export function printJson(value: unknown): void {
  print(JSON.stringify(value, null, 2));
}

/**
 * Control characters (except line breaks) shown as \xNN: a value from a directory or a notes field
 * must not be able to send escape sequences to the administrator's terminal.
 */
export function printable(value: string): string {
  return value.replace(/[\p{Cc}]/gu, (c) =>
    c === '\n' ? c : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** Left-aligned columns separated by two spaces; the first column comes first so `cut`/`awk` work. */
export function printColumns(rows: string[][]): void {
  const cells = rows.map((row) => row.map((cell) => printable(cell).replace(/\n/g, ' ')));
  const widths: number[] = [];
  for (const row of cells) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  for (const row of cells) {
    print(
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - [...cell].length)))
        .join('  ')
        .trimEnd(),
    );
  }
}

/** `label: value` lines with the values aligned; continuation lines of a value are indented. */
export function printFields(fields: [string, string][]): void {
  const width = Math.max(...fields.map(([label]) => label.length)) + 2;
  for (const [label, value] of fields) {
    print(`${`${label}:`.padEnd(width)}${printable(value).replace(/\n/g, `\n${' '.repeat(width)}`)}`);
  }
}

export function positiveInteger(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new InvalidArgumentError('Give a whole number of 1 or more.');
  return value;
}

/**
 * The first line of stdin without its line ending (`\n` or `\r\n`); everything after it is ignored.
 * Passwords come only from here or from a hidden prompt, never from an argument, which any local
 * user could read with `ps` and which shells keep in their history.
 */
export async function readFirstLine(input: NodeJS.ReadStream = process.stdin): Promise<string | null> {
  input.setEncoding('utf8');
  let text = '';
  let complete = false;
  for await (const chunk of input) {
    text += chunk as string;
    const end = text.indexOf('\n');
    if (end >= 0) {
      text = text.slice(0, end);
      complete = true;
      break; // leaving the loop destroys stdin, so a pipe that never closes cannot hold the process
    }
  }
  if (!complete && text === '') return null;
  return text.replace(/\r$/, '');
}

/** Reads a line from the terminal without echoing it. */
async function promptHidden(question: string): Promise<string> {
  process.stderr.write(question);
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = readline.createInterface({ input: process.stdin, output: muted, terminal: true });
  try {
    return await new Promise<string>((resolve, reject) => {
      rl.once('line', resolve);
      rl.once('SIGINT', () => reject(new Error('cancelled')));
      rl.once('close', () => reject(new Error('cancelled')));
    });
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}

/** The new password: from stdin with --password-stdin, else typed twice at a terminal. */
export async function readNewPassword(
  options: { passwordStdin?: boolean },
  username: string,
): Promise<string> {
  if (options.passwordStdin) {
    const line = await readFirstLine();
    if (line === null) throw new Error('no password on stdin: write it as the first line');
    return line;
  }
  if (!process.stdin.isTTY) throw new Error('a password is required: use --password-stdin');
  const first = await promptHidden(`New password for ${username}: `);
  const second = await promptHidden('Repeat the password: ');
  if (first !== second) throw new Error('the two passwords do not match');
  return first;
}

/** sysexits.h's EX_CONFIG: the configuration must change before a retry can succeed. */
export const EXIT_CONFIG = 78;

/**
 * Prints an error as `quire: <message>` and returns the exit status: 2 for usage errors (commander
 * has already printed those), 78 for configuration errors, 1 for everything else, 0 after --help
 * or --version.
 */

export function reportError(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  const messages =
    error instanceof ValidationError
      ? Object.values(error.fields)
      : [error instanceof Error ? error.message : String(error)];
  for (const message of messages) process.stderr.write(`quire: ${message}\n`);
  return error instanceof ConfigError ? EXIT_CONFIG : 1;
}
