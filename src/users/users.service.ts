/**
 * Rules and flows for users: creating internal users, editing details, setting and changing
 * passwords, enabling, disabling, deleting, admin rights. Every change is audited.
 *
 *   await users.createInternal({ username: 'Bob', password: '…', fullName: 'Bob Builder' }, actor);
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { PasswordHasher } from '../passwords/password-hasher.js';
import type { DB, UserRow } from '../db/schema.js';
import type { SourcesService } from '../directory/sources.service.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PasswordChangeRefused,
  TooManyAttemptsError,
  ValidationError,
} from '../errors.js';
import type { Clock } from '../ports.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import { directoryProperties } from './directory-properties.js';
import { passwordProblem, policyFor } from '../passwords/password-policy.js';
import type { PasswordsService } from '../passwords/passwords.service.js';
import { isLanguage } from '../i18n/languages.js';
import { localText, type Problem } from '../i18n/local-text.js';
import {
  lookalikeProblem,
  newUsernameProblem,
  normalizeNewUsername,
  normalizeUsername,
  usernameProblem,
  usernameScripts,
} from './username.js';
import {
  cleanDetails,
  DETAIL_LABELS,
  detailsToRow,
  newUserRow,
  SOURCE_OWNED_FIELDS,
  type UserDetails,
} from './user-details.js';
import type { UserPageQuery, UserSearch, UsersRepository } from './users.repository.js';
import type { DirectoryUser } from '../directory/directory.port.js';
import type { ThrottleService } from '../auth/throttle.service.js';

export interface NewInternalUser extends UserDetails {
  username: string;
  password: string;
  /** When given (forms), must equal `password`; checked together with every other field. */
  confirmPassword?: string;
  isAdmin?: boolean;
  mustChangePassword?: boolean;
}

