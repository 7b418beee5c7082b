/**
 * A stop ends `quire serve` within QUIRE_SHUTDOWN_SECONDS however its output is read (issue 19):
 * a log pipe whose reader goes at the same moment (Ctrl-C on `quire serve | tee quire.log`), a
 * pipe that is full while its reader lives, a reader that never reads again, SIGINT as well as
 * SIGTERM, and a stop while sign-ins wait for an auth program.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { CLI_MAIN } from '../test-support/cli.js';
import { freePort } from '../test-support/free-ports.js';
import { createLogDestination, type FdWrite } from '../http/log-destination.js';
import { customProgramKind } from '../directory/custom-program/custom-program.kind.js';

const ACTOR = { username: 'test', ip: '127.0.0.1' };
const BASE_ENV = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('QUIRE_')));
/** The deadline the servers here are given; every stop below must end within it. */
const DEADLINE_SECONDS = 6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** False once the process has exited (a zombie nobody has reaped yet counts as exited). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Milliseconds until `pid` exits, or null when it still runs after `limitMs`. */
async function timeToExit(pid: number, limitMs: number): Promise<number | null> {
  const start = Date.now();
  while (Date.now() - start < limitMs) {
    if (!alive(pid)) return Date.now() - start;
    await sleep(50);
  }
  return null;
}

/** Waits for /healthz and returns the server's pid (from X-Quire-Instance, host:pid). */
async function serverPid(base: string, describeFailure: () => string): Promise<number> {
  for (let i = 0; ; i++) {
    const response = await fetch(`${base}/healthz`).catch(() => null);
    if (response?.ok) return Number(String(response.headers.get('x-quire-instance')).split(':').pop());
    assert.ok(i < 300, `the server did not start:\n${describeFailure()}`);
    await sleep(100);
  }
}

/** Sends `signal` to `target` (a pid, or a process group as -pid) and asserts that `pid` exits within the deadline. */
async function stopWithin(pid: number, target: number, signal: NodeJS.Signals): Promise<void> {
  process.kill(target, signal);
  const took = await timeToExit(pid, (DEADLINE_SECONDS + 3) * 1000);
  assert.notEqual(took, null, `the server is still running ${DEADLINE_SECONDS + 3} s after ${signal}`);
  assert.ok(took! < DEADLINE_SECONDS * 1000, `it took ${took} ms`);
}

const readIfThere = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');

/** Log lines: requests at info level write two lines each, the first with the URL (`padding` long). */
async function makeLogLines(base: string, requests: number, padding = 0): Promise<void> {
  const url = `${base}/healthz${padding > 0 ? `?pad=${'x'.repeat(padding)}` : ''}`;
  for (let done = 0; done < requests; done += 50)
    await Promise.all(Array.from({ length: 50 }, () => fetch(url).then((r) => r.arrayBuffer())));
}

