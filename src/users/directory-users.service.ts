/**
 * Users a directory source owns, outside a sync run: adding one the source lists before the next
 * sync would, and turning an internal user into the directory's user to resolve a sync conflict.
 * The names and properties are taken as a sync takes them, so the next sync finds nothing to change.
 *
 *   await directoryUsers.addFromDirectory(source, entry, actor);
 */
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UserRow } from '../db/schema.js';
import type { DirectoryUser } from '../directory/directory.port.js';
import { ConflictError, ValidationError } from '../errors.js';
import type { PasswordHasher } from '../passwords/password-hasher.js';
import type { Clock } from '../ports.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import { directoryProperties } from './directory-properties.js';
import type { RequireUser } from './require-user.js';
import { cleanDetails, detailsToRow, newUserRow } from './user-details.js';
import { normalizeUsername, usernameProblem, usernameScripts } from './username.js';
import type { UsersRepository } from './users.repository.js';

export function createDirectoryUsersService(deps: {
  users: UsersRepository;
  requireUser: RequireUser;
  sessions: SessionsService;
  audit: AuditService;
  hasher: PasswordHasher;
  clock: Clock;
}) {
  const { users, requireUser, sessions, audit, hasher, clock } = deps;

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

  return {
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
  };
}
