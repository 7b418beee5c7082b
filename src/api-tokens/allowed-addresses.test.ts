import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ALLOWED_ADDRESSES, isAddressAllowed, parseAddressList } from './allowed-addresses.js';

describe('web services allowed addresses', () => {
  it('allows only loopback by default, IPv4, IPv6 and IPv4-mapped alike', () => {
    for (const ip of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1'])
      assert.equal(isAddressAllowed(ip, DEFAULT_ALLOWED_ADDRESSES), true, ip);
    for (const ip of ['127.0.0.2', '192.0.2.1', '::2', '2001:db8::1', '::ffff:192.0.2.1', '', 'localhost'])
      assert.equal(isAddressAllowed(ip, DEFAULT_ALLOWED_ADDRESSES), false, ip);
  });

  it('matches IPv4 CIDR ranges, including /0 and /32, and mapped callers', () => {
    const list = ['10.0.0.0/8', '192.168.1.128/25', '203.0.113.7/32'];
    assert.equal(isAddressAllowed('10.255.1.2', list), true);
    assert.equal(isAddressAllowed('::ffff:10.1.2.3', list), true);
    assert.equal(isAddressAllowed('11.0.0.1', list), false);
    assert.equal(isAddressAllowed('192.168.1.200', list), true);
    assert.equal(isAddressAllowed('192.168.1.127', list), false);
    assert.equal(isAddressAllowed('203.0.113.7', list), true);
    assert.equal(isAddressAllowed('203.0.113.8', list), false);
    assert.equal(isAddressAllowed('198.51.100.9', ['0.0.0.0/0']), true);
    assert.equal(
      isAddressAllowed('2001:db8::1', ['0.0.0.0/0']),
      false,
      'an IPv4 range never matches an IPv6 caller',
    );
  });

  it('matches IPv6 CIDR ranges at any prefix length', () => {
    const list = ['2001:db8:abcd::/48', 'fd00::/8', 'fe80::1:2:3:4/127'];
    assert.equal(isAddressAllowed('2001:db8:abcd:12::1', list), true);
    assert.equal(isAddressAllowed('2001:db8:abce::1', list), false);
    assert.equal(isAddressAllowed('fdff:1::9', list), true);
    assert.equal(isAddressAllowed('fe00::1', list), false);
    assert.equal(isAddressAllowed('fe80::1:2:3:5', list), true);
    assert.equal(isAddressAllowed('fe80::1:2:3:6', list), false);
    assert.equal(isAddressAllowed('10.0.0.1', list), false);
    assert.equal(
      isAddressAllowed('::ffff:10.9.8.7', ['::ffff:10.0.0.0/104']),
      true,
      'a mapped range is the IPv4 range',
    );
    assert.equal(
      isAddressAllowed('2001:db8::1', ['2001:0db8:0000::0001']),
      true,
      'any spelling of the same address',
    );
  });

  it('allows any address with *, and no one with an empty list', () => {
    for (const ip of ['192.0.2.1', '2001:db8::1']) {
      assert.equal(isAddressAllowed(ip, '*'), true);
      assert.equal(isAddressAllowed(ip, ''), false);
      assert.equal(isAddressAllowed(ip, []), false);
    }
  });

  it('reads a typed list separated by commas or line breaks, and names invalid entries', () => {
    assert.deepEqual(parseAddressList('127.0.0.1, ::1\n10.0.0.0/8\r\n10.0.0.0/8'), {
      entries: ['127.0.0.1', '::1', '10.0.0.0/8'],
      invalid: [],
    });
    assert.deepEqual(
      parseAddressList(
        '192.0.2.300, 10.0.0.0/33, fd00::/129, example.org, 10.0.0.0/8/1, fe80::1%eth0, 10.0.0.1/x, *',
      ).invalid,
      [
        '192.0.2.300',
        '10.0.0.0/33',
        'fd00::/129',
        'example.org',
        '10.0.0.0/8/1',
        'fe80::1%eth0',
        '10.0.0.1/x',
      ],
    );
  });
});
