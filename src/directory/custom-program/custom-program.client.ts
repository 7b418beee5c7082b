/**
 * Directory client for PaperCut NG/MF-compatible "custom user directory" and "custom
 * authentication" programs. The user program is run as `PROG - VERB [ARGS…]` and prints
 * tab-separated lines; the auth program reads `username\npassword\n` on stdin and prints
 * `OK\n<canonical username>` or `ERROR`.
 *
 *   const client = createCustomProgramClient({ program: '/opt/quire/users.sh', authProgram: '/opt/quire/auth.sh' });
 *   await client.check();
 *   for await (const page of client.users()) …;   // one page: the program prints everyone at once
 *   const outcome = await client.authenticate('Alice', 'secret'); // { ok: true, username: 'alice' }
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { SourceError } from '../../errors.js';
import { normalizeUsername } from '../../users/username.js';
import type { DirectoryClient, DirectoryGroup, DirectoryUser } from '../directory.port.js';

export interface CustomProgramOptions {
  program: string;
  /** Given before the protocol's arguments: `program ...programArgs - all-users`. */
  programArgs?: string[];
  authProgram?: string | null;
  authProgramArgs?: string[];
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
/** A runaway program must not exhaust memory; 100,000 users fit in a few tens of MiB. */
const MAX_STDOUT_BYTES = 256 * 1024 * 1024;
const MAX_STDERR_BYTES = 64 * 1024;

