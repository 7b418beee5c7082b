/**
 * Admin Console routes for a user's Account tab: the page (transactions paged by `?before=<id>`),
 * Adjust balance, Enable now and Account settings; and their Job Log tab (paged the same way). Each handler
 * checks admin rights first, through `adminFrame` (401 signed out, 403 for a non-administrator);
 * a refused form re-renders the page with 400 and the field's error, and nothing is written.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../../errors.js';
import { localText } from '../../i18n/local-text.js';
import { presentUser } from '../../users/user.presenter.js';
import { checked, field, sendPage } from '../render.js';
import { actorOf } from '../security.js';
import type { WebContext } from '../context.js';
import { adjustValues, amountOf, ledgerPage } from './account-ledger.routes.js';
import { doneNotice, positiveInt, userHref, type AdminFrame } from './admin.pages.js';
import {
  UserAccountPage,
  type AccountSettingsValues,
  type UserAccountPageProps,
} from './users-account.pages.js';
import { USER_JOBS_PER_PAGE, UserJobsPage } from './users-jobs.pages.js';

type UserParams = { Params: { username: string } };

export function registerAdminUserAccountRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
): void {
  const { users, sources, accounts, jobLog } = context.services;

  /** Renders the tab; `extra` carries a notice or a refused form's values and errors. */
  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    username: string,
    extra: Partial<UserAccountPageProps> = {},
  ) {
    const frame = await adminFrame(request);
    const user = presentUser(await users.requireUser(username), await sources.names());
    const { account } = await accounts.accountOf(user.username);
    const page = await ledgerPage(request.query, (limit, before) =>
      accounts.transactions(user.username, limit, before),
    );
    return sendPage(
      reply,
      status,
      <UserAccountPage
        frame={frame}
        user={user}
        account={account}
        printing={accounts.printing(account)}
        selection={await accounts.selection(user.username)}
        {...page}
        {...extra}
      />,
    );
  }

  server.get<UserParams>('/admin/users/:username/account', async (request, reply) => {
    await adminFrame(request);
    const { username } = await users.requireUser(request.params.username);
    return render(request, reply, 200, username, { notice: doneNotice(request.query, username) });
  });

  server.post<UserParams>('/admin/users/:username/account/adjust', async (request, reply) => {
    await adminFrame(request);
    const { username } = await users.requireUser(request.params.username);
    const values = adjustValues(request.body);
    try {
      await accounts.adjust(username, amountOf('amount', values.amount), values.comment, actorOf(request));
      return reply.redirect(userHref(username, '/account?done=adjusted'), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(request, reply, 400, username, { adjust: { values, errors: error.fields } });
    }
  });

  // "Enable now" ends a timed disable or one until enabled (XML-RPC disablePrintingForUser); the
  // service audits it.
  server.post<UserParams>('/admin/users/:username/account/enable-printing', async (request, reply) => {
    await adminFrame(request);
    const { username } = await users.requireUser(request.params.username);
    await accounts.enablePrinting(username, actorOf(request));
    return reply.redirect(userHref(username, '/account?done=printing-enabled'), 303);
  });

  server.post<UserParams>('/admin/users/:username/account/settings', async (request, reply) => {
    await adminFrame(request);
    const { username } = await users.requireUser(request.params.username);
    const body = request.body;
    const values: AccountSettingsValues = {
      restricted: checked(body, 'restricted'),
      overdraft: field(body, 'overdraft'),
      mode: field(body, 'mode'),
      sharedAccount: field(body, 'sharedAccount').trim(),
    };
    try {
      // Every check runs before the first write: the overdraft here, the selection in
      // setSelection (which refuses before it stores), so a refused form changes nothing.
      const overdraft = amountOf('overdraft', values.overdraft);
      if (overdraft < 0) throw new ValidationError({ overdraft: localText('problem.amount.overdraft') });
      const actor = actorOf(request);
      await accounts.setSelection(username, values.mode, values.sharedAccount || null, actor);
      await accounts.update(username, { restricted: values.restricted ? 1 : 0, overdraft }, actor);
      return reply.redirect(userHref(username, '/account?done=account-saved'), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(request, reply, 400, username, { settings: { values, errors: error.fields } });
    }
  });

  server.get<UserParams>('/admin/users/:username/jobs', async (request, reply) => {
    const frame = await adminFrame(request);
    const user = presentUser(await users.requireUser(request.params.username), await sources.names());
    const before = positiveInt(field(request.query, 'before')) ?? undefined;
    const rows = await jobLog.page({ user: user.username, before }, USER_JOBS_PER_PAGE + 1);
    return sendPage(
      reply,
      200,
      <UserJobsPage
        frame={frame}
        user={user}
        jobs={rows.slice(0, USER_JOBS_PER_PAGE)}
        before={before}
        hasMore={rows.length > USER_JOBS_PER_PAGE}
      />,
    );
  });
}
