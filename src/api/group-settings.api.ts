/**
 * REST API: what a group gives its members' accounts — initial settings for new users (credit,
 * restriction, overdraft) and a quota added every period. Through the group accounts service,
 * which checks every field before it saves any.
 *
 *   PUT /api/v1/groups/Students/settings {"quota": {"amount": "5", "period": "weekly", "cap": "20"}}
 */
import type { FastifyInstance } from 'fastify';
import { QUOTA_PERIODS } from '../accounts/group-accounts.service.js';
import type { GroupSettings as Settings } from '../accounts/group-settings.repository.js';
import { ValidationError } from '../errors.js';
import { flag, given, optionalAmount, presentGroupSettings, withFieldNames } from './accounting.presenter.js';
import type { ApiContext } from './api-context.js';
import { GroupSettings, GroupSettingsBody } from './printing.schemas.js';
import { GroupNameParams } from './schemas.js';

const tags = ['groups'];

/** The service's column names → this API's field names, for its validation messages. */
const FIELD_NAMES = new Map([
  ['initial_credit', 'initialCredit'],
  ['initial_overdraft', 'initialOverdraft'],
  ['quota_amount', 'quota.amount'],
  ['quota_period', 'quota.period'],
  ['quota_cron', 'quota.cron'],
  ['quota_cap', 'quota.cap'],
]);

function changesOf(body: GroupSettingsBody): Partial<Settings> {
  const quota = body.quota ?? {};
  let period: Settings['quota_period'] | undefined;
  if (quota.period !== undefined) {
    period = QUOTA_PERIODS.get(quota.period);
    if (!period) {
      throw new ValidationError({
        'quota.period': `The period must be one of: ${[...QUOTA_PERIODS.keys()].join(', ')}.`,
      });
    }
  }
  return given({
    new_user_settings: flag(body.newUserSettings),
    initial_credit: optionalAmount('initialCredit', body.initialCredit),
    initial_restricted: flag(body.initialRestricted),
    initial_overdraft: optionalAmount('initialOverdraft', body.initialOverdraft),
    quota_amount: optionalAmount('quota.amount', quota.amount),
    quota_period: period,
    quota_cron: quota.cron,
    // null is a value here (no cap), so only a missing field leaves the cap alone.
    quota_cap:
      quota.cap === undefined
        ? undefined
        : quota.cap === null
          ? null
          : optionalAmount('quota.cap', quota.cap),
  });
}

export function registerGroupSettingsRoutes(server: FastifyInstance, context: ApiContext): void {
  const { groupAccounts, groups } = context.services;

  server.get<{ Params: GroupNameParams }>(
    '/groups/:name/settings',
    {
      config: { scope: 'accounts:read' },
      schema: {
        summary: 'Get a group’s credit settings',
        description: 'Initial settings for new users and the quota; amounts are decimal strings.',
        tags,
        params: GroupNameParams,
        response: { 200: GroupSettings },
      },
    },
    async (request) => {
      const group = await groups.requireWithCount(request.params.name);
      return presentGroupSettings(group.name, await groupAccounts.settings(group.name));
    },
  );

  server.put<{ Params: GroupNameParams; Body: GroupSettingsBody }>(
    '/groups/:name/settings',
    {
      config: { scope: 'accounts:write' },
      schema: {
        summary: 'Change a group’s credit settings',
        description:
          'Only the fields given change; all are checked before any is saved (a 400 names each bad field). Setting a quota counts the current period as done: the first allocation is the next period’s.',
        tags,
        params: GroupNameParams,
        body: GroupSettingsBody,
        response: { 200: GroupSettings },
      },
    },
    async (request) => {
      const changes = changesOf(request.body);
      const group = await groups.requireWithCount(request.params.name);
      const saved = await withFieldNames(FIELD_NAMES, () =>
        groupAccounts.update(group.name, changes, context.caller(request).actor),
      );
      return presentGroupSettings(group.name, saved);
    },
  );
}
