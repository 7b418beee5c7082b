/**
 * Admin Console → Users: bulk actions on the ticked users (POST /admin/users/bulk) and the
 * confirmed Delete (POST /admin/users/bulk-delete). Each user goes through the same service call
 * as the user's own page (its rules, the last-administrator guards, an audit entry a user); a user
 * a rule refuses is reported with the reason and the others go ahead. A form the route cannot
 * read (no user ticked, an unknown action or group) re-renders the list with 400, nothing changed.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../audit/actor.js';
import { AppError, NotFoundError } from '../../errors.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { presentUser } from '../../users/user.presenter.js';
import { checked, field, fieldValues, sendPage } from '../render.js';
import { actorOf } from '../security.js';
import type { WebContext } from '../context.js';
import type { AdminFrame } from './admin.pages.js';
import { BULK_ACTION_WORDS, BulkResultPage, DeleteUsersPage, type BulkOutcome } from './users-bulk.pages.js';
import { PAGE_SIZES } from './users-list-query.js';
import { parseUserListQuery, sendUsersList } from './users-list.routes.js';

/** At most a page of the largest size: what one form can tick. */
const MAX_SELECTED = Math.max(...PAGE_SIZES);

type Run = (username: string, group: string, actor: Actor) => Promise<unknown>;

export function registerUsersBulkRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
): void {
  const { users, groups, sources } = context.services;

  /** The actions, by the form's names (BULK_ACTION_WORDS has the same names and their words). */
  const runs: ReadonlyMap<string, Run> = new Map<string, Run>([
    ['disable', (name, _group, actor) => users.setDisabled(name, true, actor)],
    ['enable', (name, _group, actor) => users.setDisabled(name, false, actor)],
    ['force-password', (name, _group, actor) => users.requirePasswordChange(name, actor)],
    ['add-to-group', (name, group, actor) => groups.addMember(name, group, actor)],
    ['delete', (name, _group, actor) => users.delete(name, actor)],
  ]);

  /** The list's query the form came from, to show again or go back to. */
  const listOf = async (body: unknown) =>
    parseUserListQuery(
      Object.fromEntries(new URLSearchParams(field(body, 'list'))),
      (await sources.list()).map((s) => s.id),
    );

  /** The problems of a bulk form, by field; none when it can run. */
  async function problems(action: string, group: string, names: string[]): Promise<Record<string, string>> {
    const errors: Record<string, string> = {};
    if (names.length === 0) errors.scope = adminEnglish.t('admin.users.bulk.noneSelected');
    if (names.length > MAX_SELECTED)
      errors.scope = adminEnglish.t('admin.users.bulk.tooMany', { max: MAX_SELECTED });
    if (!runs.has(action) || !BULK_ACTION_WORDS.has(action))
      errors.action = adminEnglish.t('admin.users.bulk.unknownAction');
    if (action !== 'add-to-group') return errors;
    if (group === '') errors.group = adminEnglish.t('admin.users.bulk.groupMissing');
    else {
      const found = await groups.requireGroup(group).catch((error: unknown) => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      });
      if (!found) errors.group = adminEnglish.t('admin.users.bulk.groupUnknown', { group });
      else if (found.source_id !== null)
        errors.group = adminEnglish.t('admin.users.bulk.groupSynced', { group });
    }
    return errors;
  }

  /** Runs the action for each user in turn; a refusal (a 4xx AppError) is noted and the rest go on. */
  async function runAll(action: string, group: string, names: string[], actor: Actor): Promise<BulkOutcome> {
    const run = runs.get(action)!;
    const outcome: BulkOutcome = { action, group, done: 0, refused: [] };
    for (const name of names) {
      try {
        await run(name, group, actor);
        outcome.done++;
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        outcome.refused.push({ username: name, reason: error.message });
      }
    }
    return outcome;
  }

  server.post('/admin/users/bulk', async (request, reply) => {
    const frame = await adminFrame(request);
    const body = request.body;
    const action = field(body, 'action');
    const group = field(body, 'group').trim();
    const names = [
      ...new Set(checked(body, 'scope') ? fieldValues(body, 'shown') : fieldValues(body, 'user')),
    ];
    const errors = await problems(action, group, names);
    if (Object.keys(errors).length > 0) {
      const raw = Object.fromEntries(new URLSearchParams(field(body, 'list')));
      return sendUsersList(context, request, reply, frame, raw, {
        action,
        group,
        selected: checked(body, 'scope') ? [] : names,
        errors,
      });
    }
    const list = await listOf(body);
    if (action === 'delete') {
      // Only the users that exist are listed, and only they are sent on to be deleted.
      const sourceNames = await sources.names();
      const found = [];
      for (const name of names) {
        const row = await users.findByUsername(name);
        if (row) found.push(presentUser(row, sourceNames));
      }
      return sendPage(reply, 200, <DeleteUsersPage frame={frame} users={found} list={list} />);
    }
    const outcome = await runAll(action, group, names, actorOf(request));
    return sendPage(reply, 200, <BulkResultPage frame={frame} outcome={outcome} list={list} />);
  });

  server.post('/admin/users/bulk-delete', async (request, reply) => {
    const frame = await adminFrame(request);
    const body = request.body;
    const names = [...new Set(fieldValues(body, 'user'))];
    const errors = await problems('delete', '', names);
    if (Object.keys(errors).length > 0) {
      const raw = Object.fromEntries(new URLSearchParams(field(body, 'list')));
      return sendUsersList(context, request, reply, frame, raw, {
        action: 'delete',
        group: '',
        selected: names,
        errors,
      });
    }
    const outcome = await runAll('delete', '', names, actorOf(request));
    return sendPage(reply, 200, <BulkResultPage frame={frame} outcome={outcome} list={await listOf(body)} />);
  });
}
