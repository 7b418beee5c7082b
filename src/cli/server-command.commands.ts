/**
 * `quire server-command VERB ARGS…`: PaperCut's server-command verbs, for the shell scripts
 * administrators already have. Each verb calls the same method as the XML-RPC web services
 * (rpc/papercut-api.ts) and prints what PaperCut prints: a value on one line, a list one name per
 * line, nothing for an action. Any error goes to stderr with exit status 1, so loops like
 *
 *   quire server-command list-user-accounts | xargs -I{} quire server-command get-user-property {} email
 *
 * stop or skip as they would with PaperCut. Running it needs what `quire serve` needs (the
 * configuration and the database), so it needs no API token. A password argument of `-` is read
 * from the first line of stdin instead: an argument is visible to every local user in `ps`.
 */
import { type Command, CommanderError } from 'commander';
import { PAPERCUT_METHODS } from '../rpc/papercut-api.js';
import type { ApiMethod } from '../rpc/papercut-call.js';
import { XmlRpcDouble, type XmlRpcValue } from '../rpc/xmlrpc.codec.js';
import { cliActor, print, printable, readFirstLine, withApp } from './io.js';
import { ACCOUNTING_VERBS } from './server-command.accounting-verbs.js';
import { describeCommand } from './command-list.js';

type Output = 'value' | 'lines' | 'none';

interface Verb {
  method: string;
  /** Argument names as the usage shows them; a trailing `?` marks an optional one. */
  args: readonly string[];
  output: Output;
  /** List verbs without offset/limit: all names, read page by page. */
  all?: boolean;
  /** Index of an argument that may be `-` to read a password from stdin. */
  secretArg?: number;
}

const VERB_TABLE = {
  'user-exists': { method: 'api.isUserExists', args: ['username'], output: 'value' },
  'list-user-accounts': { method: 'api.listUserAccounts', args: [], output: 'lines', all: true },
  'get-total-users': { method: 'api.getTotalUsers', args: [], output: 'value' },
  'get-user-property': { method: 'api.getUserProperty', args: ['username', 'property'], output: 'value' },
  'set-user-property': {
    method: 'api.setUserProperty',
    args: ['username', 'property', 'value'],
    output: 'none',
    secretArg: 2,
  },
  'add-new-user': { method: 'api.addNewUser', args: ['username'], output: 'none' },
  'add-new-internal-user': {
    method: 'api.addNewInternalUser',
    args: ['username', 'password', 'full-name?', 'email?', 'card-id?', 'pin?'],
    output: 'none',
    secretArg: 1,
  },
  'delete-existing-user': { method: 'api.deleteExistingUser', args: ['username'], output: 'none' },
  'rename-user': {
    method: 'api.renameUserAccount',
    args: ['current-username', 'new-username'],
    output: 'none',
  },
  'perform-user-and-group-sync': { method: 'api.performUserAndGroupSync', args: [], output: 'none' },
  'add-admin-access-user': { method: 'api.addAdminAccessUser', args: ['username'], output: 'none' },
  'remove-admin-access-user': { method: 'api.removeAdminAccessUser', args: ['username'], output: 'none' },
  'add-admin-access-group': { method: 'api.addAdminAccessGroup', args: ['group'], output: 'none' },
  'remove-admin-access-group': { method: 'api.removeAdminAccessGroup', args: ['group'], output: 'none' },
  'list-user-groups': { method: 'api.listUserGroups', args: [], output: 'lines', all: true },
  'get-user-groups': { method: 'api.getUserGroups', args: ['username'], output: 'lines' },
  'get-group-members': { method: 'api.getGroupMembers', args: ['group'], output: 'lines', all: true },
  'add-user-to-group': { method: 'api.addUserToGroup', args: ['username', 'group'], output: 'none' },
  'remove-user-from-group': {
    method: 'api.removeUserFromGroup',
    args: ['username', 'group'],
    output: 'none',
  },
  'look-up-user-name-by-id-no': { method: 'api.lookUpUserNameByIDNo', args: ['id-number'], output: 'value' },
  'look-up-user-name-by-card-no': {
    method: 'api.lookUpUserNameByCardNo',
    args: ['card-number'],
    output: 'value',
  },
  'look-up-user-name-by-email': { method: 'api.lookUpUserNameByEmail', args: ['email'], output: 'value' },
  'batch-import-users': {
    method: 'api.batchImportUsers',
    args: ['file', 'create-new-users?'],
    output: 'none',
  },
  'batch-import-internal-users': {
    method: 'api.batchImportInternalUsers',
    args: ['file', 'overwrite-existing-passwords?'],
    output: 'none',
  },
  'batch-import-user-card-id-numbers': {
    method: 'api.batchImportUserCardIdNumbers',
    args: ['file', 'overwrite-existing-pins?'],
    output: 'none',
  },
  'get-config': { method: 'api.getConfigValue', args: ['name'], output: 'value' },
  'set-config': { method: 'api.setConfigValue', args: ['name', 'value'], output: 'none' },
} satisfies Record<string, Verb>;

