/**
 * What a printer's queue does with the jobs sent to it: where it forwards them (an `ipp://` or
 * `ipps://` destination: a printer or a CUPS queue), whether it holds them until released, and how
 * it learns who is printing. Also the addresses clients print to (`ipp://HOST:PORT/printers/NAME`).
 *
 *   queueSettingProblems({ destination_uri: 'http://x' }) // { destination_uri: 'The destination must …' }
 *   queueUrls({ publicUrl: 'https://print.example.org', port: 9191, httpsPort: 9192 }, 'library')
 *   // { ipp: 'ipp://print.example.org:9191/printers/library', ipps: 'ipps://print.example.org:9192/printers/library' }
 */
import type { QueueAuth } from '../db/accounting.schema.js';
import { textProblem } from '../text.js';
import type { PrinterSettings } from './printers.repository.js';

const MAX_URI = 1000;
const DESTINATION_SCHEMES = new Set(['ipp:', 'ipps:']);

/** The ways a queue identifies the user, with what each means (for `--auth` and forms). */
export const QUEUE_AUTH_MODES: ReadonlyMap<string, QueueAuth> = new Map([
  ['basic', 'basic'],
  ['trusted', 'trusted'],
]);

/** Why a destination URI is refused, or null ('' is fine: jobs wait until one is set). */
export function destinationProblem(uri: string): string | null {
  if (uri === '') return null;
  if (uri.length > MAX_URI) return `The destination is at most ${MAX_URI} characters.`;
  if (textProblem(uri, { singleLine: true }) || /\s/.test(uri))
    return 'The destination may not contain spaces or control characters.';
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'The destination must be an ipp:// or ipps:// address, such as ipp://printer.example.org/ipp/print.';
  }
  if (!DESTINATION_SCHEMES.has(url.protocol) || url.hostname === '')
    return 'The destination must be an ipp:// or ipps:// address, such as ipp://printer.example.org/ipp/print.';
  // A password in the URI would be shown wherever the destination is (CLI, Admin Console, audit log).
  if (url.username !== '' || url.password !== '')
    return 'The destination may not hold a user name or password.';
  return null;
}

/** Problems with the queue settings among `settings`, by field (none: an empty object). */
export function queueSettingProblems(settings: PrinterSettings): Record<string, string> {
  const problems: Record<string, string> = {};
  if (settings.destination_uri !== undefined) {
    const problem = destinationProblem(settings.destination_uri);
    if (problem) problems.destination_uri = problem;
  }
  if (settings.hold_jobs !== undefined && settings.hold_jobs !== 0 && settings.hold_jobs !== 1)
    problems.hold_jobs = 'Hold jobs is on or off.';
  if (settings.auth_mode !== undefined && !QUEUE_AUTH_MODES.has(settings.auth_mode))
    problems.auth_mode = 'Users are identified by basic (a password) or trusted (a trusted print server).';
  return problems;
}

/** Where Quire serves IPP: the public URL's host, on the HTTP and HTTPS ports. */
export interface IppAddress {
  publicUrl: string;
  port: number;
  /** null when HTTPS is off. */
  httpsPort: number | null;
}

/** The addresses a client prints to this queue at: `ipp://` always, `ipps://` when HTTPS is on. */
export function queueUrls(address: IppAddress, queueName: string): { ipp: string; ipps: string | null } {
  const host = new URL(address.publicUrl).hostname;
  const path = `/printers/${encodeURIComponent(queueName)}`;
  return {
    ipp: `ipp://${host}:${address.port}${path}`,
    ipps: address.httpsPort === null ? null : `ipps://${host}:${address.httpsPort}${path}`,
  };
}
