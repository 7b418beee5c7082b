/**
 * The Admin Console's words: the Users list's count, pages, status filters, CSV download and bulk
 * actions (users-list, users-find, users-pager and users-bulk pages; users-list and users-bulk routes).
 */
export const usersBulkEn = {
  // The count and the pages
  'admin.users.list.count': '{count, plural, one {# user} other {# users}}',
  'admin.users.list.countMore': 'More than {bound, number} users',
  'admin.users.list.first': 'First',
  'admin.users.list.last': 'Last',
  'admin.users.list.pageNumber': 'Page {page, number}',
  'admin.users.list.jump': 'Go to page',
  'admin.users.list.go': 'Go',
  'admin.users.list.pageSize': 'Users per page',

  // The status filters
  'admin.users.filter.any': 'Any',
  'admin.users.filter.disabled': 'Status',
  'admin.users.filter.disabledYes': 'Disabled',
  'admin.users.filter.disabledNo': 'Enabled',
  'admin.users.filter.locked': 'Locked out',
  'admin.users.filter.lockedYes': 'Locked out',
  'admin.users.filter.lockedNo': 'Not locked out',
  'admin.users.filter.admin': 'Admin rights',
  'admin.users.filter.adminYes': 'Administrators',
  'admin.users.filter.adminNo': 'Not administrators',
  'admin.users.filter.never': 'Logged in',
  'admin.users.filter.neverYes': 'Never logged in',
  'admin.users.filter.neverNo': 'Logged in at least once',
  'admin.users.filter.department': 'Department',
  'admin.users.filter.departmentHint': 'The whole department name, as on the user',
  'admin.users.list.csv': 'Download these users as CSV',

  // Bulk actions
  'admin.users.bulk.title': 'Change the selected users',
  'admin.users.bulk.select': 'Select',
  'admin.users.bulk.selectUser': 'Select {name}',
  'admin.users.bulk.allOnPage': 'All users on this page',
  'admin.users.bulk.action': 'Action',
  'admin.users.bulk.choose': 'Choose an action',
  'admin.users.bulk.disable': 'Disable',
  'admin.users.bulk.enable': 'Enable',
  'admin.users.bulk.forcePassword': 'Force password change',
  'admin.users.bulk.addToGroup': 'Add to group',
  'admin.users.bulk.delete': 'Delete',
  'admin.users.bulk.group': 'Group',
  'admin.users.bulk.groupHint': 'For Add to group: an existing internal group',
  'admin.users.bulk.apply': 'Apply to selected users',
  'admin.users.bulk.noneSelected': 'Select at least one user, or All users on this page.',
  'admin.users.bulk.tooMany': 'Select at most {max, number} users at a time.',
  'admin.users.bulk.unknownAction': 'Choose one of the actions in the list.',
  'admin.users.bulk.groupMissing': 'Enter the name of the group to add the users to.',
  'admin.users.bulk.groupUnknown': 'There is no group named "{group}".',
  'admin.users.bulk.groupSynced':
    'The group "{group}" is synchronized from a directory source; change its members there.',

  // Delete confirmation
  'admin.users.bulk.deleteTitle': 'Delete {count, plural, one {# user} other {# users}}',
  'admin.users.bulk.deleteWarning':
    'These users, their accounts and their settings will be deleted. This cannot be undone. A user from a directory source comes back at the next synchronization unless it is removed there.',
  'admin.users.bulk.deleteCaption': 'Users to delete',
  'admin.users.bulk.deleteConfirm': 'Delete {count, plural, one {# user} other {# users}}',
  'admin.users.bulk.cancel': 'Cancel, back to Users',
  'admin.users.bulk.notFound': 'No such user',

  // The result
  'admin.users.bulk.resultTitle': 'Users changed',
  'admin.users.bulk.done.disable': '{count, plural, one {# user} other {# users}} disabled.',
  'admin.users.bulk.done.enable': '{count, plural, one {# user} other {# users}} enabled.',
  'admin.users.bulk.done.force-password':
    '{count, plural, one {# user} other {# users}} must change their password at their next log-in.',
  'admin.users.bulk.done.add-to-group': '{count, plural, one {# user} other {# users}} added to {group}.',
  'admin.users.bulk.done.delete': '{count, plural, one {# user} other {# users}} deleted.',
  'admin.users.bulk.refused': '{count, plural, one {# user} other {# users}} refused:',
  'admin.users.bulk.refusedCaption': 'Refused users and why',
  'admin.users.bulk.reason': 'Reason',
} as const;
