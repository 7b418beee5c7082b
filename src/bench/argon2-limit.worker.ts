/**
 * One core's share of the argon2id floor (argon2-limit.ts): verifies the given hash in a tight
 * loop until the deadline, then reports how many verifications ended within it.
 */
import { parentPort } from 'node:worker_threads';
import { verifySync } from '@node-rs/argon2';

parentPort!.on('message', ({ hash, password, ms }: { hash: string; password: string; ms: number }) => {
  const deadline = performance.now() + ms;
  let completed = 0;
  while (performance.now() < deadline) {
    if (!verifySync(hash, password)) throw new Error('the floor verified a wrong password');
    if (performance.now() <= deadline) completed++;
  }
  parentPort!.postMessage(completed);
});
