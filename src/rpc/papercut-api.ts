/**
 * PaperCut's web services API as one table: each method's name, its parameters (after the auth
 * token) and what it does through Quire's services. The XML-RPC endpoint (rpc/rpc.plugin.ts)
 * and `quire server-command` (cli/server-command.commands.ts) both dispatch through it, so a
 * script behaves the same whichever way it calls.
 *
 *   const method = PAPERCUT_METHODS.get('api.getUserProperty');
 *   await method.run(context, ['alice', 'email']); // 'alice@example.org'
 *
 * Void methods answer `true`: XML-RPC has no void, and `<nil/>` is an extension some clients
 * refuse. Failures are AppErrors; the endpoint turns them into faults whose string says what went
 * wrong, naming the user, property or group.
 */
import { findUnacceptableText } from '../text.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { localText } from '../i18n/local-text.js';
import type { SourceRow, UserRow } from '../db/schema.js';
import { normalizeUsername } from '../users/username.js';
import { ApiCallError, type ApiContext, type ApiMethod, type Param } from './papercut-call.js';
import { CONFIG_METHODS } from './papercut-config.js';
import { checkSettable, getProperty, setProperty } from './papercut-properties.js';
import type { XmlRpcValue } from './xmlrpc.codec.js';

export { ApiCallError, type ApiContext, type ApiMethod } from './papercut-call.js';

/** PaperCut caps list calls at 1000 names per call. */
const MAX_LIST = 1000;

const str = (name: string, optional = false): Param => ({ name, type: 'string', optional });
const int = (name: string): Param => ({ name, type: 'int' });
const bool = (name: string, optional = false): Param => ({ name, type: 'boolean', optional });

// --- Helpers -----------------------------------------------------------------------------------

const s = (value: XmlRpcValue | undefined): string => (typeof value === 'string' ? value : '');
const n = (value: XmlRpcValue | undefined): number => (typeof value === 'number' ? value : 0);
const b = (value: XmlRpcValue | undefined): boolean => value === true;

function listLimit(limit: number): number {
  if (limit < 0) throw new ApiCallError('The limit may not be negative.');
  return Math.min(limit, MAX_LIST);
}

/** `[[name, value], …]` as PaperCut's setUserProperties takes it. */
function propertyPairs(value: XmlRpcValue | undefined): [string, string][] {
  if (!Array.isArray(value))
    throw new ApiCallError('The properties must be an array of [name, value] pairs.');
  return value.map((pair, i) => {
    if (
      !Array.isArray(pair) ||
      pair.length !== 2 ||
      typeof pair[0] !== 'string' ||
      typeof pair[1] !== 'string'
    ) {
      throw new ApiCallError(`Property pair ${i + 1} must be an array of two strings [name, value].`);
    }
    return [pair[0], pair[1]];
  });
}

/** Starts a sync of every source in order, in the background; the run pages and getTaskStatus report on it. */
async function startSyncAll(
  context: ApiContext,
  adjust: (source: SourceRow) => SourceRow = (source) => source,
): Promise<boolean> {
  const { sources, sync } = context.services;
  const list = await sources.list();
  if (list.length === 0)
    throw new ConflictError('No directory source is configured; add one under User/Group Sync.');
  const runAll = async () => {
    const failed: string[] = [];
    for (const source of list) {
      // One failed source (its run row records why) does not stop the next.
      const report = await sync
        .run(adjust(source), { dryRun: false, actor: context.actor })
        .catch(() => undefined);
      if (report?.status !== 'succeeded') failed.push(source.name);
    }
    return failed;
  };
  if (!context.waitForTasks) {
    void runAll();
    return true;
  }
  const failed = await runAll();
  if (failed.length > 0)
    throw new ConflictError(
      `The synchronization of ${failed.join(', ')} did not succeed; its run page in User/Group Sync says why.`,
    );
  return true;
}

