/**
 * IPP Print-Job over real sockets for the benchmark: the request's attributes encoded by Quire's
 * codec, bodies posted on keep-alive connections (plain node:http, cheap for the client), a large
 * document streamed from a file, and the answers decoded.
 *
 *   const header = printJobHeader(server.origin, 'bench-ipp', 'print.user01', 'Report.pdf');
 *   const ipp = new IppConnections(server.origin, 4);
 *   readAnswer(await ipp.post('/printers/bench-ipp', Buffer.concat([header, pdf])));
 *   // { status: 'successful-ok', jobId: 1, jobState: 3, message: undefined }
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import { pipeline } from 'node:stream/promises';
import { decodeMessage } from '../ipp/encoding/decode.js';
import { encodeMessage } from '../ipp/encoding/encode.js';
import { RESPONSE_LIMITS } from '../ipp/encoding/limits.js';
import { operationCode } from '../ipp/encoding/operations.js';
import { STATUS_NAMES } from '../ipp/encoding/status-codes.js';
import { attribute, charset, mimeMediaType, name, naturalLanguage, uri } from '../ipp/encoding/values.js';
import { now } from './stats.js';

export const queuePath = (queue: string) => `/printers/${encodeURIComponent(queue)}`;

/** A Print-Job's attributes for a PDF from `username` (a trusted print server's requesting-user-name). */
export function printJobHeader(
  origin: string,
  queue: string,
  username: string,
  documentName: string,
): Buffer {
  const host = new URL(origin).host;
  return encodeMessage({
    version: { major: 2, minor: 0 },
    code: operationCode('Print-Job'),
    requestId: 1,
    groups: [
      {
        tag: 'operation',
        attributes: [
          attribute('attributes-charset', charset('utf-8')),
          attribute('attributes-natural-language', naturalLanguage('en')),
          attribute('printer-uri', uri(`ipp://${host}${queuePath(queue)}`)),
          attribute('requesting-user-name', name(username)),
          attribute('job-name', name(documentName)),
          attribute('document-format', mimeMediaType('application/pdf')),
        ],
      },
    ],
  });
}

export interface PrintJobAnswer {
  status: string | undefined;
  jobId: number | undefined;
  jobState: number | undefined;
  message: string | undefined;
}

export function readAnswer(bytes: Buffer): PrintJobAnswer {
  const { message } = decodeMessage(bytes, RESPONSE_LIMITS);
  const value = (group: string, attributeName: string) =>
    message.groups.find((g) => g.tag === group)?.attributes.find((a) => a.name === attributeName)?.values[0];
  const number = (group: string, attributeName: string) => {
    const found = value(group, attributeName);
    return found && 'value' in found && typeof found.value === 'number' ? found.value : undefined;
  };
  const text = value('operation', 'status-message');
  return {
    status: STATUS_NAMES.get(message.code),
    jobId: number('job', 'job-id'),
    jobState: number('job', 'job-state'),
    message: text && 'value' in text && typeof text.value === 'string' ? text.value : undefined,
  };
}

function answerOf(request: http.ClientRequest): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    request.once('error', reject);
    request.once('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('error', reject);
      response.once('end', () => {
        if (response.statusCode !== 200)
          reject(new Error(`HTTP ${response.statusCode}: ${Buffer.concat(chunks).toString('utf8', 0, 300)}`));
        else resolve(Buffer.concat(chunks));
      });
    });
  });
}

const ippHeaders = (length: number) => ({ 'content-type': 'application/ipp', 'content-length': length });

/** `connections` keep-alive connections to one server, each carrying one request at a time. */
export class IppConnections {
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(origin: string, connections: number) {
    this.url = new URL(origin);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  }

  post(path: string, body: Buffer): Promise<Buffer> {
    const request = http.request({
      host: this.url.hostname,
      port: this.url.port,
      method: 'POST',
      path,
      agent: this.agent,
      headers: ippHeaders(body.length),
    });
    const answer = answerOf(request);
    request.end(body);
    return answer;
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * One Print-Job on a connection of its own: `header`, then the file streamed from disk. `ms` runs
 * from the first byte sent to the whole answer received.
 */
export async function sendFile(
  origin: string,
  path: string,
  header: Buffer,
  file: string,
): Promise<{ answer: PrintJobAnswer; ms: number; bytes: number }> {
  const url = new URL(origin);
  const { size } = await stat(file);
  const request = http.request({
    host: url.hostname,
    port: url.port,
    method: 'POST',
    path,
    agent: false,
    headers: ippHeaders(header.length + size),
  });
  const answer = answerOf(request);
  const t0 = now();
  request.write(header);
  // Whichever comes first: the server may answer (and refuse) before the whole body is sent.
  const sent = pipeline(createReadStream(file, { highWaterMark: 1024 * 1024 }), request);
  const bytes = await answer;
  const ms = now() - t0;
  await sent.catch(() => undefined);
  return { answer: readAnswer(bytes), ms, bytes: header.length + size };
}
