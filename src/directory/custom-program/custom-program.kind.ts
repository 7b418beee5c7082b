/**
 * The custom program source kind: a program that lists users and groups with PaperCut NG/MF's
 * custom user directory protocol, and an optional program that checks passwords.
 *
 *   await sources.add(customProgramKind, { name: 'HR', program: '/opt/hr/users.sh', programArgs: ['--config', '/etc/hr.conf'] }, actor);
 */
import type { SourceKind } from '../kind.js';
import { lazyClient } from '../lazy-client.js';
import {
  customProgramConfig,
  decodeCustomProgramConfig,
  type CustomProgramConfig,
  type CustomProgramInput,
} from './custom-program.config.js';
import type { CustomProgramFormValues } from './custom-program.form.js';

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const texts = (value: unknown) => (Array.isArray(value) ? value.filter((v) => typeof v === 'string') : []);
const collect = (value: string, previous: string[] = []) => [...previous, value];

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
  audit: (config) => ({
    program: config.program,
    programArgs: config.programArgs,
    authProgram: config.authProgram,
    authProgramArgs: config.authProgramArgs,
  }),
  client: (config) =>
    lazyClient(async () => (await import('./custom-program.client.js')).createCustomProgramClient(config), {
      canAuthenticate: Boolean(config.authProgram),
      canChangePassword: false,
    }),
  passwordAuthority: (_config, sourceName) => sourceName,
  formPlacement: 'list',
  loadForm: async () => (await import('./custom-program.form.js')).customProgramForm,
  cli: {
    description: 'add a custom user/auth program source (PaperCut-compatible protocol)',
    options: (command) =>
      command
        .requiredOption('--name <name>', 'display name, such as "Corporate Directory"')
        .requiredOption('--program <path>', 'absolute path of the user directory program')
        .option('--program-arg <arg>', 'an argument given to the user program first; repeatable', collect)
        .option('--auth-program <path>', 'absolute path of the authentication program')
        .option(
          '--auth-program-arg <arg>',
          'an argument given to the authentication program; repeatable',
          collect,
        ),
    input: async (options) => ({
      name: text(options.name) ?? '',
      program: text(options.program) ?? '',
      programArgs: texts(options.programArg),
      authProgram: text(options.authProgram),
      authProgramArgs: texts(options.authProgramArg),
    }),
  },
  api: {
    properties: (Type) => ({
      program: Type.Optional(Type.String({ description: 'Custom program sources: the user/group program.' })),
      programArgs: Type.Optional(
        Type.Array(Type.String(), { description: 'Arguments given to the user program first.' }),
      ),
      authProgram: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      authProgramArgs: Type.Optional(Type.Array(Type.String())),
    }),
    fields: (presented) => ({
      program: presented.program,
      programArgs: presented.programArgs,
      authProgram: presented.authProgram,
      authProgramArgs: presented.authProgramArgs,
    }),
  },
};