/** Reads each source until it lists the name (PaperCut's addNewUser): fine for one user, a sync is better for many. */
async function addFromDirectory(context: ApiContext, username: string): Promise<void> {
  const { sources, users } = context.services;
  const wanted = normalizeUsername(username);
  if (await users.findByUsername(wanted)) throw new ConflictError(`A user named "${wanted}" already exists.`);
  for (const source of await sources.list()) {
    for await (const page of sources.clientFor(source).users()) {
      const entry = page.find((candidate) => normalizeUsername(candidate.username) === wanted);
      if (entry) {
        await users.addFromDirectory(source, entry, context.actor);
        return;
      }
    }
  }
  throw new NotFoundError(`No directory source lists a user named "${wanted}".`);
}

/** What a batch-import call may open: a data file, not the server's own configuration or /proc. */
const IMPORT_FILE = /\.(tsv|txt|csv)$/i;

async function importFile(
  context: ApiContext,
  path: string,
  format: 'internal-users' | 'user-update' | 'card-numbers',
  options: { createNewUsers?: boolean; overwriteExisting?: boolean },
) {
  if (!IMPORT_FILE.test(path))
    throw new ApiCallError(
      `The import file must be a .tsv, .txt or .csv file; "${path.slice(0, 200)}" is not.`,
    );
  const report = await context.services.batchImport.importFile(path, format, options, context.actor);
  if (report.rejectedCount > 0) {
    // Line numbers only: a rejection reason quotes the line, and the fault goes to the caller.
    const lines = report.rejected
      .slice(0, 20)
      .map((r) => r.line)
      .join(', ');
    throw new ValidationError({
      importFile: `Nothing was imported: ${report.rejectedCount} line(s) rejected (line ${lines}${report.rejectedCount > 20 ? ', …' : ''}). Preview the file in the Admin Console or with quire user import --preview to see why.`,
    });
  }
  return true;
}

/** addNewInternalUser's optional welcome message; like every message, it never waits for the mail server. */
async function sendWelcome(context: ApiContext, user: UserRow): Promise<void> {
  const { organizationName } = await context.services.settings.get();
  void context.services.mail.send({
    to: user.email,
    language: user.language,
    subject: localText('mail.welcome.subject', { organization: organizationName }),
    paragraphs: [localText('mail.welcome.body', { username: user.username })],
    link: { label: localText('mail.welcome.link'), url: `${context.publicUrl}/user/login` },
  });
}

// --- The methods ---------------------------------------------------------------------------------

