/**
 * Quire as an IPP client of a real printer or a CUPS queue: the four operations the forwarder
 * needs, each one request (ipp-transport.ts) answered with plain values.
 *
 *   const printer = createPrinterClient('ipp://printer.example.org/ipp/print');
 *   const sent = await printer.printJob({ file, format: 'application/pdf', jobName: 'Essay.pdf', userName: 'alice' });
 *   if (sent.ok) await printer.getJob(sent.jobId); // { state: 'completed', impressionsCompleted: 3, … }
 *
 * Print-Job, not Create-Job + Send-Document: every IPP printer must support Print-Job (RFC 8011
 * §4.2.1; Create-Job is optional), it is one request to retry as a whole, and a printer that is
 * busy or refuses the format says so before taking any of the job. The printer chooses what it
 * cannot honour (ipp-attribute-fidelity false): a job is never refused over a missing finishing.
 */
import type { IppAttribute, IppMessage, IppValue } from '../encoding/model.js';
import type { GroupName } from '../encoding/tags.js';
import { operationCode, type OperationName } from '../encoding/operations.js';
import { isSuccessful, STATUS_NAMES } from '../encoding/status-codes.js';
import {
  attribute,
  boolean,
  charset,
  findAttribute,
  integer,
  keyword,
  mimeMediaType,
  name,
  naturalLanguage,
  range,
  uri,
} from '../encoding/values.js';
import { sendIpp, type SendOptions } from './ipp-transport.js';

/** An answer that is not successful-ok: its status keyword (or hex code) and message. */
export interface IppRefusal {
  ok: false;
  status: string;
  message: string;
}

export interface PrinterStatus {
  state: 'idle' | 'processing' | 'stopped' | 'unknown';
  /** printer-state-reasons keywords, 'none' left out. */
  reasons: string[];
  message: string;
  formats: string[];
}

/** IPP job-state enum values (RFC 8011 §5.3.7). */
export type RemoteJobState =
  'pending' | 'pending-held' | 'processing' | 'processing-stopped' | 'canceled' | 'aborted' | 'completed';

const JOB_STATES: ReadonlyMap<number, RemoteJobState> = new Map([
  [3, 'pending'],
  [4, 'pending-held'],
  [5, 'processing'],
  [6, 'processing-stopped'],
  [7, 'canceled'],
  [8, 'aborted'],
  [9, 'completed'],
]);
const PRINTER_STATES = new Map([
  [3, 'idle'],
  [4, 'processing'],
  [5, 'stopped'],
] as const);

export interface RemoteJob {
  state: RemoteJobState;
  reasons: string[];
  message: string;
  /** job-impressions-completed, when the printer reports it. */
  impressionsCompleted: number | null;
  jobName: string;
  userName: string;
}

export interface PrintRequest {
  file: string;
  format: string;
  jobName: string;
  userName: string;
  copies?: number;
  sides?: string;
  media?: string;
  colorMode?: string;
  pageRanges?: readonly { lower: number; upper: number }[];
  numberUp?: number;
}

export type Answer<T> = ({ ok: true } & T) | IppRefusal;

let nextRequestId = 1;

function attributes(values: Record<string, IppValue | IppValue[]>): IppAttribute[] {
  return Object.entries(values).map(([key, value]) =>
    attribute(key, ...(Array.isArray(value) ? value : [value])),
  );
}

function texts(message: IppMessage, group: GroupName, attr: string): string[] {
  return (findAttribute(message, group, attr)?.values ?? []).flatMap((value) =>
    'value' in value && typeof value.value === 'string'
      ? [value.value]
      : value.tag === 'textWithLanguage' || value.tag === 'nameWithLanguage'
        ? [value.value.text]
        : [],
  );
}

function numberOf(message: IppMessage, group: GroupName, attr: string): number | null {
  const value = findAttribute(message, group, attr)?.values[0];
  return value && (value.tag === 'integer' || value.tag === 'enum') ? value.value : null;
}

function refusal(message: IppMessage): IppRefusal {
  return {
    ok: false,
    status: STATUS_NAMES.get(message.code) ?? `0x${message.code.toString(16).padStart(4, '0')}`,
    message: texts(message, 'operation', 'status-message')[0] ?? '',
  };
}

