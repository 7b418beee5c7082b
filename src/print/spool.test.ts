import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { DocumentTooLargeError } from '../errors.js';
import { createFileSpool, spoolFileName } from './spool.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-spool-test-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function* chunks(count: number, size: number, fail = false) {
  for (let i = 0; i < count; i++) yield Buffer.alloc(size, i);
  if (fail) throw new Error('the client went away');
}

describe('the spool', () => {
  const dir = path.join(tmp, 'spool');
  const spool = createFileSpool(dir);

  it('streams a document to a 0600 file in a 0700 directory it creates, and removes it', async () => {
    const name = spoolFileName(1, 'abc');
    assert.equal(await spool.write(name, chunks(64, 64 * 1024), 1 << 30), 64 * 64 * 1024);
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
    assert.equal(fs.statSync(spool.path(name)).mode & 0o777, 0o600);
    assert.equal(fs.statSync(spool.path(name)).size, 4 * 1024 * 1024);
    await spool.remove(name);
    await spool.remove(name);
    assert.equal(fs.existsSync(spool.path(name)), false);
  });

  it('keeps nothing of a document past the limit or of a stream that breaks', async () => {
    await assert.rejects(spool.write(spoolFileName(2, 'big'), chunks(10, 1000), 5000), DocumentTooLargeError);
    await assert.rejects(spool.write(spoolFileName(3, 'cut'), chunks(3, 1000, true), 5000), /went away/);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('never writes over or removes a file that exists', async () => {
    const name = spoolFileName(4, 'same');
    await spool.write(name, chunks(1, 10), 100);
    await assert.rejects(spool.write(name, chunks(1, 20), 100), /EEXIST/);
    assert.equal(fs.statSync(spool.path(name)).size, 10);
  });

  it('refuses names it did not make, so no path leaves the directory', () => {
    for (const name of ['../etc/passwd', '1-a.job/../../x', 'x.job', ''])
      assert.throws(() => spool.path(name));
  });
});
