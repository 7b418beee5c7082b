/**
 * Rules and flows for users, in one service assembled from its parts (each in its own file):
 * look-ups, records (user-records.service.ts: creating, details, renames, PINs, language),
 * passwords (user-passwords.service.ts), access (user-access.service.ts: enable/disable, admin
 * rights, delete, sessions) and directory-owned users (directory-users.service.ts). Every change
 * is audited.
 *
 *   await users.createInternal({ username: 'Bob', password: '…', fullName: 'Bob Builder' }, actor);
 */
import type { AuditService } from '../audit/audit.service.js';
import type { ThrottleService } from '../auth/throttle.service.js';
import type { SourcesService } from '../directory/sources.service.js';
import type { PasswordHasher } from '../passwords/password-hasher.js';
import type { PasswordsService } from '../passwords/passwords.service.js';
import type { Clock } from '../ports.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import { createDirectoryUsersService } from './directory-users.service.js';
import { userFinder } from './require-user.js';
import { createUserAccessService } from './user-access.service.js';
import { createUserPasswordsService } from './user-passwords.service.js';
import { createUserRecordsService } from './user-records.service.js';
import { normalizeUsername } from './username.js';
import type { UserPageQuery, UserSearch, UsersRepository } from './users.repository.js';

export function createUsersService(deps: {
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
  const { users } = deps;
  const parts = { ...deps, requireUser: userFinder(users) };
  /** A search judged now (the locked-out filter compares log-in blocks with the time). */
  const at = (search: UserSearch): UserSearch => ({ ...search, now: deps.clock.now().toISOString() });
  return {
    requireUser: parts.requireUser,
    findByUsername: (username: string) => users.findByUsername(normalizeUsername(username)),
    findById: (id: number) => users.findById(id),
    search: (search: UserSearch) => users.search(at(search)),
    exportPage: (search: UserSearch, after: string | undefined, limit: number) =>
      users.exportPage(at(search), after, limit),
    pageAfter: (page: UserPageQuery) => users.pageAfter(page),
    count: () => users.count(),
    usernames: (offset: number, limit: number) => users.usernames(offset, limit),
    findByPrimaryCard: (number: string) => users.findByPrimaryCard(number),
    findByAnyCard: (number: string) => users.findByAnyCard(number),
    findByEmail: (email: string) => users.findByEmail(email),
    findByFullName: (fullName: string) => users.findByFullName(fullName),
    countAdmins: () => users.countAdmins(),
    ...createUserRecordsService(parts),
    ...createUserPasswordsService(parts),
    ...createUserAccessService(parts),
    ...createDirectoryUsersService(parts),
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
