/**
 * Admin Console routes for users: Create internal user, the Details tab, Change
 * Password, enable/disable, admin rights and delete. Every handler checks admin rights first,
 * through `adminFrame` (401 signed out, 403 for a non-administrator). The list and its bulk
 * actions are in users-list.routes.tsx and users-bulk.routes.tsx.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ConflictError, ForbiddenError, ValidationError } from '../../errors.js';
import { presentUser, type PresentedUser } from '../../users/user.presenter.js';
import { dayIn } from '../../users/account-expiry.js';
import { effectiveTimeZone } from '../../settings/settings.service.js';
import type { Actor } from '../../audit/actor.js';
import { checked, field, sendPage } from '../render.js';
import { actorOf } from '../security.js';
import type { WebContext } from '../context.js';
import { doneNotice, userHref, type AdminFrame } from './admin.pages.js';
import { describePasswordPolicy } from '../../passwords/password-policy.js';
import { adminEnglish, type AdminMessageKey } from '../../i18n/admin-translator.js';
import { DeleteUserPage } from './users-delete.pages.js';
import { UserPage, type AccountSecurity } from './users-details.pages.js';
import { registerUsersBulkRoutes } from './users-bulk.routes.js';
import { registerUsersListRoutes } from './users-list.routes.js';
import { detailValues, registerNewUserRoutes } from './users-new.routes.js';
import { ChangePasswordPage } from './users-password.pages.js';

type UserParams = { Params: { username: string } };

/** Notices after a redirect that say something went wrong, shown as an error. */
const FAILED_NOTICES = new Map<string, AdminMessageKey>([
  ['reset-failed', 'admin.done.resetFailed'],
  ['created-link-failed', 'admin.done.createdLinkFailed'],
]);

