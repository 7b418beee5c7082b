/** The Admin Console's words: the frame (admin.pages.tsx). */
export const frameEn = {
  'admin.nav.users': 'Users',
  'admin.nav.printers': 'Printers',
  'admin.nav.sources': 'User/Group Sync',
  'admin.nav.options': 'Options',
  'admin.nav.audit': 'Audit Log',
  'admin.nav.operations': 'Operations',
  'admin.nav.userWeb': 'User Web Interface',
  'admin.nav.sectionPages': '{section} pages',
  'admin.tab.options.general': 'General',
  'admin.tab.options.email': 'Email',
  'admin.tab.options.webServices': 'Web services',
  'admin.tab.options.singleSignOn': 'Single sign-on',
} as const;
