/**
 * A print queue's address: the path /printers/<name> on Quire's HTTP and HTTPS ports, which IPP
 * clients write ipp://host:9191/printers/<name> or ipps://host:9192/printers/<name> (http:// and
 * https:// name the same queue). The name is a printer's name, percent-encoded.
 *
 *   queueUri('print.example.org:9191', false, 'Library Mono'); // ipp://print.example.org:9191/printers/Library%20Mono
 *   queueNameOf('ipps://print.example.org/printers/Library%20Mono'); // 'Library Mono'
 */
export const QUEUE_PATH_PREFIX = '/printers/';

const SCHEMES = new Set(['ipp:', 'ipps:', 'http:', 'https:']);

/** A Host header fit to write into a URI: a name or bracketed IPv6 address, an optional port. */
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?$/;

export function queuePath(name: string): string {
  return `${QUEUE_PATH_PREFIX}${encodeURIComponent(name)}`;
}

/**
 * The queue URI for a client connected to `host` (its Host header, as PAPPL and CUPS answer with
 * the name the client used), or to the public URL's host when the header is missing or odd.
 */
export function queueUri(host: string | undefined, secure: boolean, name: string, publicUrl: string): string {
  const authority = host && host.length <= 255 && HOST.test(host) ? host : new URL(publicUrl).host;
  return `${secure ? 'ipps' : 'ipp'}://${authority}${queuePath(name)}`;
}

/** What a queue path names: the queue, and a job of it (`/printers/<name>/<job-id>`, a job-uri). */
export interface QueueTarget {
  readonly queue: string;
  readonly jobId?: number;
}

/** The queue (and job) a path under /printers/ names, or undefined when it names none. */
export function parseQueuePath(pathname: string): QueueTarget | undefined {
  if (!pathname.startsWith(QUEUE_PATH_PREFIX)) return undefined;
  const [encoded = '', job, ...more] = pathname.slice(QUEUE_PATH_PREFIX.length).split('/');
  if (encoded === '' || more.length > 0) return undefined;
  if (job !== undefined && !/^[1-9]\d{0,9}$/.test(job)) return undefined;
  try {
    return { queue: decodeURIComponent(encoded), ...(job === undefined ? {} : { jobId: Number(job) }) };
  } catch {
    return undefined;
  }
}

/** The queue (and job) a printer-uri or job-uri names, or undefined when it names none. */
export function queueTargetOf(uri: string): QueueTarget | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  return SCHEMES.has(url.protocol) ? parseQueuePath(url.pathname) : undefined;
}

/** The queue a printer-uri names, or undefined when it names none (or names a job). */
export function queueNameOf(uri: string): string | undefined {
  const target = queueTargetOf(uri);
  return target && target.jobId === undefined ? target.queue : undefined;
}
