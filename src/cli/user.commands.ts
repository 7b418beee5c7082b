/**
 * `quire user …`: create, inspect, list and change users from scripts and the terminal.
 *
 *   printf '%s\n' "$PASSWORD" | quire user add alice --full-name 'Alice Andersen' --admin --password-stdin
 *   quire user list --source internal --json
 */
import type { Command } from 'commander';
import type { App } from '../app.js';
import type { CoreApp } from '../app-core.js';
import { NotFoundError } from '../errors.js';
import { presentUser, type PresentedUser } from '../users/user.presenter.js';
import { normalizeUsername } from '../users/username.js';
import { dayIn } from '../users/account-expiry.js';
import { effectiveTimeZone } from '../settings/settings.service.js';
import type { UserSearch } from '../users/users.repository.js';
import type { Actor } from '../audit/actor.js';
import {
  cliActor,
  positiveInteger,
  print,
  printColumns,
  printFields,
  printJson,
  readNewPassword,
  withApp,
  withCoreApp,
} from './io.js';
import { describeCommand } from './command-list.js';

const PASSWORD_STDIN = ['--password-stdin', 'read the password from the first line of stdin'] as const;
const MUST_CHANGE = [
  '--must-change-password',
  'make the user choose a new password at the next login',
] as const;

interface AddOptions {
  fullName?: string;
  email?: string;
  department?: string;
  office?: string;
  card?: string;
  card2?: string;
  notes?: string;
  admin?: boolean;
  mustChangePassword?: boolean;
  passwordStdin?: boolean;
}

async function present(app: CoreApp, username: string): Promise<PresentedUser> {
  const user = await app.services.users.requireUser(username);
  const zone = effectiveTimeZone(await app.services.settings.get());
  return presentUser(user, await app.services.sources.names(), dayIn(new Date(), zone));
}

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

function printUser(user: PresentedUser): void {
  printFields([
    ['Username', user.username],
    ['Full name', user.fullName],
    ['Email', user.email],
    ['Department', user.department],
    ['Office', user.office],
    ['Card number', user.cardNumber],
    ['Card number 2', user.cardNumber2],
    ['Notes', user.notes],
    ['Source', user.source],
    ['Password', user.internal ? 'stored in Quire (internal user)' : `managed by ${user.source}`],
    ['Administrator', yesNo(user.isAdmin)],
    ['Disabled', yesNo(user.disabled)],
    ['Must change password', yesNo(user.mustChangePassword)],
    [
      'Expires',
      user.expiryDate === null ? 'never' : `end of ${user.expiryDate}${user.expired ? ' (expired)' : ''}`,
    ],
    ['Created', user.createdAt],
    ['Updated', user.updatedAt],
  ]);
}

/** Every matching user, page by page (the repository returns at most 500 at a time). */
async function listUsers(app: CoreApp, search: UserSearch, limit = Infinity): Promise<PresentedUser[]> {
  const names = await app.services.sources.names();
  const found: PresentedUser[] = [];
  for (let offset = 0; found.length < limit;) {
    const page = await app.services.users.search({
      ...search,
      offset,
      limit: Math.min(500, limit - found.length),
    });
    found.push(...page.rows.map((row) => presentUser(row, names)));
    if (!page.hasMore) break;
    offset += page.rows.length;
  }
  return found;
}

async function sourceFilter(app: CoreApp, source: string | undefined): Promise<UserSearch['source']> {
  if (source === undefined) return undefined;
  if (source.toLowerCase() === 'internal') return 'internal';
  const row = await app.services.sources.findByName(source);
  if (!row) throw new NotFoundError(`No directory source named "${source}".`);
  return row.id;
}