export function createPrinterClient(printerUri: string, transport: Omit<SendOptions, 'document'> = {}) {
  /** One request: operation attributes (charset, language, printer-uri first), then the rest. */
  async function call(
    operation: OperationName,
    operationAttributes: Record<string, IppValue | IppValue[]>,
    jobAttributes: Record<string, IppValue | IppValue[]> = {},
    document?: string,
  ): Promise<IppMessage> {
    const op = [
      attribute('attributes-charset', charset('utf-8')),
      attribute('attributes-natural-language', naturalLanguage('en')),
      attribute('printer-uri', uri(printerUri)),
      ...attributes(operationAttributes),
    ];
    const job = attributes(jobAttributes);
    return sendIpp(
      printerUri,
      {
        version: { major: 2, minor: 0 },
        code: operationCode(operation),
        requestId: (nextRequestId = (nextRequestId % 0x7fffffff) + 1),
        groups: [
          { tag: 'operation', attributes: op },
          ...(job.length ? [{ tag: 'job' as const, attributes: job }] : []),
        ],
      },
      { ...transport, document },
    );
  }

  return {
    uri: printerUri,

    async getPrinter(): Promise<Answer<PrinterStatus>> {
      const full = await call('Get-Printer-Attributes', {
        'requested-attributes': [
          'printer-state',
          'printer-state-reasons',
          'printer-state-message',
          'document-format-supported',
        ].map(keyword),
      });
      if (!isSuccessful(full.code)) return refusal(full);
      const state = numberOf(full, 'printer', 'printer-state');
      return {
        ok: true,
        state: (state !== null && PRINTER_STATES.get(state as 3 | 4 | 5)) || 'unknown',
        reasons: texts(full, 'printer', 'printer-state-reasons').filter((reason) => reason !== 'none'),
        message: texts(full, 'printer', 'printer-state-message')[0] ?? '',
        formats: texts(full, 'printer', 'document-format-supported'),
      };
    },

    async printJob(job: PrintRequest): Promise<Answer<{ jobId: number }>> {
      const template: Record<string, IppValue | IppValue[]> = {};
      if (job.copies !== undefined && job.copies > 1) template.copies = integer(job.copies);
      if (job.sides && job.sides !== 'one-sided') template.sides = keyword(job.sides);
      if (job.media) template.media = keyword(job.media);
      if (job.colorMode && job.colorMode !== 'auto') template['print-color-mode'] = keyword(job.colorMode);
      if (job.numberUp !== undefined && job.numberUp > 1) template['number-up'] = integer(job.numberUp);
      if (job.pageRanges?.length)
        template['page-ranges'] = job.pageRanges.map((r) => range(r.lower, r.upper));
      const answer = await call(
        'Print-Job',
        {
          'requesting-user-name': name(job.userName),
          'job-name': name(job.jobName),
          'ipp-attribute-fidelity': boolean(false),
          'document-format': mimeMediaType(job.format),
        },
        template,
        job.file,
      );
      const jobId = numberOf(answer, 'job', 'job-id');
      if (!isSuccessful(answer.code)) return refusal(answer);
      if (jobId === null) return { ok: false, status: 'malformed', message: 'The printer gave no job-id.' };
      return { ok: true, jobId };
    },

    /** `userName`: whose job it is (a CUPS server shows a job's name and owner to its owner only). */
    async getJob(jobId: number, userName?: string): Promise<Answer<RemoteJob>> {
      const answer = await call('Get-Job-Attributes', {
        'job-id': integer(jobId),
        ...(userName ? { 'requesting-user-name': name(userName) } : {}),
      });
      if (!isSuccessful(answer.code)) return refusal(answer);
      const state = JOB_STATES.get(numberOf(answer, 'job', 'job-state') ?? 0);
      if (!state) return { ok: false, status: 'malformed', message: 'The printer gave no job-state.' };
      return {
        ok: true,
        state,
        reasons: texts(answer, 'job', 'job-state-reasons').filter((reason) => reason !== 'none'),
        message: texts(answer, 'job', 'job-state-message')[0] ?? '',
        impressionsCompleted: numberOf(answer, 'job', 'job-impressions-completed'),
        jobName: texts(answer, 'job', 'job-name')[0] ?? '',
        userName: texts(answer, 'job', 'job-originating-user-name')[0] ?? '',
      };
    },

    async cancelJob(jobId: number, userName: string): Promise<Answer<object>> {
      const answer = await call('Cancel-Job', {
        'job-id': integer(jobId),
        'requesting-user-name': name(userName),
      });
      return isSuccessful(answer.code) ? { ok: true } : refusal(answer);
    },
  };
}

export type PrinterClient = ReturnType<typeof createPrinterClient>;