const methods: ApiMethod[] = [
  {
    name: 'api.isUserExists',
    params: [str('username')],
    run: async (c, [u]) => (await c.services.users.findByUsername(s(u))) !== undefined,
  },
  { name: 'api.getTotalUsers', params: [], run: async (c) => c.services.users.count() },
  {
    name: 'api.listUserAccounts',
    params: [int('offset'), int('limit')],
    run: async (c, [o, l]) => c.services.users.usernames(n(o), listLimit(n(l))),
  },
  {
    name: 'api.getUserProperty',
    params: [str('username'), str('propertyName')],
    run: async (c, [u, p]) => getProperty(await c.services.users.requireUser(s(u)), s(p)),
  },
  {
    name: 'api.getUserProperties',
    params: [str('username'), { name: 'propertyNames', type: 'array' }],
    run: async (c, [u, names]) => {
      const user = await c.services.users.requireUser(s(u));
      if (!Array.isArray(names) || names.some((x) => typeof x !== 'string'))
        throw new ApiCallError('The property names must be an array of strings.');
      return names.map((name) => getProperty(user, name as string));
    },
  },
  {
    name: 'api.setUserProperty',
    params: [str('username'), str('propertyName'), str('propertyValue')],
    run: async (c, [u, p, v]) => {
      await setProperty(c, s(u), s(p), s(v));
      return true;
    },
  },
  {
    name: 'api.setUserProperties',
    params: [str('username'), { name: 'propertyNamesAndValues', type: 'array' }],
    run: async (c, [u, pairs]) => {
      const list = propertyPairs(pairs);
      const user = await c.services.users.requireUser(s(u));
      // Checked first, so that one unknown name changes nothing.
      for (const [name] of list) checkSettable(name);
      for (const [name, value] of list) await setProperty(c, user.username, name, value);
      return true;
    },
  },
  {
    name: 'api.addNewUser',
    params: [str('username')],
    run: async (c, [u]) => {
      await addFromDirectory(c, s(u));
      return true;
    },
  },
  {
    name: 'api.addNewInternalUser',
    params: [
      str('username'),
      str('password'),
      str('fullName'),
      str('email'),
      str('cardId'),
      str('pin'),
      bool('sendEmail', true),
    ],
    run: async (c, [u, password, fullName, email, cardId, pin, sendEmail]) => {
      // Checked first: a refused PIN must not leave a half-made user behind.
      if (s(pin) !== '' && !/^\d{1,16}$/.test(s(pin)))
        throw new ValidationError({ cardPin: 'A card PIN is 1 to 16 digits.' });
      const user = await c.services.users.createInternal(
        {
          username: s(u),
          password: s(password),
          fullName: s(fullName),
          email: s(email),
          cardNumber: s(cardId),
        },
        c.actor,
      );
      if (s(pin) !== '') await c.services.users.setCardPin(user.username, s(pin), c.actor);
      if (b(sendEmail) && user.email !== '') await sendWelcome(c, user);
      return true;
    },
  },
  {
    name: 'api.renameUserAccount',
    params: [str('currentUserName'), str('newUserName')],
    run: async (c, [from, to]) => {
      await c.services.users.rename(s(from), s(to), c.actor);
      return true;
    },
  },
  {
    name: 'api.deleteExistingUser',
    params: [str('username'), bool('redactUserData', true)],
    run: async (c, [u]) => {
      // Quire keeps no print history to redact; the audit log is append-only and keeps the name.
      await c.services.users.delete(s(u), c.actor);
      return true;
    },
  },
  {
    name: 'api.lookUpUserNameByIDNo',
    params: [str('idNo')],
    run: async (c, [id]) =>
      s(id) === '' ? '' : ((await c.services.users.findByPrimaryCard(s(id)))?.username ?? ''),
  },
  {
    name: 'api.lookUpUserNameByCardNo',
    params: [str('cardNo')],
    run: async (c, [card]) =>
      s(card) === '' ? '' : ((await c.services.users.findByAnyCard(s(card)))?.username ?? ''),
  },
  {
    name: 'api.lookUpUserNameByEmail',
    params: [str('email')],
    run: async (c, [email]) =>
      s(email) === '' ? '' : ((await c.services.users.findByEmail(s(email)))?.username ?? ''),
  },
  {
    name: 'api.lookUpUsersByFullName',
    params: [str('fullName')],
    run: async (c, [name]) => (await c.services.users.findByFullName(s(name))).map((u) => u.username),
  },
  {
    name: 'api.listUserGroups',
    params: [int('offset'), int('limit')],
    run: async (c, [o, l]) => c.services.groups.list(n(o), listLimit(n(l))),
  },
  {
    name: 'api.getUserGroups',
    params: [str('username')],
    run: async (c, [u]) => c.services.groups.groupsOf(await c.services.users.requireUser(s(u))),
  },
  {
    name: 'api.getGroupMembers',
    params: [str('groupName'), int('offset'), int('limit')],
    run: async (c, [g, o, l]) => c.services.groups.members(s(g), n(o), listLimit(n(l))),
  },
  {
    name: 'api.addUserToGroup',
    params: [str('username'), str('groupName')],
    run: async (c, [u, g]) => {
      await c.services.groups.addMember(s(u), s(g), c.actor);
      return true;
    },
  },
  {
    name: 'api.removeUserFromGroup',
    params: [str('username'), str('groupName')],
    run: async (c, [u, g]) => {
      await c.services.groups.removeMember(s(u), s(g), c.actor);
      return true;
    },
  },
  {
    name: 'api.addAdminAccessUser',
    params: [str('username')],
    run: async (c, [u]) => {
      await c.services.users.setAdmin(s(u), true, c.actor);
      return true;
    },
  },
  {
    name: 'api.removeAdminAccessUser',
    params: [str('username')],
    run: async (c, [u]) => {
      await c.services.users.setAdmin(s(u), false, c.actor);
      return true;
    },
  },
  {
    name: 'api.addAdminAccessGroup',
    params: [str('groupName')],
    run: async (c, [g]) => {
      await c.services.groups.grantAdminAccess(s(g), c.actor);
      return true;
    },
  },
  {
    name: 'api.removeAdminAccessGroup',
    params: [str('groupName')],
    run: async (c, [g]) => {
      await c.services.groups.revokeAdminAccess(s(g), c.actor);
      return true;
    },
  },
  { name: 'api.performUserAndGroupSync', params: [], run: async (c) => startSyncAll(c) },
  {
    name: 'api.performUserAndGroupSyncAdvanced',
    params: [bool('deleteNonExistentUsers'), bool('updateUserDetails')],
    // Quire always takes details from the directory (it owns them), so updateUserDetails is
    // accepted and has no effect. Deleting still stops at the source's removal limit.
    run: async (c, [remove]) =>
      startSyncAll(c, (source) => ({
        ...source,
        missing_policy: b(remove)
          ? 'delete'
          : source.missing_policy === 'delete'
            ? 'disable'
            : source.missing_policy,
      })),
  },
  {
    name: 'api.getTaskStatus',
    params: [],
    // PaperCut's ServerCommandProxy calls it without a token; it tells only how the last sync went.
    tokenOptional: true,
    run: async (c) => {
      const [latest] = await c.services.sync.listRuns(undefined, 1);
      if (!latest) return { completed: true, message: 'No task has run yet.' };
      const state =
        latest.status === 'running' ? `Synchronizing (${latest.phase})` : `Synchronization ${latest.status}`;
      // The run's message can name directory servers and bind DNs: only for a caller with a token.
      return {
        completed: latest.status !== 'running',
        message: c.anonymous ? `${state}.` : `${state}: ${latest.message}`.trim(),
      };
    },
  },
  {
    name: 'api.batchImportUsers',
    params: [str('importFile'), bool('createNewUsers')],
    run: async (c, [file, create]) => importFile(c, s(file), 'user-update', { createNewUsers: b(create) }),
  },
  {
    name: 'api.batchImportInternalUsers',
    params: [str('importFile'), bool('overwriteExistingPasswords', true)],
    run: async (c, [file, overwrite]) =>
      importFile(c, s(file), 'internal-users', { overwriteExisting: b(overwrite) }),
  },
  {
    name: 'api.batchImportUserCardIdNumbers',
    params: [str('importFile'), bool('overwriteExistingPINs', true)],
    run: async (c, [file, overwrite]) =>
      importFile(c, s(file), 'card-numbers', { overwriteExisting: b(overwrite) }),
  },
  ...CONFIG_METHODS,
];

