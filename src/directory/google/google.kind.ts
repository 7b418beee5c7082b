/**
 * The Google Workspace source kind, read through the Admin SDK Directory API with a service
 * account that has domain-wide delegation.
 *
 *   await sources.add(googleKind, { name: 'Example', serviceAccountKey: json, adminEmail: 'admin@example.org' }, actor);
 */
import type { SourceKind, TypeBuilder } from '../kind.js';
import { lazyClient } from '../lazy-client.js';
import { parseServiceAccountKey } from './google.credentials.js';
import { decodeGoogleConfig, type GoogleSourceConfig } from './google.config.js';
import type { GoogleFormValues } from './google.form.js';
import {
  auditableGoogle,
  googleConfigFrom,
  type GoogleSourceInput,
  type PresentedGoogleConfig,
} from './google.input.js';

const googleConnection = (Type: TypeBuilder) =>
  Type.Object(
    {
      adminEmail: Type.String(),
      serviceAccountEmail: Type.String(),
      hasServiceAccountKey: Type.Boolean({
        description: "Whether the service account's JSON key is stored (never returned).",
      }),
      customer: Type.String(),
      domain: Type.String(),
      usernameFrom: Type.String(),
      importGroups: Type.Boolean(),
      pageSize: Type.Integer(),
      timeoutMs: Type.Integer(),
      apiUrl: Type.String(),
    },
    { title: 'GoogleConnection' },
  );

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

export const googleKind: SourceKind<
  GoogleSourceConfig,
  GoogleSourceInput,
  PresentedGoogleConfig,
  GoogleFormValues
> = {
  name: 'google',
  label: 'Google Workspace',
  decode: decodeGoogleConfig,
  validate: (input, existing) => googleConfigFrom(input, existing),
  present({ serviceAccountKey, ...rest }) {
    let serviceAccountEmail: string;
    try {
      serviceAccountEmail = parseServiceAccountKey(serviceAccountKey).client_email;
    } catch {
      serviceAccountEmail = '';
    }
    return { ...rest, hasServiceAccountKey: serviceAccountKey !== '', serviceAccountEmail };
  },
  location: (presented) =>
    presented.domain ? `domain ${presented.domain}` : `customer ${presented.customer}`,
  audit: (config, edit) => ({
    ...auditableGoogle(config),
    ...(edit ? { keyChanged: config.serviceAccountKey !== edit.before.serviceAccountKey } : {}),
  }),
  client: (config) =>
    lazyClient(async () => (await import('./google.client.js')).createGoogleClient(config), {
      canAuthenticate: false,
      canChangePassword: false,
    }),
  passwordAuthority: () => 'Google Workspace',
  formPlacement: 'page',
  loadForm: async () => (await import('./google.form.js')).googleForm,
  cli: {
    description:
      'add a Google Workspace source read through the Admin SDK Directory API with a service account (domain-wide delegation)',
    options: (command, io) =>
      command
        .requiredOption('--name <name>', 'display name, such as "Example Workspace"')
        .requiredOption('--key-file <file>', "the service account's JSON key")
        .requiredOption('--admin-email <email>', 'the administrator the service account acts as')
        .option('--customer <id>', "customer id (default my_customer: the administrator's own account)")
        .option('--domain <domain>', 'only users of this domain (default: every domain of the account)')
        .option('--username-from <source>', 'email-local-part (the only choice: usernames never contain @)')
        .option('--no-groups', 'do not read groups')
        .option('--page-size <n>', 'users per page, 1-500 (default 500)', io.positiveInteger)
        .option('--api-url <url>', 'Directory API root (default https://admin.googleapis.com)'),
    input: async (options, io) => ({
      name: text(options.name) ?? '',
      serviceAccountKey: io.readFile(text(options.keyFile) ?? '', 'key file'),
      adminEmail: text(options.adminEmail) ?? '',
      customer: text(options.customer),
      domain: text(options.domain),
      usernameFrom: text(options.usernameFrom),
      importGroups: options.groups !== false,
      pageSize: typeof options.pageSize === 'number' ? options.pageSize : undefined,
      apiUrl: text(options.apiUrl),
    }),
  },
  api: {
    properties: (Type) => ({ google: Type.Optional(googleConnection(Type)) }),
    fields: (presented) => ({ google: presented }),
  },
};
