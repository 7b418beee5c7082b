/**
 * Reading the answers of a cloud directory (Microsoft Graph, Google's Directory API) without
 * trusting their size or their Retry-After: shared by graph.transport.ts and google.transport.ts.
 *
 *   const text = await readBoundedText(response, MAX_RESPONSE_BYTES, 'Microsoft Graph (reading users)');
 *   const waitMs = retryAfterMs(response.headers.get('retry-after')) ?? backoffMs;
 */
import { SourceError } from '../errors.js';

/** No page of users or token answer comes near this; a larger body is refused rather than held in memory. */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** "32 MiB", "64 KiB": a limit as an administrator reads it. */
export function sizeLabel(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/**
 * The body as UTF-8 text, read as a stream and abandoned as soon as it passes `maxBytes` (a
 * Content-Length above the limit is refused before reading): a misconfigured or hostile endpoint
 * cannot make the server buffer gigabytes. Throws a SourceError naming `what`.
 */
export async function readBoundedText(response: Response, maxBytes: number, what: string): Promise<string> {
  const tooLarge = () =>
    new SourceError(`The response from ${what} was larger than ${sizeLabel(maxBytes)}; it was not read.`);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Retry-After as milliseconds: delay-seconds or an HTTP-date (RFC 9110 §10.2.3); null when absent
 * or unreadable, so that the caller backs off instead of retrying at once.
 */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  const value = header?.trim() ?? '';
  if (value === '') return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Only a date-like value: Date.parse would also read "1.5" or "-3" as some date.
  if (!/[a-z]/i.test(value)) return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
