/** The Admin Console's words: sync options and removing a source (sync-options.pages.tsx). */
export const syncOptionsEn = {
  'admin.syncOptions.missingPolicy': 'Users no longer in the directory',
  'admin.syncOptions.maxRemovals': 'Removal limit (users)',
  'admin.syncOptions.maxRemovalsPercent': 'Removal limit (percent)',
  'admin.syncOptions.schedule': 'Schedule',
  'admin.syncOptions.importGroups': 'Import users from selected groups only',
  'admin.syncOptions.keep': 'Keep them',
  'admin.syncOptions.keepHint': 'They stay as they are; each report lists them.',
  'admin.syncOptions.disable': 'Disable them (default)',
  'admin.syncOptions.disableHint': 'They can no longer log in; listed again, they are enabled again.',
  'admin.syncOptions.delete': 'Delete them',
  'admin.syncOptions.deleteHint': 'Their records are removed from Quire.',
  'admin.syncOptions.title': 'Sync options of {name}',
  'admin.sources.back': 'Back to User/Group Sync',
  'admin.syncOptions.missingLegend': 'When a user of this source is no longer listed',
  'admin.syncOptions.removalLimit': 'Removal limit',
  'admin.syncOptions.removalRule':
    "A run that would disable or delete more than {maxRemovals} users or {percent} % of this source's users, whichever is smaller, stops before changing anything. With the {users} users {name} provides now, that is at most {limit}. An administrator can allow one run to exceed the limit.",
  'admin.syncOptions.maxRemovalsHint': 'A whole number, 0 or more (0: never disable or delete).',
  'admin.syncOptions.maxRemovalsPercentHint': 'From 0 to 100.',
  'admin.syncOptions.when': 'When to synchronize',
  'admin.syncOptions.scheduleHint':
    'Minute, hour, day of month, month and day of week, in server time: "0 2 * * *" is every night at 02:00, "0 */4 * * *" every four hours. Leave empty to synchronize on demand only (Synchronize Now).',
  'admin.syncOptions.which': 'Which users to import',
  'admin.syncOptions.importDisabled': 'Import disabled users',
  'admin.syncOptions.importDisabledHint':
    'On: accounts disabled in the directory are imported as disabled users. Off: they are left out.',
  'admin.syncOptions.importGroupsHint':
    'Group names, one per line; members of nested groups count. Empty: every user the source lists.',
  'admin.syncOptions.save': 'Save sync options',
  'admin.cancel': 'Cancel',
  'admin.removeSource.title': 'Remove {name}?',
  'admin.removeSource.provides': '{kind} source. It provides {users} users now.',
  'admin.removeSource.notEmpty':
    'A source can be removed only once it provides no users: set its policy for users no longer listed to "Delete them" and synchronize, or delete its users first.',
  'admin.removeSource.empty': 'Its settings and schedule are removed; its past reports stay.',
  'admin.removeSource.submit': 'Remove source',
} as const;
