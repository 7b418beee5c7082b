/** PaperCut's batch-import methods: a file on the server's disk, imported all-or-nothing. */
import { ValidationError } from '../../errors.js';
import { ApiCallError, type ApiContext, type ApiMethod } from '../papercut-call.js';
import { b, bool, s, str } from './args.js';

/** What a batch-import call may open: a data file, not the server's own configuration or /proc. */
const IMPORT_FILE = /\.(tsv|txt|csv)$/i;

async function importFile(
  context: ApiContext,
  path: string,
  format: 'internal-users' | 'user-update' | 'card-numbers',
  options: { createNewUsers?: boolean; overwriteExisting?: boolean },
) {
  if (!IMPORT_FILE.test(path))
    throw new ApiCallError(
      `The import file must be a .tsv, .txt or .csv file; "${path.slice(0, 200)}" is not.`,
    );
  const report = await context.services.batchImport.importFile(path, format, options, context.actor);
  if (report.rejectedCount > 0) {
    // Line numbers only: a rejection reason quotes the line, and the fault goes to the caller.
    const lines = report.rejected
      .slice(0, 20)
      .map((r) => r.line)
      .join(', ');
    throw new ValidationError({
      importFile: `Nothing was imported: ${report.rejectedCount} line(s) rejected (line ${lines}${report.rejectedCount > 20 ? ', …' : ''}). Preview the file in the Admin Console or with quire user import --preview to see why.`,
    });
  }
  return true;
}

export const BATCH_IMPORT_METHODS: ApiMethod[] = [
  {
    name: 'api.batchImportUsers',
    params: [str('importFile'), bool('createNewUsers')],
    run: async (c, [file, create]) => importFile(c, s(file), 'user-update', { createNewUsers: b(create) }),
  },
  {
    name: 'api.batchImportInternalUsers',
    params: [str('importFile'), bool('overwriteExistingPasswords', true)],
    run: async (c, [file, overwrite]) =>
      importFile(c, s(file), 'internal-users', { overwriteExisting: b(overwrite) }),
  },
  {
    name: 'api.batchImportUserCardIdNumbers',
    params: [str('importFile'), bool('overwriteExistingPINs', true)],
    run: async (c, [file, overwrite]) =>
      importFile(c, s(file), 'card-numbers', { overwriteExisting: b(overwrite) }),
  },
];
