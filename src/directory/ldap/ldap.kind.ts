/**
 * The LDAP / Active Directory source kind (presets: Active Directory, OpenLDAP / Unix,
 * eDirectory): its stored configuration, validation, client, form, CLI options and API fields.
 *
 *   await sources.add(ldapKind, { name: 'Corporate AD', preset: 'active-directory', urls: ['ldaps://dc1'], … }, actor);
 */
import type { SourceKind, TypeBuilder } from '../kind.js';
import { lazyClient } from '../lazy-client.js';
import {
  ATTRIBUTE_KEYS,
  decodeLdapConfig,
  LDAP_PRESETS,
  type LdapAttributeMap,
  type LdapSourceConfig,
} from './ldap.config.js';
import type { LdapFormValues } from './ldap.form.js';
import { auditableLdap, ldapConfig, type LdapSourceInput, type PresentedLdapConfig } from './ldap.input.js';

const ldapConnection = (Type: TypeBuilder) =>
  Type.Object(
    {
      preset: Type.String(),
      urls: Type.Array(Type.String()),
      startTls: Type.Boolean(),
      caCertificate: Type.String(),
      bindDn: Type.String(),
      hasBindPassword: Type.Boolean({
        description: 'Whether a bind password is stored; the password itself is never returned.',
      }),
      baseDns: Type.Array(Type.String()),
      userFilter: Type.String(),
      groupFilter: Type.String(),
      groupMemberAttributes: Type.Array(Type.String()),
      attributes: Type.Record(Type.String(), Type.String()),
      disabledRule: Type.String(),
      pageSize: Type.Integer(),
      connectTimeoutMs: Type.Integer(),
      timeoutMs: Type.Integer(),
      allowPasswordChange: Type.Boolean(),
    },
    { title: 'LdapConnection' },
  );

const collect = (value: string, previous: string[] = []) => [...previous, value];
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const texts = (value: unknown) =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
const isAttributeKey = (key: string): key is keyof LdapAttributeMap =>
  (ATTRIBUTE_KEYS as readonly string[]).includes(key);

export const ldapKind: SourceKind<LdapSourceConfig, LdapSourceInput, PresentedLdapConfig, LdapFormValues> = {
  name: 'ldap',
  label: 'LDAP / Active Directory',
  decode: decodeLdapConfig,
  validate: (input, existing) => ldapConfig(input, existing),
  present({ bindPassword, ...rest }) {
    return { ...rest, hasBindPassword: bindPassword !== '' };
  },
  location: (presented) => presented.urls.join(' '),
  audit: (config, edit) => ({
    ...auditableLdap(config),
    ...(edit ? { bindPasswordChanged: edit.input.bindPassword !== '' } : {}),
  }),
  // ldapts and the client load on the first call: a deployment without LDAP never loads them.
  client: (config) =>
    lazyClient(async () => (await import('./ldap.client.js')).createLdapClient(config), {
      canAuthenticate: true,
      canChangePassword: config.allowPasswordChange,
    }),
  passwordAuthority: (config) => LDAP_PRESETS[config.preset].label,
  formPlacement: 'page',
  loadForm: async () => (await import('./ldap.form.js')).ldapForm,
  cli: {
    description: 'add an LDAP / Active Directory source; the bind password is read from stdin',
    options: (command, io) =>
      command
        .requiredOption('--name <name>', 'display name, such as "Corporate AD"')
        .requiredOption(
          '--preset <preset>',
          'active-directory, openldap or edirectory: fills the filters and attribute names',
        )
        .requiredOption(
          '--url <url>',
          'ldap://host[:port] or ldaps://host[:port]; repeat for failover, in order',
          collect,
        )
        .requiredOption('--bind-dn <dn>', 'the account Quire reads the directory with')
        .requiredOption('--base-dn <dn>', 'where users and groups are searched; repeatable', collect)
        .option('--bind-password-stdin', 'read the bind password from the first line of stdin (required)')
        .option('--user-filter <filter>', "LDAP filter for users (default: the preset's)")
        .option('--group-filter <filter>', "LDAP filter for groups (default: the preset's)")
        .option('--start-tls', 'upgrade ldap:// connections with StartTLS')
        .option('--ca-file <path>', 'PEM file of a CA certificate to trust')
        .option(
          '--attribute <field=attribute>',
          `map a field (${ATTRIBUTE_KEYS.join(', ')}) to an attribute; repeatable`,
          collect,
        )
        .option('--page-size <n>', 'entries per page (default 500)', io.positiveInteger)
        .option('--allow-password-change', 'let directory users change their directory password in Quire'),
    async input(options, io) {
      // Never from argv: every local user could read it with ps, and shells keep history.
      if (options.bindPasswordStdin !== true)
        throw new Error('the bind password is required: write it to stdin and pass --bind-password-stdin');
      const bindPassword = await io.readFirstLine();
      if (!bindPassword) throw new Error('no bind password on stdin: write it as the first line');
      const attributes: Partial<LdapAttributeMap> = {};
      for (const pair of texts(options.attribute)) {
        const [field = '', attribute = ''] = pair.split('=', 2);
        if (!isAttributeKey(field))
          throw new Error(`unknown field "${field}" in --attribute: use one of ${ATTRIBUTE_KEYS.join(', ')}`);
        attributes[field] = attribute;
      }
      const caFile = text(options.caFile);
      return {
        name: text(options.name) ?? '',
        preset: text(options.preset) ?? '',
        urls: texts(options.url),
        bindDn: text(options.bindDn) ?? '',
        bindPassword,
        baseDns: texts(options.baseDn),
        userFilter: text(options.userFilter),
        groupFilter: text(options.groupFilter),
        startTls: options.startTls === true,
        caCertificate: caFile ? io.readFile(caFile, 'CA file') : '',
        attributes: Object.keys(attributes).length ? attributes : undefined,
        pageSize: typeof options.pageSize === 'number' ? options.pageSize : undefined,
        allowPasswordChange: options.allowPasswordChange === true,
      };
    },
  },
  api: {
    properties: (Type) => ({ ldap: Type.Optional(ldapConnection(Type)) }),
    fields: (presented) => ({ ldap: { ...presented, attributes: { ...presented.attributes } } }),
  },
};