export function createUsersService(deps: {
  db: Kysely<DB>;
  users: UsersRepository;
  sessions: SessionsService;
  settings: SettingsService;
  audit: AuditService;
  hasher: PasswordHasher;
  passwords: PasswordsService;
  sources: SourcesService;
  /** Sign-in throttling: a wrong current password under Change Details counts like a failed sign-in. */
  throttle: Pick<ThrottleService, 'begin'>;
  clock: Clock;
}) {
  const { users, sessions, settings, audit, hasher, passwords, sources, throttle, clock } = deps;

  async function requireUser(username: string): Promise<UserRow> {
    const user = await users.findByUsername(normalizeUsername(username));
    if (!user) throw new NotFoundError(`No user named "${username}".`);
    return user;
  }

  /** Why a directory's name may be mistaken for another (the same warnings a sync reports). */
  async function directoryNameWarnings(username: string): Promise<string[]> {
    const scripts = usernameScripts(username);
    const lookalike = await users.findLookalike(username);
    return [
      ...(scripts.length > 1
        ? [`The username mixes scripts (${scripts.join(', ')}), so it can look like another name.`]
        : []),
      ...(lookalike !== undefined ? [`The username looks like the existing user "${lookalike}".`] : []),
    ];
  }

  async function checkNewUserPassword(password: string, username: string, fields: Record<string, string>) {
    const problem = passwordProblem(password, policyFor(await settings.get(), username));
    if (problem) fields.password = String(problem);
  }

  return {
    requireUser,
    findByUsername: (username: string) => users.findByUsername(normalizeUsername(username)),
    findById: (id: number) => users.findById(id),
    search: (search: UserSearch) => users.search(search),
    pageAfter: (page: UserPageQuery) => users.pageAfter(page),
    count: () => users.count(),
    usernames: (offset: number, limit: number) => users.usernames(offset, limit),
    findByPrimaryCard: (number: string) => users.findByPrimaryCard(number),
    findByAnyCard: (number: string) => users.findByAnyCard(number),
    findByEmail: (email: string) => users.findByEmail(email),
    findByFullName: (fullName: string) => users.findByFullName(fullName),
    countAdmins: () => users.countAdmins(),

    async createInternal(input: NewInternalUser, actor: Actor): Promise<UserRow> {
      const fields: Record<string, string> = {};
      const username = normalizeNewUsername(input.username);
      const usernameError = newUsernameProblem(username);
      if (usernameError) fields.username = usernameError;
      const details = cleanDetails(input, fields);
      await checkNewUserPassword(input.password, username, fields);
      if (input.confirmPassword !== undefined && input.confirmPassword !== input.password)
        fields.confirmPassword = 'The two passwords do not match.';
      if (!fields.username && (await users.findByUsername(username)))
        fields.username = `A user named "${username}" already exists.`;
      if (!fields.username) {
        const lookalike = await users.findLookalike(username);
        if (lookalike) fields.username = lookalikeProblem(lookalike);
      }
      if (Object.keys(fields).length > 0) throw new ValidationError(fields);

      const now = clock.now().toISOString();
      const passwordHash = await hasher.hash(input.password);
      let row: UserRow;
      try {
        row = await users.insert(
          newUserRow(username, now, {
            ...detailsToRow(details),
            password_hash: passwordHash,
            is_admin: input.isAdmin ? 1 : 0,
            must_change_password: input.mustChangePassword ? 1 : 0,
          }),
        );
      } catch (error) {
        // Two requests racing for one name: the unique index decides, the loser gets a field error.
        if (await users.findByUsername(username))
          throw new ValidationError({ username: `A user named "${username}" already exists.` });
        throw error;
      }
      await audit.record({
        actor: actor.username,
        action: 'user.create',
        target: username,
        ip: actor.ip,
        details: { internal: true, admin: Boolean(input.isAdmin) },
      });
      return row;
    },

    /** Edits details. For a synced user the fields its source owns are refused. */
    async updateDetails(username: string, input: UserDetails, actor: Actor): Promise<UserRow> {
      const user = await requireUser(username);
      const fields: Record<string, string> = {};
      const details = cleanDetails(input, fields);
      if (user.source_id !== null) {
        for (const key of SOURCE_OWNED_FIELDS) {
          if (details[key] !== undefined && details[key] !== rowValue(user, key)) {
            fields[key] =
              `${DETAIL_LABELS[key]} is managed by the directory source and cannot be changed here.`;
          }
          delete details[key];
        }
      }
      if (Object.keys(fields).length > 0) throw new ValidationError(fields);
      const patch = detailsToRow(details);
      const changed = Object.entries(patch)
        .filter(([key, value]) => (user as unknown as Record<string, unknown>)[key] !== value)
        .map(([key]) => key);
      if (changed.length === 0) return user;
      await users.update(user.id, { ...patch, updated_at: clock.now().toISOString() });
      await audit.record({
        actor: actor.username,
        action: 'user.update',
        target: user.username,
        ip: actor.ip,
        details: { fields: changed.filter((k) => !k.endsWith('_key')) },
      });
      return (await users.findById(user.id))!;
    },

    /**
     * Resolves a sync conflict the administrator's way: the internal user becomes the directory's
     * user (same account, history and rights), its stored password is dropped, its sessions end;
     * the next synchronization fills in the directory's details.
     */
    async convertToDirectoryUser(
      username: string,
      source: { id: number; name: string },
      externalId: string,
      actor: Actor,
    ): Promise<UserRow> {
      const user = await requireUser(username);
      if (user.source_id !== null) throw new ConflictError(`${user.username} is not an internal user.`);
      const taken = await users.findBySourceExternalId(source.id, externalId);
      if (taken)
        throw new ConflictError(`${source.name} already provides this directory user as ${taken.username}.`);
      await users.update(user.id, {
        source_id: source.id,
        external_id: externalId,
        password_hash: null,
        must_change_password: 0,
        updated_at: clock.now().toISOString(),
      });
      await sessions.destroyAllForUser(user.id);
      await audit.record({
        actor: actor.username,
        action: 'user.convert',
        target: user.username,
        ip: actor.ip,
        details: { source: source.name, externalId },
      });
      return requireUser(user.username);
    },

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
        throw new ValidationError({ [error.field]: error.message });
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

    /**
     * Adds one user a directory source lists, before the next sync would (PaperCut's addNewUser).
     * The sync later recognises it by its immutable id.
     */
    async addFromDirectory(
      source: { id: number; name: string },
      entry: DirectoryUser,
      actor: Actor,
    ): Promise<UserRow> {
      const username = normalizeUsername(entry.username);
      const problem = usernameProblem(username);
      if (problem) throw new ValidationError({ username: problem });
      if (await users.findByUsername(username))
        throw new ConflictError(`A user named "${username}" already exists.`, 'username');
      // The directory's name is its own to choose (as in a sync): imported, with a warning in the audit log.
      const warnings = await directoryNameWarnings(username);
      const now = clock.now().toISOString();
      const fields: Record<string, string> = {};
      const details = cleanDetails(
        {
          fullName: entry.fullName,
          email: entry.email,
          department: entry.department,
          office: entry.office,
          cardNumber: entry.cardNumber,
          cardNumber2: entry.cardNumber2,
        },
        fields,
      );
      if (Object.keys(fields).length > 0) throw new ValidationError(fields);
      // The optional properties exactly as a sync stores them, so the next sync finds nothing to change.
      const { columns, notes, pin } = directoryProperties(entry);
      const card_pin_hash = pin === '' ? null : await hasher.hash(pin);
      const row = await users.insert(
        newUserRow(username, now, {
          ...detailsToRow(details),
          ...columns,
          card_pin_hash,
          source_id: source.id,
          external_id: entry.externalId,
          disabled: entry.disabled ? 1 : 0,
          sync_disabled: entry.disabled ? 1 : 0,
        }),
      );
      await audit.record({
        actor: actor.username,
        action: 'user.create',
        target: username,
        ip: actor.ip,
        details: {
          source: source.name,
          ...(notes.length > 0 ? { leftOut: notes } : {}),
          ...(warnings.length > 0 ? { warnings } : {}),
        },
      });
      return row;
    },

    /** Renames an internal user. A directory user is renamed by its source (the sync follows its immutable id). */
    async rename(username: string, newName: string, actor: Actor): Promise<UserRow> {
      const user = await requireUser(username);
      const target = normalizeNewUsername(newName);
      if (user.source_id !== null)
        throw new ConflictError(
          `${user.username} is synchronized from a directory source; rename it there and the next sync renames it here.`,
        );
      const problem = newUsernameProblem(target);
      if (problem) throw new ValidationError({ username: problem });
      if (target === user.username) return user;
      if (await users.findByUsername(target))
        throw new ConflictError(`A user named "${target}" already exists.`, 'username');
      // Not the user itself: renaming "coco" to Greek "ϲοϲο" beside a Cyrillic "сосо" is refused.
      const lookalike = await users.findLookalike(target, user.id);
      if (lookalike) throw new ValidationError({ username: lookalikeProblem(lookalike) });
      await users.update(user.id, { username: target, updated_at: clock.now().toISOString() });
      await audit.record({
        actor: actor.username,
        action: 'user.rename',
        target,
        ip: actor.ip,
        details: { from: user.username },
      });
      return requireUser(target);
    },

    /** Sets (or with '' clears) the card PIN, stored as argon2id: a 4-digit PIN falls to any fast hash. */
    async setCardPin(username: string, pin: string, actor: Actor): Promise<void> {
      const user = await requireUser(username);
      if (pin !== '' && !/^\d{1,16}$/.test(pin))
        throw new ValidationError({ cardPin: 'A card PIN is 1 to 16 digits.' });
      await users.update(user.id, {
        card_pin_hash: pin === '' ? null : await hasher.hash(pin),
        updated_at: clock.now().toISOString(),
      });
      await audit.record({
        actor: actor.username,
        action: pin === '' ? 'user.card_pin.clear' : 'user.card_pin.set',
        target: user.username,
        ip: actor.ip,
      });
    },

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
     * A user's language for pages and mail (Change Details): a shipped language, or '' to let the
     * browser and the organisation's default decide again.
     */
    async chooseLanguage(user: UserRow, language: string): Promise<void> {
      if (language !== '' && !isLanguage(language))
        throw new ValidationError({ language: localText('problem.language.unknown') });
      await users.update(user.id, { language: language === '' ? null : language });
    },

    /**
     * A user signs out every browser but this one (Change Details). Returns how many ended.
     */
    async endOtherSessions(user: UserRow, actor: Actor): Promise<number> {
      if (!actor.sessionId) throw new ForbiddenError('Only a signed-in browser can sign out the others.');
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
  };
}

function rowValue(user: UserRow, key: (typeof SOURCE_OWNED_FIELDS)[number]): string {
  const map = {
    fullName: user.full_name,
    email: user.email,
    department: user.department,
    office: user.office,
    cardNumber: user.card_number,
    cardNumber2: user.card_number2,
  };
  return map[key];
}

export type UsersService = ReturnType<typeof createUsersService>;
