/**
 * A user's details (name, email, department, cards…): their limits, how they are cleaned, and how
 * they map to a users row. Shared by every way a user is created or changed (forms, batch import,
 * sync, single sign-on, registration), so all of them check the same rules.
 *
 *   const fields: Record<string, string> = {};
 *   const details = cleanDetails({ fullName: ' Ada  Lovelace ' }, fields); // fields: problems by key
 *   await users.update(id, detailsToRow(details));
 */
import type { NewUserRow, UserUpdate } from '../db/schema.js';
import { textFieldProblem } from '../text.js';
import { usernameSkeleton } from './username.js';
import { localText, type LocalText, type Problem } from '../i18n/local-text.js';

export interface UserDetails {
  fullName?: string;
  email?: string;
  department?: string;
  office?: string;
  notes?: string;
  cardNumber?: string;
  cardNumber2?: string;
  /** PaperCut's username-alias: another name the user is known by. */
  usernameAlias?: string;
  /** PaperCut's home: the user's home folder. */
  homeFolder?: string;
}

/** Fields a directory source owns: read-only in Quire for its users. */
export const SOURCE_OWNED_FIELDS = [
  'fullName',
  'email',
  'department',
  'office',
  'cardNumber',
  'cardNumber2',
] as const;

const LIMITS: Record<keyof UserDetails, number> = {
  fullName: 200,
  email: 254,
  department: 200,
  office: 200,
  notes: 2000,
  cardNumber: 64,
  cardNumber2: 64,
  usernameAlias: 64,
  homeFolder: 500,
};

/** How problem messages name each detail (String() gives the English name). */
export const DETAIL_LABELS: Record<keyof UserDetails, LocalText> = {
  fullName: localText('detail.fullName'),
  email: localText('detail.email'),
  department: localText('detail.department'),
  office: localText('detail.office'),
  notes: localText('detail.notes'),
  cardNumber: localText('detail.cardNumber'),
  cardNumber2: localText('detail.cardNumber2'),
  usernameAlias: localText('detail.usernameAlias'),
  homeFolder: localText('detail.homeFolder'),
};

const DETAIL_KEYS = Object.keys(LIMITS) as (keyof UserDetails)[];
/** Whitespace that a one-line detail holds other than single spaces. */
const UNEVEN_SPACE = /\s\s|[^\S ]/;

/** Whether `value` has more than `max` characters (code points; counted only when it could). */
function longerThan(value: string, max: number): boolean {
  if (value.length <= max) return false;
  let count = 0;
  for (const _ of value) if (++count > max) return true;
  return false;
}

/**
 * Validates details; returns the trimmed values and adds problems to `fields`. A sync runs it for
 * every directory entry, so it tests before it copies.
 */
export function cleanDetails(input: UserDetails, fields: Record<string, Problem>): UserDetails {
  const out: UserDetails = {};
  for (const key of DETAIL_KEYS) {
    const raw = input[key];
    if (raw === undefined) continue;
    const trimmed = raw.trim();
    const value = key === 'notes' || !UNEVEN_SPACE.test(trimmed) ? trimmed : trimmed.replace(/\s+/g, ' ');
    if (longerThan(value, LIMITS[key]))
      // The limit as a string: a number would be grouped ("2,000"), unlike the English before.
      fields[key] = localText('problem.text.tooLong', {
        label: DETAIL_LABELS[key],
        max: String(LIMITS[key]),
      });
    else {
      const problem = textFieldProblem(DETAIL_LABELS[key], value, { singleLine: key !== 'notes' });
      if (problem) fields[key] = problem;
    }
    out[key] = value;
  }
  if (out.email && !/^[^\s@]+@[^\s@]+$/.test(out.email)) fields.email = localText('problem.email.invalid');
  return out;
}

/** A complete new users row: empty details, no password, not admin, not disabled. */
export function newUserRow(username: string, now: string, fields: UserUpdate = {}): NewUserRow {
  const row = {
    username,
    full_name: '',
    full_name_key: '',
    email: '',
    email_key: '',
    department: '',
    office: '',
    notes: '',
    card_number: '',
    card_number2: '',
    source_id: null,
    external_id: null,
    password_hash: null,
    is_admin: 0,
    disabled: 0,
    must_change_password: 0,
    created_at: now,
    updated_at: now,
    ...fields,
  } as NewUserRow;
  // Computed last, from the name the row ends up with: look-alike checks find users by it.
  return { ...row, username_skeleton: usernameSkeleton(row.username) };
}

export function detailsToRow(details: UserDetails): UserUpdate {
  const row: UserUpdate = {};
  if (details.fullName !== undefined) {
    row.full_name = details.fullName;
    row.full_name_key = details.fullName.toLowerCase();
  }
  if (details.email !== undefined) {
    row.email = details.email;
    row.email_key = details.email.toLowerCase();
  }
  if (details.department !== undefined) row.department = details.department;
  if (details.office !== undefined) row.office = details.office;
  if (details.notes !== undefined) row.notes = details.notes;
  if (details.cardNumber !== undefined) row.card_number = details.cardNumber;
  if (details.cardNumber2 !== undefined) row.card_number2 = details.cardNumber2;
  if (details.usernameAlias !== undefined) row.username_alias = details.usernameAlias;
  if (details.homeFolder !== undefined) row.home_folder = details.homeFolder;
  return row;
}