// Looked up in a Map, never on the object literal: a verb such as `constructor` is unknown, not Object.
const VERBS: ReadonlyMap<string, Verb> = new Map<string, Verb>([
  ...Object.entries(VERB_TABLE),
  ...Object.entries(ACCOUNTING_VERBS),
]);

export const SERVER_COMMAND_VERBS = [...VERBS.keys()];
const PAGE = 1000;

/** A usage mistake: said on stderr, exit status 2 like commander's own. */
function usageError(message: string): CommanderError {
  process.stderr.write(`${message}\n`);
  return new CommanderError(2, 'quire.usage', message);
}

function usage(verb: string, spec: Verb): string {
  return `quire server-command ${verb} ${spec.args.map((a) => (a.endsWith('?') ? `[${a.slice(0, -1)}]` : a)).join(' ')}`.trim();
}

/** A decimal as typed on a command line: digits, an optional fraction and exponent, nothing else. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?$/;

/** The text of an argument as the type PaperCut's method takes there (boolean, int, double or string). */
function toArgument(spec: Verb, method: ApiMethod, index: number, raw: string): XmlRpcValue {
  const type = method.params[index]?.type ?? 'string';
  const name = spec.args[index]!.replace(/\?$/, '');
  if (type === 'boolean') {
    if (/^(true|y|yes|1)$/i.test(raw)) return true;
    if (/^(false|n|no|0)$/i.test(raw)) return false;
    throw usageError(`quire: the argument ${name} must be true or false, not "${raw}".`);
  }
  if (type === 'int') {
    if (/^-?\d{1,9}$/.test(raw.trim())) return Number(raw);
    throw usageError(`quire: the argument ${name} must be a whole number, not "${raw}".`);
  }
  if (type === 'double') {
    if (DECIMAL.test(raw.trim())) return Number(raw);
    throw usageError(`quire: the argument ${name} must be an amount such as 5 or -1.25, not "${raw}".`);
  }
  return raw;
}

function text(value: XmlRpcValue): string {
  return value instanceof XmlRpcDouble ? String(value.value) : String(value ?? '');
}

function printValue(value: XmlRpcValue, output: Output): void {
  if (output === 'none') return;
  if (output === 'lines' && Array.isArray(value)) {
    for (const item of value) print(printable(text(item)));
    return;
  }
  // A struct (getGroupQuota) prints one "name value" line per member, in PaperCut's order.
  if (output === 'lines' && value !== null && typeof value === 'object' && !(value instanceof XmlRpcDouble)) {
    for (const [key, item] of Object.entries(value)) print(printable(`${key} ${text(item as XmlRpcValue)}`));
    return;
  }
  print(printable(text(value)));
}

async function runVerb(verb: string, raw: string[]): Promise<void> {
  const spec = VERBS.get(verb);
  if (!spec)
    throw usageError(
      `quire: unknown server-command verb "${verb}". Verbs: ${SERVER_COMMAND_VERBS.join(', ')}.`,
    );
  const required = spec.args.filter((a) => !a.endsWith('?')).length;
  if (raw.length < required || raw.length > spec.args.length)
    throw usageError(`quire: usage: ${usage(verb, spec)}`);
  const method = PAPERCUT_METHODS.get(spec.method)!;
  const args: XmlRpcValue[] = raw.map((value, i) => toArgument(spec, method, i, value));
  if (spec.secretArg !== undefined && args[spec.secretArg] === '-') {
    const line = await readFirstLine();
    if (line === null) throw new Error('no value on stdin: write it as the first line');
    args[spec.secretArg] = line;
  }
  await withApp(async (app) => {
    const context = {
      services: app.services,
      actor: cliActor(),
      publicUrl: app.config.publicUrl,
      waitForTasks: true,
      local: true,
    };
    if (spec.all) {
      // offset/limit pages until a short page: the whole list without holding it in memory.
      for (let offset = 0; ; offset += PAGE) {
        const page = (await method.run(context, [...args, offset, PAGE])) as XmlRpcValue[];
        printValue(page, 'lines');
        if (page.length < PAGE) break;
      }
      return;
    }
    printValue(await method.run(context, args), spec.output);
  });
}

export function registerServerCommand(program: Command): void {
  program
    .command('server-command')
    .description(describeCommand('server-command'))
    .argument('<verb>', `one of: ${SERVER_COMMAND_VERBS.join(', ')}`)
    .argument('[args...]', "the verb's arguments")
    .allowUnknownOption(false)
    .action(runVerb);
}
