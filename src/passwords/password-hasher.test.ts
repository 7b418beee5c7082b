import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createArgon2Threads } from './argon2-threads.js';
import { argon2Hasher, createLimiter } from './password-hasher.js';

describe('password hashing', () => {
  it('hashes with argon2id at m=19456 KiB, t=2, p=1 and verifies only the right password', async () => {
    const hashed = await argon2Hasher.hash('pässwörd with ünicode ✓');
    assert.match(hashed, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.equal(await argon2Hasher.verify(hashed, 'pässwörd with ünicode ✓'), true);
    assert.equal(await argon2Hasher.verify(hashed, 'pässwörd with ünicode'), false);
  });

  it('treats a malformed stored hash as a refusal', async () => {
    assert.equal(await argon2Hasher.verify('not-a-hash', 'x'), false);
  });

  it('never runs more tasks at once than its limit, and runs them all', async () => {
    const run = createLimiter(2);
    let active = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        run(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((resolve) => setTimeout(resolve, 5));
          active--;
          return i;
        }),
      ),
    );
    assert.deepEqual(results, [0, 1, 2, 3, 4, 5, 6]);
    assert.equal(peak, 2);
  });

  it('keeps going after a task fails', async () => {
    const run = createLimiter(1);
    await assert.rejects(run(async () => Promise.reject(new Error('boom'))));
    assert.equal(await run(async () => 'next'), 'next');
  });

  it('answers many checks at once from its threads, each for its own password', async () => {
    const threads = createArgon2Threads(2);
    try {
      const hashes = await Promise.all(['alpha one', 'beta two', 'gamma three'].map((p) => threads.hash(p)));
      const checks = Array.from({ length: 12 }, (_, i) => ({
        hashed: hashes[i % 3]!,
        password: i % 2 === 0 ? ['alpha one', 'beta two', 'gamma three'][i % 3]! : 'wrong',
      }));
      const answers = await Promise.all(checks.map((c) => threads.verify(c.hashed, c.password)));
      assert.deepEqual(
        answers,
        checks.map((c) => c.password !== 'wrong'),
      );
      assert.equal(await threads.verify('not-a-hash', 'x'), false);
    } finally {
      await threads.close();
    }
  });

  it('fails the checks a stopped thread held, and starts a new thread for the next', async () => {
    const threads = createArgon2Threads(1);
    const hashed = await threads.hash('delta four');
    const held = [threads.verify(hashed, 'delta four'), threads.verify(hashed, 'delta four')];
    await threads.close();
    for (const check of held) await assert.rejects(check, /argon2id thread stopped/);
    assert.equal(await threads.verify(hashed, 'delta four'), true);
    await threads.close();
  });
});
