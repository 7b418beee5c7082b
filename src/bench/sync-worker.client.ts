/**
 * The parent's side of a sync worker (sync-worker.ts): one child process per database and source,
 * running that source's syncs one request at a time (the LDAP and Entra ID parts each start one).
 *
 *   const worker = new SyncWorker('sqlite', log); // 'sqlite Graph' for the Entra ID part
 *   await worker.request({ type: 'setup', dataDir, databaseUrl, source }, 'ready', 60_000);
 *   const result = await worker.request({ type: 'sync', label: 'first sync' }, 'synced', timeoutMs);
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SERVER_NODE_OPTIONS } from '../ops/node-options.js';
import { fixed, now } from './stats.js';
import type { ParentMessage, WorkerMessage } from './sync-worker.js';

const WORKER = fileURLToPath(new URL('./sync-worker.js', import.meta.url));

export type SyncResult = Extract<WorkerMessage, { type: 'synced' }>;

const seconds = (ms: number) => `${fixed(ms / 1000, 2)} s`;

export class SyncWorker {
  private readonly child: ChildProcess;
  private readonly inbox: WorkerMessage[] = [];
  private wake: (() => void) | null = null;
  private exit: string | null = null;
  /** Where the current sync is: its last phase and the staging call most recently started. */
  private lastPhase = '';
  private lastCall = '';

  /** `name` starts its log lines and errors: the database, and the source kind when not LDAP. */
  constructor(
    readonly name: string,
    log: (message: string) => void,
  ) {
    // Run as the server runs, since the server is where a sync runs.
    this.child = fork(WORKER, [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [...process.execArgv, ...SERVER_NODE_OPTIONS],
    });
    this.child.on('message', (message: WorkerMessage) => {
      if (message.type === 'phase') {
        this.lastPhase = `${message.phase} (from ${seconds(message.atMs)})`;
        log(`${name}: ${message.label}: ${message.phase} at ${seconds(message.atMs)}`);
      } else if (message.type === 'call') {
        this.lastCall = `${message.name} (started at ${seconds(message.atMs)})`;
      } else {
        this.inbox.push(message);
      }
      this.wake?.();
    });
    this.child.once('exit', (code, signal) => {
      this.exit = `the sync worker exited (${signal ?? code})`;
      this.wake?.();
    });
    log(`${name}: sync worker pid ${this.child.pid}`);
  }

  /** Sends a request and waits for its answer (type `expect`), a failure, an exit or the timeout. */
  async request<T extends WorkerMessage['type']>(
    message: ParentMessage,
    expect: T,
    timeoutMs: number,
  ): Promise<Extract<WorkerMessage, { type: T }>> {
    this.lastPhase = this.lastCall = '';
    this.child.send(message);
    const deadline = now() + timeoutMs;
    for (;;) {
      const answer = this.inbox.shift();
      if (answer?.type === 'failed') throw new Error(`${this.name} worker: ${answer.message}`);
      if (answer?.type === expect) return answer as Extract<WorkerMessage, { type: T }>;
      if (answer) continue;
      if (this.exit) throw new Error(`${this.name}: ${this.exit}`);
      if (now() > deadline) {
        throw new Error(
          `${this.name}: no answer within ${fixed(timeoutMs / 1000, 0)} s; last phase: ${this.lastPhase || 'none'}; staging call in flight or last started: ${this.lastCall || 'none'}`,
        );
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 1000).unref();
      });
      this.wake = null;
    }
  }

  /** The staging calls of a sync that took 10 ms or more, slowest first, for a log line. */
  static callsLine(result: SyncResult): string {
    return result.calls
      .filter((c) => c.ms >= 10)
      .map((c) => `${c.name} ${seconds(c.ms)}${c.count > 1 ? ` (${c.count}×)` : ''}`)
      .join(', ');
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
