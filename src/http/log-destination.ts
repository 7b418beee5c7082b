/**
 * Where the JSON log lines go: standard output, written so that nothing about the reader can
 * stall or hang the server.
 *
 *   const log = pino({ level: 'info' }, stdoutLog());
 *   await stdoutLog().flush(1000); // before process.exit: the last lines reach a living reader
 *
 * Why not pino's default destination (sonic-boom): it flushes synchronously when the process
 * exits, and its flushSync retries every failed write forever, 100 ms apart, with Atomics.wait.
 * When the reader of a log pipe has gone (Ctrl-C on `quire serve | tee quire.log` stops both
 * processes at once), every retry fails with EPIPE, so `process.exit` never returns and the
 * process hangs with SIGTERM no longer caught (issue 19; seen with strace as write(1) = EPIPE,
 * then futex waits, for ever).
 *
 * So here:
 * - A pipe (`quire serve | tee`, a supervisor's pipe) is opened a second time through
 *   /proc/self/fd, as a file description of our own in non-blocking mode (stdout's own stays as
 *   it is for anyone else writing to it): a full pipe answers EAGAIN and is tried again 20 ms
 *   later, so a slow or stopped reader never blocks any thread.
 * - Anything else (a file, a socket such as journald's, a terminal) is written asynchronously
 *   through libuv's thread pool, one write at a time, in order. A write to a socket whose reader
 *   has stopped blocks that pool thread for as long, and process.exit would wait for it (it joins
 *   the pool, after ending every worker thread, the stop's watchdog included): `blocked` says
 *   so, and a stop then ends the process by a signal instead (main.ts).
 * - A reader that has gone (EPIPE, or any error but EAGAIN) ends logging to this file
 *   descriptor: the rest is dropped, nothing is retried, nothing throws.
 * - What waits is bounded (MAX_QUEUED_BYTES): past it, lines are dropped and counted, and a line
 *   saying how many precedes the next one written.
 * - Nothing is done at process exit. A stop awaits `flush(ms)` first, which waits at most `ms`.
 */
import { constants, fstatSync, openSync, write as fsWrite, writeSync } from 'node:fs';

/** A reader that lags this far behind loses lines rather than the server's memory. */
const MAX_QUEUED_BYTES = 8 * 1024 * 1024;
/** One write takes at most this much of the queue. */
const MAX_WRITE_BYTES = 64 * 1024;
/** A non-blocking descriptor that is full is tried again after this long. */
const FULL_RETRY_MS = 20;

export interface LogDestination {
  /** pino's stream interface: one JSON line. Never throws, never blocks. */
  write(line: string): boolean;
  /** Resolves once every queued line is written, the reader has gone, or `timeoutMs` has passed. */
  flush(timeoutMs: number): Promise<void>;
  /** Lines dropped so far (queue over its bound, or no reader). */
  readonly dropped: number;
  /**
   * True while a write is running on a thread-pool thread. Such a write to a reader that has
   * stopped never returns, and process.exit waits for every pool thread: a process in that state
   * can only end by a signal (see main.ts).
   */
  readonly blocked: boolean;
}

/** The fs.write this destination uses; a parameter so that a test can make the descriptor fail. */
export type FdWrite = (
  fd: number,
  buffer: Buffer,
  callback: (error: NodeJS.ErrnoException | null, written: number) => void,
) => void;

const threadPoolWrite: FdWrite = (fd, buffer, callback) =>
  fsWrite(fd, buffer, 0, buffer.length, null, callback);

/** For a non-blocking descriptor: the write is made at once, its answer given on the next turn. */
const nonBlockingWrite: FdWrite = (fd, buffer, callback) => {
  try {
    setImmediate(callback, null, writeSync(fd, buffer));
  } catch (error) {
    setImmediate(callback, error as NodeJS.ErrnoException, 0);
  }
};

