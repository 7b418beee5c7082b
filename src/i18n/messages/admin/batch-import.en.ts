/** The Admin Console's words: batch import (batch-import.pages.tsx). */
export const batchImportEn = {
  'admin.batch.format.userUpdate': 'User update',
  'admin.batch.format.userUpdateHint':
    'Username, then balance, restricted, full name, email, department, office, card/ID, PIN, notes, secondary card/ID… An empty column leaves the detail unchanged.',
  'admin.batch.format.internalUsers': 'Internal users',
  'admin.batch.format.internalUsersHint':
    'Username, password, then balance, restricted, full name, email, department, office, card/ID, PIN, notes…',
  'admin.batch.format.cardNumbers': 'Card/ID numbers',
  'admin.batch.format.cardNumbersHint': 'Username, primary card/ID number, optional PIN.',
  'admin.batch.report.lines': 'Lines read',
  'admin.batch.report.wouldCreate': 'Would be created',
  'admin.batch.report.created': 'Created',
  'admin.batch.report.wouldUpdate': 'Would be updated',
  'admin.batch.report.updated': 'Updated',
  'admin.batch.report.unchanged': 'Unchanged',
  'admin.batch.report.skipped': 'Skipped (users that do not exist)',
  'admin.batch.report.rejected': 'Rejected',
  'admin.batch.report.title': 'Import report',
  'admin.batch.report.notImported': 'Not imported',
  'admin.batch.preview': 'Preview',
  'admin.batch.report.refused':
    '{count} line(s) were rejected, so nothing was imported. Correct them and try again.',
  'admin.batch.report.imported': 'The file was imported.',
  'admin.batch.report.previewNotice': 'Nothing was changed. Choose Import to apply these changes.',
  'admin.batch.report.ignoredColumns': 'Columns Quire does not store, ignored: {columns}.',
  'admin.batch.title': 'Batch import',
  'admin.batch.heading': 'Batch user import and update',
  'admin.batch.file': 'File',
  'admin.batch.format': 'Format',
  'admin.batch.intro':
    "PaperCut's tab-separated formats, one user a line, no header line. The import is all or nothing: if any line is rejected, nothing changes.",
  'admin.batch.fileHint': 'A UTF-8 text file (.tsv, .txt or .csv), at most {megabytes} MB.',
  'admin.batch.options': 'Options',
  'admin.batch.createNewUsers': 'Create new users',
  'admin.batch.createNewUsersHint':
    'User update: create users that do not exist yet (as internal users without a password). Otherwise their lines are skipped.',
  'admin.batch.overwriteExisting': 'Overwrite existing passwords/PINs',
  'admin.batch.overwriteExistingHint':
    "Internal users: replace existing users' passwords and PINs. Card/ID numbers: replace existing PINs.",
  'admin.batch.import': 'Import',
} as const;
