/** The Admin Console's words: Batch import → the users a preview lists and its Import button. */
export const batchPreviewEn = {
  'admin.batchPreview.users': 'Users the import creates or changes',
  'admin.batchPreview.usersCapped': 'The first {shown} of {total} users the import creates or changes',
  'admin.batchPreview.more': 'And {count, plural, one {# more user} other {# more users}}.',
  'admin.batchPreview.column.line': 'Line',
  'admin.batchPreview.column.username': 'Username',
  'admin.batchPreview.column.action': 'Action',
  'admin.batchPreview.column.fields': 'Fields',
  'admin.batchPreview.action.create': 'Create',
  'admin.batchPreview.action.update': 'Change',
  'admin.batchPreview.field.full_name': 'full name',
  'admin.batchPreview.field.email': 'email',
  'admin.batchPreview.field.department': 'department',
  'admin.batchPreview.field.office': 'office',
  'admin.batchPreview.field.notes': 'notes',
  'admin.batchPreview.field.card_number': 'primary card/ID number',
  'admin.batchPreview.field.card_number2': 'secondary card/ID number',
  'admin.batchPreview.field.username_alias': 'username alias',
  'admin.batchPreview.field.home_folder': 'home folder',
  'admin.batchPreview.field.password': 'password',
  'admin.batchPreview.field.pin': 'PIN',
  'admin.batchPreview.importHint':
    'Import exactly this file with these options, without choosing it again. The preview can be imported once, from this session, within {minutes} minutes.',
  'admin.batchPreview.importSubmit': 'Import the previewed file',
  'admin.batchPreview.refused.unknown':
    'This preview is no longer kept (previews are kept for {minutes} minutes). Nothing was imported: choose the file and preview it again.',
  'admin.batchPreview.refused.expired':
    'This preview has expired (previews are kept for {minutes} minutes). Nothing was imported: choose the file and preview it again.',
  'admin.batchPreview.refused.used':
    'This preview was already imported. Nothing more was imported: to import the file again, choose it and preview it again.',
  'admin.batchPreview.refused.another-session':
    'This preview was made in another session. Nothing was imported: choose the file and preview it yourself.',
} as const;
