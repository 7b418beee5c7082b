/** The Admin Console's words: user/Group Sync (sources.pages.tsx). */
export const sourcesEn = {
  'admin.sources.done.added': 'The source was added. Use "Test settings" to check it before you synchronize.',
  'admin.sources.done.saved': 'The source settings were saved.',
  'admin.sources.done.optionsSaved': 'The sync options were saved.',
  'admin.sources.done.removed': 'The source was removed.',
  'admin.sources.done.primary': 'The primary source was changed: it is synchronized first.',
  'admin.sources.done.cancelRequested':
    'Cancel requested: the run stops at its next step, before changing anything.',
  'admin.sources.runType.test': 'Test run (nothing changed)',
  'admin.sources.runType.sync': 'Synchronize Now',
  'admin.sources.running': 'Running: {phase}, {progress} directory entries read.',
  'admin.sources.running.starting': 'starting',
  'admin.sources.title': 'User/Group Sync',
  'admin.sources.sources': 'Sources',
  'admin.sources.intro':
    'Users and groups come from these sources, the primary source first. A user keeps the source that first provided them; a directory user logs in with the password that their directory holds.',
  'admin.sources.none': 'No directory source is set up yet: every user is an internal user.',
  'admin.sources.recent': 'Recent synchronizations',
  'admin.sources.noRuns': 'None yet.',
  'admin.sources.syncNow.override': 'Allow this run to disable or delete more than the limit',
  'admin.sources.syncNow.from': 'from {name}',
} as const;
