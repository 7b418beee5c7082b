/** The Admin Console's words: the tables of a batch import's report (batch-import.pages.tsx). */
export const batchTablesEn = {
  'admin.batch.counts.caption': 'Counts',
  'admin.batch.counts.count': 'Count',
  'admin.batch.counts.lines': 'Lines',
  'admin.batch.rejected.line': 'Line',
  'admin.batch.rejected.reason': 'Reason',
} as const;
