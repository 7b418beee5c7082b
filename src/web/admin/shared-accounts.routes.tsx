/**
 * Admin Console routes for Accounts (shared accounts): the list, Create shared account, an
 * account's Details tab with "Enable now", and Delete. The other tabs are in
 * shared-account-tabs.routes.tsx. Each handler checks admin rights first, through `adminFrame`
 * (401 signed out, 403 for a non-administrator); a refused form re-renders with 400 and the
 * fields' errors, and nothing is written. Everything goes through the shared accounts service,
 * which audits each change.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SHARED_SORTS, type AccountSettings, type SharedSort } from '../../accounts/accounts.repository.js';
import type { SharedAccountsService } from '../../accounts/shared-accounts.service.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { isStorableText } from '../../text.js';
import { parseSort } from '../components/data-table.js';
import type { FieldErrors } from '../components/forms.js';
import { checked, field, sendPage } from '../render.js';
import { actorOf } from '../security.js';
import type { WebContext } from '../context.js';
import { amountOf } from './account-ledger.routes.js';
import { doneNotice, positiveInt, type AdminFrame } from './admin.pages.js';
import {
  DeleteSharedAccountPage,
  NEW_ACCOUNT_VALUES,
  SHARED_DONE,
  SharedAccountDetailsPage,
  sharedAccountHref,
  sharedAccountValues,
  type SharedAccountValues,
} from './shared-account.pages.js';
import {
  ACCOUNTS_PER_PAGE,
  NewSharedAccountPage,
  SharedAccountsPage,
  type SharedListQuery,
} from './shared-accounts-list.pages.js';

export type AccountParams = { Params: { id: string } };

/** The list's sort keys: the repository's own, so the paged query does the sorting. */
const SORT_KEYS: ReadonlyMap<string, SharedSort> = new Map(SHARED_SORTS.map((sort) => [sort, sort]));

export function parseSharedListQuery(query: unknown): SharedListQuery {
  const sort = parseSort(query, SORT_KEYS, { key: 'name', dir: 'asc' });
  const name = field(query, 'name').trim().slice(0, 200);
  return {
    // A name no account can have (NUL, a broken character) filters nothing.
    name: isStorableText(name) ? name : '',
    sort: SORT_KEYS.get(sort.key) ?? 'name',
    dir: sort.dir,
    page: Math.min(positiveInt(field(query, 'page')) ?? 1, 100_000),
  };
}

/** The shared account an address names; an id that is not a number is as unknown as a missing one. */
export async function sharedAccountOf(sharedAccounts: SharedAccountsService, id: string) {
  const number = positiveInt(id);
  if (number === null) throw new NotFoundError(`No shared account with id ${id.slice(0, 20)}.`);
  return sharedAccounts.requireById(number);
}

/** A refused form's errors by field: the service's checks and a name already taken. */
function formErrors(error: unknown): FieldErrors {
  if (error instanceof ValidationError) return error.fields;
  if (error instanceof ConflictError && error.field) return { [error.field]: error.message };
  throw error;
}

function formValues(body: unknown): SharedAccountValues {
  return {
    name: field(body, 'name').trim(),
    parent: field(body, 'parent').trim(),
    pin: field(body, 'pin').trim(),
    notes: field(body, 'notes'),
    restricted: checked(body, 'restricted'),
    overdraft: field(body, 'overdraft'),
    enabled: checked(body, 'enabled'),
  };
}

/**
 * The full name and settings a form asks for, or every problem the form itself shows (the
 * service checks the rest). Name and parent are typed apart, so neither may hold "\"; the parent
 * must exist.
 */
async function parseForm(
  sharedAccounts: SharedAccountsService,
  values: SharedAccountValues,
  withEnabled: boolean,
): Promise<{ name: string; settings: AccountSettings }> {
  const problems: Record<string, string> = {};
  if (values.name.includes('\\')) problems.name = adminEnglish.t('admin.shared.error.nameSeparator');
  if (values.parent.includes('\\')) problems.parent = adminEnglish.t('admin.shared.error.parentSeparator');
  else if (values.parent && !(await sharedAccounts.exists(values.parent)))
    problems.parent = adminEnglish.t('admin.shared.error.noParent', { name: values.parent });
  let overdraft = 0;
  try {
    overdraft = amountOf('overdraft', values.overdraft);
  } catch (error) {
    Object.assign(problems, formErrors(error));
  }
  if (Object.keys(problems).length > 0) throw new ValidationError(problems);
  return {
    name: values.parent ? `${values.parent}\\${values.name}` : values.name,
    settings: {
      pin: values.pin,
      notes: values.notes,
      restricted: values.restricted ? 1 : 0,
      overdraft,
      ...(withEnabled ? { enabled: values.enabled ? 1 : 0 } : {}),
    },
  };
}

type AdminFrameOf = (request: FastifyRequest) => Promise<AdminFrame>;

