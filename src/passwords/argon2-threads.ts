/**
 * argon2id on threads of its own, one per core. Each thread has a queue: a password is handed to
 * the thread with the fewest waiting, which takes it as soon as it finishes the one before,
 * without waiting for the main thread. (With argon2's asynchronous calls on libuv's pool, a core
 * stood idle while the main thread, busy with other requests, took the finished result and
 * started the next one: the sign-in benchmark's machine was 1.8 of its 2 cores busy.) Threads start
 * on the first call and hold the process open only while they have work.
 *
 *   const threads = createArgon2Threads(os.availableParallelism());
 *   const hashed = await threads.hash('correct horse');
 *   await threads.verify(hashed, 'correct horse'); // true
 */
import { Worker } from 'node:worker_threads';
import type { Argon2Answer, Argon2Job } from './argon2-params.js';

type JobInput = { op: 'hash'; password: string } | { op: 'verify'; hashed: string; password: string };

interface Thread {
  worker: Worker;
  waiting: Map<number, { resolve(value: string | boolean): void; reject(error: Error): void }>;
}

export function createArgon2Threads(count: number) {
  const threads: (Thread | undefined)[] = Array.from({ length: Math.max(1, count) }, () => undefined);
  let nextId = 0;

  function start(slot: number): Thread {
    const worker = new Worker(new URL('./argon2.worker.js', import.meta.url), {
      // The thread runs argon2 (native memory), not JavaScript: a small heap is plenty.
      resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
    });
    const thread: Thread = { worker, waiting: new Map() };
    worker.unref();
    worker.on('message', (answer: Argon2Answer) => {
      const job = thread.waiting.get(answer.id);
      if (!job) return;
      thread.waiting.delete(answer.id);
      if (thread.waiting.size === 0) worker.unref();
      if ('error' in answer) job.reject(new Error(`argon2id: ${answer.error}`));
      else job.resolve(answer.value);
    });
    // A thread that fails is replaced by the next call; its waiting jobs fail, not hang.
    const fail = (error: Error) => {
      if (threads[slot] === thread) threads[slot] = undefined;
      for (const job of thread.waiting.values()) job.reject(error);
      thread.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`argon2id thread stopped (exit code ${code})`)));
    threads[slot] = thread;
    return thread;
  }

  function run(input: JobInput): Promise<string | boolean> {
    let slot = 0;
    for (let i = 1; i < threads.length; i++)
      if ((threads[i]?.waiting.size ?? 0) < (threads[slot]?.waiting.size ?? 0)) slot = i;
    const thread = threads[slot] ?? start(slot);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      if (thread.waiting.size === 0) thread.worker.ref();
      thread.waiting.set(id, { resolve, reject });
      thread.worker.postMessage({ id, ...input } satisfies Argon2Job);
    });
  }

  return {
    hash: async (password: string): Promise<string> => String(await run({ op: 'hash', password })),
    verify: async (hashed: string, password: string): Promise<boolean> =>
      (await run({ op: 'verify', hashed, password })) === true,
    /** Ends the threads (tests; a process that exits needs not). */
    async close(): Promise<void> {
      await Promise.all(threads.map((thread) => thread?.worker.terminate()));
    },
  };
}
