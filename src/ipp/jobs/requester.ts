/**
 * Who sends a job or asks about one, by the queue's identification (docs/printing.md):
 *
 * - `basic`: HTTP Basic credentials, checked exactly like a sign-in (internal password or directory
 *   bind, throttled, audited), and never taken over plain HTTP except from this machine (loopback):
 *   a password crosses the network only inside TLS (ipps://). Without credentials the answer is
 *   HTTP 401 with a Basic challenge, which IPP clients (CUPS, Windows, macOS) answer by asking for
 *   them. A success is remembered for a minute (by a salted hash of the credentials), since an IPP
 *   client repeats them on every request of a job, and a print job should not cost a dozen argon2id
 *   verifications.
 * - `trusted`: the requesting-user-name a print server in Options → Printing → Trusted print
 *   servers sends on its users' behalf; from any other address the request is refused.
 *
 *   const { username } = await identify(context); // IppError otherwise
 */
import { createHash, randomBytes } from 'node:crypto';
import { isAddressAllowed } from '../../api-tokens/allowed-addresses.js';
import { SignInError } from '../../auth/auth.service.js';
import { IppError } from '../encoding/ipp-error.js';
import type { PrinterOperationContext } from '../printer-operation.js';

/** Refused until the client authenticates: HTTP 401 with this challenge (RFC 8010 §8.1). */
export class IppChallenge extends IppError {
  readonly challenge = 'Basic realm="Quire print queues", charset="UTF-8"';
}

const LOOPBACK = '127.0.0.0/8, ::1';
const REMEMBERED_MS = 60_000;
const MAX_REMEMBERED = 10_000;
const salt = randomBytes(32);
const remembered = new Map<string, { username: string; until: number }>();

function rememberKey(authorization: string): string {
  return createHash('sha256').update(salt).update(authorization).digest('base64');
}

function remember(key: string, username: string, now: number): void {
  if (remembered.size >= MAX_REMEMBERED) {
    for (const [old, entry] of remembered) if (entry.until <= now) remembered.delete(old);
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
  }
  remembered.set(key, { username, until: now + REMEMBERED_MS });
}

/** Forgets every remembered credential (tests; a password change takes effect within a minute anyway). */
export function forgetRememberedCredentials(): void {
  remembered.clear();
}

/** The user name and password of a Basic Authorization header, or undefined. */
function basicCredentials(header: string | undefined): { username: string; password: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]{1,2000})$/i.exec(header?.trim() ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

async function byPassword(context: PrinterOperationContext): Promise<string> {
  const { request, caller } = context;
  if (!context.secure && !isAddressAllowed(caller.ip, LOOPBACK))
    throw new IppError(
      'client-error-not-authorized',
      'This queue asks for a password, which is only accepted over ipps:// (TLS); print to the ipps:// address.',
      request.header,
    );
  const credentials = basicCredentials(caller.authorization);
  if (!credentials)
    throw new IppChallenge(
      'client-error-not-authenticated',
      'Log in with your user name and password to print on this queue.',
      request.header,
    );
  const key = rememberKey(caller.authorization!);
  const now = Date.now();
  const known = remembered.get(key);
  if (known && known.until > now) return known.username;
  try {
    const user = await context.services.auth.signIn({ ...credentials, ip: caller.ip });
    remember(key, user.username, now);
    return user.username;
  } catch (error) {
    if (!(error instanceof SignInError)) throw error;
    if (error.status === 401)
      throw new IppChallenge('client-error-not-authenticated', error.message, request.header);
    // Not the user's fault, and over soon: the client tries again later.
    if (error.status === 429) throw new IppError('server-error-busy', error.message, request.header);
    if (error.status === 503)
      throw new IppError('server-error-service-unavailable', error.message, request.header);
    throw new IppError('client-error-not-authorized', error.message, request.header);
  }
}

async function byTrustedServer(context: PrinterOperationContext): Promise<string> {
  const { request, caller } = context;
  const { printServerAddresses } = await context.services.settings.get();
  if (!isAddressAllowed(caller.ip, printServerAddresses))
    throw new IppError(
      'client-error-not-authorized',
      'This queue takes jobs only through the organisation’s print server.',
      request.header,
    );
  const [value] = request.operation.get('requesting-user-name')?.values ?? [];
  const username =
    value?.tag === 'nameWithoutLanguage' || value?.tag === 'nameWithLanguage'
      ? typeof value.value === 'string'
        ? value.value
        : value.value.text
      : '';
  if (username.trim() === '')
    throw new IppError(
      'client-error-not-authenticated',
      'The print server did not say who is printing (requesting-user-name).',
      request.header,
    );
  return username;
}

/** The user a request is from, identified the queue's way; an IppError when it cannot be. */
export async function identify(context: PrinterOperationContext): Promise<string> {
  return context.printer.auth_mode === 'trusted' ? byTrustedServer(context) : byPassword(context);
}
