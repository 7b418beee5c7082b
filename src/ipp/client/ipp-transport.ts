/**
 * Sends one IPP request to a printer and reads its answer (RFC 8010 §4: IPP over HTTP POST,
 * `application/ipp`). `ipp://host/path` is HTTP on port 631 unless the URI names another,
 * `ipps://` is HTTPS on 443. A document file follows the attributes, streamed from disk (with a
 * Content-Length: some printers mishandle chunked requests), never held in memory. The answer is read with the strict codec under RESPONSE_LIMITS and the
 * rest of the body discarded.
 *
 *   const answer = await sendIpp('ipp://printer.example.org/ipp/print', request, { document: file });
 *   answer.code // status-code; isSuccessful(answer.code)
 *
 * ipps: the printer's certificate is NOT verified. Printers and CUPS servers ship self-signed
 * certificates that nothing could check; ipps then still keeps the document private on the wire
 * from passive listeners, but not from someone who can redirect the connection. Point Quire at
 * printers over a network you trust (docs/printing.md).
 *
 * Failures to talk to the printer at all (refused, reset, timed out, not HTTP 200, not an IPP
 * answer) are IppTransportError: the forwarder treats them as "printer down" and tries again.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream/promises';
import { encodeMessage } from '../encoding/encode.js';
import { IppError } from '../encoding/ipp-error.js';
import { RESPONSE_LIMITS } from '../encoding/limits.js';
import type { IppMessage } from '../encoding/model.js';
import { readMessage } from '../encoding/stream.js';

/** Why a request got no IPP answer. */
export type TransportFailure = 'refused' | 'timeout' | 'network' | 'http' | 'malformed' | 'aborted';

export class IppTransportError extends Error {
  constructor(
    readonly failure: TransportFailure,
    message: string,
  ) {
    super(message);
    this.name = 'IppTransportError';
  }
}

export interface SendOptions {
  /** A file sent after the attributes (Print-Job, Send-Document). */
  document?: string;
  /** No byte sent or received for this long ends the request (default 30 s). */
  idleTimeoutMs?: number;
  /** Cancels the request (the server shutting down). */
  signal?: AbortSignal;
}

const DEFAULT_PORTS: ReadonlyMap<string, number> = new Map([
  ['ipp:', 631],
  ['ipps:', 443],
]);

/** The HTTP request a printer URI stands for; throws for anything but ipp:// and ipps://. */
export function httpTarget(uri: string): { secure: boolean; host: string; port: number; path: string } {
  const url = new URL(uri);
  const port = DEFAULT_PORTS.get(url.protocol);
  if (port === undefined) throw new IppTransportError('malformed', `Not an ipp:// or ipps:// URI: ${uri}`);
  return {
    secure: url.protocol === 'ipps:',
    // URL keeps brackets around IPv6 literals; http.request wants the bare address.
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? port : Number(url.port),
    path: `${url.pathname || '/'}${url.search}`,
  };
}

function describe(error: unknown): IppTransportError {
  if (error instanceof IppTransportError) return error;
  const code = (error as { code?: string }).code ?? '';
  const text = error instanceof Error ? error.message : String(error);
  if (code === 'ECONNREFUSED')
    return new IppTransportError('refused', `The printer refused the connection (${text}).`);
  if (code === 'ABORT_ERR' || (error as Error).name === 'AbortError')
    return new IppTransportError('aborted', 'The request was cancelled.');
  return new IppTransportError('network', `The printer could not be reached: ${text}`);
}

export async function sendIpp(
  uri: string,
  request: IppMessage,
  options: SendOptions = {},
): Promise<IppMessage> {
  const target = httpTarget(uri);
  const idle = options.idleTimeoutMs ?? 30_000;
  const attributes = encodeMessage(request);
  const documentSize = options.document ? (await stat(options.document)).size : 0;
  const requestOptions: https.RequestOptions = {
    method: 'POST',
    host: target.host,
    port: target.port,
    path: target.path,
    headers: {
      'Content-Type': 'application/ipp',
      'Content-Length': attributes.length + documentSize,
    },
    agent: false,
    signal: options.signal,
    timeout: idle,
    // Self-signed printer certificates: see the comment at the top.
    ...(target.secure ? { rejectUnauthorized: false } : {}),
  };
  const req = (target.secure ? https : http).request(requestOptions);
  req.on('timeout', () =>
    req.destroy(new IppTransportError('timeout', `The printer did not answer within ${idle / 1000} s.`)),
  );
  const answered = new Promise<http.IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  try {
    req.write(attributes);
    let sent = Promise.resolve();
    if (options.document) sent = pipeline(createReadStream(options.document), req);
    else req.end();
    // A printer may answer before the whole document is sent (busy, format refused) and close:
    // its answer counts, not the broken upload.
    sent.catch(() => undefined);
    const response = await Promise.race([answered, sent.then(() => answered)]);
    try {
      return await readAnswer(response);
    } finally {
      response.destroy();
    }
  } catch (error) {
    req.destroy();
    throw describe(error);
  }
}

async function readAnswer(response: http.IncomingMessage): Promise<IppMessage> {
  const status = response.statusCode ?? 0;
  if (status !== 200)
    throw new IppTransportError(
      'http',
      `The printer answered HTTP ${status} ${response.statusMessage ?? ''}`.trim(),
    );
  try {
    return await readMessage(response, RESPONSE_LIMITS);
  } catch (error) {
    if (error instanceof IppError)
      throw new IppTransportError('malformed', `The printer's answer is not valid IPP: ${error.message}`);
    throw error;
  }
}
