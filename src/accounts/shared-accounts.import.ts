/**
 * PaperCut's batch shared-account import (`api.batchImportSharedAccounts`, `server-command
 * batch-import-shared-accounts`): a tab-separated text file, one account per line, no header;
 * blank lines and lines starting with `#` are skipped. Columns, in the order of PaperCut's manual
 * ("Batch import and update shared accounts", whose list of updatable data is in column order):
 *
 *   1 parent account name (required)   2 sub-account name       3 enabled (Y/N)
 *   4 PIN/code                         5 credit balance         6 restricted (Y/N)
 *   7 users allowed, "|"-separated     8 groups allowed, "|"-separated
 *   9 invoice option (ignored)        10 comment option (ignored)  11 notes
 *
 *   Science⇥⇥Y⇥1234⇥100.00⇥Y⇥alice|bob⇥Staff
 *   Science⇥Physics⇥Y⇥⇥25⇥N
 *
 * An empty column leaves that detail as it is (a new account gets the defaults). Users and groups
 * listed replace the account's access list. Every line is checked before anything is written:
 * one bad line and nothing changes. With `test`, only the report is made. With `deleteMissing`,
 * shared accounts the file does not name are deleted (sub-accounts first).
 */
import type { Actor } from '../audit/actor.js';
import type { AccountSettings } from './accounts.repository.js';
import { AmountError, parseAmount } from './money.js';
import { sharedAccountName, type SharedAccountsService } from './shared-accounts.service.js';
import { AppError, ValidationError } from '../errors.js';
import { textFieldProblem } from '../text.js';

const MAX_FILE = 10 * 1024 * 1024;
const MAX_TEXT = 1000;
const COLUMNS = 11;

interface SharedAccountLine {
  line: number;
  name: string;
  settings: AccountSettings;
  balance?: number;
  users?: string[];
  groups?: string[];
}

export interface SharedAccountImportReport {
  lines: number;
  created: number;
  updated: number;
  deleted: number;
  applied: boolean;
}

function flag(value: string, label: string): 0 | 1 {
  const v = value.toUpperCase();
  if (v === 'Y' || v === 'YES' || v === 'TRUE') return 1;
  if (v === 'N' || v === 'NO' || v === 'FALSE') return 0;
  throw new Error(`${label} is Y or N, not "${value.slice(0, 40)}"`);
}

const list = (value: string) =>
  value
    .split('|')
    .map((part) => part.trim())
    .filter((part) => part !== '');

function parseLine(text: string, line: number): SharedAccountLine {
  const cells = text.split('\t').map((cell) => cell.trim());
  while (cells.length > COLUMNS && cells.at(-1) === '') cells.pop();
  if (cells.length > COLUMNS) throw new Error(`too many columns (${cells.length}; at most ${COLUMNS})`);
  const [parent = '', sub = '', enabled = '', pin = '', balance = '', restricted = ''] = cells;
  const [users = '', groups = '', , , notes = ''] = cells.slice(6);
  if (parent === '') throw new Error('the parent account name (column 1) is missing');
  let name: string;
  try {
    name = sharedAccountName(sub === '' ? parent : `${parent}\\${sub}`);
  } catch (error) {
    if (error instanceof ValidationError)
      throw new Error(Object.values(error.fields).join(' '), { cause: error });
    throw error;
  }
  const settings: AccountSettings = {};
  if (enabled !== '') settings.enabled = flag(enabled, 'enabled (column 3)');
  if (pin !== '') settings.pin = pin;
  if (restricted !== '') settings.restricted = flag(restricted, 'restricted (column 6)');
  if (notes !== '') settings.notes = notes;
  for (const [label, value] of [
    ['the PIN', pin],
    ['the notes', notes],
  ] as const) {
    if (value.length > MAX_TEXT) throw new Error(`${label} may be at most ${MAX_TEXT} characters`);
    const problem = textFieldProblem(label, value, { singleLine: true });
    if (problem) throw new Error(String(problem));
  }
  const parsed: SharedAccountLine = { line, name, settings };
  if (balance !== '') {
    try {
      parsed.balance = parseAmount(balance);
    } catch (error) {
      if (error instanceof AmountError)
        throw new Error(`the balance (column 5): ${error.message}`, { cause: error });
      throw error;
    }
  }
  if (users !== '') parsed.users = list(users);
  if (groups !== '') parsed.groups = list(groups);
  return parsed;
}

