/** The Admin Console's words: the page around a source form (source-form.pages.tsx, source-forms.routes.tsx). */
export const sourceFormEn = {
  'admin.sourceForm.test.noUsers': 'The user filter found no users under the base DNs.',
  'admin.sourceForm.test.noGroups': 'The group filter found no groups.',
  'admin.sourceForm.test.title': 'Test results',
  'admin.sourceForm.test.failed': 'The test failed: {message} Nothing was saved.',
  'admin.sourceForm.test.connected':
    'Connected and logged in to the directory. These are the first users and groups it returned; nothing was saved or changed.',
  'admin.sourceForm.test.users': 'Users (first {count})',
  'admin.sourceForm.test.groups': 'Groups (first {count})',
  'admin.sourceForm.test.directMembers': 'Direct members',
  'admin.sourceForm.save': 'Save',
  'admin.sourceForm.test': 'Test settings',
  'admin.sourceForm.testHint':
    'Test settings connects with the settings on this form, shows the first users and groups it finds, and saves or changes nothing.',
  'admin.sourceForm.editTitle': 'Edit {name}',
  'admin.sourceForm.secretStored': 'A secret is stored; leave empty to keep it.',
  'admin.sourceForm.secretNotResent':
    'Secrets are never sent back to the browser: enter it again before you save or test.',
} as const;