export const PAPERCUT_METHODS: ReadonlyMap<string, ApiMethod> = new Map(methods.map((m) => [m.name, m]));

/** Checks the arguments against the method's parameters; the message names the first one that is wrong. */
export function checkArguments(method: ApiMethod, args: XmlRpcValue[]): void {
  const required = method.params.filter((p) => !p.optional).length;
  if (args.length < required || args.length > method.params.length) {
    const expected = method.params.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(', ');
    throw new ApiCallError(
      `${method.name} takes the auth token then ${method.params.length === 0 ? 'no other arguments' : expected}; it was given ${args.length} argument(s) after the token.`,
    );
  }
  args.forEach((value, i) => {
    const param = method.params[i]!;
    const ok =
      param.type === 'string'
        ? typeof value === 'string'
        : param.type === 'int'
          ? Number.isInteger(value)
          : param.type === 'boolean'
            ? typeof value === 'boolean'
            : Array.isArray(value);
    if (!ok)
      throw new ApiCallError(
        `${method.name}: the argument ${param.name} must be ${param.type === 'int' ? 'an int' : `a ${param.type}`}.`,
      );
    // Every string argument of every method passes here: the one net for XML-RPC (src/text.ts).
    // XML itself already refuses NUL and surrogates; DEL and C1 controls it allows.
    const bad = findUnacceptableText(value);
    if (bad)
      throw new ApiCallError(
        `${method.name}: the argument ${param.name} ${bad.problem === 'surrogate' ? 'contains a broken character (an unpaired UTF-16 surrogate)' : 'may contain only printable characters (no control characters such as NUL)'}.`,
      );
  });
}
