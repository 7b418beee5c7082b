/**
 * The custom program source kind: a program that lists users and groups with PaperCut NG/MF's
 * custom user directory protocol, and an optional program that checks passwords.
 *
 *   await sources.add(customProgramKind, { name: 'HR', program: '/opt/hr/users.sh', authProgram: null }, actor);
 */
import { Type } from '@sinclair/typebox';
import type { SourceKind } from '../kind.js';
import { createCustomProgramClient } from './custom-program.client.js';
import {
  customProgramConfig,
  decodeCustomProgramConfig,
  type CustomProgramConfig,
  type CustomProgramInput,
} from './custom-program.config.js';
import { customProgramForm, type CustomProgramFormValues } from './custom-program.form.js';

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

export const customProgramKind: SourceKind<
  CustomProgramConfig,
  CustomProgramInput,
  CustomProgramConfig,
  CustomProgramFormValues
> = {
  name: 'custom',
  label: 'Custom program',
  decode: decodeCustomProgramConfig,
  validate: (input) => customProgramConfig(input),
  present: (config) => ({ ...config }),
  location: (presented) => presented.program,
  audit: (config) => ({ program: config.program, authProgram: config.authProgram }),
  client: (config) => createCustomProgramClient(config),
  passwordAuthority: (_config, sourceName) => sourceName,
  form: customProgramForm,
  cli: {
    description: 'add a custom user/auth program source (PaperCut-compatible protocol)',
    options: (command) =>
      command
        .requiredOption('--name <name>', 'display name, such as "Corporate Directory"')
        .requiredOption('--program <path>', 'absolute path of the user directory program')
        .option('--auth-program <path>', 'absolute path of the authentication program'),
    input: async (options) => ({
      name: text(options.name) ?? '',
      program: text(options.program) ?? '',
      authProgram: text(options.authProgram),
    }),
  },
  api: {
    properties: {
      program: Type.Optional(Type.String({ description: 'Custom program sources: the user/group program.' })),
      authProgram: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    },
    fields: (presented) => ({ program: presented.program, authProgram: presented.authProgram }),
  },
};