/** Every line, or a ValidationError naming the first few bad ones (nothing is written then). */
export function parseSharedAccountFile(text: string): SharedAccountLine[] {
  if (text.length > MAX_FILE) throw new ValidationError({ importFile: 'The file is larger than 10 MB.' });
  const lines: SharedAccountLine[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      if (raw.trim() === '' || raw.startsWith('#')) return;
      try {
        const parsed = parseLine(raw, index + 1);
        const first = seen.get(parsed.name);
        if (first !== undefined) throw new Error(`"${parsed.name}" is already on line ${first}`);
        seen.set(parsed.name, index + 1);
        lines.push(parsed);
      } catch (error) {
        if (!(error instanceof Error) || error instanceof AppError) throw error;
        problems.push(`line ${index + 1}: ${error.message}`);
      }
    });
  if (problems.length > 0)
    throw new ValidationError({
      importFile: `Nothing was imported: ${problems.length} line(s) refused (${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; …' : ''}).`,
    });
  return lines;
}

export async function importSharedAccounts(
  deps: {
    shared: SharedAccountsService;
    userExists(name: string): Promise<boolean>;
    groupExists(name: string): Promise<boolean>;
  },
  text: string,
  options: { test: boolean; deleteMissing: boolean },
  actor: Actor,
): Promise<SharedAccountImportReport> {
  const { shared } = deps;
  // Parents first, so that a sub-account line finds its parent made by an earlier line.
  const lines = parseSharedAccountFile(text).sort(
    (a, b) => Number(a.name.includes('\\')) - Number(b.name.includes('\\')),
  );
  const unknown: string[] = [];
  for (const line of lines) {
    for (const user of line.users ?? [])
      if (!(await deps.userExists(user))) unknown.push(`user "${user}" (line ${line.line})`);
    for (const group of line.groups ?? [])
      if (!(await deps.groupExists(group))) unknown.push(`group "${group}" (line ${line.line})`);
  }
  if (unknown.length > 0)
    throw new ValidationError({
      importFile: `Nothing was imported: no ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}.`,
    });

  const named = new Set(lines.flatMap((line) => [line.name, line.name.split('\\')[0]!]));
  const existing = await allSharedNames(shared);
  const missing = options.deleteMissing ? existing.filter((name) => !named.has(name)) : [];
  const report: SharedAccountImportReport = {
    lines: lines.length,
    created: 0,
    updated: 0,
    deleted: 0,
    applied: false,
  };
  const have = new Set(existing);
  for (const line of lines) {
    const parent = line.name.includes('\\') ? line.name.split('\\')[0]! : null;
    if (parent !== null && !have.has(parent)) {
      report.created += 1;
      have.add(parent);
    }
    if (have.has(line.name)) report.updated += 1;
    else report.created += 1;
    have.add(line.name);
  }
  report.deleted = missing.length;
  if (options.test) return report;

  for (const line of lines) {
    const parent = line.name.includes('\\') ? line.name.split('\\')[0]! : null;
    if (parent !== null && !(await shared.exists(parent))) await shared.add(parent, actor);
    if (!(await shared.exists(line.name))) await shared.add(line.name, actor);
    if (Object.keys(line.settings).length > 0) await shared.update(line.name, line.settings, actor);
    if (line.balance !== undefined) await shared.setBalance(line.name, line.balance, 'Batch import', actor);
    if (line.users || line.groups) await replaceAccess(shared, line, actor);
  }
  // Sub-accounts ("Parent\Child") before their parents.
  for (const name of missing.sort((a, b) => Number(b.includes('\\')) - Number(a.includes('\\'))))
    await shared.remove(name, actor);
  report.applied = true;
  return report;
}

async function allSharedNames(shared: SharedAccountsService): Promise<string[]> {
  const names: string[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await shared.list(offset, 1000);
    names.push(...page.map((account) => account.name!));
    if (page.length < 1000) return names;
  }
}

async function replaceAccess(shared: SharedAccountsService, line: SharedAccountLine, actor: Actor) {
  const current = await shared.access(line.name);
  if (line.users) {
    const wanted = new Set(line.users.map((user) => user.toLowerCase()));
    for (const user of current.users)
      if (!wanted.has(user.toLowerCase())) await shared.revoke(line.name, { user }, actor);
    for (const user of line.users) await shared.grant(line.name, { user }, actor);
  }
  if (line.groups) {
    const wanted = new Set(line.groups);
    for (const group of current.groups)
      if (!wanted.has(group)) await shared.revoke(line.name, { group }, actor);
    for (const group of line.groups) await shared.grant(line.name, { group }, actor);
  }
}

/** The report as PaperCut's method answers it: one line of counts. */
export function describeSharedAccountImport(report: SharedAccountImportReport): string {
  const counts = `Lines processed: ${report.lines}. Accounts created: ${report.created}, updated: ${report.updated}, deleted: ${report.deleted}.`;
  return report.applied ? counts : `${counts} Test only: nothing was changed.`;
}
