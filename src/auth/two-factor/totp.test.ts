import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base32Decode, base32Encode, groupsOfFour, hotp, matchingStep, otpauthUri, stepAt } from './totp.js';

const RFC_KEY = Buffer.from('12345678901234567890', 'ascii');

describe('TOTP (RFC 6238)', () => {
  it('gives RFC 4226 appendix D HOTP values for counters 0 to 9', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314'];
    expected.push('254676', '287922', '162583', '399871', '520489');
    assert.deepEqual(
      expected.map((_, counter) => hotp(RFC_KEY, counter)),
      expected,
    );
  });

  it('gives RFC 6238 appendix B SHA-1 values (8 digits) at each test time', () => {
    const vectors: [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ];
    for (const [seconds, code] of vectors) assert.equal(hotp(RFC_KEY, stepAt(seconds * 1000), 8), code);
  });

  it('round-trips base32 and decodes the RFC 4648 test vector', () => {
    assert.equal(base32Encode(Buffer.from('foobar')), 'MZXW6YTBOI');
    assert.equal(base32Decode('MZXW 6YTB OI').toString(), 'foobar');
    const secret = base32Encode(RFC_KEY);
    assert.deepEqual(base32Decode(secret), RFC_KEY);
    assert.equal(groupsOfFour('ABCDEFGHIJ'), 'ABCD EFGH IJ');
  });

  it('accepts the code of this step and of one step either side, and nothing further', () => {
    const secret = base32Encode(RFC_KEY);
    const now = 1_700_000_000_000;
    const step = stepAt(now);
    for (const offset of [-1, 0, 1])
      assert.equal(matchingStep(secret, hotp(RFC_KEY, step + offset), now), step + offset);
    for (const offset of [-2, 2]) assert.equal(matchingStep(secret, hotp(RFC_KEY, step + offset), now), null);
    assert.equal(matchingStep(secret, '12345', now), null);
    assert.equal(matchingStep(secret, 'abcdef', now), null);
  });

  it('builds the otpauth URI authenticator apps read', () => {
    assert.equal(
      otpauthUri('JBSWY3DPEHPK3PXP', 'Acme Print', 'alice'),
      'otpauth://totp/Acme%20Print:alice?secret=JBSWY3DPEHPK3PXP&issuer=Acme+Print&algorithm=SHA1&digits=6&period=30',
    );
  });
});
