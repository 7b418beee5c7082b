/**
 * Creating and editing users' records: new internal users, details (a synced user's
 * source-owned fields refused), renames, card PINs, the user's language. Every change is audited.
 *
 *   await records.createInternal({ username: 'Bob', password: '…', fullName: 'Bob Builder' }, actor);
 */
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UserRow } from '../db/schema.js';
import { ConflictError, ValidationError } from '../errors.js';
import { isLanguage } from '../i18n/languages.js';
import { localText } from '../i18n/local-text.js';
import type { PasswordHasher } from '../passwords/password-hasher.js';
import { passwordProblem, policyFor } from '../passwords/password-policy.js';
import type { Clock } from '../ports.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { RequireUser } from './require-user.js';
import {
  cleanDetails,
  DETAIL_LABELS,
  detailsToRow,
  newUserRow,
  SOURCE_OWNED_FIELDS,
  type UserDetails,
} from './user-details.js';
import { lookalikeProblem, newUsernameProblem, normalizeNewUsername } from './username.js';
import type { UsersRepository } from './users.repository.js';

export interface NewInternalUser extends UserDetails {
  username: string;
  /** null: no password yet; the user chooses one through an emailed link (`emailLink`). */
  password: string | null;
  /** The console's "Email the new user their log-in link": an email address is then required. */
  emailLink?: boolean;
  /** When given (forms), must equal `password`; checked together with every other field. */
  confirmPassword?: string;
  isAdmin?: boolean;
  mustChangePassword?: boolean;
}

export function createUserRecordsService(deps: {
  users: UsersRepository;
  requireUser: RequireUser;
  settings: SettingsService;
  audit: AuditService;
  hasher: PasswordHasher;
  clock: Clock;
}) {
  const { users, requireUser, settings, audit, hasher, clock } = deps;

  async function checkNewUserPassword(password: string, username: string, fields: Record<string, string>) {
    const problem = passwordProblem(password, policyFor(await settings.get(), username));
    if (problem) fields.password = String(problem);
  }

  return {
    async createInternal(input: NewInternalUser, actor: Actor): Promise<UserRow> {
      const fields: Record<string, string> = {};
      const username = normalizeNewUsername(input.username);
      const usernameError = newUsernameProblem(username);
      if (usernameError) fields.username = String(usernameError);
      const details = cleanDetails(input, fields);
      if (input.password !== null || !input.emailLink) {
        await checkNewUserPassword(input.password ?? '', username, fields);
        if (input.confirmPassword !== undefined && input.confirmPassword !== input.password)
          fields.confirmPassword = 'The two passwords do not match.';
      }
      if (input.emailLink && !fields.email && !details.email)
        fields.email = 'Enter an email address to send the log-in link to.';
      if (!fields.username && (await users.findByUsername(username)))
        fields.username = `A user named "${username}" already exists.`;
      if (!fields.username) {
        const lookalike = await users.findLookalike(username);
        if (lookalike) fields.username = String(lookalikeProblem(lookalike));
      }
      if (Object.keys(fields).length > 0) throw new ValidationError(fields);

      const now = clock.now().toISOString();
      const passwordHash = input.password === null ? null : await hasher.hash(input.password);
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
        details: {
          internal: true,
          admin: Boolean(input.isAdmin),
          ...(input.emailLink ? { emailLink: true } : {}),
        },
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

    /**
     * A user's language for pages and mail (Change Details): a shipped language, or '' to let the
     * browser and the organisation's default decide again.
     */
    async chooseLanguage(user: UserRow, language: string): Promise<void> {
      if (language !== '' && !isLanguage(language))
        throw new ValidationError({ language: localText('problem.language.unknown') });
      await users.update(user.id, { language: language === '' ? null : language });
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