interface ProgramResult {
  /** The exit status, or null when the program was ended by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Parses one `all-users` line: username, full name, email, department, office, card number, then
 * the optional other emails, second card number, alias, home directory and PIN. Returns null for a
 * blank line. An empty or invalid username is kept as printed: the sync service validates it and
 * reports the line instead of aborting the whole run.
 */
export function parseUserLine(line: string): DirectoryUser | null {
  if (line.trim() === '') return null;
  const [
    username = '',
    fullName = '',
    email = '',
    department = '',
    office = '',
    cardNumber = '',
    otherEmails = '',
    cardNumber2 = '',
    alias = '',
    home = '',
    pin = '',
  ] = line.split('\t').map((field) => field.trim());
  return {
    // The protocol has no immutable id: the (case-insensitive) username is the identity.
    externalId: normalizeUsername(username),
    ref: '',
    username,
    fullName,
    email,
    department,
    office,
    cardNumber,
    cardNumber2,
    otherEmails: otherEmails.split(/[\s,]+/).filter(Boolean),
    alias,
    home,
    pin,
    disabled: false,
  };
}

export function createCustomProgramClient(options: CustomProgramOptions): DirectoryClient {
  const { program } = options;
  const authProgram = options.authProgram || null;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  /** Runs a user-program verb; a non-zero exit is a SourceError naming the code and stderr. */
  async function runVerb(verb: string, ...args: string[]): Promise<string> {
    const label = `Custom user program "${program}" (${verb})`;
    const result = await runProgram(
      program,
      [...(options.programArgs ?? []), '-', verb, ...args],
      '',
      timeoutMs,
      label,
    );
    if (result.code !== 0)
      throw new SourceError(`${label} ${describeExit(result)}${stderrSummary(result.stderr)}`);
    return result.stdout;
  }

  return {
    canAuthenticate: Boolean(authProgram),

    async check() {
      const [first = ''] = names(await runVerb('is-valid'));
      if (first !== 'Y') {
        throw new SourceError(
          `Custom user program "${program}" reported that it is not valid (is-valid printed "${first.slice(0, 200)}", expected "Y").`,
        );
      }
    },

    /** One page: the program prints everyone at once. */
    async *users() {
      const users = lines(await runVerb('all-users'))
        .map(parseUserLine)
        .filter((user): user is DirectoryUser => user !== null);
      // An empty list almost always means a broken source (unreadable file, wrong domain), not an
      // empty organisation; acting on it would disable every user.
      if (users.length === 0) {
        throw new SourceError(
          `Custom user program "${program}" (all-users) printed no users; nothing was changed.`,
        );
      }
      yield users;
    },

    async *groups() {
      const groups: DirectoryGroup[] = [];
      for (const name of new Set(names(await runVerb('all-groups')))) {
        // The group name is one argv element, never part of a shell string. A name with NUL
        // cannot be an argument at all: it is listed without members, and the sync skips it
        // with a line in its report (its name is not one Quire accepts either).
        const memberRefs = name.includes('\u0000')
          ? []
          : names(await runVerb('group-member-names', name)).map(normalizeUsername);
        groups.push({ ref: name, name, memberRefs });
      }
      if (groups.length > 0) yield groups;
    },

    async authenticate(username, password) {
      if (!authProgram) throw new SourceError('No custom authentication program is configured.');
      // The protocol is line-based: a newline would let the username smuggle in a different
      // "password" line (or truncate the password), so such input is refused outright.
      if (/[\r\n]/.test(username) || /[\r\n]/.test(password) || username === '' || password === '')
        return { ok: false, reason: 'invalid' };
      // The password goes only to stdin: never argv (visible to every local user via ps) and
      // never into a message. The auth program's own output is not quoted in errors either,
      // because a careless script may echo what it read.
      const label = `Custom authentication program "${authProgram}"`;
      const result = await runProgram(
        authProgram,
        options.authProgramArgs ?? [],
        `${username}\n${password}\n`,
        timeoutMs,
        label,
      );
      const [first = '', canonical = ''] = names(result.stdout);
      // Success needs both a clean exit and "OK"; anything else is a refusal.
      if (result.code !== 0 || first !== 'OK') return { ok: false, reason: 'invalid' };
      return { ok: true, username: canonical || username };
    },

    canChangePassword: false,
    async changePassword() {
      throw new SourceError('Passwords of a custom program source cannot be changed through Quire.');
    },
    async close() {},
  };
}

/**
 * Spawns `file` without a shell and collects its output. Rejects with SourceError only when the
 * program cannot be started or runs past the timeout; exit status is left to the caller.
 */
function runProgram(
  file: string,
  args: string[],
  input: string,
  timeoutMs: number,
  label: string,
): Promise<ProgramResult> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      // shell: false and an argv array: usernames and group names may hold spaces, quotes or ";".
      // A process group of its own (detached) lets a timeout kill the script's children too.
      child = spawn(file, args, {
        shell: false,
        detached: process.platform !== 'win32',
        stdio: 'pipe',
        windowsHide: true,
      });
      running.add(child);
      killRunningAtExit();
    } catch (error) {
      reject(new SourceError(`${label} could not be started (${errorCode(error)}).`));
      return;
    }
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrBytes = 0;
    let settled = false;

    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      killGroup(child);
      reject(new SourceError(message));
    };
    const timer = setTimeout(
      () => fail(`${label} did not finish within ${timeoutMs} ms and was stopped.`),
      timeoutMs,
    );

    child.stdout?.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > MAX_STDOUT_BYTES)
        fail(`${label} printed more than ${MAX_STDOUT_BYTES} bytes and was stopped.`);
      else stdout.push(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderrBytes < MAX_STDERR_BYTES) stderr.push(chunk);
      stderrBytes += chunk.length;
    });
    // Only the error code is reported: Node's message can quote the arguments.
    child.on('error', (error) => fail(`${label} could not be run (${errorCode(error)}).`));
    child.on('close', (code, signal) => {
      running.delete(child);
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
    // A program that exits without reading its input makes the write fail with EPIPE; its exit
    // status is what counts.
    child.stdin?.on('error', () => {});
    child.stdin?.end(input);
  });
}

/**
 * Programs still running. A server that stops (or reaches its stop deadline) while a sign-in waits
 * for an auth program, or a sync for a user program, must not leave them behind: they run in
 * process groups of their own, which the process's end does not reach.
 */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function killRunningAtExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) killGroup(child);
  });
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * Non-blank lines, untrimmed: a leading tab means an empty username and must stay a field
 * separator. A leading byte-order mark is dropped.
 */
function lines(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
}

/** Non-blank lines, trimmed: group names, member names and single-word answers. */
function names(text: string): string[] {
  return lines(text).map((line) => line.trim());
}

function describeExit(result: ProgramResult): string {
  return result.code === null ? `was stopped by signal ${result.signal}` : `exited with code ${result.code}`;
}

function stderrSummary(stderr: string): string {
  const [first] = names(stderr);
  return first ? `: ${first.slice(0, 200)}` : '.';
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'unknown error';
}
