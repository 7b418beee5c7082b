import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  commonPasswordCount,
  isCommonPassword,
  MAX_PASSWORD_LENGTH,
  passwordProblem,
} from './password-policy.js';

describe('password policy', () => {
  const policy = { username: 'alice', minLength: 8 };

  it('ships at least the 10,000 most common passwords', () => {
    assert.ok(commonPasswordCount() >= 10_000, `only ${commonPasswordCount()} common passwords`);
    assert.ok(isCommonPassword('password1'));
    assert.ok(isCommonPassword('Password1'), 'case variants of a common password are common too');
  });

  it('refuses passwords shorter than the minimum, counting code points', () => {
    assert.match(String(passwordProblem('short', policy) ?? ''), /at least 8/);
    assert.equal(passwordProblem('ünïcødé✓', policy), null);
    assert.match(String(passwordProblem('abcdefghijk', { ...policy, minLength: 15 }) ?? ''), /at least 15/);
  });

  it('refuses passwords over 256 characters and never truncates', () => {
    assert.equal(passwordProblem('x'.repeat(MAX_PASSWORD_LENGTH - 1) + 'y', policy), null);
    assert.match(String(passwordProblem('x'.repeat(MAX_PASSWORD_LENGTH + 1), policy) ?? ''), /at most 256/);
  });

  it('refuses a common password and the username itself', () => {
    assert.match(String(passwordProblem('baseball', policy) ?? ''), /most commonly used/);
    assert.match(
      String(passwordProblem('AliceAlice', { username: 'alicealice', minLength: 8 }) ?? ''),
      /same as the username/,
    );
  });

  it('lets the common-password and not-the-username rules be turned off', () => {
    assert.equal(passwordProblem('baseball', { ...policy, rejectCommon: false }), null);
    assert.equal(
      passwordProblem('AliceAlice', { username: 'alicealice', minLength: 8, rejectUsername: false }),
      null,
    );
    assert.match(
      String(passwordProblem('short', { ...policy, rejectCommon: false, rejectUsername: false }) ?? ''),
      /at least 8/,
      'the minimum length always applies',
    );
  });

  it('has no composition rules: a long lower-case passphrase is fine', () => {
    assert.equal(passwordProblem('correct horse battery staple', policy), null);
  });
});
