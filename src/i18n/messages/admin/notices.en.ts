/** The Admin Console's words: success notices after a redirect (admin.pages.tsx doneNotice). */
export const noticesEn = {
  'admin.done.created': 'The user {name} was created.',
  'admin.done.saved': 'The details were saved.',
  'admin.done.password': "Password changed. All of {name}''s sessions were ended.",
  'admin.done.disabled': '{name} was disabled and signed out everywhere.',
  'admin.done.enabled': '{name} was enabled.',
  'admin.done.adminGranted': '{name} now has admin rights.',
  'admin.done.adminRevoked': '{name} no longer has admin rights.',
  'admin.done.deleted': 'The user was deleted.',
  'admin.done.sessionsEnded': "All of {name}''s sessions were ended.",
  'admin.done.lockCleared': 'The login lock of {name} was cleared; they can log in again at once.',
  'admin.done.options': 'The options were saved.',
  'admin.done.converted':
    '{name} is now a directory user: their password is managed by their directory source, and all of their sessions were ended.',
} as const;
