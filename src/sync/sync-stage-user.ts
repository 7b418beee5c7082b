/**
 * A directory entry as a sync stages it: details cleaned as the Admin Console cleans them, and
 * why the entry cannot be stored, if so. The card PIN is left out here: only its hash is ever
 * staged (see stagePins in sync-read.ts).
 *
 *   const { row, problems } = toStageUser(entry, 0, false); // row.status: 'ok' | 'problem' | 'excluded'
 */
import type { DirectoryUser } from '../directory/directory.port.js';
import { storableText, textProblem } from '../text.js';
import { normalizeUsername, usernameProblem, usernameSkeleton } from '../users/username.js';
import { directoryProperties } from '../users/directory-properties.js';
import { cleanDetails, detailsToRow } from '../users/user-details.js';
import type { StageUser } from './sync-stage.repository.js';

/**
 * The stored details for a directory user; `problems`, why it cannot be stored at all (the entry
 * is skipped); `notes`, optional properties left out because they are invalid (the entry is still
 * stored, and the stored value of each left-out property kept); `pin`, the valid listed PIN or ''.
 */
export function toStageUser(
  entry: DirectoryUser,
  seq: number,
  importDisabled: boolean,
): { row: StageUser; problems: string[]; notes: string[]; pin: string } {
  const username = normalizeUsername(entry.username);
  const problems: string[] = [];
  const usernameIssue = usernameProblem(username);
  if (usernameIssue) problems.push(String(usernameIssue));
  if (!entry.externalId) problems.push('The directory entry has no immutable id; it was skipped.');
  // Refused like any other field: a directory can hold what no Quire field accepts (src/text.ts).
  else if (textProblem(entry.externalId) || textProblem(entry.ref))
    problems.push(
      "The directory entry's id holds a control character or a broken character; it was skipped.",
    );
  const fieldProblems: Record<string, string> = {};
  const details = detailsToRow(
    cleanDetails(
      {
        fullName: entry.fullName,
        email: entry.email,
        department: entry.department,
        office: entry.office,
        cardNumber: entry.cardNumber,
        cardNumber2: entry.cardNumber2,
      },
      fieldProblems,
    ),
  );
  problems.push(...Object.values(fieldProblems));
  const { columns, notes, pin } = directoryProperties(entry);
  const status = problems.length > 0 ? 'problem' : entry.disabled && !importDisabled ? 'excluded' : 'ok';
  return {
    problems,
    notes,
    pin,
    row: {
      seq,
      // A refused entry is still staged (its status says so): as text both databases store.
      external_id: storableText(entry.externalId),
      ref_key: storableText(entry.ref),
      username: storableText(username),
      username_skeleton: storableText(usernameSkeleton(username)),
      full_name: storableText(details.full_name ?? ''),
      full_name_key: storableText(details.full_name_key ?? ''),
      email: storableText(details.email ?? ''),
      email_key: storableText(details.email_key ?? ''),
      department: storableText(details.department ?? ''),
      office: storableText(details.office ?? ''),
      card_number: storableText(details.card_number ?? ''),
      card_number2: storableText(details.card_number2 ?? ''),
      ...columns,
      // Filled per page by stagePins: only a hash is ever staged.
      pin_hash: '',
      dir_disabled: entry.disabled ? 1 : 0,
      status,
    },
  };
}
