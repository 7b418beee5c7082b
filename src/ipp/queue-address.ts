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

/** The queue a printer-uri names, or undefined when it names none. */
export function queueNameOf(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  if (!SCHEMES.has(url.protocol) || !url.pathname.startsWith(QUEUE_PATH_PREFIX)) return undefined;
  const encoded = url.pathname.slice(QUEUE_PATH_PREFIX.length);
  if (encoded === '') return undefined;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}
