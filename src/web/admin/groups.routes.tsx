/**
 * Admin Console routes for Groups: the list, a group's page, and its forms (Admin Console access,
 * quota, new-user settings, "Adjust balances of all members"). Groups, members and admin access
 * come from the groups service, settings and adjustments from the group accounts service. Each handler checks admin
 * rights first, through `adminFrame` (401 signed out, 403 for a non-administrator); a refused
 * form re-renders the page with 400 and the field's error, and nothing is written.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { QUOTA_PERIODS } from '../../accounts/group-accounts.service.js';
import { NO_GROUP_SETTINGS, type GroupSettings } from '../../accounts/group-settings.repository.js';
import { ledgerComment } from '../../accounts/ledger-text.js';
import { AmountError, parseAmount } from '../../accounts/money.js';
import { isCronPattern } from '../../accounts/quota-period.js';
import { ValidationError } from '../../errors.js';
import { adminEnglish, type AdminMessageKey } from '../../i18n/admin-translator.js';
import { presentUser } from '../../users/user.presenter.js';
import { checked, field, sendPage } from '../render.js';
import { actorOf } from '../security.js';
import type { WebContext } from '../context.js';
import type { AdminFrame } from './admin.pages.js';
import {
  GroupPage,
  MEMBERS_PER_PAGE,
  type AdjustMembersValues,
  type GroupPageProps,
  type InitialValues,
  type QuotaValues,
} from './group.pages.js';
import { groupHref, GROUPS_PER_PAGE, GroupsPage } from './groups.pages.js';

type GroupParams = { Params: { name: string } };

/** The longest `after` cursor read from a query; a longer one shows the first page. */
const MAX_CURSOR = 1000;
const MAX_CRON = 200;

/** Success notices after a redirect, by `done`: fixed texts, the group's name read from the database. */
const GROUP_DONE: ReadonlyMap<string, AdminMessageKey> = new Map([
  ['quota-saved', 'admin.groups.done.quotaSaved'],
  ['initial-saved', 'admin.groups.done.initialSaved'],
  ['members-adjusted', 'admin.groups.done.adjusted'],
  ['admin-granted', 'admin.groups.done.adminGranted'],
  ['admin-revoked', 'admin.groups.done.adminRevoked'],
]);

/** The admin access form's one choice: grant (true) or revoke (false). */
const ADMIN_ACCESS: ReadonlyMap<string, boolean> = new Map([
  ['grant', true],
  ['revoke', false],
]);

function groupNotice(query: unknown, name: string): string | undefined {
  const key = GROUP_DONE.get(field(query, 'done'));
  const members = field(query, 'members');
  if (!key || (key === 'admin.groups.done.adjusted' && !/^\d{1,9}$/.test(members))) return undefined;
  return adminEnglish.t(key, { name, count: Number(members) });
}

/** The directory source a group comes from, by name; null for an internal group. */
function sourceOf(sourceId: number | null, names: ReadonlyMap<number, string>): string | null {
  if (sourceId === null) return null;
  return names.get(sourceId) ?? adminEnglish.t('admin.groups.unknownSource', { id: sourceId });
}

/** A page cursor from the query: undefined for none, or one too long to be a name. */
function cursorOf(query: unknown): string | undefined {
  const after = field(query, 'after');
  return after === '' || after.length > MAX_CURSOR ? undefined : after;
}

type AmountRule = 'any' | 'zeroOrMore' | 'nonZero';

/**
 * Reads typed amounts into ten-thousandths, collecting each field's problem in `problems` (all
 * at once, so one 400 names every bad field); a refused field reads as 0.
 */
function amountReader(problems: Record<string, string>) {
  return (name: string, text: string, rule: AmountRule = 'any'): number => {
    let amount: number;
    try {
      amount = parseAmount(text);
    } catch (error) {
      if (!(error instanceof AmountError)) throw error;
      problems[name] = adminEnglish.t(
        rule === 'zeroOrMore' ? 'admin.groups.error.notNegative' : 'admin.groups.error.amount',
      );
      return 0;
    }
    if (rule === 'zeroOrMore' && amount < 0)
      problems[name] = adminEnglish.t('admin.groups.error.notNegative');
    if (rule === 'nonZero' && amount === 0) problems[name] = adminEnglish.t('admin.groups.error.nonZero');
    return amount;
  };
}

function refuseIfAny(problems: Record<string, string>): void {
  if (Object.keys(problems).length > 0) throw new ValidationError(problems);
}

function quotaChanges(values: QuotaValues): Partial<GroupSettings> {
  const problems: Record<string, string> = {};
  const amount = amountReader(problems);
  const quotaAmount = amount('quota_amount', values.quota_amount, 'zeroOrMore');
  const period = QUOTA_PERIODS.get(values.quota_period);
  if (!period) problems.quota_period = adminEnglish.t('admin.groups.error.period');
  // A schedule is kept only with the period that uses it.
  const cron = period === 'cron' ? values.quota_cron.trim() : '';
  if (period === 'cron' && (cron.length > MAX_CRON || !isCronPattern(cron)))
    problems.quota_cron = adminEnglish.t('admin.groups.error.cron');
  const cap = values.quota_cap.trim() === '' ? null : amount('quota_cap', values.quota_cap, 'zeroOrMore');
  refuseIfAny(problems);
  return { quota_amount: quotaAmount, quota_period: period, quota_cron: cron, quota_cap: cap };
}

function initialChanges(values: InitialValues): Partial<GroupSettings> {
  const problems: Record<string, string> = {};
  const amount = amountReader(problems);
  const changes: Partial<GroupSettings> = {
    new_user_settings: values.new_user_settings ? 1 : 0,
    initial_credit: amount('initial_credit', values.initial_credit),
    initial_restricted: values.initial_restricted ? 1 : 0,
    initial_overdraft: amount('initial_overdraft', values.initial_overdraft, 'zeroOrMore'),
  };
  refuseIfAny(problems);
  return changes;
}

