/**
 * The file formats of PaperCut NG/MF's three user batch imports, read line by line without a
 * database: each line becomes a record or a short reason it was refused. Columns are separated by
 * one Tab character, one user per line, no header line. Blank lines and lines starting with `#` are
 * skipped; a UTF-8 byte-order mark is removed; Windows (CRLF) and Unix (LF) line ends both work.
 * The file must be UTF-8; a UTF-16 file (Excel's "Unicode Text") is refused with a message saying so.
 *
 * In the examples below ⇥ stands for one Tab character.
 *
 * Internal users (`batch-import-internal-users`, `api.batchImportInternalUsers`) — username and
 * password required, then PaperCut's optional columns: credit balance, restricted, full name,
 * email, department, office, primary card/ID, card PIN, notes, secondary card/ID, home folder:
 *
 *   # username⇥password⇥balance⇥restricted⇥full name⇥email⇥department⇥office⇥card⇥PIN⇥notes
 *   jsmith⇥Correct-Horse-42⇥⇥⇥John Smith⇥jsmith@example.org⇥Science⇥Room 4⇥100234⇥4711⇥Visitor
 *   guest01⇥Tulip-Lantern-9
 *
 * User batch import and update (Users → Batch import, `api.batchImportUsers`) — username, then
 * credit balance, restricted, full name, email, department, office, primary card/ID, card PIN,
 * notes, secondary card/ID, other emails, username alias, home folder, and Quire's expiry date
 * (YYYY-MM-DD, or "never" to clear it; also last in the internal-users file). An empty column
 * leaves that detail unchanged:
 *
 *   # username⇥balance⇥restricted⇥full name⇥email⇥department⇥office⇥card⇥PIN⇥notes⇥card 2
 *   jsmith⇥10.00⇥N⇥John Smith⇥jsmith@example.org⇥Science⇥Room 4⇥100234⇥⇥⇥E55A21
 *   amiller⇥⇥⇥⇥amiller@example.org
 *
 * Card/ID numbers (`batch-import-user-card-id-numbers`, `api.batchImportUserCardIdNumbers`) —
 * username, primary card/ID number, optional card PIN:
 *
 *   jsmith⇥100234
 *   amiller⇥100235⇥4711
 *
 * The credit balance (a decimal such as 10.00; it sets the balance, as in PaperCut) and the
 * restricted status (Y or N) are checked here and stored through the accounts service after the
 * users are written (batch-import.service.ts). Quire keeps no aliases, other emails or home folders
 * from a file: those columns are accepted, never validated, and named once in `ignoredColumns` on
 * the first line that fills them.
 *
 *   for await (const row of parseBatchLines(createReadStream(path), 'card-numbers')) {
 *     if (row.ok) await setCard(row.record); else report(row.line, row.reason);
 *   }
 *
 * Column orders follow PaperCut's manual, "Batch import and update user data"
 * (papercut.com/help/manuals/ng-mf/applicationserver/user-import-update), whose list of updatable
 * data is in column order, and PaperCut's knowledge-base article "Batch User Import/Update Example
 * .tsv files" (papercut.com/kb/Main/BatchUserImportUpdateExamples), which lists the internal-user
 * fields as the user fields with Password second (a reseller's copy of the internal-user manual
 * page numbers them 1 Username, 2 Password, 3 Credit Balance, 4 Restricted Status, 5 Full Name).
 * The article's lists leave out Email, the manual puts it after Full name; the manual is followed.
 * The issue we work from listed internal-user columns without balance and restricted; PaperCut's
 * order is used instead so that a file written for PaperCut imports into Quire unchanged. The
 * card file's third column is a PIN, not a second card number: PaperCut's card/ID page says that
 * import updates "card/ID numbers and optionally ... PINs".
 */
import { AmountError, parseAmount } from '../accounts/money.js';
import type { Problem } from '../i18n/local-text.js';
import { EXPIRY_DATE_PROBLEM, parseExpiryDate } from './account-expiry.js';
import { cleanDetails, type UserDetails } from './user-details.js';
import { newUsernameProblem, normalizeNewUsername, normalizeUsername, usernameProblem } from './username.js';