export function registerAdminUserRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
): void {
  registerUsersListRoutes(server, context, adminFrame);
  registerUsersBulkRoutes(server, context, adminFrame);
  registerNewUserRoutes(server, context, adminFrame);
  const { users, sources, sessions, throttle, audit, settings, mail, passwordReset, clock } =
    context.services;
  const passwordHint = async () => describePasswordPolicy(await settings.get());
  const timeZone = async () => effectiveTimeZone(await settings.get());
  /** Today in the organisation's time zone: an account expired once its expiry day is before it. */
  const today = async () => dayIn(clock.now(), await timeZone());
  const loadUser = async (username: string): Promise<PresentedUser> =>
    presentUser(await users.requireUser(username), await sources.names(), await today());

  /** The Login security section: the last log-in, active sessions and the lockout counter. */
  const securityOf = async (user: PresentedUser): Promise<AccountSecurity> => {
    const row = await users.requireUser(user.username);
    const status = await context.services.twoFactor.status(row.id);
    return {
      lastLogIn: row.last_sign_in_at,
      activeSessions: (await sessions.listActiveForUser(row.id)).length,
      lock: await throttle.accountLock(row.username),
      twoFactor: { app: status.totp, keys: status.keys.length },
    };
  };

  /** What the Details tab shows besides the user. */
  const pageData = async (user: PresentedUser) => ({
    security: await securityOf(user),
    timeZone: await timeZone(),
    mailConfigured: await mail.isConfigured(),
  });

  /** Only internal users have a password here; a standard user's lives in their source. */
  const loadInternalUser = async (username: string): Promise<PresentedUser> => {
    const user = await loadUser(username);
    if (!user.internal)
      throw new ForbiddenError(
        adminEnglish.t('admin.users.password.managedElsewhere', { name: user.username, source: user.source }),
      );
    return user;
  };

  server.get<UserParams>('/admin/users/:username', async (request, reply) => {
    const frame = await adminFrame(request);
    const user = await loadUser(request.params.username);
    return sendPage(
      reply,
      200,
      <UserPage
        frame={frame}
        user={user}
        {...await pageData(user)}
        notice={doneNotice(request.query, user.username)}
        problem={doneNotice(request.query, user.username, FAILED_NOTICES)}
      />,
    );
  });

  server.post<UserParams>('/admin/users/:username', async (request, reply) => {
    const frame = await adminFrame(request);
    const user = await loadUser(request.params.username);
    const values = detailValues(request.body);
    try {
      await users.updateDetails(user.username, values, actorOf(request));
      return reply.redirect(userHref(user.username, '?done=saved'), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(
        reply,
        400,
        <UserPage
          frame={frame}
          user={user}
          {...await pageData(user)}
          values={values}
          errors={error.fields}
        />,
      );
    }
  });

  server.get<UserParams>('/admin/users/:username/password', async (request, reply) => {
    const frame = await adminFrame(request);
    return sendPage(
      reply,
      200,
      <ChangePasswordPage
        frame={frame}
        user={await loadInternalUser(request.params.username)}
        passwordHint={await passwordHint()}
      />,
    );
  });

  server.post<UserParams>('/admin/users/:username/password', async (request, reply) => {
    const frame = await adminFrame(request);
    const user = await loadInternalUser(request.params.username);
    const password = field(request.body, 'password');
    const mustChange = checked(request.body, 'mustChangePassword');
    try {
      await users.setPassword(
        user.username,
        password,
        { mustChange, confirmPassword: field(request.body, 'confirmPassword') },
        actorOf(request),
      );
      return reply.redirect(userHref(user.username, '?done=password'), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(
        reply,
        400,
        <ChangePasswordPage
          frame={frame}
          user={user}
          mustChange={mustChange}
          passwordHint={await passwordHint()}
          errors={error.fields}
        />,
      );
    }
  });

  server.get<UserParams>('/admin/users/:username/delete', async (request, reply) => {
    const frame = await adminFrame(request);
    return sendPage(
      reply,
      200,
      <DeleteUserPage frame={frame} user={await loadUser(request.params.username)} />,
    );
  });

  server.post<UserParams>('/admin/users/:username/expiry', async (request, reply) => {
    const frame = await adminFrame(request);
    const user = await loadUser(request.params.username);
    const typed = field(request.body, 'expiryDate').slice(0, 40);
    try {
      await users.setExpiry(user.username, typed, actorOf(request));
      return reply.redirect(userHref(user.username, '?done=expiry-saved'), 303);
    } catch (error) {
      if (error instanceof ValidationError)
        return sendPage(
          reply,
          400,
          <UserPage
            frame={frame}
            user={user}
            {...await pageData(user)}
            expiry={{ value: typed, errors: error.fields }}
          />,
        );
      if (!(error instanceof ConflictError)) throw error;
      return sendPage(
        reply,
        409,
        <UserPage frame={frame} user={user} {...await pageData(user)} problem={error.message} />,
      );
    }
  });

  // The buttons of the Account section. Each returns where to go next; a refusal (yourself, the
  // last administrator) re-renders the user page with the reason and 409.
  const actions: Record<string, (username: string, body: unknown, actor: Actor) => Promise<string>> = {
    async disable(name, _body, actor) {
      await users.setDisabled(name, true, actor);
      return userHref(name, '?done=disabled');
    },
    async enable(name, _body, actor) {
      await users.setDisabled(name, false, actor);
      return userHref(name, '?done=enabled');
    },
    async admin(name, body, actor) {
      const grant = checked(body, 'grant');
      await users.setAdmin(name, grant, actor);
      return userHref(name, grant ? '?done=admin-granted' : '?done=admin-revoked');
    },
    async 'send-reset-email'(name, _body, actor) {
      const delivered = await passwordReset.sendByAdministrator(name, 'reset', actor);
      return userHref(name, delivered ? '?done=reset-sent' : '?done=reset-failed');
    },
    async 'end-sessions'(name, _body, actor) {
      await users.endAllSessions(name, actor);
      return userHref(name, '?done=sessions-ended');
    },
    async 'clear-lock'(name, _body, actor) {
      // The counter is keyed by the typed name, which for an existing user is its username.
      const lock = await throttle.accountLock(name);
      await throttle.clearAccount(name);
      await audit.record({
        actor: actor.username,
        action: 'user.lock.clear',
        target: name,
        ip: actor.ip,
        details: { failures: lock?.failures ?? 0, lockedUntil: lock?.lockedUntil ?? null },
      });
      return userHref(name, '?done=lock-cleared');
    },
    async delete(name, _body, actor) {
      await users.delete(name, actor);
      return '/admin/users?done=deleted';
    },
  };

  for (const [path, run] of Object.entries(actions)) {
    server.post<UserParams>(`/admin/users/:username/${path}`, async (request, reply) => {
      const frame = await adminFrame(request);
      const user = await loadUser(request.params.username);
      try {
        return reply.redirect(await run(user.username, request.body, actorOf(request)), 303);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        return sendPage(
          reply,
          409,
          <UserPage frame={frame} user={user} {...await pageData(user)} problem={error.message} />,
        );
      }
    });
  }
}
