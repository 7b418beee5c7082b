/** The Admin Console's words: a user's status, and an administrator's own account page. */
export const ownAccountEn = {
  'admin.users.statusEnabled': 'Enabled',
  'admin.users.statusLocked': 'Locked',
  'admin.users.self.note':
    'This is your own account: you cannot disable it, remove your own admin rights or delete it here. Another administrator can.',
  'admin.users.self.noDelete': 'You cannot delete your own account. Another administrator can.',
  'admin.users.self.back': 'Back to your account',
} as const;
