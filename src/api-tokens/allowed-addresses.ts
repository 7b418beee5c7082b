/**
 * The web services address allow-list: single IPv4/IPv6 addresses, CIDR ranges of either, and `*`
 * for any address. An IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, what a dual-stack socket
 * reports for an IPv4 caller) is treated as the IPv4 address it carries, on both sides.
 *
 *   isAddressAllowed('10.1.2.3', ['127.0.0.1', '10.0.0.0/8']); // true
 *   parseAddressList('127.0.0.1, ::1\n192.168.0.0/16'); // { entries: [...], invalid: [] }
 */
import { isIPv4, isIPv6 } from 'node:net';

/** Loopback only: the web services are off to the network until an administrator opens them. */
export const DEFAULT_ALLOWED_ADDRESSES = '127.0.0.1, ::1';

interface Range {
  /** 4 bytes for IPv4, 16 for IPv6. */
  bytes: Uint8Array;
  prefix: number;
}

/** The address as bytes (IPv4-mapped IPv6 as 4 bytes), or null when it is not an IP address. */
function parseIp(text: string): Uint8Array | null {
  if (isIPv4(text)) return Uint8Array.from(text.split('.').map(Number));
  if (!isIPv6(text)) return null;
  const address = text.replace(/%.*$/, ''); // a zone (fe80::1%eth0) does not change the address
  const [head = '', tail] = address.split('::');
  const groups = (part: string): number[] => {
    if (part === '') return [];
    return part.split(':').flatMap((group) => {
      if (!group.includes('.')) return [parseInt(group, 16)];
      const v4 = group.split('.').map(Number) as [number, number, number, number];
      return [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]];
    });
  };
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const words = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = Uint8Array.from(words.flatMap((word) => [word >> 8, word & 0xff]));
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
}

/** One entry of the list as a range, or null when it is not valid. `*` is handled by the caller. */
function parseEntry(entry: string): Range | null {
  const [address = '', prefixText, extra] = entry.split('/');
  if (extra !== undefined || address.includes('%')) return null;
  const bytes = parseIp(address);
  if (!bytes) return null;
  const bits = bytes.length * 8;
  if (prefixText === undefined) return { bytes, prefix: bits };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  let prefix = Number(prefixText);
  // `::ffff:10.0.0.0/104` is the IPv4 range 10.0.0.0/8 written the IPv6 way.
  if (bytes.length === 4 && isIPv6(address)) prefix -= 96;
  return prefix >= 0 && prefix <= bits ? { bytes, prefix } : null;
}

function contains(range: Range, ip: Uint8Array): boolean {
  if (range.bytes.length !== ip.length) return false;
  for (let bit = 0; bit < range.prefix; bit += 8) {
    const take = Math.min(8, range.prefix - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if ((range.bytes[bit / 8]! & mask) !== (ip[bit / 8]! & mask)) return false;
  }
  return true;
}

/** Splits the list as typed: entries separated by commas, spaces or line breaks. */
export function splitAddressList(text: string): string[] {
  return text.split(/[\s,;]+/).filter(Boolean);
}

/** The entries of a typed list, and the ones that are neither an address, a CIDR range nor `*`. */
export function parseAddressList(text: string): { entries: string[]; invalid: string[] } {
  const entries = [...new Set(splitAddressList(text))];
  return { entries, invalid: entries.filter((entry) => entry !== '*' && parseEntry(entry) === null) };
}

/**
 * Whether `ip` is on the list (an array of entries, or the list as typed). Invalid entries match
 * nothing (saving refuses them anyway); an empty list allows no one.
 */
export function isAddressAllowed(ip: string, list: string | readonly string[]): boolean {
  return addressMatcher(typeof list === 'string' ? splitAddressList(list) : list)(ip);
}

/** The list compiled once into a test, for callers that check many addresses against one list. */
export function addressMatcher(list: readonly string[]): (ip: string) => boolean {
  if (list.includes('*')) return () => true;
  const ranges = list.map(parseEntry).filter((range): range is Range => range !== null);
  return (ip) => {
    const bytes = parseIp(ip);
    return bytes !== null && ranges.some((range) => contains(range, bytes));
  };
}
