/**
 * One autocannon load run against a server process: the rate of good answers, latency, and the
 * CPU the server, this process and the whole machine used meanwhile. A warm-up run comes first
 * and is not counted.
 *
 *   const r = await load(url, server, { requests, verifyBody }, { connections: 50, warmupSeconds: 2, seconds: 10 });
 *   r.perSecond // answers that were 2xx and passed verifyBody, per second
 */
import autocannon, { type Options as AutocannonOptions } from 'autocannon';
import { machineBusySeconds, now } from './stats.js';

export interface LoadResult {
  perSecond: number;
  p50: number;
  p99: number;
  completed: number;
  /** Answers that were not 2xx or failed verifyBody, plus connection errors and timeouts. */
  bad: number;
  serverCores: number;
  clientCores: number;
  machineCores: number;
}

export type LoadOptions = Omit<AutocannonOptions, 'url' | 'connections' | 'duration' | 'warmup'>;

export interface LoadSettings {
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

export async function load(
  url: string,
  target: { cpuSeconds(): number },
  options: LoadOptions,
  settings: LoadSettings,
): Promise<LoadResult> {
  const { connections } = settings;
  await autocannon({ ...options, url, connections, duration: settings.warmupSeconds });
  const ownCpu = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  };
  const [server, client, machine, t0] = [target.cpuSeconds(), ownCpu(), machineBusySeconds(), now()];
  const result = await autocannon({ ...options, url, connections, duration: settings.seconds });
  const wall = (now() - t0) / 1000;
  const bad = result.non2xx + result.mismatches + result.errors + result.timeouts;
  return {
    perSecond: (result.requests.total - result.non2xx - result.mismatches) / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    completed: result.requests.total,
    bad,
    serverCores: (target.cpuSeconds() - server) / wall,
    clientCores: (ownCpu() - client) / wall,
    machineCores: (machineBusySeconds() - machine) / wall,
  };
}

const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An XML-RPC methodCall body with string parameters, as autocannon sends it. */
export const xmlRpcCall = (method: string, params: readonly string[]): string =>
  `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>` +
  params.map((param) => `<param><value><string>${xmlEscape(param)}</string></value></param>`).join('') +
  `</params></methodCall>`;
