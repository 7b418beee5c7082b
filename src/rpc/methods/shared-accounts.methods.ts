/**
 * PaperCut's shared-account methods: add, rename, delete, exists, lists, balances, properties,
 * access by user and group, overdraft mode, disabling, and the batch import of a tab-separated
 * file (accounts/shared-accounts.import.ts describes it).
 */
import { readFile } from 'node:fs/promises';
import { describeSharedAccountImport, importSharedAccounts } from '../../accounts/shared-accounts.import.js';
import { ApiCallError, type ApiContext, type ApiMethod } from '../papercut-call.js';
import {
  amount,
  array,
  b,
  bool,
  dbl,
  disableMinutes,
  int,
  listLimit,
  money,
  n,
  propertyNames,
  propertyPairs,
  s,
  str,
} from './args.js';
import { checkOverdraftMode, overdraftMode } from './accounts.methods.js';
import { checkSharedSettable, getSharedProperty, setSharedProperty } from './shared-account-properties.js';

const ok = async (work: Promise<unknown>) => {
  await work;
  return true;
};

/** What a batch-import call may open: a data file, not the server's own configuration or /proc. */
const IMPORT_FILE = /\.(tsv|txt|csv)$/i;

async function batchImport(c: ApiContext, path: string, test: boolean, deleteMissing: boolean) {
  if (!IMPORT_FILE.test(path))
    throw new ApiCallError(
      `The import file must be a .tsv, .txt or .csv file; "${path.slice(0, 200)}" is not.`,
    );
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new ApiCallError(`The import file "${path.slice(0, 200)}" cannot be read on the server.`);
  }
  const { sharedAccounts, users, groups } = c.services;
  const report = await importSharedAccounts(
    {
      shared: sharedAccounts,
      userExists: async (name) => (await users.findByUsername(name)) !== undefined,
      groupExists: (name) => groups.exists(name),
    },
    text,
    { test, deleteMissing },
    c.actor,
  );
  return describeSharedAccountImport(report);
}

/** disableSharedAccount: minutes, -1 until enabled, 0 enables now. */
async function disable(c: ApiContext, name: string, minutes: number) {
  const shared = c.services.sharedAccounts;
  if (disableMinutes(minutes) === -1) return shared.update(name, { enabled: 0 }, c.actor);
  if (minutes === 0) return shared.enable(name, c.actor);
  return shared.disable(name, minutes, c.actor);
}

const LIFECYCLE: ApiMethod[] = [
  {
    name: 'api.addNewSharedAccount',
    params: [str('sharedAccountName')],
    run: async (c, [name]) => ok(c.services.sharedAccounts.add(s(name), c.actor)),
  },
  {
    name: 'api.renameSharedAccount',
    params: [str('currentSharedAccountName'), str('newSharedAccountName')],
    run: async (c, [from, to]) => ok(c.services.sharedAccounts.rename(s(from), s(to), c.actor)),
  },
  {
    name: 'api.deleteExistingSharedAccount',
    params: [str('sharedAccountName')],
    run: async (c, [name]) => ok(c.services.sharedAccounts.remove(s(name), c.actor)),
  },
  {
    name: 'api.isSharedAccountExists',
    params: [str('accountName')],
    run: async (c, [name]) => c.services.sharedAccounts.exists(s(name)),
  },
  {
    name: 'api.listSharedAccounts',
    params: [int('offset'), int('limit')],
    run: async (c, [o, l]) =>
      (await c.services.sharedAccounts.list(n(o), listLimit(n(l)))).map((account) => account.name ?? ''),
  },
  {
    name: 'api.listUserSharedAccounts',
    params: [str('username'), int('offset'), int('limit'), bool('ignoreAccountMode', true)],
    // Quire lists the accounts the user may charge whatever their account selection mode.
    run: async (c, [u, o, l]) => {
      const limit = listLimit(n(l));
      const offset = Math.max(n(o), 0);
      const accounts = await c.services.sharedAccounts.listFor(s(u));
      return accounts.slice(offset, offset + limit).map((account) => account.name ?? '');
    },
  },
  {
    name: 'api.disableSharedAccount',
    params: [str('sharedAccountName'), int('disableMins')],
    run: async (c, [name, minutes]) => ok(disable(c, s(name), n(minutes))),
  },
  {
    name: 'api.batchImportSharedAccounts',
    params: [str('importFile'), bool('test'), bool('deleteNonExistentAccounts')],
    run: async (c, [file, test, remove]) => batchImport(c, s(file), b(test), b(remove)),
  },
];