function adjustment(values: AdjustMembersValues): { amount: number; comment: string } {
  const problems: Record<string, string> = {};
  const amount = amountReader(problems)('amount', values.amount, 'nonZero');
  let comment = '';
  try {
    comment = ledgerComment(values.comment);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems.comment = adminEnglish.t('admin.groups.error.comment');
  }
  refuseIfAny(problems);
  return { amount, comment };
}

export function registerAdminGroupRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
): void {
  const { groups, groupAccounts, sources } = context.services;

  server.get('/admin/groups', async (request, reply) => {
    const frame = await adminFrame(request);
    const filter = field(request.query, 'q').trim().slice(0, 200);
    const after = cursorOf(request.query);
    const { rows, hasMore } = await groups.pageWithCounts({
      after,
      limit: GROUPS_PER_PAGE,
      contains: filter || undefined,
    });
    const settings = await groupAccounts.settingsOfGroups(rows.map((row) => row.id));
    const names = await sources.names();
    const listed = rows.map((row) => ({
      name: row.name,
      source: sourceOf(row.source_id, names),
      members: row.member_count,
      settings: settings.get(row.id) ?? NO_GROUP_SETTINGS,
    }));
    return sendPage(
      reply,
      200,
      <GroupsPage frame={frame} groups={listed} filter={filter} after={after} hasMore={hasMore} />,
    );
  });

  /** Renders a group's page; `extra` carries a notice or a refused form's values and errors. */
  async function render(
    request: FastifyRequest<GroupParams>,
    reply: FastifyReply,
    status: number,
    extra: Partial<GroupPageProps> = {},
  ) {
    const frame = await adminFrame(request);
    const group = await groups.requireWithCount(request.params.name);
    const after = cursorOf(request.query);
    const members = await groups.pageMembers(group.id, { after, limit: MEMBERS_PER_PAGE });
    const names = await sources.names();
    return sendPage(
      reply,
      status,
      <GroupPage
        frame={frame}
        group={{
          name: group.name,
          source: sourceOf(group.source_id, names),
          members: group.member_count,
        }}
        adminAccess={await groups.isAdminGroup(group.name)}
        settings={await groupAccounts.settings(group.name)}
        members={members.rows.map((row) => presentUser(row, names))}
        membersAfter={after}
        membersHasMore={members.hasMore}
        {...extra}
      />,
    );
  }

  server.get<GroupParams>('/admin/groups/:name', async (request, reply) => {
    await adminFrame(request);
    const group = await groups.requireWithCount(request.params.name);
    return render(request, reply, 200, { notice: groupNotice(request.query, group.name) });
  });

  // Through the groups service, which audits each change, as XML-RPC's add/removeAdminAccessGroup do.
  server.post<GroupParams>('/admin/groups/:name/admin-access', async (request, reply) => {
    await adminFrame(request);
    const group = await groups.requireWithCount(request.params.name);
    const grant = ADMIN_ACCESS.get(field(request.body, 'access'));
    if (grant === undefined)
      return render(request, reply, 400, {
        adminAccessProblem: adminEnglish.t('admin.groups.adminAccess.choose'),
      });
    if (grant) await groups.grantAdminAccess(group.name, actorOf(request));
    else await groups.revokeAdminAccess(group.name, actorOf(request));
    return reply.redirect(groupHref(group.name, grant ? '?done=admin-granted' : '?done=admin-revoked'), 303);
  });

  server.post<GroupParams>('/admin/groups/:name/quota', async (request, reply) => {
    await adminFrame(request);
    const group = await groups.requireWithCount(request.params.name);
    const body = request.body;
    const values: QuotaValues = {
      quota_amount: field(body, 'quota_amount'),
      quota_period: field(body, 'quota_period'),
      quota_cron: field(body, 'quota_cron'),
      quota_cap: field(body, 'quota_cap'),
    };
    try {
      await groupAccounts.update(group.name, quotaChanges(values), actorOf(request));
      return reply.redirect(groupHref(group.name, '?done=quota-saved'), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(request, reply, 400, { quota: { values, errors: error.fields } });
    }
  });

  server.post<GroupParams>('/admin/groups/:name/initial-settings', async (request, reply) => {
    await adminFrame(request);
    const group = await groups.requireWithCount(request.params.name);
    const body = request.body;
    const values: InitialValues = {
      new_user_settings: checked(body, 'new_user_settings'),
      initial_credit: field(body, 'initial_credit'),
      initial_restricted: checked(body, 'initial_restricted'),
      initial_overdraft: field(body, 'initial_overdraft'),
    };
    try {
      await groupAccounts.update(group.name, initialChanges(values), actorOf(request));
      return reply.redirect(groupHref(group.name, '?done=initial-saved'), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(request, reply, 400, { initial: { values, errors: error.fields } });
    }
  });

  server.post<GroupParams>('/admin/groups/:name/adjust', async (request, reply) => {
    await adminFrame(request);
    const group = await groups.requireWithCount(request.params.name);
    const values: AdjustMembersValues = {
      amount: field(request.body, 'amount'),
      comment: field(request.body, 'comment'),
    };
    try {
      const { amount, comment } = adjustment(values);
      const done = await groupAccounts.adjustMembers(group.name, amount, comment, actorOf(request));
      return reply.redirect(groupHref(group.name, `?done=members-adjusted&members=${done.members}`), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(request, reply, 400, { adjust: { values, errors: error.fields } });
    }
  });
}
