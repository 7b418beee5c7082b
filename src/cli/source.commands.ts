/**
 * `quire source …` and `quire sync`: directory sources and synchronizing users from them.
 *
 *   quire source add-custom --name 'Corporate Directory' --program /opt/dir/users.sh --auth-program /opt/dir/auth.sh
 *   printf '%s\n' "$BIND_PW" | quire source add-ldap --name 'Corporate AD' --preset active-directory \
 *     --url ldaps://dc1.example.org --bind-dn 'CN=quire,OU=Service,DC=example,DC=org' --bind-password-stdin --base-dn 'DC=example,DC=org'
 *   printf '%s\n' "$CLIENT_SECRET" | quire source add-entra --name 'Contoso' --tenant-id contoso.onmicrosoft.com --client-id 1b2c… --client-secret-stdin
 *   quire source add-google --name 'Example Workspace' --key-file sa.json --admin-email admin@example.org
 *   quire source test 'Corporate AD'
 *   quire sync --dry-run
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { App } from '../app.js';
import type { SourceRow, SyncRunRow } from '../db/schema.js';
import type { LdapAttributeMap } from '../directory/ldap/ldap.config.js';
import { presentSource, type PresentedSource } from '../directory/source.presenter.js';
import { NotFoundError } from '../errors.js';
import type { SyncReport } from '../sync/sync-run.js';
import {
  cliActor,
  positiveInteger,
  print,
  printColumns,
  printJson,
  printable,
  readFirstLine,
  withApp,
} from './io.js';

const ATTRIBUTE_FIELDS: (keyof LdapAttributeMap)[] = [
  'username',
  'externalId',
  'fullName',
  'email',
  'department',
  'office',
  'cardNumber',
  'cardNumber2',
  'otherEmails',
  'homeFolder',
  'cardPin',
];

function nonNegativeInteger(raw: string): number {
  return raw === '0' ? 0 : positiveInteger(raw);
}

function location(source: PresentedSource): string {
  if (source.entra) return `tenant ${source.entra.tenantId}`;
  if (source.google)
    return source.google.domain
      ? `domain ${source.google.domain}`
      : `customer ${source.google.customer} (${source.google.adminEmail})`;
  return source.program ?? source.ldap?.urls.join(' ') ?? '';
}

/** Reads a file the administrator named; a missing or unreadable one is a clear error, not a stack trace. */
function readNamedFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `cannot read the ${what} ${file} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`,
      { cause: error },
    );
  }
}

function printReport(report: SyncReport): void {
  print(
    `${printable(report.source)}: ${report.status}${report.dryRun ? ' (dry run: nothing was changed)' : ''}`,
  );
  print(
    `  added ${report.added}, updated ${report.updated}, renamed ${report.renamed}, disabled ${report.disabled}, deleted ${report.deleted}, ` +
      `unchanged ${report.unchanged}, conflicts ${report.conflicts}, errors ${report.errors}`,
  );
  if (report.message) print(`  ${printable(report.message)}`);
  for (const line of report.lines)
    print(
      `  ${line.kind.padEnd(8)} ${printable(line.username)}${line.detail ? `  ${printable(line.detail)}` : ''}`,
    );
}

