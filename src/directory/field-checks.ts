/**
 * Field checks shared by several source kinds and by the sync options: whole numbers in a range,
 * cron schedules, domain names, and cloud endpoint URLs (https, never a private address).
 *
 *   serviceUrlProblem('http://10.0.0.1/', 'https://graph.microsoft.com'); // "10.0.0.1 is a private …"
 */
import { BlockList, isIP } from 'node:net';
import { Cron } from 'croner';
import { isLoopbackHost } from '../hosts.js';

export interface SyncOptionsInput {
  missingPolicy: string;
  maxRemovals: number;
  maxRemovalsPercent: number;
  schedule: string;
  importDisabled: boolean;
  importGroups: string[];
}

/** Validates a cron expression for the sync schedule; '' means on demand only. */
export function scheduleProblem(schedule: string): string | null {
  if (schedule === '') return null;
  try {
    new Cron(schedule, { paused: true }).stop();
    return null;
  } catch {
    return 'This is not a valid schedule. Use a cron expression such as "0 2 * * *" (every night at 02:00), or leave it empty for on demand only.';
  }
}

export function integerIn(value: number | undefined, min: number, max: number): boolean {
  return value === undefined || (Number.isInteger(value) && value >= min && value <= max);
}

export const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * Private and link-local networks: an endpoint URL there would let whoever edits a source make the
 * server send requests (with credentials) into the internal network, such as a cloud metadata
 * service at 169.254.169.254. Only IP literals are checked, without DNS resolution; loopback stays
 * allowed for the tests' local servers.
 */
const PRIVATE_NETWORKS = new BlockList();
for (const [network, prefix] of [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['169.254.0.0', 16],
] as const)
  PRIVATE_NETWORKS.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  PRIVATE_NETWORKS.addSubnet(network, prefix, 'ipv6');

/** A cloud endpoint must be https:// and not a private address; plain http:// only on loopback, where tests run their local servers. */
export function serviceUrlProblem(url: string, example: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `This is not a URL. Use one such as ${example}.`;
  }
  // The URL parser has already normalised 0x0a.1, 167772161 and [::ffff:10.0.0.1] to their address.
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const family = isIP(host);
  if (family !== 0 && PRIVATE_NETWORKS.check(host, family === 4 ? 'ipv4' : 'ipv6')) {
    return `${host} is a private or link-local address. This URL is only for a national cloud, such as ${example}.`;
  }
  if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)))
    return null;
  return `Use an https:// URL, such as ${example}.`;
}
