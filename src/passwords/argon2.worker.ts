/**
 * One argon2id thread (see argon2-threads.ts): takes a job, answers it, takes the next. A verify
 * that cannot be done (a malformed stored hash) answers false, never an error.
 */
import { parentPort } from 'node:worker_threads';
import { hashSync, verifySync } from '@node-rs/argon2';
import { ARGON2_PARAMS, type Argon2Answer, type Argon2Job } from './argon2-params.js';

parentPort!.on('message', (job: Argon2Job) => {
  let answer: Argon2Answer;
  if (job.op === 'verify') {
    let value = false;
    try {
      value = verifySync(job.hashed, job.password);
    } catch {
      // A malformed stored hash is a refusal, never an exception that reveals anything.
    }
    answer = { id: job.id, value };
  } else {
    try {
      answer = { id: job.id, value: hashSync(job.password, ARGON2_PARAMS) };
    } catch (error) {
      answer = { id: job.id, error: error instanceof Error ? error.message : String(error) };
    }
  }
  parentPort!.postMessage(answer);
});
