/**
 * PaperCut's job-details string, as `api.processJob` and `server-command process-job` take it:
 * comma-separated `name=value` pairs, a pair holding a comma wrapped in double quotes, a quote
 * inside written twice (CSV rules).
 *
 *   parseJobDetails('user=bob,server=papercut,"printer=Library, rear",total-pages=3')
 *
 * Unknown names, repeated names, bad numbers and missing required fields are refused with a
 * message naming the field; nothing is guessed.
 */
import { ValidationError } from '../errors.js';
import { AmountError, parseAmount } from '../accounts/money.js';

export interface JobDetails {
  user: string;
  server: string;
  printer: string;
  /** ISO time, or undefined for now. */
  time?: string;
  /** A cost given by the caller (ten-thousandths) instead of the printer's cost model. */
  cost?: number;
  /** Pages of one copy, and how many of them are in colour (PaperCut's totals divided by copies). */
  pages: number;
  colorPages: number;
  copies: number;
  duplex: boolean;
  documentName: string;
  paperSize: string;
  clientMachine: string;
  /** A shared account to charge instead of the user's account selection. */
  sharedAccount?: string;
  comment: string;
}

const MAX_DETAILS = 8192;
export const MAX_PAGES = 1_000_000;
export const MAX_COPIES = 10_000;

type Field = (value: string, details: JobDetails) => void;

const text =
  (
    key: 'user' | 'server' | 'printer' | 'documentName' | 'paperSize' | 'clientMachine' | 'comment',
    max: number,
  ) =>
  (name: string): Field =>
  (value, details) => {
    if (value.length > max) throw problem(name, `${name} may be at most ${max} characters.`);
    details[key] = value;
  };

const count =
  (key: 'pages' | 'colorPages' | 'copies', max: number, min: number) =>
  (name: string): Field =>
  (value, details) => {
    if (!/^\d{1,9}$/.test(value) || Number(value) < min || Number(value) > max) {
      throw problem(name, `${name} must be a whole number from ${min} to ${max}.`);
    }
    details[key] = Number(value);
  };

const flag =
  (name: string): Field =>
  (value, details) => {
    const lower = value.toLowerCase();
    if (lower !== 'true' && lower !== 'false') throw problem(name, `${name} must be true or false.`);
    details.duplex = lower === 'true';
  };

/** Every field PaperCut's import documents that Quire uses, by name (a Map: names come from outside). */
const FIELDS = new Map<string, (name: string) => Field>([
  ['user', text('user', 200)],
  ['server', text('server', 200)],
  ['printer', text('printer', 200)],
  ['document-name', text('documentName', 1000)],
  ['paper-size-name', text('paperSize', 100)],
  ['client-machine', text('clientMachine', 200)],
  ['comment', text('comment', 500)],
  ['total-pages', count('pages', MAX_PAGES, 1)],
  ['total-color-pages', count('colorPages', MAX_PAGES, 0)],
  ['copies', count('copies', MAX_COPIES, 1)],
  ['duplex', flag],
  [
    'grayscale',
    (name) => (value, details) => {
      const lower = value.toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw problem(name, `${name} must be true or false.`);
      if (lower === 'true') details.colorPages = 0;
      else if (details.colorPages === 0) details.colorPages = -1; // every page, once pages are known
    },
  ],
  [
    'cost',
    (name) => (value, details) => {
      try {
        details.cost = parseAmount(value);
      } catch (error) {
        if (error instanceof AmountError) throw problem(name, `${name}: ${error.message}`);
        throw error;
      }
      if (details.cost < 0) throw problem(name, `${name} may not be negative.`);
    },
  ],
  [
    'time',
    (name) => (value, details) => {
      const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(value);
      const date = match
        ? new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}`)
        : null;
      if (!date || Number.isNaN(date.getTime()))
        throw problem(name, `${name} must be written yyyyMMddTHHmmss.`);
      details.time = date.toISOString();
    },
  ],
  [
    'shared-account',
    (name) => (value, details) => {
      if (value.length > 400) throw problem(name, `${name} may be at most 400 characters.`);
      details.sharedAccount = value;
    },
  ],
]);

function problem(field: string, message: string): ValidationError {
  return new ValidationError({ [field]: message });
}

/** Splits on commas outside double quotes; a doubled quote is a quote, inside quotes or out (PaperCut's examples use both). */
function pairs(input: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < input.length; i += 1) {
    const char = input[i];
    if (char === '"') {
      if (input[i + 1] === '"') {
        current += '"';
        i += 1;
      } else quoted = !quoted;
    } else if (char === ',' && !quoted) {
      out.push(current);
      current = '';
    } else current += char;
  }
  if (quoted) throw problem('jobDetails', 'The job details have a quotation mark that is never closed.');
  out.push(current);
  return out.map((pair) => pair.trim()).filter((pair) => pair !== '');
}

export function parseJobDetails(input: string): JobDetails {
  if (input.length > MAX_DETAILS)
    throw problem('jobDetails', `The job details may be at most ${MAX_DETAILS} characters.`);
  if (/[\u0000-\u001f\u007f]/.test(input)) {
    throw problem('jobDetails', 'The job details may not contain control characters or line breaks.');
  }
  const details: JobDetails = {
    user: '',
    server: '',
    printer: '',
    pages: 1,
    colorPages: 0,
    copies: 1,
    duplex: false,
    documentName: '',
    paperSize: '',
    clientMachine: '',
    comment: '',
  };
  const seen = new Set<string>();
  for (const pair of pairs(input)) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw problem('jobDetails', `"${pair.slice(0, 60)}" is not written name=value.`);
    const name = pair.slice(0, equals).trim().toLowerCase();
    const field = FIELDS.get(name);
    if (!field) throw problem(name.slice(0, 60), `"${name.slice(0, 60)}" is not a job detail Quire knows.`);
    if (seen.has(name)) throw problem(name, `${name} is given twice.`);
    seen.add(name);
    field(name)(pair.slice(equals + 1).trim(), details);
  }
  for (const required of ['user', 'server', 'printer'] as const) {
    if (details[required] === '')
      throw problem(required, `The job details must name the ${required} (${required}=…).`);
  }
  if (details.colorPages === -1) details.colorPages = details.pages;
  if (details.colorPages > details.pages) {
    throw problem('total-color-pages', 'total-color-pages may not be more than total-pages.');
  }
  // PaperCut's totals include every copy: 2 copies of a 5-page document are total-pages=10.
  if (details.pages % details.copies !== 0 || details.colorPages % details.copies !== 0) {
    throw problem(
      'total-pages',
      'total-pages and total-color-pages count every copy, so each must be a multiple of copies.',
    );
  }
  return {
    ...details,
    pages: details.pages / details.copies,
    colorPages: details.colorPages / details.copies,
  };
}