/** The descriptor to write `fd`'s lines to, and how. */
function openForLogging(fd: number): { fd: number; write: FdWrite; onThreadPool: boolean } {
  try {
    if (fstatSync(fd).isFIFO())
      return {
        fd: openSync(`/proc/self/fd/${fd}`, constants.O_WRONLY | constants.O_NONBLOCK),
        write: nonBlockingWrite,
        onThreadPool: false,
      };
  } catch {
    // No /proc, or a pipe without a reader (ENXIO): the plain way, whose first write says EPIPE.
  }
  return { fd, write: threadPoolWrite, onThreadPool: true };
}

export function createLogDestination(
  target: number,
  options: { write?: FdWrite; maxQueuedBytes?: number } = {},
): LogDestination {
  const {
    fd,
    write: writeFd,
    onThreadPool,
  } = options.write ? { fd: target, write: options.write, onThreadPool: true } : openForLogging(target);
  let inFlight = false;
  const maxQueued = options.maxQueuedBytes ?? MAX_QUEUED_BYTES;
  let queue: Buffer[] = [];
  let queued = 0;
  let writing = false;
  let gone = false;
  let dropped = 0;
  let droppedUnreported = 0;
  let waiters: Array<() => void> = [];

  const settle = () => {
    if (writing || (queued > 0 && !gone)) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };

  const next = () => {
    if (gone || queued === 0) {
      writing = false;
      settle();
      return;
    }
    writing = true;
    const chunk = take();
    inFlight = true;
    writeFd(fd, chunk, (error, written) => {
      inFlight = false;
      if (error) {
        if (error.code === 'EAGAIN') {
          queue.unshift(chunk);
          queued += chunk.length;
          setTimeout(next, FULL_RETRY_MS).unref();
          return;
        }
        // EPIPE (the reader has gone), EBADF, EIO…: nobody will read what follows.
        gone = true;
        dropped += countLines(chunk) + queue.reduce((sum, buffer) => sum + countLines(buffer), 0);
        queue = [];
        queued = 0;
        next();
        return;
      }
      if (written < chunk.length) {
        const rest = chunk.subarray(written);
        queue.unshift(rest);
        queued += rest.length;
      }
      next();
    });
  };

  /** Up to MAX_WRITE_BYTES from the front of the queue, as one buffer. */
  const take = (): Buffer => {
    const parts: Buffer[] = [];
    let size = 0;
    while (queue.length > 0 && (size === 0 || size + queue[0]!.length <= MAX_WRITE_BYTES)) {
      const part = queue.shift()!;
      parts.push(part);
      size += part.length;
    }
    queued -= size;
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
  };

  const enqueue = (buffer: Buffer) => {
    queue.push(buffer);
    queued += buffer.length;
  };

  return {
    write(line: string): boolean {
      if (gone) {
        dropped++;
        return true;
      }
      const buffer = Buffer.from(line);
      if (queued + buffer.length > maxQueued) {
        dropped++;
        droppedUnreported++;
        return true;
      }
      if (droppedUnreported > 0) {
        enqueue(
          Buffer.from(
            `${JSON.stringify({ level: 40, time: Date.now(), msg: `${droppedUnreported} log lines were dropped: the log's reader was too slow` })}\n`,
          ),
        );
        droppedUnreported = 0;
      }
      enqueue(buffer);
      if (!writing) next();
      return true;
    },
    flush(timeoutMs: number): Promise<void> {
      if (!writing && (queued === 0 || gone)) return Promise.resolve();
      return new Promise((resolve) => {
        // Referenced: it keeps the event loop, and with it the retries of a full pipe, alive until
        // the lines are out or the time is up. Unreferenced, a stop that had closed everything
        // else let the process end at once, leaving a full pipe's lines unwritten.
        const timer = setTimeout(resolve, timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    get dropped() {
      return dropped;
    },
    get blocked() {
      return onThreadPool && inFlight;
    },
  };
}

function countLines(buffer: Buffer): number {
  let lines = 0;
  for (let at = buffer.indexOf(10); at !== -1; at = buffer.indexOf(10, at + 1)) lines++;
  return lines;
}

let stdout: LogDestination | undefined;

/** The process's one destination for standard output, shared by every logger in it. */
export function stdoutLog(): LogDestination {
  stdout ??= createLogDestination(1);
  return stdout;
}