/** A progress line on stderr, rewritten in place on a terminal (stdout stays the report). */
function progressPrinter(sourceName: string): (phase: string, entries: number) => void {
  let last = 0;
  return (phase, entries) => {
    const now = Date.now();
    if (now - last < 500) return;
    last = now;
    const text = `${printable(sourceName)}: ${phase}, ${entries} entries read`;
    if (process.stderr.isTTY) process.stderr.write(`\r${text}\u001b[K`);
    else process.stderr.write(`${text}\n`);
  };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

async function findSource(app: App, name: string): Promise<SourceRow> {
  const row = await app.services.sources.findByName(name);
  if (!row) throw new NotFoundError(`No directory source named "${name}".`);
  return row;
}

/** Waits for a run (possibly on another server) to end, printing its progress. */
async function watchRun(app: App, runId: number): Promise<SyncRunRow> {
  for (;;) {
    const run = await app.services.sync.findRun(runId);
    if (!run) throw new NotFoundError(`There is no synchronization run #${runId}.`);
    if (run.status !== 'running') return run;
    process.stderr.write(`run #${runId}: ${run.phase}, ${run.progress} entries read\n`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

export function registerSourceCommands(program: Command): void {
  const source = program.command('source').description('directory sources that users are synchronized from');

  source
    .command('add-custom')
    .description('add a custom user/auth program source (PaperCut-compatible protocol)')
    .requiredOption('--name <name>', 'display name, such as "Corporate Directory"')
    .requiredOption('--program <path>', 'absolute path of the user directory program')
    .option('--auth-program <path>', 'absolute path of the authentication program')
    .action(async (options: { name: string; program: string; authProgram?: string }) => {
      await withApp(async ({ services }) => {
        const row = await services.sources.addCustom(options, cliActor());
        print(
          `Added directory source "${printable(row.name)}". Try it with: quire source test "${printable(row.name)}"`,
        );
      });
    });

  source
    .command('add-ldap')
    .description('add an LDAP / Active Directory source; the bind password is read from stdin')
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
      'map a field (username, externalId, fullName, email, department, office, cardNumber, cardNumber2, otherEmails, homeFolder, cardPin) to an attribute; repeatable',
      collect,
    )
    .option('--page-size <n>', 'entries per page (default 500)', positiveInteger)
    .option('--allow-password-change', 'let directory users change their directory password in Quire')
    .action(
      async (options: {
        name: string;
        preset: string;
        url: string[];
        bindDn: string;
        baseDn: string[];
        bindPasswordStdin?: boolean;
        userFilter?: string;
        groupFilter?: string;
        startTls?: boolean;
        caFile?: string;
        attribute?: string[];
        pageSize?: number;
        allowPasswordChange?: boolean;
      }) => {
        // Never from argv: every local user could read it with ps, and shells keep history.
        if (!options.bindPasswordStdin)
          throw new Error('the bind password is required: write it to stdin and pass --bind-password-stdin');
        const bindPassword = await readFirstLine();
        if (!bindPassword) throw new Error('no bind password on stdin: write it as the first line');
        const attributes: Partial<LdapAttributeMap> = {};
        for (const pair of options.attribute ?? []) {
          const [field = '', attribute = ''] = pair.split('=', 2);
          if (!ATTRIBUTE_FIELDS.includes(field as keyof LdapAttributeMap))
            throw new Error(
              `unknown field "${field}" in --attribute: use one of ${ATTRIBUTE_FIELDS.join(', ')}`,
            );
          attributes[field as keyof LdapAttributeMap] = attribute;
        }
        await withApp(async ({ services }) => {
          const row = await services.sources.addLdap(
            {
              name: options.name,
              preset: options.preset,
              urls: options.url,
              bindDn: options.bindDn,
              bindPassword,
              baseDns: options.baseDn,
              userFilter: options.userFilter,
              groupFilter: options.groupFilter,
              startTls: options.startTls,
              caCertificate: options.caFile ? readFileSync(options.caFile, 'utf8') : '',
              attributes: Object.keys(attributes).length ? attributes : undefined,
              pageSize: options.pageSize,
              allowPasswordChange: options.allowPasswordChange,
            },
            cliActor(),
          );
          print(
            `Added directory source "${printable(row.name)}". Try it with: quire source test "${printable(row.name)}"`,
          );
        });
      },
    );

  source
    .command('add-entra')
    .description(
      'add a Microsoft Entra ID (Office 365) source read through Microsoft Graph; the client secret is read from stdin',
    )
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
    .option('--page-size <n>', 'users per Graph page, 1-999 (default 999)', positiveInteger)
    .option('--graph-url <url>', 'Microsoft Graph of a national cloud (default https://graph.microsoft.com)')
    .option(
      '--login-url <url>',
      'sign-in endpoint of a national cloud (default https://login.microsoftonline.com)',
    )
    .action(
      async (options: {
        name: string;
        tenantId: string;
        clientId: string;
        clientSecretStdin?: boolean;
        certificate?: string;
        privateKey?: string;
        usernameFrom?: string;
        groups: boolean;
        pageSize?: number;
        graphUrl?: string;
        loginUrl?: string;
      }) => {
        const usesCertificate = options.certificate !== undefined || options.privateKey !== undefined;
        if (Boolean(options.clientSecretStdin) === usesCertificate)
          throw new Error(
            'give exactly one credential: --client-secret-stdin, or --certificate FILE with --private-key FILE',
          );
        if (usesCertificate && (!options.certificate || !options.privateKey))
          throw new Error('--certificate and --private-key go together');
        // Never from argv: every local user could read it with ps, and shells keep history.
        const clientSecret = options.clientSecretStdin ? await readFirstLine() : '';
        if (options.clientSecretStdin && !clientSecret)
          throw new Error('no client secret on stdin: write it as the first line');
        const certificatePem = options.certificate
          ? readNamedFile(options.certificate, 'certificate file')
          : '';
        const privateKeyPem = options.privateKey ? readNamedFile(options.privateKey, 'private key file') : '';
        await withApp(async ({ services }) => {
          const row = await services.sources.addEntra(
            {
              name: options.name,
              tenantId: options.tenantId,
              clientId: options.clientId,
              clientSecret: clientSecret ?? '',
              certificatePem,
              privateKeyPem,
              usernameFrom: options.usernameFrom,
              importGroups: options.groups,
              pageSize: options.pageSize,
              graphUrl: options.graphUrl,
              loginUrl: options.loginUrl,
            },
            cliActor(),
          );
          print(
            `Added directory source "${printable(row.name)}". Try it with: quire source test "${printable(row.name)}"`,
          );
        });
      },
    );

  source
    .command('add-google')
    .description(
      'add a Google Workspace source read through the Admin SDK Directory API with a service account (domain-wide delegation)',
    )
    .requiredOption('--name <name>', 'display name, such as "Example Workspace"')
    .requiredOption('--key-file <file>', "the service account's JSON key")
    .requiredOption('--admin-email <email>', 'the administrator the service account acts as')
    .option('--customer <id>', "customer id (default my_customer: the administrator's own account)")
    .option('--domain <domain>', 'only users of this domain (default: every domain of the account)')
    .option('--username-from <source>', 'email-local-part (the only choice: usernames never contain @)')
    .option('--no-groups', 'do not read groups')
    .option('--page-size <n>', 'users per page, 1-500 (default 500)', positiveInteger)
    .option('--api-url <url>', 'Directory API root (default https://admin.googleapis.com)')
    .action(
      async (options: {
        name: string;
        keyFile: string;
        adminEmail: string;
        customer?: string;
        domain?: string;
        usernameFrom?: string;
        groups: boolean;
        pageSize?: number;
        apiUrl?: string;
      }) => {
        const serviceAccountKey = readNamedFile(options.keyFile, 'key file');
        await withApp(async ({ services }) => {
          const row = await services.sources.addGoogle(
            {
              name: options.name,
              serviceAccountKey,
              adminEmail: options.adminEmail,
              customer: options.customer,
              domain: options.domain,
              usernameFrom: options.usernameFrom,
              importGroups: options.groups,
              pageSize: options.pageSize,
              apiUrl: options.apiUrl,
            },
            cliActor(),
          );
          print(
            `Added directory source "${printable(row.name)}". Try it with: quire source test "${printable(row.name)}"`,
          );
        });
      },
    );

  source
    .command('test <name>')
    .description(
      'connect and bind, show the first users and groups found and what a sync would change; changes nothing',
    )
    .action(async (name: string) => {
      await withApp(async (app) => {
        const row = await findSource(app, name);
        await app.services.sources.clientFor(row).check();
        print(`Connected to "${printable(row.name)}".`);
        const report = await app.services.sync.run(row, {
          dryRun: true,
          actor: cliActor(),
          onProgress: progressPrinter(row.name),
        });
        if (report.samples.users.length) {
          print('First users found:');
          printColumns(
            report.samples.users.map((u) => [
              '  ' + u.username,
              u.full_name,
              u.email,
              u.status === 'excluded' ? '(not imported)' : '',
            ]),
          );
        }
        if (report.samples.groups.length) {
          print('First groups found:');
          printColumns(report.samples.groups.map((g) => ['  ' + g.name, `${g.members} members`]));
        }
        printReport(report);
        if (report.status !== 'succeeded') throw new Error(`the test of "${row.name}" failed`);
      });
    });

  source
    .command('set-options <name>')
    .description('how a source is synchronized: users no longer listed, removal limit, schedule, which users')
    .option(
      '--missing <policy>',
      'what happens to users the directory no longer lists: keep, disable or delete',
    )
    .option(
      '--max-removals <n>',
      'most users one run may disable or delete (default 500)',
      nonNegativeInteger,
    )
    .option(
      '--max-removals-percent <p>',
      'most users one run may disable or delete, in % of the source (default 10)',
      nonNegativeInteger,
    )
    .option('--schedule <cron>', 'cron expression, e.g. "0 2 * * *"; "" for on demand only')
    .option('--import-disabled', 'import users disabled in the directory (as disabled users)')
    .option('--no-import-disabled', 'do not import users disabled in the directory')
    .option('--import-group <name>', 'import only (nested) members of this group; repeatable', collect)
    .option('--all-users', 'import every user again (clears --import-group)')
    .action(
      async (
        name: string,
        options: {
          missing?: string;
          maxRemovals?: number;
          maxRemovalsPercent?: number;
          schedule?: string;
          importDisabled?: boolean;
          importGroup?: string[];
          allUsers?: boolean;
        },
      ) => {
        await withApp(async (app) => {
          const row = await findSource(app, name);
          await app.services.sources.updateSyncOptions(
            row.id,
            {
              missingPolicy: options.missing ?? row.missing_policy,
              maxRemovals: options.maxRemovals ?? row.max_removals,
              maxRemovalsPercent: options.maxRemovalsPercent ?? row.max_removals_percent,
              schedule: options.schedule ?? row.schedule,
              importDisabled: options.importDisabled ?? row.import_disabled === 1,
              importGroups: options.allUsers
                ? []
                : (options.importGroup ?? row.import_groups.split('\n').filter(Boolean)),
            },
            cliActor(),
          );
          print(`Saved the synchronization options of "${printable(row.name)}".`);
        });
      },
    );

  source
    .command('make-primary <name>')
    .description('synchronize this source first (the others follow in their order)')
    .action(async (name: string) => {
      await withApp(async (app) => {
        const row = await findSource(app, name);
        await app.services.sources.makePrimary(row.id, cliActor());
        print(`"${printable(row.name)}" is now the primary source.`);
      });
    });

  source
    .command('remove <name>')
    .description('remove a source that no longer provides any user')
    .action(async (name: string) => {
      await withApp(async (app) => {
        const row = await findSource(app, name);
        await app.services.sources.remove(row.id, cliActor());
        print(`Removed directory source "${printable(row.name)}".`);
      });
    });

  source
    .command('list')
    .description('list directory sources: name, kind, where it reads from (primary first)')
    .option('--json', 'print a JSON array (never includes bind passwords, client secrets or keys)')
    .action(async (options: { json?: boolean }) => {
      await withApp(async (app) => {
        const sources = (await app.services.sources.list()).map((s) =>
          presentSource(s, app.services.sources),
        );
        if (options.json) printJson(sources);
        else printColumns(sources.map((s) => [s.name, s.kindLabel, location(s)]));
      });
    });

  program
    .command('sync')
    .description('synchronize users from one directory source, or from every source in order (primary first)')
    .option('--source <name>', 'only this source')
    .option('--dry-run', 'show what would change and change nothing')
    .option('--allow-removals', 'let this run disable or delete more users than the removal limit (audited)')
    .option(
      '--watch <run>',
      'follow a run started elsewhere (web page, another server) until it ends',
      positiveInteger,
    )
    .option('--cancel <run>', 'ask a running synchronization to stop; it changes nothing', positiveInteger)
    .action(
      async (options: {
        source?: string;
        dryRun?: boolean;
        allowRemovals?: boolean;
        watch?: number;
        cancel?: number;
      }) => {
        await withApp(async (app) => {
          const { services } = app;
          if (options.cancel !== undefined) {
            await services.sync.cancel(options.cancel, cliActor());
            print(`Asked run #${options.cancel} to stop; it stops before changing anything.`);
            return;
          }
          if (options.watch !== undefined) {
            const run = await watchRun(app, options.watch);
            print(`run #${run.id}: ${run.status}`);
            print(`  ${printable(run.message)}`);
            if (run.status !== 'succeeded') throw new Error(`synchronization run #${run.id} ${run.status}`);
            return;
          }
          const rows =
            options.source === undefined
              ? await services.sources.list()
              : [await findSource(app, options.source)];
          if (rows.length === 0) print('No directory sources are configured; nothing to synchronize.');
          const reports: SyncReport[] = [];
          for (const row of rows) {
            reports.push(
              await services.sync.run(row, {
                dryRun: Boolean(options.dryRun),
                overrideThreshold: Boolean(options.allowRemovals),
                actor: cliActor(),
                onProgress: progressPrinter(row.name),
              }),
            );
          }
          if (process.stderr.isTTY && reports.length) process.stderr.write('\n');
          reports.forEach(printReport);
          const failed = reports.filter((r) => r.status !== 'succeeded');
          if (failed.length > 0)
            throw new Error(`synchronization failed for ${failed.map((r) => `"${r.source}"`).join(', ')}`);
        });
      },
    );
}
