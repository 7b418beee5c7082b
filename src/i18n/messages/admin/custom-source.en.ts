/** The Admin Console's words: the custom program source form (directory/custom-program/custom-program.form.tsx). */
export const customSourceEn = {
  'admin.customSource.label.name': 'Name',
  'admin.customSource.label.program': 'User program',
  'admin.customSource.label.authProgram': 'Authentication program',
  'admin.customSource.addTitle': 'Add a custom program source',
  'admin.customSource.intro':
    'A program that lists users (and optionally groups) with the PaperCut NG/MF custom user directory protocol, and an optional program that checks passwords.',
  'admin.customSource.nameHint': 'Such as "Corporate Directory"; shown on the pages of its users.',
  'admin.customSource.programHint': 'Absolute path of an executable, e.g. /opt/quire/users.sh',
  'admin.customSource.optional': '{label} (optional)',
  'admin.customSource.authProgramHint': "Absolute path; without one, this source''s users cannot log in.",
  'admin.customSource.label.programArgs': 'User program arguments',
  'admin.customSource.label.authProgramArgs': 'Authentication program arguments',
  'admin.customSource.programArgsHint':
    'One argument a line, given to the program before the protocol’s own ("- all-users"), such as a configuration file.',
  'admin.customSource.authProgramArgsHint': 'One argument a line; kept only with an authentication program.',
} as const;
