/**
 * Setting an internal user's password, whoever does it (the user under Change Details, an
 * administrator, an emailed reset link): the policy from Options, the password history, the hash.
 * One place, so the three ways cannot drift apart.
 *
 *   const problem = await passwords.problem(user, 'new passphrase'); // null when allowed
 *   await passwords.store(user, 'new passphrase', { mustChange: false });
 */
import type { PasswordHasher } from './password-hasher.js';
import type { UserRow } from '../db/schema.js';
import type { Clock } from '../ports.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { PasswordHistoryRepository } from './password-history.repository.js';
import { passwordProblem, policyFor } from './password-policy.js';
import { localText, type LocalText } from '../i18n/local-text.js';
import type { UsersRepository } from '../users/users.repository.js';

export function createPasswordsService(deps: {
  users: UsersRepository;
  history: PasswordHistoryRepository;
  settings: Pick<SettingsService, 'get'>;
  hasher: PasswordHasher;
  clock: Clock;
}) {
  const { users, history, settings, hasher, clock } = deps;

  return {
    /** Why this new password is refused for this user, or null. */
    async problem(
      user: Pick<UserRow, 'id' | 'username' | 'password_hash'>,
      password: string,
    ): Promise<LocalText | null> {
      const options = await settings.get();
      const problem = passwordProblem(password, policyFor(options, user.username));
      if (problem || options.passwordHistory === 0) return problem;
      // "The last N passwords" counts the current one, as Keycloak's passwordHistory does.
      const previous = [
        ...(user.password_hash ? [user.password_hash] : []),
        ...(await history.newest(user.id, options.passwordHistory - 1)),
      ].slice(0, options.passwordHistory);
      for (const hash of previous) {
        if (await hasher.verify(hash, password)) {
          return options.passwordHistory === 1
            ? localText('problem.password.mustDiffer')
            : localText('problem.password.usedRecently', { count: options.passwordHistory });
        }
      }
      return null;
    },

    /**
     * Hashes and stores the password. The replaced hash joins the history while the option is on;
     * with the option off the history is emptied, so old hashes are not kept for nothing.
     */
    async store(
      user: Pick<UserRow, 'id' | 'password_hash'>,
      password: string,
      options: { mustChange: boolean },
    ): Promise<void> {
      const { passwordHistory } = await settings.get();
      const now = clock.now().toISOString();
      const passwordHash = await hasher.hash(password);
      if (passwordHistory > 1 && user.password_hash) await history.add(user.id, user.password_hash, now);
      await history.keepNewest(user.id, Math.max(passwordHistory - 1, 0));
      await users.update(user.id, {
        password_hash: passwordHash,
        must_change_password: options.mustChange ? 1 : 0,
        updated_at: now,
      });
    },
  };
}

export type PasswordsService = ReturnType<typeof createPasswordsService>;