export type BatchFormat = 'internal-users' | 'user-update' | 'card-numbers';
export const BATCH_FORMAT_NAMES: readonly BatchFormat[] = ['internal-users', 'user-update', 'card-numbers'];

/** The account columns: the balance to set (ten-thousandths) and the restriction, when given. */
export interface AccountColumns {
  balance?: number;
  restricted?: boolean;
  /** The account's last day ('YYYY-MM-DD'); '' when the file says "never" (the expiry is cleared). */
  expiryDate?: string;
}

/** Detail fields are undefined when their column is missing or empty: "not given". */
export interface InternalUserRecord extends UserDetails, AccountColumns {
  username: string;
  password: string;
  pin?: string;
}

/** Only the fields the line fills are defined; undefined means "leave unchanged". */
export interface UserUpdateRecord extends UserDetails, AccountColumns {
  username: string;
  pin?: string;
}

export interface CardNumberRecord {
  username: string;
  cardNumber: string;
  pin?: string;
}

export interface BatchRecords {
  'internal-users': InternalUserRecord;
  'user-update': UserUpdateRecord;
  'card-numbers': CardNumberRecord;
}

export type BatchLine<R> =
  | {
      line: number;
      ok: true;
      record: R;
      /** Labels of columns Quire does not store, each named on the first line that fills it. */
      ignoredColumns?: string[];
    }
  | { line: number; ok: false; reason: string };

/** Longest accepted line in bytes, line end excluded. Longer lines are refused, not buffered. */
export const MAX_LINE_BYTES = 64 * 1024;

type Field = 'username' | 'password' | 'pin' | 'balance' | 'restricted' | 'expiryDate' | keyof UserDetails;

/** `field: null` marks a PaperCut column Quire accepts and ignores. */
interface Column {
  label: string;
  field: Field | null;
}

const USERNAME: Column = { label: 'Username', field: 'username' };
const PASSWORD: Column = { label: 'Password', field: 'password' };
const BALANCE: Column = { label: 'Credit balance', field: 'balance' };
const RESTRICTED: Column = { label: 'Restricted status', field: 'restricted' };
const FULL_NAME: Column = { label: 'Full name', field: 'fullName' };
const EMAIL: Column = { label: 'Email', field: 'email' };
const DEPARTMENT: Column = { label: 'Department', field: 'department' };
const OFFICE: Column = { label: 'Office', field: 'office' };
const CARD: Column = { label: 'Primary card/ID number', field: 'cardNumber' };
const PIN: Column = { label: 'Card/ID PIN', field: 'pin' };
const NOTES: Column = { label: 'Notes', field: 'notes' };
const CARD2: Column = { label: 'Secondary card/ID number', field: 'cardNumber2' };
const OTHER_EMAILS: Column = { label: 'Other email addresses', field: null };
const ALIAS: Column = { label: 'Username alias', field: null };
const HOME_FOLDER: Column = { label: 'Home folder', field: null };
/** Quire's own last column (PaperCut has none for it): a guest or visitor account's last day. */
const EXPIRY: Column = { label: 'Expiry date', field: 'expiryDate' };

/** Column order of each format, and how many leading columns every line must have. */
export const BATCH_FORMATS: Record<BatchFormat, { columns: readonly Column[]; required: number }> = {
  'internal-users': {
    columns: [
      USERNAME,
      PASSWORD,
      BALANCE,
      RESTRICTED,
      FULL_NAME,
      EMAIL,
      DEPARTMENT,
      OFFICE,
      CARD,
      PIN,
      NOTES,
      CARD2,
      HOME_FOLDER,
      EXPIRY,
    ],
    required: 2,
  },
  'user-update': {
    columns: [
      USERNAME,
      BALANCE,
      RESTRICTED,
      FULL_NAME,
      EMAIL,
      DEPARTMENT,
      OFFICE,
      CARD,
      PIN,
      NOTES,
      CARD2,
      OTHER_EMAILS,
      ALIAS,
      HOME_FOLDER,
      EXPIRY,
    ],
    required: 1,
  },
  'card-numbers': { columns: [USERNAME, CARD, PIN], required: 2 },
};

