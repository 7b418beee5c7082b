/**
 * Who may use Quire: enabling and disabling users, admin rights, deleting users, ending sessions.
 * The rules keep at least one enabled administrator and stop an administrator locking themselves
 * out. Every change is audited.
 *
 *   await access.setAdmin('alice', true, actor);
 */
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UserRow } from '../db/schema.js';
import { ConflictError, ForbiddenError, ValidationError } from '../errors.js';
import { effectiveTimeZone, type SettingsService } from '../settings/settings.service.js';
import { dayIn, EXPIRY_DATE_PROBLEM, parseExpiryDate } from './account-expiry.js';
import type { Clock } from '../ports.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import type { RequireUser } from './require-user.js';
import type { UsersRepository } from './users.repository.js';

export function createUserAccessService(deps: {
  users: UsersRepository;
  requireUser: RequireUser;
  sessions: SessionsService;
  settings: Pick<SettingsService, 'get'>;
  audit: AuditService;
  clock: Clock;
}) {
  const { users, requireUser, sessions, settings, audit, clock } = deps;

  return {
    async setDisabled(username: string, disabled: boolean, actor: Actor): Promise<void> {
      const user = await requireUser(username);
      if (disabled && user.username === actor.username)
        throw new ConflictError('You cannot disable your own account.');
      if (disabled && user.is_admin && (await users.countAdmins()) <= 1)
        throw new ConflictError(
          'This is the last enabled administrator; grant another user admin rights first.',
        );
      await users.update(user.id, { disabled: disabled ? 1 : 0, updated_at: clock.now().toISOString() });
      if (disabled) await sessions.destroyAllForUser(user.id);
      await audit.record({
        actor: actor.username,
        action: disabled ? 'user.disable' : 'user.enable',
        target: user.username,
        ip: actor.ip,
      });
    },

    /**
     * Sets the last day a guest's or visitor's account works ('YYYY-MM-DD', until the end of that
     * day in the organisation's time zone), or with '' / "never" removes it. A past day ends the
     * account's sessions at their next request (sessions.service.ts). Returns the day stored.
     */
    async setExpiry(username: string, typed: string, actor: Actor): Promise<string | null> {
      const user = await requireUser(username);
      const expiryDate = parseExpiryDate(typed);
      if (expiryDate === undefined) throw new ValidationError({ expiryDate: EXPIRY_DATE_PROBLEM });
      const today = dayIn(clock.now(), effectiveTimeZone(await settings.get()));
      // An administrator who expired themselves (or the last administrator) could not sign in again.
      if (expiryDate !== null && expiryDate < today && user.username === actor.username)
        throw new ConflictError('You cannot expire your own account.');
      if (expiryDate !== null && expiryDate < today && user.is_admin && (await users.countAdmins()) <= 1)
        throw new ConflictError(
          'This is the last enabled administrator; grant another user admin rights first.',
        );
      if (expiryDate === user.expiry_date) return expiryDate;
      await users.update(user.id, { expiry_date: expiryDate, updated_at: clock.now().toISOString() });
      await audit.record({
        actor: actor.username,
        action: expiryDate === null ? 'user.expiry.clear' : 'user.expiry.set',
        target: user.username,
        ip: actor.ip,
        details: { expiryDate },
      });
      return expiryDate;
    },

    async setAdmin(username: string, isAdmin: boolean, actor: Actor): Promise<void> {
      const user = await requireUser(username);
      if (!isAdmin && user.username === actor.username)
        throw new ConflictError('You cannot revoke your own admin rights.');
      if (!isAdmin && user.is_admin && !user.disabled && (await users.countAdmins()) <= 1)
        throw new ConflictError('This is the last administrator.');
      await users.update(user.id, { is_admin: isAdmin ? 1 : 0, updated_at: clock.now().toISOString() });
      await audit.record({
        actor: actor.username,
        action: isAdmin ? 'user.admin.grant' : 'user.admin.revoke',
        target: user.username,
        ip: actor.ip,
      });
    },

    async delete(username: string, actor: Actor): Promise<void> {
      const user = await requireUser(username);
      if (user.username === actor.username) throw new ConflictError('You cannot delete your own account.');
      if (user.is_admin && !user.disabled && (await users.countAdmins()) <= 1)
        throw new ConflictError('This is the last administrator; it cannot be deleted.');
      await users.delete(user.id);
      await audit.record({
        actor: actor.username,
        action: 'user.delete',
        target: user.username,
        ip: actor.ip,
        details: { internal: user.source_id === null },
      });
    },

    /**
     * A user signs out every browser but this one (Change Details). Returns how many ended.
     */
    async endOtherSessions(user: UserRow, actor: Actor): Promise<number> {
      if (!actor.sessionId) throw new ForbiddenError('Only a logged-in browser can log out the others.');
      const ended = await sessions.destroyAllForUser(user.id, actor.sessionId);
      await audit.record({
        actor: user.username,
        action: 'user.sessions.end_others',
        target: user.username,
        ip: actor.ip,
        details: { sessionsEnded: ended },
      });
      return ended;
    },

    /**
     * An administrator ends all of a user's sessions. The administrator's own browser stays signed
     * in when they do this to themselves, as with a password reset.
     */
    async endAllSessions(username: string, actor: Actor): Promise<number> {
      const user = await requireUser(username);
      const ended = await sessions.destroyAllForUser(
        user.id,
        user.username === actor.username ? actor.sessionId : undefined,
      );
      await audit.record({
        actor: actor.username,
        action: 'user.sessions.end_all',
        target: user.username,
        ip: actor.ip,
        details: { sessionsEnded: ended },
      });
      return ended;
    },
  };
}