export function registerAdminSharedAccountRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: AdminFrameOf,
): void {
  registerListRoutes(server, context, adminFrame);
  registerAccountRoutes(server, context, adminFrame);
}

/** The list and Create shared account. */
function registerListRoutes(server: FastifyInstance, context: WebContext, adminFrame: AdminFrameOf): void {
  const { sharedAccounts } = context.services;

  server.get('/admin/accounts', async (request, reply) => {
    const frame = await adminFrame(request);
    const query = parseSharedListQuery(request.query);
    const { rows, hasMore } = await sharedAccounts.search({
      name: query.name,
      sort: query.sort,
      descending: query.dir === 'desc',
      offset: (query.page - 1) * ACCOUNTS_PER_PAGE,
      limit: ACCOUNTS_PER_PAGE,
    });
    return sendPage(
      reply,
      200,
      <SharedAccountsPage
        frame={frame}
        query={query}
        accounts={rows.map((row) => sharedAccounts.present(row))}
        hasMore={hasMore}
        notice={doneNotice(request.query, '', SHARED_DONE)}
      />,
    );
  });

  server.get('/admin/accounts/new', async (request, reply) =>
    sendPage(
      reply,
      200,
      <NewSharedAccountPage frame={await adminFrame(request)} values={NEW_ACCOUNT_VALUES} />,
    ),
  );

  server.post('/admin/accounts/new', async (request, reply) => {
    const frame = await adminFrame(request);
    const values = formValues(request.body);
    try {
      const { name, settings } = await parseForm(sharedAccounts, values, false);
      const account = await sharedAccounts.add(name, actorOf(request), settings);
      return reply.redirect(`${sharedAccountHref(account)}?done=created`, 303);
    } catch (error) {
      const errors = formErrors(error);
      return sendPage(reply, 400, <NewSharedAccountPage frame={frame} values={values} errors={errors} />);
    }
  });
}

/** An account's Details tab, "Enable now" and Delete. */
function registerAccountRoutes(server: FastifyInstance, context: WebContext, adminFrame: AdminFrameOf): void {
  const { sharedAccounts } = context.services;

  server.get<AccountParams>('/admin/accounts/:id', async (request, reply) => {
    const frame = await adminFrame(request);
    const account = sharedAccounts.present(await sharedAccountOf(sharedAccounts, request.params.id));
    return sendPage(
      reply,
      200,
      <SharedAccountDetailsPage
        frame={frame}
        account={account}
        values={sharedAccountValues(account)}
        notice={doneNotice(request.query, account.name, SHARED_DONE)}
      />,
    );
  });

  server.post<AccountParams>('/admin/accounts/:id', async (request, reply) => {
    const frame = await adminFrame(request);
    const row = await sharedAccountOf(sharedAccounts, request.params.id);
    const values = formValues(request.body);
    try {
      const change = await parseForm(sharedAccounts, values, true);
      await sharedAccounts.edit(row.name!, change, actorOf(request));
      return reply.redirect(`${sharedAccountHref(row)}?done=saved`, 303);
    } catch (error) {
      const errors = formErrors(error);
      const account = sharedAccounts.present(row);
      return sendPage(
        reply,
        400,
        <SharedAccountDetailsPage frame={frame} account={account} values={values} errors={errors} />,
      );
    }
  });

  // "Enable now" ends a timed disable (XML-RPC disableSharedAccount); the service audits it.
  server.post<AccountParams>('/admin/accounts/:id/enable', async (request, reply) => {
    await adminFrame(request);
    const row = await sharedAccountOf(sharedAccounts, request.params.id);
    await sharedAccounts.enable(row.name!, actorOf(request));
    return reply.redirect(`${sharedAccountHref(row)}?done=enabled`, 303);
  });

  server.get<AccountParams>('/admin/accounts/:id/delete', async (request, reply) => {
    const frame = await adminFrame(request);
    const account = sharedAccounts.present(await sharedAccountOf(sharedAccounts, request.params.id));
    return sendPage(reply, 200, <DeleteSharedAccountPage frame={frame} account={account} />);
  });

  server.post<AccountParams>('/admin/accounts/:id/delete', async (request, reply) => {
    const frame = await adminFrame(request);
    const row = await sharedAccountOf(sharedAccounts, request.params.id);
    try {
      await sharedAccounts.remove(row.name!, actorOf(request));
      return reply.redirect('/admin/accounts?done=deleted', 303);
    } catch (error) {
      // The one refusal: sub-accounts (the service's ConflictError), said from the catalog.
      if (!(error instanceof ConflictError)) throw error;
      const account = sharedAccounts.present(row);
      return sendPage(
        reply,
        409,
        <DeleteSharedAccountPage
          frame={frame}
          account={account}
          problem={adminEnglish.t('admin.shared.delete.hasChildren', { name: account.name })}
        />,
      );
    }
  });
}
