import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
});