const BOM = [0xef, 0xbb, 0xbf];
const LF = 0x0a;

/**
 * Parses a batch file as it streams in, one result per non-blank, non-comment line, in order.
 * Holds at most one line (≤ 64 KiB) plus one chunk, and the set of usernames seen so far (to refuse
 * the second occurrence of a name; 100,000 names take a few megabytes).
 */
export async function* parseBatchLines<F extends BatchFormat>(
  input: AsyncIterable<string | Uint8Array> | NodeJS.ReadableStream,
  format: F,
): AsyncGenerator<BatchLine<BatchRecords[F]>> {
  const seen = new Map<string, number>();
  const ignoredSoFar = new Set<string>();
  // fatal: a line that is not UTF-8 (often a Windows-1252 export) is refused rather than imported
  // with mangled names. ignoreBOM: the mark is removed by hand, on line 1 only.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

  for await (const { line, bytes } of splitLines(input)) {
    if (bytes === null) {
      yield { line, ok: false, reason: `The line is longer than ${MAX_LINE_BYTES / 1024} KiB.` };
      continue;
    }
    let content = bytes;
    if (line === 1) {
      if (isUtf16(content)) {
        yield { line, ok: false, reason: 'The file is UTF-16 text; save it as UTF-8 and import it again.' };
        return;
      }
      if (BOM.every((byte, i) => content[i] === byte)) content = content.subarray(BOM.length);
    }
    let text: string;
    try {
      text = decoder.decode(content);
    } catch {
      yield { line, ok: false, reason: 'The line is not valid UTF-8 text; save the file as UTF-8.' };
      continue;
    }
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '' || text.startsWith('#')) continue;

    const parsed = parseLine(text, format);
    if (typeof parsed === 'string') {
      yield { line, ok: false, reason: parsed };
      continue;
    }
    const username = parsed.record.username;
    const first = seen.get(username);
    if (first !== undefined) {
      yield { line, ok: false, reason: `The username "${username}" already appears on line ${first}.` };
      continue;
    }
    seen.set(username, line);
    const fresh = parsed.ignored.filter((label) => !ignoredSoFar.has(label));
    for (const label of fresh) ignoredSoFar.add(label);
    yield fresh.length > 0
      ? { line, ok: true, record: parsed.record, ignoredColumns: fresh }
      : { line, ok: true, record: parsed.record };
  }
}

/**
 * Splits a byte stream into numbered lines. Splitting bytes on LF (0x0A) is safe for UTF-8: that
 * byte never occurs inside a multibyte character, so a character cut between two chunks is joined
 * again before the line is decoded. `bytes` is null for a line over MAX_LINE_BYTES, whose content
 * is dropped as it arrives instead of being buffered.
 */
async function* splitLines(
  input: AsyncIterable<string | Uint8Array>,
): AsyncGenerator<{ line: number; bytes: Uint8Array | null }> {
  let parts: Uint8Array[] = [];
  let size = 0;
  let tooLong = false;
  let line = 0;
  for await (const chunk of input) {
    // String chunks (a stream with setEncoding) are whole characters: re-encoding them is exact.
    const buffer =
      typeof chunk === 'string'
        ? Buffer.from(chunk, 'utf8')
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    while (start < buffer.length) {
      const newline = buffer.indexOf(LF, start);
      const end = newline === -1 ? buffer.length : newline;
      if (!tooLong && end > start) {
        if (size + end - start > MAX_LINE_BYTES) {
          tooLong = true;
          parts = [];
          size = 0;
        } else {
          // Copy a trailing piece so that a large chunk is not kept alive for a few bytes.
          parts.push(newline === -1 ? Buffer.from(buffer.subarray(start, end)) : buffer.subarray(start, end));
          size += end - start;
        }
      }
      if (newline === -1) break;
      line += 1;
      yield { line, bytes: tooLong ? null : Buffer.concat(parts, size) };
      parts = [];
      size = 0;
      tooLong = false;
      start = newline + 1;
    }
  }
  if (size > 0 || tooLong) yield { line: line + 1, bytes: tooLong ? null : Buffer.concat(parts, size) };
}