const BALANCES: ApiMethod[] = [
  {
    name: 'api.getSharedAccountAccountBalance',
    params: [str('accountName')],
    run: async (c, [name]) => money((await c.services.sharedAccounts.require(s(name))).balance),
  },
  {
    name: 'api.adjustSharedAccountAccountBalance',
    params: [str('accountName'), dbl('adjustment'), str('comment')],
    run: async (c, [name, adj, comment]) =>
      ok(c.services.sharedAccounts.adjust(s(name), amount('adjustment', adj), s(comment), c.actor)),
  },
  {
    name: 'api.setSharedAccountAccountBalance',
    params: [str('accountName'), dbl('balance'), str('comment')],
    run: async (c, [name, balance, comment]) =>
      ok(c.services.sharedAccounts.setBalance(s(name), amount('balance', balance), s(comment), c.actor)),
  },
  {
    name: 'api.getSharedAccountOverdraftMode',
    params: [str('accountName')],
    run: async (c, [name]) => overdraftMode((await c.services.sharedAccounts.require(s(name))).overdraft),
  },
  {
    name: 'api.setSharedAccountOverdraftMode',
    params: [str('accountName'), str('mode')],
    run: async (c, [name, mode]) => {
      if (checkOverdraftMode(s(mode)) === 'default')
        await c.services.sharedAccounts.update(s(name), { overdraft: 0 }, c.actor);
      else await c.services.sharedAccounts.require(s(name));
      return true;
    },
  },
];

const PROPERTIES: ApiMethod[] = [
  {
    name: 'api.getSharedAccountProperty',
    params: [str('sharedAccountName'), str('propertyName')],
    run: async (c, [name, property]) => getSharedProperty(c, s(name), s(property)),
  },
  {
    name: 'api.getSharedAccountProperties',
    params: [str('sharedAccountName'), array('propertyNames')],
    run: async (c, [name, names]) => {
      const list = propertyNames(names);
      const values: string[] = [];
      for (const property of list) values.push(await getSharedProperty(c, s(name), property));
      return values;
    },
  },
  {
    name: 'api.setSharedAccountProperty',
    params: [str('sharedAccountName'), str('propertyName'), str('propertyValue')],
    run: async (c, [name, property, value]) => ok(setSharedProperty(c, s(name), s(property), s(value))),
  },
  {
    name: 'api.setSharedAccountProperties',
    params: [str('sharedAccountName'), array('propertyNamesAndValues')],
    run: async (c, [name, pairs]) => {
      const list = propertyPairs(pairs);
      await c.services.sharedAccounts.require(s(name));
      for (const [property] of list) checkSharedSettable(property);
      for (const [property, value] of list) await setSharedProperty(c, s(name), property, value);
      return true;
    },
  },
];

const ACCESS: ApiMethod[] = [
  {
    name: 'api.addSharedAccountAccessUser',
    params: [str('sharedAccountName'), str('username')],
    run: async (c, [name, u]) => ok(c.services.sharedAccounts.grant(s(name), { user: s(u) }, c.actor)),
  },
  {
    name: 'api.addSharedAccountAccessGroup',
    params: [str('sharedAccountName'), str('groupName')],
    run: async (c, [name, g]) => ok(c.services.sharedAccounts.grant(s(name), { group: s(g) }, c.actor)),
  },
  {
    name: 'api.removeSharedAccountAccessUser',
    params: [str('sharedAccountName'), str('username')],
    run: async (c, [name, u]) => ok(c.services.sharedAccounts.revoke(s(name), { user: s(u) }, c.actor)),
  },
  {
    name: 'api.removeSharedAccountAccessGroup',
    params: [str('sharedAccountName'), str('groupName')],
    run: async (c, [name, g]) => ok(c.services.sharedAccounts.revoke(s(name), { group: s(g) }, c.actor)),
  },
];

export const SHARED_ACCOUNT_METHODS: ApiMethod[] = [...LIFECYCLE, ...BALANCES, ...PROPERTIES, ...ACCESS];