/** `user disable|enable|grant-admin|revoke-admin NAME`: one service call, then a confirmation. */
const TOGGLES: {
  name: string;
  description: string;
  done: string;
  run(app: App, username: string, actor: Actor): Promise<void>;
}[] = [
  {
    name: 'disable',
    description: 'disable a user (ends their sessions)',
    done: 'Disabled user',
    run: (app, username, actor) => app.services.users.setDisabled(username, true, actor),
  },
  {
    name: 'enable',
    description: 'enable a disabled user',
    done: 'Enabled user',
    run: (app, username, actor) => app.services.users.setDisabled(username, false, actor),
  },
  {
    name: 'grant-admin',
    description: 'give a user administrator rights',
    done: 'Granted administrator rights to',
    async run(app, username, actor) {
      await app.services.users.setAdmin(username, true, actor);
      if (await app.services.setup.isOpen()) await app.services.setup.close();
    },
  },
  {
    name: 'revoke-admin',
    description: "remove a user's administrator rights",
    done: 'Revoked administrator rights of',
    run: (app, username, actor) => app.services.users.setAdmin(username, false, actor),
  },
  {
    name: 'reset-two-factor',
    description: "remove a user's authenticator app, recovery codes and security keys",
    done: 'Reset two-factor login of',
    async run(app, username, actor) {
      await app.services.twoFactor.reset(await app.services.users.requireUser(username), actor);
    },
  },
];

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description(describeCommand('user'));

  user
    .command('add')
    .description('create an internal user (the password is read from stdin, never from an argument)')
    .argument('<name>', 'username')
    .option('--full-name <name>', 'full name')
    .option('--email <address>', 'email address')
    .option('--department <department>', 'department')
    .option('--office <office>', 'office')
    .option('--card <number>', 'primary card/ID number')
    .option('--card2 <number>', 'secondary card/ID number')
    .option('--notes <text>', 'notes')
    .option('--admin', 'make the user an administrator (and close the first-run setup link)')
    .option(...MUST_CHANGE)
    .option(...PASSWORD_STDIN)
    .action(async (name: string, options: AddOptions) => {
      const password = await readNewPassword(options, name);
      await withApp(async ({ services }) => {
        const created = await services.users.createInternal(
          {
            username: name,
            password,
            fullName: options.fullName,
            email: options.email,
            department: options.department,
            office: options.office,
            cardNumber: options.card,
            cardNumber2: options.card2,
            notes: options.notes,
            isAdmin: options.admin,
            mustChangePassword: options.mustChangePassword,
          },
          cliActor(),
        );
        // An administrator now exists, so the one-time setup link must stop working.
        if (options.admin && (await services.setup.isOpen())) await services.setup.close();
        print(`Created internal user ${created.username}.`);
      });
    });

  user
    .command('set-password')
    .description("set an internal user's password and end their sessions")
    .argument('<name>', 'username')
    .option(...PASSWORD_STDIN)
    .option(...MUST_CHANGE)
    .action(async (name: string, options: { passwordStdin?: boolean; mustChangePassword?: boolean }) => {
      const password = await readNewPassword(options, name);
      await withApp(async ({ services }) => {
        await services.users.setPassword(
          name,
          password,
          { mustChange: Boolean(options.mustChangePassword) },
          cliActor(),
        );
        print(
          `Set the password of ${normalizeUsername(name)}${options.mustChangePassword ? ' (to be changed at the next login)' : ''}.`,
        );
      });
    });

  user
    .command('show')
    .description('show one user')
    .argument('<name>', 'username')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { json?: boolean }) => {
      await withCoreApp(async (app) => {
        const found = await present(app, name);
        if (options.json) printJson(found);
        else printUser(found);
      });
    });

  user
    .command('list')
    .description('list users: username, full name and source, one per line')
    .option('--json', 'print a JSON array')
    .option('--source <source>', '"internal" or the name of a directory source')
    .option('--query <text>', 'any part of a username, full name, email, card number or department')
    .option('--limit <n>', 'at most this many users', positiveInteger)
    .action(async (options: { json?: boolean; source?: string; query?: string; limit?: number }) => {
      await withCoreApp(async (app) => {
        const users = await listUsers(
          app,
          { source: await sourceFilter(app, options.source), query: options.query },
          options.limit,
        );
        if (options.json) printJson(users);
        else printColumns(users.map((u) => [u.username, u.fullName || '-', u.source]));
      });
    });

  for (const toggle of TOGGLES) {
    user
      .command(toggle.name)
      .description(toggle.description)
      .argument('<name>', 'username')
      .action(async (name: string) => {
        await withApp(async (app) => {
          await toggle.run(app, name, cliActor());
          print(`${toggle.done} ${(await app.services.users.requireUser(name)).username}.`);
        });
      });
  }

  user
    .command('set-expiry')
    .description(
      "set the last day a guest's or visitor's account works (YYYY-MM-DD, until the end of that day in the organisation's time zone), or never",
    )
    .argument('<name>', 'username')
    .argument('<date>', 'YYYY-MM-DD or never')
    .action(async (name: string, date: string) => {
      await withApp(async ({ services }) => {
        const stored = await services.users.setExpiry(name, date, cliActor());
        const { username } = await services.users.requireUser(name);
        print(
          stored === null ? `${username} never expires.` : `${username} expires at the end of ${stored}.`,
        );
      });
    });

  user
    .command('delete')
    .description('delete a user for good')
    .argument('<name>', 'username')
    .option('--yes', 'confirm the deletion')
    .action(async (name: string, options: { yes?: boolean }) => {
      if (!options.yes) throw new Error('add --yes to confirm');
      await withApp(async ({ services }) => {
        const { username } = await services.users.requireUser(name);
        await services.users.delete(username, cliActor());
        print(`Deleted user ${username}.`);
      });
    });
}
