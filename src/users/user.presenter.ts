/**
 * The only shape of a user that leaves the service layer for pages, the CLI's JSON and APIs.
 * Never a row: the password hash cannot reach a template or JSON because it is not here.
 */
import type { UserRow } from '../db/schema.js';

export interface PresentedUser {
  id: number;
  username: string;
  fullName: string;
  email: string;
  department: string;
  office: string;
  notes: string;
  cardNumber: string;
  cardNumber2: string;
  usernameAlias: string;
  homeFolder: string;
  /** Further addresses from the directory, one per line. */
  otherEmails: string;
  hasCardPin: boolean;
  /** true for a user whose password lives in Quire. */
  internal: boolean;
  /** 'Internal' or the name of the directory source that owns the user. */
  source: string;
  sourceId: number | null;
  isAdmin: boolean;
  disabled: boolean;
  mustChangePassword: boolean;
  /** The last day the account works ('YYYY-MM-DD'), or null: never expires. */
  expiryDate: string | null;
  /** The expiry day has ended (known only when the presenter was given today's date). */
  expired: boolean;
  createdAt: string;
  updatedAt: string;
}

/** `today`: 'YYYY-MM-DD' in the organisation's time zone (users/account-expiry.ts dayIn), for `expired`. */
export function presentUser(
  row: UserRow,
  sourceNames: ReadonlyMap<number, string>,
  today?: string,
): PresentedUser {
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    email: row.email,
    department: row.department,
    office: row.office,
    notes: row.notes,
    cardNumber: row.card_number,
    cardNumber2: row.card_number2,
    usernameAlias: row.username_alias,
    homeFolder: row.home_folder,
    otherEmails: row.other_emails,
    hasCardPin: row.card_pin_hash !== null,
    internal: row.source_id === null,
    source:
      row.source_id === null ? 'Internal' : (sourceNames.get(row.source_id) ?? `Source ${row.source_id}`),
    sourceId: row.source_id,
    isAdmin: row.is_admin === 1,
    disabled: row.disabled === 1,
    mustChangePassword: row.must_change_password === 1,
    expiryDate: row.expiry_date,
    expired: row.expiry_date !== null && today !== undefined && today > row.expiry_date,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
