/**
 * Comments on ledger rows and jobs: one line of printable text, bounded, refused (not cut) when
 * too long, so that what an administrator typed is either stored whole or not at all.
 */
import { ValidationError } from '../errors.js';
import { localText } from '../i18n/local-text.js';
import { textFieldProblem } from '../text.js';

export const MAX_COMMENT = 500;

export function ledgerComment(comment: string, field = 'comment'): string {
  const text = comment.trim();
  if (text.length > MAX_COMMENT) {
    throw new ValidationError({
      [field]: localText('problem.comment.tooLong', { max: MAX_COMMENT, length: text.length }),
    });
  }
  const problem = textFieldProblem(localText('problem.label.comment'), text, { singleLine: true });
  if (problem) throw new ValidationError({ [field]: problem });
  return text;
}
