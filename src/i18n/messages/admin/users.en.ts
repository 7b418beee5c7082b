/**
 * The Admin Console's words: Users (users-list, users-new, users-details, users-password and
 * users-delete pages, users.routes.tsx).
 */
export const usersEn = {
  'admin.users.back': 'Back to Users',
  'admin.users.statusDisabled': 'Disabled',
  'admin.users.statusAdmin': 'Admin',
  'admin.users.internalSource': 'Internal',

  // The list
  'admin.users.title': 'Users',
  'admin.users.list.create': 'Create internal user',
  'admin.users.list.actions': 'Actions',
  'admin.users.list.batchImport': 'Batch import',
  'admin.users.list.findUsers': 'Find users',
  'admin.users.list.quickFind': 'Quick find',
  'admin.users.list.quickFindHint': 'Any part of a username, full name, email, card number or department',
  'admin.users.list.source': 'Source',
  'admin.users.list.allUsers': 'All users',
  'admin.users.list.internalUsers': 'Internal users',
  'admin.users.list.find': 'Find',
  'admin.users.list.caption': 'Users, page {page}',
  'admin.users.list.empty': 'No users match.',
  'admin.users.list.pages': 'Pages of users',
  'admin.users.list.previous': 'Previous',
  'admin.users.list.next': 'Next',
  'admin.users.list.page': 'page',
  'admin.users.column.username': 'Username',
  'admin.users.column.fullName': 'Full name',
  'admin.users.column.email': 'Email',
  'admin.users.column.department': 'Department',
  'admin.users.column.office': 'Office',
  'admin.users.column.source': 'Source',
  'admin.users.column.status': 'Status',
  'admin.users.column.balance': 'Balance',
  'admin.users.column.restricted': 'Restricted',
  'admin.users.list.restricted': 'Restricted',
  'admin.users.list.restrictedAny': 'Any',
  'admin.users.list.restrictedYes': 'Yes',
  'admin.users.list.restrictedNo': 'No',
  'admin.users.list.below': 'Balance below',
  'admin.users.list.belowHint': 'An amount, like 1.50',
  'admin.users.list.belowInvalid': 'Enter an amount like 5 or -1.25, or leave it empty.',
  'admin.users.list.noAccount': 'No account yet',

  // The details, as fields of the Details tab and of Create internal user
  'admin.users.field.fullName': 'Full name',
  'admin.users.field.email': 'Email',
  'admin.users.field.department': 'Department',
  'admin.users.field.office': 'Office',
  'admin.users.field.cardNumber': 'Primary card/ID number',
  'admin.users.field.cardNumber2': 'Secondary card/ID number',
  'admin.users.field.usernameAlias': 'Username alias',
  'admin.users.field.homeFolder': 'Home folder',
  'admin.users.field.notes': 'Notes',
  'admin.users.field.username': 'Username',
  'admin.users.field.password': 'Password',
  'admin.users.field.newPassword': 'New password',
  'admin.users.field.confirmPassword': 'Confirm password',
  'admin.users.field.mustChangePassword': 'User must change password at next login',

  // A user's Details tab
  'admin.users.user.title': 'User {name}',
  'admin.users.user.tabs': 'User pages',
  'admin.users.user.details': 'Details',
  'admin.users.user.sourceOwned':
    'The full name, email, department, office and card numbers come from {source} and are read-only here.',
  'admin.users.user.notesHint': 'Only administrators see these notes.',
  'admin.users.user.save': 'Save details',
  'admin.users.internal.title': 'Internal User Settings',
  'admin.users.internal.banner': 'This is an internally managed user',
  'admin.users.internal.password':
    '{mustChange, select, yes {Their password is stored in Quire. They must change it at their next login.} other {Their password is stored in Quire.}}',
  'admin.users.internal.changePassword': 'Change Password',
  'admin.users.source.title': 'Directory source',
  'admin.users.source.synchronized': 'This user is synchronized from {source}.',
  'admin.users.source.password': 'Their password is managed by {source}; reset it in that system.',
  'admin.users.security.title': 'Login security',
  'admin.users.security.sessions': 'Active sessions',
  'admin.users.security.sessionCount':
    '{count, plural, =0 {None: not logged in anywhere.} one {Logged in in # browser.} other {Logged in in # browsers.}}',
  'admin.users.security.lock': 'Login lock',
  'admin.users.security.notLocked': 'Not locked: no recent failed logins.',
  'admin.users.security.failures':
    '{count, plural, one {Not locked: # recent failed login.} other {Not locked: # recent failed logins.}}',
  'admin.users.security.locked':
    'Locked after {count, plural, one {# failed login} other {# failed logins}}: every attempt is refused until {until}.',
  'admin.users.security.endSessions': 'End all sessions',
  'admin.users.security.clearLock': 'Clear lock',
  'admin.users.security.clearFailures': 'Clear failed logins',
  'admin.users.account.title': 'Account',
  'admin.users.account.status': 'Status',
  'admin.users.account.disabled': 'Disabled: this user cannot log in.',
  'admin.users.account.enabled': 'Enabled',
  'admin.users.account.adminRights': 'Admin rights',
  'admin.users.account.isAdmin': 'Yes: this user can use the Admin Console.',
  'admin.users.account.notAdmin': 'No',
  'admin.users.account.created': 'Created',
  'admin.users.account.enable': 'Enable user',
  'admin.users.account.disable': 'Disable user',
  'admin.users.account.revokeAdmin': 'Revoke admin rights',
  'admin.users.account.grantAdmin': 'Grant admin rights',
  'admin.users.account.delete': 'Delete user',

  // Create internal user
  'admin.users.new.title': 'Create internal user',
  'admin.users.new.intro':
    "An internal user's password is stored in Quire. Users from a directory source are added by User/Group Sync instead.",
  'admin.users.new.usernameHint': 'Not case-sensitive. May not contain "/", "\\" or "@".',
  'admin.users.new.grantAdmin': 'Grant admin rights',
  'admin.users.new.grantAdminHint': 'Administrators can use this Admin Console.',
  'admin.users.new.create': 'Create user',
  'admin.users.new.cancel': 'Cancel and go back to Users',

  // Change Password
  'admin.users.password.title': 'Change Password for {name}',
  'admin.users.password.back': 'Back to user {name}',
  'admin.users.password.intro': 'Setting a new password signs {name} out everywhere.',
  'admin.users.password.change': 'Change Password',
  'admin.users.password.cancel': 'Cancel',
  'admin.users.password.managedElsewhere':
    'The password of {name} is managed by {source}; reset it in that system.',

  // Delete
  'admin.users.delete.title': 'Delete user {name}',
  'admin.users.delete.heading': 'Delete user {name}?',
  'admin.users.delete.nameWithFullName': '{name} ({fullName})',
  'admin.users.delete.warning':
    '{who} will be removed from Quire and signed out everywhere. This cannot be undone.',
  'admin.users.delete.comesBack':
    'A user from {source} comes back at the next synchronization while the source still lists them.',
  'admin.users.delete.confirm': 'Delete user {name}',
  'admin.users.delete.cancel': 'Cancel and keep {name}',
} as const;