describe('a stop ends quire serve within QUIRE_SHUTDOWN_SECONDS whatever reads its log', () => {
  let dir: string;
  let env: Record<string, string>;
  const started: number[] = [];
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'quire-shutdown-deadline-'));
    env = {
      QUIRE_DATA_DIR: dir,
      QUIRE_HTTPS_PORT: 'off',
      QUIRE_HOST: '127.0.0.1',
      QUIRE_LOG_LEVEL: 'info',
      QUIRE_SHUTDOWN_SECONDS: String(DEADLINE_SECONDS),
    };
    // Migrated once, so that each server starts quickly.
    await (await createApp(loadConfig(env))).close();
  });
  after(() => {
    for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  /** `quire serve` in a shell pipeline of its own process group, as a terminal or supervisor runs it. */
  async function startPipeline(reader: string) {
    const port = String(await freePort());
    const script = `{ ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_MAIN)} serve 2>&1; echo $? > ${dir}/status-${port}; } | ${reader}`;
    const shell = spawn('bash', ['-c', script], {
      env: { ...BASE_ENV, ...env, QUIRE_PORT: port },
      detached: true,
      stdio: 'ignore',
    });
    started.push(shell.pid!);
    const base = `http://127.0.0.1:${port}`;
    const pid = await serverPid(base, () => `pipeline: ${script}`);
    started.push(pid);
    const status = () =>
      existsSync(`${dir}/status-${port}`) ? readFileSync(`${dir}/status-${port}`, 'utf8').trim() : null;
    return { group: shell.pid!, pid, base, port, status };
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`exits when ${signal} reaches the server and its log reader together (Ctrl-C on quire serve | cat)`, async () => {
      const log = path.join(dir, `together-${signal}.log`);
      const server = await startPipeline(`cat > ${log}`);
      await makeLogLines(server.base, 20);
      await stopWithin(server.pid, -server.group, signal);
      assert.match(
        readFileSync(log, 'utf8'),
        /"msg":"Quire is listening/,
        'lines written while the reader lived reached it',
      );
    });
  }

  it('writes its last lines to a full pipe whose reader catches up, and exits 0', async () => {
    const log = path.join(dir, 'slow-reader.log');
    const stopSent = path.join(dir, 'slow-reader.stop-sent');
    // The reader reads nothing until the stop has begun (the 1,000 requests' lines, one each, fill
    // the pipe four times over), then everything, 0.3 s later: within the stop's 1 s for its last lines,
    // however fast this machine served the requests.
    const server = await startPipeline(
      `{ while [ ! -e ${stopSent} ]; do sleep 0.05; done; sleep 0.3; cat > ${log}; }`,
    );
    await makeLogLines(server.base, 1000);
    writeFileSync(stopSent, '');
    await stopWithin(server.pid, server.pid, 'SIGTERM');
    for (let i = 0; i < 50 && server.status() === null; i++) await sleep(100);
    assert.equal(server.status(), '0', 'a stop that finished in time exits 0');
    for (let i = 0; i < 100 && !readIfThere(log).includes('"msg":"stopped"'); i++) await sleep(100);
    const lines = readIfThere(log).trim().split('\n');
    assert.ok(lines.length > 1000, `every request's line arrived (${lines.length})`);
    assert.match(lines.at(-1)!, /"msg":"stopped"/, 'the last line reached the reader');
  });

  it('exits 0 without its last lines when the reader of a full pipe never reads again', async () => {
    const server = await startPipeline('sleep 600');
    await makeLogLines(server.base, 600);
    await stopWithin(server.pid, server.pid, 'SIGTERM');
    for (let i = 0; i < 50 && server.status() === null; i++) await sleep(100);
    assert.equal(server.status(), '0');
    process.kill(-server.group, 'SIGKILL');
  });

  it('exits within the deadline when its output is a socket whose reader never reads (journald stalled)', async () => {
    const port = String(await freePort());
    // A blocking socket pair, as a supervisor's log socket is; its other end is never read, and
    // the launcher prints the server's exit status (negative: the signal that ended it).
    const launcher =
      'import socket, subprocess, sys\na, b = socket.socketpair()\np = subprocess.Popen(sys.argv[1:], stdout=b, stderr=subprocess.DEVNULL)\nb.close()\nprint(p.wait(), flush=True)\n';
    const server = spawn('python3', ['-c', launcher, process.execPath, CLI_MAIN, 'serve'], {
      env: { ...BASE_ENV, ...env, QUIRE_PORT: port },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let status = '';
    server.stdout!.on('data', (chunk: Buffer) => (status += chunk.toString()));
    const done = new Promise((resolve) => server.on('exit', resolve));
    const base = `http://127.0.0.1:${port}`;
    const pid = await serverPid(base, () => 'launched through python3');
    started.push(pid, server.pid!);
    // About 6 MB of log, far past what the socket's buffers hold: a log write now blocks.
    await makeLogLines(base, 1000, 6000);
    await stopWithin(pid, pid, 'SIGTERM');
    await done;
    // 0 when its log writes answer EAGAIN (runCli's process.stdout made the socket non-blocking),
    // -15 when one blocks (see 'ends by SIGTERM …' below for that path on its own).
    assert.ok(['0', '-15'].includes(status.trim()), `exit status ${status}`);
  });

  it('ends a stop that waits on an auth program at the deadline, exits 1 and leaves no program behind', async () => {
    const pids = path.join(dir, 'auth-pids');
    const users = path.join(dir, 'users.sh');
    const auth = path.join(dir, 'auth.sh');
    writeFileSync(users, '#!/bin/sh\nif [ "$2" = "all-users" ]; then printf "ada\\tAda Lovelace\\n"; fi\n');
    // Hangs far past the deadline, as a stuck directory lookup would.
    writeFileSync(auth, `#!/bin/sh\necho $$ >> ${pids}\nsleep 120\n`);
    chmodSync(users, 0o755);
    chmodSync(auth, 0o755);
    const setup = await createApp(loadConfig(env));
    const source = await setup.services.sources.add(
      customProgramKind,
      { name: 'Slow auth', program: users, authProgram: auth },
      ACTOR,
    );
    await (
      await setup.services.sync.start(source, { dryRun: false, actor: ACTOR })
    ).done;
    await setup.close();

    const port = String(await freePort());
    const server: ChildProcess = spawn(process.execPath, [CLI_MAIN, 'serve'], {
      env: { ...BASE_ENV, ...env, QUIRE_PORT: port },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;
    started.push(await serverPid(base, () => output));
    // Three sign-ins in flight, each waiting for the auth program.
    const page = await fetch(`${base}/user/login`);
    const cookie = page.headers
      .getSetCookie()
      .map((line) => line.split(';', 1)[0])
      .join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const signIns = Array.from({ length: 3 }, () =>
      fetch(`${base}/user/login`, {
        method: 'POST',
        headers: { cookie, origin: base, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, username: 'ada', password: 'a password' }).toString(),
      }).catch(() => null),
    );
    for (
      let i = 0;
      i < 100 && (!existsSync(pids) || readFileSync(pids, 'utf8').trim().split('\n').length < 3);
      i++
    )
      await sleep(100);
    const programs = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    assert.equal(programs.length, 3, 'three auth programs are running');

    const stopAt = Date.now();
    server.kill('SIGTERM');
    const code = await Promise.race([
      exited,
      sleep((DEADLINE_SECONDS + 3) * 1000).then(() => 'still running'),
    ]);
    const took = Date.now() - stopAt;
    assert.equal(code, 1, output);
    assert.ok(took <= DEADLINE_SECONDS * 1000, `it took ${took} ms`);
    assert.match(output, /shutdown did not finish in time/);
    await Promise.all(signIns);
    await sleep(200);
    assert.deepEqual(programs.filter(alive), [], 'no auth program outlives the server');
  });
});

describe('the shutdown watchdog', () => {
  it('kills a process whose main thread is blocked, at the deadline, saying why on stderr', async () => {
    const watchdog = new URL('./shutdown-watchdog.js', import.meta.url).href;
    // The main thread blocks for 20 s, as a synchronous retry loop would: no timer of its own can run.
    const script = `import { startShutdownWatchdog } from ${JSON.stringify(watchdog)}; startShutdownWatchdog(500); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const started = Date.now();
    const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, s) => resolve(s)),
    );
    assert.equal(signal, 'SIGKILL');
    assert.ok(Date.now() - started < 5000, `killed after ${Date.now() - started} ms`);
    assert.match(stderr, /did not finish within 0.5 s and the main thread is blocked/);
  });
});

describe('ending the process after its logs', () => {
  it('ends by SIGTERM, after the exit clean-up, when a log write is stuck on a blocking socket nobody reads', async () => {
    const modules = {
      exit: new URL('./exit.js', import.meta.url).href,
      log: new URL('../http/log-destination.js', import.meta.url).href,
    };
    // Nothing here touches process.stdout, so the socket stays blocking and a write to it blocks.
    const script = [
      `import { writeSync } from 'node:fs';`,
      `import { exitAfterLogs } from ${JSON.stringify(modules.exit)};`,
      `import { createLogDestination } from ${JSON.stringify(modules.log)};`,
      `const log = createLogDestination(1);`,
      `for (let i = 0; i < 4096; i++) log.write('x'.repeat(1023) + '\\n');`,
      `process.on('exit', () => writeSync(2, 'clean-up ran\\n'));`,
      `setTimeout(() => void exitAfterLogs(0, log, 300), 200);`,
    ].join('\n');
    const launcher =
      'import socket, subprocess, sys\na, b = socket.socketpair()\np = subprocess.Popen(sys.argv[1:], stdout=b)\nb.close()\nprint(p.wait(), flush=True)\n';
    const child = spawn('python3', ['-c', launcher, process.execPath, '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const started = Date.now();
    // A process.exit stuck behind the write would never end: the launcher's child is then killed.
    const stuck = setTimeout(() => spawn('pkill', ['-KILL', '-P', String(child.pid)]), 8000);
    await new Promise((resolve) => child.on('exit', resolve));
    clearTimeout(stuck);
    assert.equal(stdout.trim(), '-15', stderr);
    assert.match(stderr, /clean-up ran/);
    assert.ok(Date.now() - started < 5000, `it took ${Date.now() - started} ms`);
  });
});

describe('the log destination', () => {
  /** A descriptor that answers each write with the next scripted result. */
  function scripted(results: Array<NodeJS.ErrnoException | 'all' | number>) {
    const written: string[] = [];
    const write: FdWrite = (_fd, buffer, callback) => {
      const next = results.shift() ?? 'all';
      setImmediate(() => {
        if (next instanceof Error) return callback(next, 0);
        const count = next === 'all' ? buffer.length : next;
        written.push(buffer.subarray(0, count).toString());
        callback(null, count);
      });
    };
    return { write, written };
  }
  const errno = (code: string) => Object.assign(new Error(code), { code });

  it('tries a full descriptor again and writes every line once, in order', async () => {
    const fd = scripted([errno('EAGAIN'), 3, errno('EAGAIN')]);
    const log = createLogDestination(99, { write: fd.write });
    for (const line of ['one\n', 'two\n', 'three\n']) log.write(line);
    await log.flush(2000);
    assert.equal(fd.written.join(''), 'one\ntwo\nthree\n');
    assert.equal(log.dropped, 0);
  });

  it('stops writing for good once the reader has gone, and flush returns at once', async () => {
    const fd = scripted([errno('EPIPE')]);
    const log = createLogDestination(99, { write: fd.write });
    log.write('one\n');
    log.write('two\n');
    await log.flush(60_000);
    log.write('three\n');
    await log.flush(60_000);
    assert.deepEqual(fd.written, []);
    assert.equal(log.dropped, 3);
  });

  it('drops lines past its bound instead of growing, and says how many', async () => {
    const stalled: Array<() => void> = [];
    const written: string[] = [];
    const write: FdWrite = (_fd, buffer, callback) =>
      stalled.push(() => (written.push(buffer.toString()), callback(null, buffer.length)));
    const log = createLogDestination(99, { write, maxQueuedBytes: 20 });
    for (let i = 0; i < 10; i++) log.write(`line ${i}\n`);
    const started = Date.now();
    await log.flush(300);
    assert.ok(Date.now() - started < 2000, 'flush gives up after its time');
    assert.equal(
      log.dropped,
      7,
      'the first line is being written, two wait (14 of 20 bytes), seven are dropped',
    );
    log.write('after\n');
    while (stalled.length > 0) stalled.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    while (stalled.length > 0) stalled.shift()!();
    const text = written.join('');
    assert.match(text, /^line 0\nline 1\nline 2\n\{/);
    assert.match(text, /7 log lines were dropped/);
    assert.match(text, /after\n$/);
  });
});
