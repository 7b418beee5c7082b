/**
 * PaperCut's web services API as one table: each method's name, its parameters (after the auth
 * token) and what it does through Quire's services. The XML-RPC endpoint (rpc/rpc.plugin.ts)
 * and `quire server-command` (cli/server-command.commands.ts) both dispatch through it, so a
 * script behaves the same whichever way it calls. The methods are grouped by area, one file each
 * in rpc/methods/; an area joins the table with one line in METHOD_AREAS.
 *
 *   const method = PAPERCUT_METHODS.get('api.getUserProperty');
 *   await method.run(context, ['alice', 'email']); // 'alice@example.org'
 *
 * Void methods answer `true`: XML-RPC has no void, and `<nil/>` is an extension some clients
 * refuse. Failures are AppErrors; the endpoint turns them into faults whose string says what went
 * wrong, naming the user, property or group.
 */
import { findUnacceptableText } from '../text.js';
import { ACCOUNT_METHODS } from './methods/accounts.methods.js';
import { BATCH_IMPORT_METHODS } from './methods/batch-import.methods.js';
import { CONFIG_METHODS } from './methods/config.methods.js';
import { GROUP_METHODS } from './methods/groups.methods.js';
import { JOB_METHODS } from './methods/jobs.methods.js';
import { PRINTER_METHODS } from './methods/printers.methods.js';
import { SHARED_ACCOUNT_METHODS } from './methods/shared-accounts.methods.js';
import { SYNC_METHODS } from './methods/sync.methods.js';
import { USER_METHODS } from './methods/users.methods.js';
import { ApiCallError, type ApiMethod } from './papercut-call.js';
import type { XmlRpcValue } from './xmlrpc.codec.js';

const METHOD_AREAS: readonly (readonly ApiMethod[])[] = [
  USER_METHODS,
  GROUP_METHODS,
  SYNC_METHODS,
  BATCH_IMPORT_METHODS,
  CONFIG_METHODS,
  ACCOUNT_METHODS,
  SHARED_ACCOUNT_METHODS,
  PRINTER_METHODS,
  JOB_METHODS,
];

/** One Map of every area's methods; a name defined twice stops start-up instead of hiding one of them. */
function methodTable(areas: readonly (readonly ApiMethod[])[]): ReadonlyMap<string, ApiMethod> {
  const table = new Map<string, ApiMethod>();
  for (const method of areas.flat()) {
    if (table.has(method.name)) throw new Error(`The PaperCut method ${method.name} is defined twice.`);
    table.set(method.name, method);
  }
  return table;
}

export const PAPERCUT_METHODS = methodTable(METHOD_AREAS);

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
          : param.type === 'double'
            ? typeof value === 'number'
            : param.type === 'boolean'
              ? typeof value === 'boolean'
              : Array.isArray(value);
    if (!ok)
      throw new ApiCallError(
        `${method.name}: the argument ${param.name} must be ${param.type === 'int' ? 'an int' : param.type === 'double' ? 'a number (double)' : `a ${param.type}`}.`,
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
