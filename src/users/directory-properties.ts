/**
 * PaperCut's optional user properties as a directory lists them (a custom program's columns 7–11,
 * LDAP attributes, Entra's otherMails): other emails, username alias, home folder and card PIN,
 * cleaned the same way for a sync and for api.addNewUser.
 *
 *   const { columns, notes, pin } = directoryProperties(entry); // pin: '' or 1–16 digits, to hash
 */
import type { DirectoryUser } from '../directory/directory.port.js';
import { storableText, textProblem } from '../text.js';
import { cleanDetails } from './user-details.js';

/** What setCardPin and batch import accept. */
export const CARD_PIN = /^\d{1,16}$/;

/**
 * PaperCut's optional columns, cleaned. Sources that could not list them before (custom programs
 * ignored columns 7–11) must not start skipping users over them, so an invalid one is only left
 * out and named in the report.
 */
export function directoryProperties(entry: DirectoryUser): {
  columns: { other_emails: string; username_alias: string; home_folder: string };
  notes: string[];
  pin: string;
} {
  const fields: Record<string, string> = {};
  const details = cleanDetails({ usernameAlias: entry.alias, homeFolder: entry.home }, fields);
  const notes = Object.values(fields).map((problem) => `${problem} It was left out.`);
  const emails = [...new Set(entry.otherEmails.map((e) => e.trim()).filter(Boolean))];
  const valid = emails.filter(
    (e) =>
      /^[^\s@]+@[^\s@]+$/.test(e) && textProblem(e, { singleLine: true }) === null && [...e].length <= 254,
  );
  for (const bad of emails.filter((e) => !valid.includes(e)))
    notes.push(`Other email "${storableText(bad.slice(0, 80))}" is not an email address. It was left out.`);
  const pin = entry.pin.trim();
  if (pin !== '' && !CARD_PIN.test(pin)) notes.push('The card PIN is not 1 to 16 digits. It was left out.');
  return {
    columns: {
      other_emails: valid.join('\n'),
      username_alias: fields.usernameAlias ? '' : (details.usernameAlias ?? ''),
      home_folder: fields.homeFolder ? '' : (details.homeFolder ?? ''),
    },
    notes,
    pin: CARD_PIN.test(pin) ? pin : '',
  };
}