/** A UTF-16 byte-order mark (Excel's "Unicode Text"): every line of such a file would be garbage. */
function isUtf16(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

/** Returns the record and the labels of filled ignored columns, or the reason the line is refused. */
function parseLine<F extends BatchFormat>(
  text: string,
  format: F,
): { record: BatchRecords[F]; ignored: string[] } | string {
  const { columns, required } = BATCH_FORMATS[format];
  const values = text.split('\t');
  // Spreadsheets often write trailing empty cells: only filled columns count as too many.
  let used = values.length;
  while (used > columns.length && values[used - 1]!.trim() === '') used -= 1;
  if (used > columns.length)
    return `Too many columns: found ${used}, the ${format} format has at most ${columns.length}.`;
  if (used < required) {
    const names = columns.slice(0, required).map((column) => column.label.toLowerCase());
    return `Too few columns: found ${used}, the ${format} format needs at least ${required} (${names.join(' and ')}).`;
  }

  const rawUsername = values[0]!;
  // A file of internal users chooses names (stored in their plain, NFKC form); the other formats
  // name existing users, looked up as stored.
  const username =
    format === 'internal-users' ? normalizeNewUsername(rawUsername) : normalizeUsername(rawUsername);
  if (username === '') return 'The username is missing.';
  // A name the file creates must be one a person could tell apart (one script); one that is
  // only updated was accepted before.
  const problem = format === 'internal-users' ? newUsernameProblem(username) : usernameProblem(username);
  if (problem) return `The username "${rawUsername.trim()}" is refused. ${problem}`;

  const record: Record<string, string> = { username };
  const account: AccountColumns = {};
  const details: UserDetails = {};
  const ignored: string[] = [];
  let columnProblem: string | undefined;
  columns.forEach((column, index) => {
    const raw = values[index];
    if (index === 0 || raw === undefined) return;
    // Passwords are used exactly as written, spaces included; every other value is trimmed.
    if (column.field === 'password') {
      if (raw !== '') record.password = raw;
      return;
    }
    const value = raw.trim();
    if (value === '') return;
    if (column.field === null) ignored.push(column.label);
    else if (column.field === 'balance') {
      const balance = amountColumn(value);
      if (typeof balance === 'string') columnProblem ??= balance;
      else account.balance = balance;
    } else if (column.field === 'restricted') {
      const flag = /^(y|yes|true)$/i.test(value) ? true : /^(n|no|false)$/i.test(value) ? false : undefined;
      if (flag === undefined)
        columnProblem ??= `The restricted status is Y or N, not "${value.slice(0, 40)}".`;
      else account.restricted = flag;
    } else if (column.field === 'expiryDate') {
      const day = parseExpiryDate(value);
      if (day === undefined)
        columnProblem ??= `The expiry date "${value.slice(0, 40)}" is refused. ${String(EXPIRY_DATE_PROBLEM)}`;
      else account.expiryDate = day ?? '';
    } else if (column.field === 'pin') record.pin = value;
    else if (column.field !== 'username') details[column.field] = value;
  });

  if (columnProblem) return columnProblem;
  if (record.pin !== undefined && !/^\d{1,16}$/.test(record.pin)) return 'A card PIN is 1 to 16 digits.';
  if (format === 'internal-users' && record.password === undefined) return 'The password is missing.';
  if (format === 'card-numbers' && details.cardNumber === undefined) return 'The card/ID number is missing.';

  const fields: Record<string, Problem> = {};
  const clean = cleanDetails(details, fields);
  if (fields.email) return `The email "${details.email}" is not a valid address.`;
  // A problem may be a LocalText; the line's reason is a plain string (the report is English).
  const detailProblem = Object.values(fields)[0];
  if (detailProblem) return String(detailProblem);
  return { record: { ...record, ...account, ...clean } as unknown as BatchRecords[F], ignored };
}

/** A credit balance column in ten-thousandths, or why it is refused. */
function amountColumn(value: string): number | string {
  try {
    return parseAmount(value);
  } catch (error) {
    if (error instanceof AmountError) return `The credit balance: ${error.message}`;
    throw error;
  }
}
