/**
 * Users' passwords as the users flows see them: an administrator sets an internal user's password;
 * a user changes their own, or their directory password where the source allows it. Each ends the
 * user's other sessions and is audited.
 *
 *   await userPasswords.changeOwnPassword(user, { currentPassword, newPassword, confirmPassword }, actor);
 */
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ThrottleService } from '../auth/throttle.service.js';
import type { UserRow } from '../db/schema.js';
import type { SourcesService } from '../directory/sources.service.js';
import { ForbiddenError, PasswordChangeRefused, TooManyAttemptsError, ValidationError } from '../errors.js';
import { localText, type Problem } from '../i18n/local-text.js';
import type { PasswordHasher } from '../passwords/password-hasher.js';
import { passwordProblem, policyFor } from '../passwords/password-policy.js';
import type { PasswordsService } from '../passwords/passwords.service.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { Clock } from '../ports.js';
import type { RequireUser } from './require-user.js';
import type { UsersRepository } from './users.repository.js';

export function createUserPasswordsService(deps: {
  users: UsersRepository;
  clock: Clock;
  requireUser: RequireUser;
  sessions: SessionsService;
  settings: SettingsService;
  audit: AuditService;
  hasher: PasswordHasher;
  passwords: PasswordsService;
  sources: SourcesService;
  /** Sign-in throttling: a wrong current password under Change Details counts like a failed sign-in. */
  throttle: Pick<ThrottleService, 'begin'>;
}) {
  const { requireUser, sessions, settings, audit, hasher, passwords, sources, throttle } = deps;

  return {
    /** An administrator sets an internal user's password. Ends all of that user's sessions. */
    async setPassword(
      username: string,
      password: string,
      options: { mustChange: boolean; confirmPassword?: string },
      actor: Actor,
    ): Promise<void> {
      const user = await requireUser(username);
      if (user.source_id !== null)
        throw new ForbiddenError("This user's password is managed by its directory source; reset it there.");
      const fields: Record<string, string> = {};
      const problem = await passwords.problem(user, password);
      if (problem) fields.password = String(problem);
      if (options.confirmPassword !== undefined && options.confirmPassword !== password)
        fields.confirmPassword = 'The two passwords do not match.';
      if (Object.keys(fields).length > 0) throw new ValidationError(fields);
      await passwords.store(user, password, { mustChange: options.mustChange });
      const ended = await sessions.destroyAllForUser(
        user.id,
        user.username === actor.username ? actor.sessionId : undefined,
      );
      await audit.record({
        actor: actor.username,
        action: 'user.password.reset',
        target: user.username,
        ip: actor.ip,
        details: { mustChange: options.mustChange, sessionsEnded: ended },
      });
    },

    /**
     * An administrator makes an internal user choose a new password at their next log-in
     * (PaperCut's "user must change password"). A directory user's password lives in the
     * directory, which decides when it must change. False when the user already had to.
     */
    async requirePasswordChange(username: string, actor: Actor): Promise<boolean> {
      const user = await requireUser(username);
      if (user.source_id !== null)
        throw new ForbiddenError(
          "This user's password is managed by its directory source; it cannot be forced here.",
        );
      if (user.must_change_password) return false;
      await deps.users.update(user.id, {
        must_change_password: 1,
        updated_at: deps.clock.now().toISOString(),
      });
      await audit.record({
        actor: actor.username,
        action: 'user.password.must_change',
        target: user.username,
        ip: actor.ip,
      });
      return true;
    },

    /**
     * A directory user changes their directory password under Change Details, where the source
     * allows it (off by default). The directory applies its own policy; its refusal becomes a
     * field error. On success the user's other sessions end, as for internal users.
     */
    async changeDirectoryPassword(
      user: UserRow,
      input: { currentPassword: string; newPassword: string; confirmPassword: string },
      actor: Actor,
    ): Promise<void> {
      const source = user.source_id === null ? undefined : await sources.findById(user.source_id);
      const client = source ? sources.clientFor(source) : undefined;
      if (!source || !client?.canChangePassword)
        throw new ForbiddenError(
          "Your password is managed by your organisation's directory and cannot be changed here.",
        );
      const fields: Record<string, Problem> = {};
      if (input.currentPassword === '') fields.currentPassword = localText('problem.password.enterCurrent');
      if (input.newPassword === '') fields.newPassword = localText('problem.password.enterNew');
      else if (input.newPassword === input.currentPassword)
        fields.newPassword = localText('problem.password.mustDiffer');
      if (input.confirmPassword !== input.newPassword)
        fields.confirmPassword = localText('problem.password.newMismatch');
      if (Object.keys(fields).length > 0) throw new ValidationError(fields);
      try {
        await client.changePassword(user.username, input.currentPassword, input.newPassword);
      } catch (error) {
        if (!(error instanceof PasswordChangeRefused)) throw error;
        await audit.record({
          actor: user.username,
          action: 'user.password.change.failure',
          target: user.username,
          ip: actor.ip,
          details: { source: source.name, reason: error.message },
        });
        throw new ValidationError({ [error.field]: error.text });
      }
      const ended = await sessions.destroyAllForUser(user.id, actor.sessionId);
      await audit.record({
        actor: user.username,
        action: 'user.password.change',
        target: user.username,
        ip: actor.ip,
        details: { source: source.name, sessionsEnded: ended },
      });
    },

    /**
     * A user changes their own password under Change Details. The current password is checked
     * first; the user's other sessions end, the current one stays.
     */
    async changeOwnPassword(
      user: UserRow,
      input: { currentPassword: string; newPassword: string; confirmPassword: string },
      actor: Actor,
    ): Promise<void> {
      if (user.source_id !== null || user.password_hash === null) {
        throw new ForbiddenError("Your password is managed by your organisation's directory, not here.");
      }
      // Someone at an unattended browser must not get unlimited guesses at the password here.
      // Counted before the check so that parallel guesses cannot all slip under the limit.
      const started = await throttle.begin(actor.ip, user.username);
      if ('retryAfter' in started) throw new TooManyAttemptsError(started.retryAfter);
      const fields: Record<string, Problem> = {};
      if (!(await hasher.verify(user.password_hash, input.currentPassword)))
        fields.currentPassword = localText('problem.password.currentWrong');
      else await started.attempt.notCounted();
      if (!fields.currentPassword && input.newPassword === input.currentPassword)
        fields.newPassword = localText('problem.password.mustDiffer');
      // The history is checked only for the real owner: it would answer "used before" to a guesser.
      const problem = fields.currentPassword
        ? passwordProblem(input.newPassword, policyFor(await settings.get(), user.username))
        : fields.newPassword
          ? null
          : await passwords.problem(user, input.newPassword);
      if (problem) fields.newPassword = problem;
      if (input.confirmPassword !== input.newPassword)
        fields.confirmPassword = localText('problem.password.newMismatch');
      if (Object.keys(fields).length > 0) {
        if (fields.currentPassword) {
          await audit.record({
            actor: user.username,
            action: 'user.password.change.failure',
            target: user.username,
            ip: actor.ip,
          });
        }
        throw new ValidationError(fields);
      }
      await passwords.store(user, input.newPassword, { mustChange: false });
      const ended = await sessions.destroyAllForUser(user.id, actor.sessionId);
      await audit.record({
        actor: user.username,
        action: 'user.password.change',
        target: user.username,
        ip: actor.ip,
        details: { sessionsEnded: ended },
      });
    },
  };
}
