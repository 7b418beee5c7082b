/**
 * The Admin Console's words: the tables of User/Group Sync (sources.pages.tsx) — the sources'
 * captions, their roles, the recent runs' columns and each run's status — and the tables of a
 * source form's Test settings (source-form.pages.tsx).
 */
export const sourcesTablesEn = {
  'admin.sources.caption': 'Directory sources',
  'admin.sources.captionPrimaryFirst': 'Directory sources, primary first',
  'admin.sources.role.primary': 'Primary source',
  'admin.sources.role.secondary': 'Secondary source',
  'admin.sources.role.additional': 'Additional source',
  'admin.syncRuns.caption': 'Recent synchronizations',
  'admin.syncRuns.captionNewestFirst': 'Recent synchronizations, newest first',
  'admin.syncRuns.column.started': 'Started',
  'admin.syncRuns.column.source': 'Source',
  'admin.syncRuns.column.type': 'Type',
  'admin.syncRuns.column.status': 'Status',
  'admin.syncRuns.column.summary': 'Summary',
  'admin.syncRuns.column.report': 'Report',
  // A run's status on its badge (the stored value names the badge's colour class).
  'admin.syncRuns.status.running': 'running',
  'admin.syncRuns.status.succeeded': 'succeeded',
  'admin.syncRuns.status.failed': 'failed',
  'admin.syncRuns.status.cancelled': 'cancelled',
  'admin.sourceForm.test.username': 'Username',
  'admin.sourceForm.test.fullName': 'Full name',
  'admin.sourceForm.test.email': 'Email',
  'admin.sourceForm.test.disabled': 'Disabled',
  'admin.sourceForm.test.yes': 'Yes',
  'admin.sourceForm.test.no': 'No',
  'admin.sourceForm.test.group': 'Group',
  'admin.sourceForm.test.groupsCaption': 'Groups',
} as const;
