import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../config.js';
import {
  newUsernameProblem,
  normalizeNewUsername,
  normalizeUsername,
  usernameProblem,
  usernameSkeleton,
} from './username.js';
import { cleanDetails } from './user-details.js';
import type { Problem } from '../i18n/local-text.js';

describe('usernames', () => {
  it('stores usernames lower-case and trimmed', () => {
    assert.equal(normalizeUsername('  Alice.Smith '), 'alice.smith');
    assert.equal(normalizeUsername('ÉMILE'), 'émile');
  });

  it('refuses "/", "\\" and "@"', () => {
    for (const name of ['a/b', 'a\\b', 'a@b'])
      assert.match(String(usernameProblem(name) ?? ''), /may not contain/);
  });

  it('refuses control characters and tabs but accepts spaces and unicode letters', () => {
    assert.match(String(usernameProblem('a\u0000b') ?? ''), /printable/);
    assert.match(String(usernameProblem('a\tb') ?? ''), /printable/);
    assert.equal(usernameProblem('jean dupont'), null);
    assert.equal(usernameProblem('josé.garcía'), null);
    assert.equal(usernameProblem('用户'), null);
  });

  it('folds compatibility forms (NFKC) in a name chosen now: a full-width or ligature name is its plain form', () => {
    assert.equal(normalizeNewUsername('\uff21\uff44\uff4d\uff49\uff4e'), 'admin');
    assert.equal(normalizeNewUsername('\ufb01nance'), 'finance');
  });

  it('looks a name up as stored (NFC, lower case), without the compatibility fold', () => {
    assert.equal(normalizeUsername('\uff2a\uff4f\uff48\uff4e'), '\uff4a\uff4f\uff48\uff4e');
    assert.equal(normalizeUsername('Jose\u0301'), 'jos\u00e9');
  });

  it('refuses invisible characters in a new name, and leaves them out of its skeleton', () => {
    for (const name of ['admin\u034f', 'admin\ufe00', 'ad\u3164min']) {
      assert.match(String(newUsernameProblem(name) ?? ''), /invisible characters/, name);
      assert.equal(usernameSkeleton(name), 'admin', name);
    }
  });

  it('folds Latin look-alikes and the digits 1 and 0 into the skeleton, as UTS #39 does', () => {
    for (const name of ['adm\u0131n', '\u0251dmin', 'ADMIN', '\uff41dmin'])
      assert.equal(usernameSkeleton(name), 'admin', name);
    // UTS #39 folds "1" with "l" (and "I"), not with "i".
    assert.equal(usernameSkeleton('adm1n'), usernameSkeleton('admln'));
    assert.equal(usernameSkeleton('pay1'), 'payl');
    assert.equal(usernameSkeleton('\u0261oo\u0261le'), 'google');
    assert.equal(usernameSkeleton('c00l'), 'cool');
    assert.equal(usernameSkeleton('bob'), 'bob');
  });

  it('refuses a new name mixing scripts, but not one script, digits and punctuation, nor Han with Latin', () => {
    assert.match(String(newUsernameProblem('\u0430dmin') ?? ''), /different scripts \(Cyrillic, Latin\)/);
    assert.match(String(newUsernameProblem('p\u03b1ypal') ?? ''), /different scripts/);
    for (const name of [
      'alice.smith-2',
      '\u0438\u0432\u0430\u043d',
      '\u03b3\u03b9\u03ce\u03c1\u03b3\u03bf\u03c2',
      '\u7530\u4e2d\u305f\u308d\u3046',
      'tanaka\u7530\u4e2d',
      'jos\u00e9',
    ])
      assert.equal(newUsernameProblem(name), null, name);
  });

  it('gives look-alike names the same skeleton', () => {
    assert.equal(usernameSkeleton('\u0430dmin'), 'admin');
    assert.equal(usernameSkeleton('\u0440\u0430\u0443\u0440\u0430\u04cf'), 'paypal');
    assert.equal(usernameSkeleton('bob'), 'bob');
  });

  it('limits usernames to 64 characters, counting code points', () => {
    assert.equal(usernameProblem('a'.repeat(64)), null);
    assert.match(String(usernameProblem('a'.repeat(65)) ?? ''), /at most 64/);
    assert.equal(usernameProblem('😀'.repeat(64)), null);
  });

  it('refuses "." and "..", which a URL path cannot address', () => {
    assert.match(String(usernameProblem('.') ?? ''), /may not be/);
    assert.match(String(usernameProblem('..') ?? ''), /may not be/);
    assert.equal(usernameProblem('...'), null);
  });

  it('refuses an empty username', () => {
    assert.match(String(usernameProblem('') ?? ''), /Enter a username/);
  });
});

describe('configuration', () => {
  it('defaults to port 9191 and an embedded SQLite file under ./data', () => {
    const config = loadConfig({}, '/srv/quire');
    assert.equal(config.port, 9191);
    assert.equal(config.databaseKind, 'sqlite');
    assert.equal(config.databaseUrl, 'sqlite:/srv/quire/data/quire.db');
    assert.ok(Object.isFrozen(config));
  });

  it('selects PostgreSQL from QUIRE_DATABASE_URL, preparing statements unless told not to', () => {
    const config = loadConfig({ QUIRE_DATABASE_URL: 'postgres://q@db/quire' });
    assert.equal(config.databaseKind, 'postgres');
    assert.equal(config.databasePrepare, true);
    assert.equal(loadConfig({ QUIRE_DATABASE_PREPARE: ' FALSE ' }).databasePrepare, false);
    assert.throws(
      () => loadConfig({ QUIRE_DATABASE_PREPARE: 'off' }),
      /QUIRE_DATABASE_PREPARE must be true or false/,
    );
  });

  it('stops with a message naming the variable on a bad value', () => {
    assert.throws(
      () => loadConfig({ QUIRE_PORT: 'abc' }),
      (e: Error) => e instanceof ConfigError && /QUIRE_PORT/.test(e.message),
    );
    assert.throws(() => loadConfig({ QUIRE_DATABASE_URL: 'mysql://x' }), /QUIRE_DATABASE_URL/);
    assert.throws(() => loadConfig({ QUIRE_LOG_LEVEL: 'loud' }), /QUIRE_LOG_LEVEL/);
  });

  it('marks cookies Secure when the public URL is https', () => {
    assert.equal(loadConfig({ QUIRE_PUBLIC_URL: 'https://print.example.org' }).secureCookies, true);
    assert.equal(loadConfig({}).secureCookies, false);
  });
});

describe('user details', () => {
  it('trims each detail and makes a one-line one’s inner whitespace single spaces, not the notes’', () => {
    const fields: Record<string, Problem> = {};
    const out = cleanDetails(
      {
        fullName: ' Ada\t \u00a0Lovelace ',
        department: 'R&D  Lab',
        office: 'HQ',
        notes: ' line 1\n\nline 2 ',
      },
      fields,
    );
    assert.deepEqual(fields, {});
    assert.equal(out.fullName, 'Ada Lovelace');
    assert.equal(out.department, 'R&D Lab');
    assert.equal(out.office, 'HQ');
    assert.equal(out.notes, 'line 1\n\nline 2');
  });

  it('counts a detail’s length in characters, not UTF-16 units', () => {
    const fields: Record<string, Problem> = {};
    cleanDetails({ fullName: '😀'.repeat(200), department: 'é'.repeat(200) }, fields);
    assert.deepEqual(fields, {}, '200 characters fit, though 400 UTF-16 units');
    cleanDetails({ fullName: '😀'.repeat(201) }, fields);
    assert.match(String(fields.fullName), /at most 200 characters/);
  });
});
