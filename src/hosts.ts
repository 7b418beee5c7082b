/**
 * Host names that name this machine. Plain http:// is accepted only for them (the tests' local
 * identity providers and directory servers), and an HTTP→HTTPS redirect may keep only them from a
 * request's Host header.
 *
 *   isLoopbackHost(new URL('http://127.0.0.1:8080').hostname); // true
 */
export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    hostname === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}
