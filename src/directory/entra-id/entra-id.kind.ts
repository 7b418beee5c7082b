/**
 * The Microsoft Entra ID (Office 365) source kind, read through Microsoft Graph with an app
 * registration's client secret or certificate; a saved source keeps a delta-query mirror.
 *
 *   await sources.add(entraIdKind, { name: 'Contoso', tenantId: 'contoso.onmicrosoft.com', clientId: '…', clientSecret: '…', … }, actor);
 */
import type { SourceKind, TypeBuilder } from '../kind.js';
import type { EntraFormValues } from './entra-id.form.js';
import {
  auditableEntra,
  certificateBlocks,
  entraConfigFrom,
  type EntraSourceInput,
  type PresentedEntraConfig,
} from './entra-id.input.js';
import { lazyClient } from '../lazy-client.js';
import { decodeEntraConfig, type EntraSourceConfig } from './graph.config.js';

const entraConnection = (Type: TypeBuilder) =>
  Type.Object(
    {
      tenantId: Type.String(),
      clientId: Type.String(),
      hasClientSecret: Type.Boolean({ description: 'Whether a client secret is stored (never returned).' }),
      certificatePem: Type.String({
        description: 'The public certificate registered with the app, when a certificate is used.',
      }),
      hasPrivateKey: Type.Boolean({
        description: "Whether the certificate's private key is stored (never returned).",
      }),
      usernameFrom: Type.String({ description: '`upn-local-part` or `sam-account-name`.' }),
      importGroups: Type.Boolean(),
      pageSize: Type.Integer(),
      timeoutMs: Type.Integer(),
      graphUrl: Type.String(),
      loginUrl: Type.String(),
    },
    { title: 'EntraConnection' },
  );

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

export const entraIdKind: SourceKind<
  EntraSourceConfig,
  EntraSourceInput,
  PresentedEntraConfig,
  EntraFormValues
> = {
  name: 'entra',
  label: 'Microsoft Entra ID (Office 365)',
  decode: decodeEntraConfig,
  validate: (input, existing) => entraConfigFrom(input, existing),
  present({ clientSecret, privateKeyPem, ...rest }) {
    // A certificate stored before keys were refused in that field may still hold one: never shown.
    return {
      ...rest,
      certificatePem: certificateBlocks(rest.certificatePem),
      hasClientSecret: clientSecret !== '',
      hasPrivateKey: privateKeyPem !== '',
    };
  },
  location: (presented) => `tenant ${presented.tenantId}`,
  audit: (config, edit) => ({
    ...auditableEntra(config),
    ...(edit
      ? {
          credentialChanged:
            config.clientSecret !== edit.before.clientSecret ||
            config.privateKeyPem !== edit.before.privateKeyPem ||
            config.certificatePem !== edit.before.certificatePem,
        }
      : {}),
  }),
  client: (config, { sourceId, graphMirror }) =>
    lazyClient(
      async () =>
        (await import('./graph.client.js')).createGraphClient(config, {
          mirror: sourceId !== null && graphMirror ? graphMirror(sourceId) : null,
        }),
      { canAuthenticate: false, canChangePassword: false },
    ),
  passwordAuthority: () => 'Microsoft 365',
  formPlacement: 'page',
  loadForm: async () => (await import('./entra-id.form.js')).entraIdForm,
  cli: {
    description:
      'add a Microsoft Entra ID (Office 365) source read through Microsoft Graph; the client secret is read from stdin',
    options: (command, io) =>
      command
        .requiredOption('--name <name>', 'display name, such as "Contoso"')
        .requiredOption(
          '--tenant-id <id>',
          'directory (tenant) id: a GUID or a domain such as contoso.onmicrosoft.com',
        )
        .requiredOption(
          '--client-id <id>',
          'application (client) id of the app registration (User.Read.All, GroupMember.Read.All)',
        )
        .option('--client-secret-stdin', 'read the client secret from the first line of stdin')
        .option('--certificate <file>', 'PEM certificate registered with the app (instead of a secret)')
        .option('--private-key <file>', 'PEM private key of the certificate')
        .option(
          '--username-from <source>',
          'upn-local-part (default: the part of userPrincipalName before @) or sam-account-name',
        )
        .option('--no-groups', 'do not read groups')
        .option('--page-size <n>', 'users per Graph page, 1-999 (default 999)', io.positiveInteger)
        .option(
          '--graph-url <url>',
          'Microsoft Graph of a national cloud (default https://graph.microsoft.com)',
        )
        .option(
          '--login-url <url>',
          'sign-in endpoint of a national cloud (default https://login.microsoftonline.com)',
        ),
    async input(options, io) {
      const certificate = text(options.certificate);
      const privateKey = text(options.privateKey);
      const secretFromStdin = options.clientSecretStdin === true;
      const usesCertificate = certificate !== undefined || privateKey !== undefined;
      if (secretFromStdin === usesCertificate)
        throw new Error(
          'give exactly one credential: --client-secret-stdin, or --certificate FILE with --private-key FILE',
        );
      if (usesCertificate && (!certificate || !privateKey))
        throw new Error('--certificate and --private-key go together');
      // Never from argv: every local user could read it with ps, and shells keep history.
      const clientSecret = secretFromStdin ? await io.readFirstLine() : '';
      if (secretFromStdin && !clientSecret)
        throw new Error('no client secret on stdin: write it as the first line');
      return {
        name: text(options.name) ?? '',
        tenantId: text(options.tenantId) ?? '',
        clientId: text(options.clientId) ?? '',
        clientSecret: clientSecret ?? '',
        certificatePem: certificate ? io.readFile(certificate, 'certificate file') : '',
        privateKeyPem: privateKey ? io.readFile(privateKey, 'private key file') : '',
        usernameFrom: text(options.usernameFrom),
        importGroups: options.groups !== false,
        pageSize: typeof options.pageSize === 'number' ? options.pageSize : undefined,
        graphUrl: text(options.graphUrl),
        loginUrl: text(options.loginUrl),
      };
    },
  },
  api: {
    properties: (Type) => ({ entra: Type.Optional(entraConnection(Type)) }),
    fields: (presented) => ({ entra: presented }),
  },
};
