/**
 * The Admin Console's words: a group's Admin Console access (group.pages.tsx, groups.routes.tsx),
 * PaperCut's Options → Admin Rights, given here on the group's own page.
 */
export const groupAdminAccessEn = {
  'admin.groups.adminAccess.title': 'Admin Console access',
  'admin.groups.adminAccess.granted':
    'Yes: every enabled member of this group can use the Admin Console, with the same rights as an administrator.',
  'admin.groups.adminAccess.notGranted':
    'No: members of this group use the Admin Console only if they have admin rights of their own.',
  'admin.groups.adminAccess.grant': 'Grant Admin Console access',
  'admin.groups.adminAccess.revoke': 'Revoke Admin Console access',
  'admin.groups.adminAccess.choose': 'Choose whether to grant or to revoke the access.',
  'admin.groups.done.adminGranted': 'Members of {name} can now use the Admin Console.',
  'admin.groups.done.adminRevoked':
    'Members of {name} can no longer use the Admin Console, unless they have admin rights of their own.',
} as const;
